"""URL schemes pick transports; other packages add schemes through entry points."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import powerwall_async as pwa
from powerwall_async.transports import Transport, _registry, transport_for_url
from powerwall_async.transports.fixture import FixtureTransport
from powerwall_async.transports.tls import TlsTransport

from .helpers import EchoTransport

pytestmark = pytest.mark.anyio


@pytest.fixture
def clean_registry() -> Iterator[None]:
    saved = dict(_registry._registered)
    yield
    _registry._registered.clear()
    _registry._registered.update(saved)


def test_builtin_schemes() -> None:
    assert isinstance(transport_for_url("https://192.168.91.1"), TlsTransport)
    fixture = transport_for_url("fixture:///tmp/recorded")
    assert isinstance(fixture, FixtureTransport)
    assert fixture.directory == Path("/tmp/recorded")
    assert isinstance(fixture, Transport)


def test_https_url_parts_reach_the_transport() -> None:
    transport = transport_for_url("https://powerwall.example:8443", sni_hostname="teg")
    assert isinstance(transport, TlsTransport)
    assert (transport.host, transport.port, transport.sni_hostname) == (
        "powerwall.example",
        8443,
        "teg",
    )
    ipv6 = transport_for_url("https://[fe80::1]")
    assert isinstance(ipv6, TlsTransport)
    assert (ipv6.host, ipv6.port) == ("fe80::1", 443)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://192.168.91.1", "only serves HTTPS"),
        ("192.168.91.1", "has no scheme"),
        ("gopher://x", "no transport for the URL scheme 'gopher'"),
        ("https://192.168.91.1/api/status", "address only"),
        ("https://192.168.91.1:99999", "invalid port"),
    ],
)
def test_bad_urls_say_what_to_use(url: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        transport_for_url(url)


async def test_registered_scheme_is_used_by_connect(clean_registry: None) -> None:
    pwa.register_transport("echo", EchoTransport)
    async with pwa.Powerwall.connect("echo://anything", token="t", flavour="x") as pw:
        transport = pw._session.transport
        assert isinstance(transport, EchoTransport)
        assert transport.options == {"timeout": 10.0, "flavour": "x"}
        assert (await pw.system_status.soe()).percentage == 55
    assert transport.closed


async def test_entry_point_scheme_is_loaded(tmp_path: Path, clean_registry: None) -> None:
    # A real distribution on sys.path declaring the entry point, as a plugin package would.
    package = tmp_path / "echo_plugin.py"
    package.write_text(
        "from tests.helpers import EchoTransport\n"
        "def make(url, **options):\n    return EchoTransport(url, **options)\n"
    )
    dist = tmp_path / "echo_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: echo-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        "[powerwall_async.transports]\nechoplugin = echo_plugin:make\n"
    )
    sys.path.insert(0, str(tmp_path))
    try:
        transport = transport_for_url("echoplugin://gateway")
        assert isinstance(transport, EchoTransport)
        assert transport.url == "echoplugin://gateway"
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("echo_plugin", None)


def test_a_transport_instance_can_be_given_directly() -> None:
    transport = EchoTransport("x")
    pw = pwa.Powerwall(transport)
    assert pw._session.transport is transport
    assert "no session" in repr(pw)


@pytest.mark.parametrize("scheme", ["", "1abc", "with space", "a/b"])
def test_register_refuses_what_is_not_a_scheme(scheme: str) -> None:
    with pytest.raises(ValueError, match="not a URL scheme"):
        pwa.register_transport(scheme, EchoTransport)
