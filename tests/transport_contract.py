"""What every transport to a gateway must do, as tests any transport can be plugged into.

A test module subclasses :class:`TransportContract` (the class name must start with ``Test``)
and provides the fixture ``open_client``: a callable taking ``(url, **options)`` like
:meth:`Powerwall.connect` and returning a client that uses the transport under test. The
checks go through the whole client against the simulator and against the hostile peers of
``tests.hostile``, on 127.0.0.1. For example, the TLS transport's own pool::

    class TestTlsContract(TransportContract):
        @pytest.fixture
        def open_client(self) -> OpenClient:
            return pwa.Powerwall.connect

and the TLS transport on an application's ``httpx.AsyncClient``::

    class TestTlsAppClientContract(TransportContract):
        @pytest.fixture
        async def open_client(self) -> AsyncIterator[OpenClient]:
            async with httpx.AsyncClient(verify=False) as client:
                yield functools.partial(pwa.Powerwall.connect, http_client=client)

The fixture transport answers from recordings, with no network: none of these apply to it.
A check that does not apply to a transport is named in its class's ``not_applicable``, with
the reason (an application's httpx client decides trust with its own ``verify``).
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Mapping
from typing import Any, ClassVar, Protocol

import anyio
import pytest

import powerwall_async as pwa
from powerwall_async.testing import Faults, simulate

from .hostile import (
    abort_after_request_start,
    answer_with,
    drip,
    endless_body,
    gzip_bomb,
    hostile_peer,
    not_tls,
    redirect_to,
    swallow,
)

__all__ = ["OpenClient", "TransportContract"]

WRONG_PIN = "AB" * 32


class OpenClient(Protocol):
    def __call__(self, url: str, **options: Any) -> pwa.Powerwall: ...


def _unused_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.anyio
class TransportContract:
    """The transport-independent checks (see the module's docstring)."""

    not_applicable: ClassVar[Mapping[str, str]] = {}
    """Checks that do not apply to a transport: test name → why (the test is skipped)."""

    @pytest.fixture(autouse=True)
    def _applies(self, request: pytest.FixtureRequest) -> None:
        reason = self.not_applicable.get(request.function.__name__)
        if reason is not None:
            pytest.skip(reason)

    # -- the gateway, through the whole client --------------------------------------------
    async def test_login_and_reads_through_the_client(self, open_client: OpenClient) -> None:
        async with simulate() as sim:
            async with open_client(
                sim.url, pin_sha256=sim.cert_sha256, password=sim.password
            ) as pw:
                flow = await pw.meters.aggregates()
                status = await pw.status.get()
                vitals = await pw.devices.vitals()
                assert pw.token is not None
            paths = [entry.path for entry in sim.request_log]
        assert paths[0] == "/api/login/Basic"
        assert flow.load.instant_power > 0
        assert status.version.number == "21.44"
        assert vitals.devices

    async def test_forced_sni_reaches_the_gateway_by_dns_name(
        self, open_client: OpenClient
    ) -> None:
        async with simulate() as sim:
            url = f"https://localhost:{sim.port}"
            async with open_client(url, cadata=sim.cert_pem) as pw:
                assert (await pw.status.get()).din
            async with open_client(
                url, sni_hostname=None, pin_sha256=sim.cert_sha256, max_retries=0
            ) as pw:
                with pytest.raises(pwa.CertificateError, match="aborted the TLS handshake"):
                    await pw.status.get()
            assert sim.refused_sni == ["localhost"]

    async def test_untrusted_certificate_names_its_fingerprint(
        self, open_client: OpenClient
    ) -> None:
        async with simulate() as sim:
            async with open_client(sim.url, password=sim.password, max_retries=0) as pw:
                with pytest.raises(pwa.CertificateError, match="pin_sha256=") as info:
                    await pw.meters.aggregates()
            assert info.value.sha256 == sim.cert_sha256
            assert len(sim.request_log) == 0

    async def test_a_different_exported_certificate_is_refused(
        self, open_client: OpenClient
    ) -> None:
        async with simulate() as sim, simulate() as other:
            async with open_client(sim.url, cadata=other.cert_pem, max_retries=0) as pw:
                with pytest.raises(pwa.CertificateError, match="exported certificate"):
                    await pw.status.get()
            assert len(sim.request_log) == 0

    async def test_verify_false_connects(self, open_client: OpenClient) -> None:
        async with simulate() as sim, open_client(sim.url, verify=False) as pw:
            assert (await pw.status.get()).din

    async def test_closing_ends_the_calls_in_flight(self, open_client: OpenClient) -> None:
        async with simulate(faults=Faults(latency=0.5)) as sim:
            pw = open_client(sim.url, pin_sha256=sim.cert_sha256, merge_requests=False)
            errors: list[pwa.PowerwallError] = []

            async def read() -> None:
                try:
                    await pw.status.get()
                except pwa.PowerwallError as exc:
                    errors.append(exc)

            with anyio.fail_after(5):
                async with anyio.create_task_group() as group:
                    group.start_soon(read)
                    group.start_soon(read)
                    await anyio.sleep(0.1)
                    await pw.aclose()
            assert len(errors) == 2
            assert all("closed" in str(error) for error in errors)
            with pytest.raises(pwa.PowerwallError, match="closed"):
                await pw.status.get()
            await pw.aclose()  # twice is harmless

    # -- a wrong peer learns nothing -------------------------------------------------------
    async def test_wrong_pin_sends_not_a_byte(self, open_client: OpenClient) -> None:
        async with hostile_peer(swallow) as peer:
            async with open_client(peer.url, pin_sha256=WRONG_PIN, password="hunter2-long") as pw:
                with pytest.raises(pwa.CertificateError, match="not the pinned one") as info:
                    await pw.meters.aggregates()
        assert info.value.sha256 == peer.sha256
        assert peer.received, "no handshake"
        assert set(peer.received) == {0}, peer.received  # handshakes, then nothing
        assert "hunter2" not in str(info.value)

    async def test_redirects_are_never_followed(self, open_client: OpenClient) -> None:
        async with hostile_peer(swallow, tls=False) as elsewhere:
            async with hostile_peer(redirect_to(f"{elsewhere.url}/api/login/Basic")) as peer:
                async with open_client(
                    peer.url, pin_sha256=peer.sha256, password="hunter2-long", max_retries=0
                ) as pw:
                    with pytest.raises(pwa.PowerwallError):
                        await pw.meters.aggregates()
                    assert pw.token is None
        assert elsewhere.received == []  # not even a connection

    # -- bounded in memory and time --------------------------------------------------------
    @pytest.mark.parametrize(
        ("extra_header", "refusal"),
        [
            (b"", pwa.ResponseFormatError),
            # Two lengths at once: refused as too large, or as a malformed answer.
            (b"content-length: 100\r\n", (pwa.ResponseFormatError, pwa.GatewayUnreachableError)),
        ],
        ids=["chunked", "chunked-with-a-small-content-length"],
    )
    async def test_endless_body_stops_at_the_cap(
        self,
        open_client: OpenClient,
        extra_header: bytes,
        refusal: type[Exception] | tuple[type[Exception], ...],
    ) -> None:
        async with hostile_peer(endless_body(extra_header)) as peer:
            async with open_client(
                peer.url, pin_sha256=peer.sha256, max_body_size=256 * 1024, timeout=20
            ) as pw:
                started = time.monotonic()
                with pytest.raises(refusal):
                    await pw.status.get()
        assert time.monotonic() - started < 10  # stopped by the cap, not by the timeout

    async def test_announced_oversize_body_is_refused_unread(self, open_client: OpenClient) -> None:
        head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 9000000000"
        async with hostile_peer(answer_with(head)) as peer:
            async with open_client(peer.url, pin_sha256=peer.sha256) as pw:
                with pytest.raises(pwa.ResponseFormatError, match="max_body_size"):
                    await pw.status.get()

    async def test_gzip_bomb_is_never_inflated(self, open_client: OpenClient) -> None:
        bomb = gzip_bomb()
        head = (
            b"HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\n"
            b"content-encoding: gzip\r\ncontent-length: %d" % len(bomb)
        )
        async with hostile_peer(answer_with(head, bomb)) as peer:
            async with open_client(peer.url, pin_sha256=peer.sha256) as pw:
                try:
                    body = await pw.request("GET", "/api/status")
                except pwa.ResponseFormatError as exc:
                    body = str(exc)  # inflated within the cap, and cut off there
        assert body == bomb or "max_body_size" in body  # 256 MiB were never made of it

    async def test_drip_is_bounded_by_the_timeout(self, open_client: OpenClient) -> None:
        async with hostile_peer(drip) as peer:
            async with open_client(
                peer.url, pin_sha256=peer.sha256, timeout=1, max_retries=0
            ) as pw:
                started = time.monotonic()
                with pytest.raises(pwa.GatewayTimeoutError, match="within 1 s"):
                    await pw.status.get()
        assert time.monotonic() - started < 3

    async def test_reset_mid_write_is_unreachable_and_never_resent(
        self, open_client: OpenClient
    ) -> None:
        async with hostile_peer(abort_after_request_start()) as peer:
            async with open_client(peer.url, pin_sha256=peer.sha256) as pw:
                with pytest.raises(pwa.GatewayUnreachableError):
                    await pw.request("POST", "/api/operation", json={"pad": "x" * 900_000})
        assert len(peer.received) == 1  # a write is never sent twice

    async def test_an_answer_that_is_not_http_quotes_no_secret(
        self, open_client: OpenClient
    ) -> None:
        token = "contract-token-0123456789"
        async with hostile_peer(answer_with(b"SSH-2.0-OpenSSH_9.6\r\nnot http")) as peer:
            async with open_client(
                peer.url, pin_sha256=peer.sha256, token=token, max_retries=0
            ) as pw:
                with pytest.raises(pwa.GatewayUnreachableError) as info:
                    await pw.meters.aggregates()
        shown = "".join(traceback.format_exception(info.value))
        assert token not in shown
        assert peer.received[0] > 0  # the request (with the token) did reach this pinned peer

    async def test_closed_port_is_unreachable(self, open_client: OpenClient) -> None:
        port = _unused_port()
        async with open_client(f"https://127.0.0.1:{port}", verify=False, max_retries=1) as pw:
            with pytest.raises(
                pwa.GatewayUnreachableError, match=r"cannot connect to 127\.0\.0\.1"
            ) as info:
                await pw.status.get()
        assert not isinstance(info.value, pwa.GatewayTimeoutError)

    async def test_plain_http_port_is_named_as_not_tls(self, open_client: OpenClient) -> None:
        async with hostile_peer(not_tls, tls=False) as peer:
            url = peer.url.replace("http://", "https://")
            async with open_client(url, verify=False, max_retries=0) as pw:
                with pytest.raises(pwa.GatewayUnreachableError, match="does not speak TLS"):
                    await pw.status.get()

    async def test_silent_peer_times_out(self, open_client: OpenClient) -> None:
        async with hostile_peer(swallow) as peer:
            async with open_client(
                peer.url, pin_sha256=peer.sha256, timeout=0.5, max_retries=0
            ) as pw:
                with anyio.fail_after(5):
                    with pytest.raises(pwa.GatewayTimeoutError):
                        await pw.status.get()
