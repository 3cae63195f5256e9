"""The aiohttp transport: the shared contract, on its own session and on an application's, and
what only an application's session brings (pooled connections, proxies, a cookie jar)."""

from __future__ import annotations

import functools
import sys
from collections.abc import AsyncIterator

import aiohttp
import anyio
import pytest

import powerwall_async as pwa
from powerwall_async.testing import Faults, simulate
from powerwall_async.transports.aiohttp_transport import AiohttpTransport

from .hostile import Connection, answer_ok, connect_proxy, hostile_peer, swallow
from .transport_contract import WRONG_PIN, OpenClient, TransportContract

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    """aiohttp runs on asyncio only (the trio case is tested on its own below)."""
    return "asyncio"


class TestOwnSessionContract(TransportContract):
    @pytest.fixture
    def open_client(self) -> OpenClient:
        return functools.partial(pwa.Powerwall.connect, transport="aiohttp")


class TestApplicationSessionContract(TransportContract):
    @pytest.fixture
    async def open_client(self) -> AsyncIterator[OpenClient]:
        # What Home Assistant hands out: defaults, a cookie jar, decompression on.
        async with aiohttp.ClientSession() as session:
            yield functools.partial(pwa.Powerwall.connect, aiohttp_session=session)
            assert not session.closed  # never closed by the library


# -- choosing the transport --------------------------------------------------------------
def test_chosen_by_name_or_implied_by_a_session() -> None:
    pw = pwa.Powerwall.connect("https://192.168.91.1", transport="aiohttp", verify=False)
    assert isinstance(pw._session.transport, AiohttpTransport)
    assert "session='own'" in repr(pw)
    with pytest.raises(ValueError, match="no transport named 'carrier-pigeon'"):
        pwa.Powerwall.connect("https://192.168.91.1", transport="carrier-pigeon")


async def test_an_application_session_implies_it() -> None:
    async with aiohttp.ClientSession() as session:
        pw = pwa.Powerwall.connect("https://192.168.91.1", aiohttp_session=session)
        assert "session='application'" in repr(pw._session.transport)
        await pw.aclose()
        assert not session.closed


def test_traits_and_repr_hold_no_secret() -> None:
    transport = AiohttpTransport("10.0.0.1", pin_sha256="00" * 32)
    assert transport.http2 is False
    assert transport.logins is True
    assert repr(transport) == (
        "AiohttpTransport('10.0.0.1:443', sni_hostname='powerwall', trust='pinned', session='own')"
    )


@pytest.mark.parametrize("timeout", [0, -1, float("nan"), float("inf")])
def test_timeout_must_be_finite_and_positive(timeout: float) -> None:
    with pytest.raises(ValueError, match="timeout"):
        AiohttpTransport("10.0.0.1", timeout=timeout)


def test_options_are_checked() -> None:
    with pytest.raises(ValueError, match="choose one way"):
        AiohttpTransport("10.0.0.1", pin_sha256="00" * 32, verify=False)
    with pytest.raises(ValueError, match="max_body_size"):
        AiohttpTransport("10.0.0.1", max_body_size=0)
    with pytest.raises(ValueError, match=r"https://HOST"):
        AiohttpTransport.from_url("fixture:///tmp")


def test_without_aiohttp_the_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "aiohttp", None)
    monkeypatch.delitem(sys.modules, "powerwall_async.transports.aiohttp_transport._transport")
    with pytest.raises(ValueError, match=r"pip install 'powerwall-async\[aiohttp\]'"):
        pwa.Powerwall.connect("https://192.168.91.1", transport="aiohttp")


@pytest.mark.parametrize("anyio_backend", ["trio"])
async def test_on_trio_it_says_to_use_the_default_transport() -> None:
    async with simulate() as sim:
        async with pwa.Powerwall.connect(
            sim.url, transport="aiohttp", pin_sha256=sim.cert_sha256
        ) as pw:
            with pytest.raises(pwa.PowerwallError, match=r"asyncio only.*default transport"):
                await pw.status.get()
        assert len(sim.request_log) == 0


async def test_its_own_session_keeps_one_connection_to_the_gateway() -> None:
    async with simulate() as sim:
        async with pwa.Powerwall.connect(
            sim.url, transport="aiohttp", pin_sha256=sim.cert_sha256, password=sim.password
        ) as pw:
            await pw.login()
            async with anyio.create_task_group() as group:
                for _ in range(7):
                    group.start_soon(pw.meters.aggregates)
                    group.start_soon(pw.system_status.soe)
        clients = {entry.client for entry in sim.request_log}
    assert len(clients) == 1


@pytest.mark.parametrize("application_session", [False, True])
async def test_no_compressed_answer_is_asked_for(application_session: bool) -> None:
    heads: list[bytes] = []

    async def record(connection: Connection) -> None:
        while True:
            heads.append(await connection.read_request())
            await connection.send(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}")

    async with hostile_peer(record) as peer, aiohttp.ClientSession() as session:
        options = {"aiohttp_session": session} if application_session else {"transport": "aiohttp"}
        async with pwa.Powerwall.connect(peer.url, pin_sha256=peer.sha256, **options) as pw:
            assert await pw.request("GET", "/api/status") == {}
            assert await pw.request("GET", "/api/status") == {}
    assert len(heads) == 2
    assert all(b"accept-encoding" not in head.lower() for head in heads)


# -- an application's session ------------------------------------------------------------
async def test_a_pooled_connection_to_another_peer_is_not_reused() -> None:
    async with hostile_peer(answer_ok) as peer, aiohttp.ClientSession() as session:
        # The application talks to this address first, unverified; the connection stays open.
        async with session.get(f"{peer.url}/elsewhere", ssl=False) as answer:
            assert answer.status == 200
            await answer.read()
        async with pwa.Powerwall.connect(
            peer.url, aiohttp_session=session, pin_sha256=WRONG_PIN, password="hunter2-long"
        ) as pw:
            with pytest.raises(pwa.CertificateError, match="not the pinned one"):
                await pw.meters.aggregates()
    assert peer.received[0] > 0  # the application's own request
    assert peer.received[1:], "no connection of ours"
    assert set(peer.received[1:]) == {0}  # ours: a handshake, then not a byte


async def test_a_session_with_a_proxy_still_checks_the_pin() -> None:
    async with hostile_peer(swallow) as peer, connect_proxy() as proxy:
        async with aiohttp.ClientSession(proxy=proxy.url) as session:
            async with pwa.Powerwall.connect(
                peer.url, aiohttp_session=session, pin_sha256=WRONG_PIN, password="hunter2-long"
            ) as pw:
                with pytest.raises(pwa.CertificateError, match="not the pinned one"):
                    await pw.meters.aggregates()
    assert proxy.tunnels  # the requests went through the tunnel...
    assert set(peer.received) == {0}  # ...and the peer behind it learnt nothing


async def test_a_proxy_from_the_environment_still_checks_the_pin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    async with hostile_peer(swallow) as peer, connect_proxy() as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        async with aiohttp.ClientSession(trust_env=True) as session:
            async with pwa.Powerwall.connect(
                peer.url, aiohttp_session=session, pin_sha256=WRONG_PIN, password="hunter2-long"
            ) as pw:
                with pytest.raises(pwa.CertificateError, match="not the pinned one"):
                    await pw.meters.aggregates()
    assert proxy.tunnels
    assert set(peer.received) == {0}


async def test_the_gateway_through_a_proxy() -> None:
    async with simulate() as sim, connect_proxy() as proxy:
        async with aiohttp.ClientSession(proxy=proxy.url) as session:
            async with pwa.Powerwall.connect(
                sim.url, aiohttp_session=session, pin_sha256=sim.cert_sha256, password=sim.password
            ) as pw:
                assert (await pw.meters.aggregates()).load.instant_power > 0
    assert proxy.tunnels == [f"127.0.0.1:{sim.port}"]


async def test_the_session_cookie_stays_out_of_the_applications_jar() -> None:
    jar = aiohttp.CookieJar(unsafe=True)  # would keep cookies from an IP address
    async with simulate() as sim, aiohttp.ClientSession(cookie_jar=jar) as session:
        async with pwa.Powerwall.connect(
            sim.url, aiohttp_session=session, pin_sha256=sim.cert_sha256, password=sim.password
        ) as pw:
            await pw.meters.aggregates()
            assert pw.token
    assert [cookie.key for cookie in jar] == []


async def test_an_application_session_raising_for_status_still_gets_answers() -> None:
    async with simulate(profile="restricted") as sim:
        async with aiohttp.ClientSession(raise_for_status=True) as session:
            async with pwa.Powerwall.connect(
                sim.url, aiohttp_session=session, pin_sha256=sim.cert_sha256, password=sim.password
            ) as pw:
                with pytest.raises(pwa.EndpointNotSupportedError):
                    await pw.devices.vitals()


async def test_the_transport_timeout_not_the_sessions_bounds_a_request() -> None:
    # Home Assistant's session may carry short timeouts of its own; the client's apply.
    short = aiohttp.ClientTimeout(total=0.05, sock_read=0.05)
    async with simulate(faults=Faults(latency=0.3)) as sim:
        async with aiohttp.ClientSession(timeout=short) as session:
            connect = functools.partial(
                pwa.Powerwall.connect, sim.url, aiohttp_session=session, pin_sha256=sim.cert_sha256
            )
            async with connect(password=sim.password, timeout=5) as pw:
                assert (await pw.system_status.soe()).percentage >= 0
            async with connect(token=pw.token, timeout=0.1, max_retries=0) as pw:
                with pytest.raises(pwa.GatewayTimeoutError, match=r"0\.1"):
                    await pw.system_status.soe()


async def test_a_closed_application_session_is_a_powerwall_error() -> None:
    session = aiohttp.ClientSession()
    await session.close()
    async with pwa.Powerwall.connect("https://127.0.0.1:9", aiohttp_session=session) as pw:
        with pytest.raises(pwa.PowerwallError, match="session is closed"):
            await pw.status.get()


async def test_a_session_that_may_skip_the_pin_check_is_refused() -> None:
    connector = aiohttp.UnixConnector(path="/nonexistent/powerwall.sock")
    async with aiohttp.ClientSession(connector=connector) as session:
        async with pwa.Powerwall.connect(
            "https://127.0.0.1:9", aiohttp_session=session, pin_sha256=WRONG_PIN
        ) as pw:
            with pytest.raises(pwa.PowerwallError, match=r"UnixConnector.*nothing was sent"):
                await pw.status.get()
