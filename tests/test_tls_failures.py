"""The TLS transport's failures against real sockets on 127.0.0.1: never a hang, never httpx."""

from __future__ import annotations

import socket
import ssl
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable

import anyio
import anyio.abc
import httpcore
import httpx
import pytest

import powerwall_async as pwa
from powerwall_async.transports._failures import Failure, translate

pytestmark = pytest.mark.anyio

Handler = Callable[[anyio.abc.SocketStream], Awaitable[None]]


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def serve() -> AsyncIterator[Callable[[Handler], Awaitable[int]]]:
    """Start a raw TCP server on 127.0.0.1 with the given connection handler; yields its port."""
    async with anyio.create_task_group() as tg:

        async def start(handler: Handler) -> int:
            listener = await anyio.create_tcp_listener(local_host="127.0.0.1")

            async def handle(stream: anyio.abc.SocketStream) -> None:
                async with stream:
                    await handler(stream)

            async def run() -> None:
                async with listener:
                    await listener.serve(handle)

            tg.start_soon(run)
            return int(listener.extra(anyio.abc.SocketAttribute.local_port))

        yield start
        tg.cancel_scope.cancel()


async def plain_http(stream: anyio.abc.SocketStream) -> None:
    """What a web server on a port that is not TLS answers to a ClientHello."""
    await stream.receive()
    await stream.send(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")


# A closed port and a port that is not TLS: the transport contract (tests/test_tls_contract.py).


async def test_silent_peer_times_out_instead_of_hanging(
    serve: Callable[[Handler], Awaitable[int]],
) -> None:
    async def silent(stream: anyio.abc.SocketStream) -> None:
        await anyio.sleep_forever()

    port = await serve(silent)
    async with pwa.Powerwall.connect(
        f"https://127.0.0.1:{port}", verify=False, timeout=0.3, max_retries=0
    ) as pw:
        with anyio.fail_after(5):
            with pytest.raises(pwa.GatewayTimeoutError) as info:
                await pw.status.get()
    assert isinstance(info.value, TimeoutError)


async def test_connection_dropped_before_an_answer(
    serve: Callable[[Handler], Awaitable[int]],
) -> None:
    async def hang_up(stream: anyio.abc.SocketStream) -> None:
        await stream.aclose()

    port = await serve(hang_up)
    async with pwa.Powerwall.connect(
        f"https://127.0.0.1:{port}", verify=False, max_retries=2
    ) as pw:
        with pytest.raises(pwa.PowerwallError):
            await pw.status.get()


async def test_fetch_certificate_reports_unreachable_and_timeouts(
    serve: Callable[[Handler], Awaitable[int]],
) -> None:
    with pytest.raises(pwa.GatewayUnreachableError, match="cannot connect"):
        await pwa.fetch_certificate("127.0.0.1", _unused_port())

    async def silent(stream: anyio.abc.SocketStream) -> None:
        await anyio.sleep_forever()

    port = await serve(silent)
    with pytest.raises(pwa.GatewayTimeoutError):
        await pwa.fetch_certificate("127.0.0.1", port, timeout=0.3)


def test_trust_options_are_exclusive() -> None:
    with pytest.raises(ValueError, match="choose one way"):
        pwa.Powerwall.connect("https://127.0.0.1", pin_sha256="00" * 32, verify=False)
    with pytest.raises(ValueError, match="64 hex digits"):
        pwa.Powerwall.connect("https://127.0.0.1", pin_sha256="not a pin")


async def test_fetch_certificate_names_a_port_that_is_not_tls(
    serve: Callable[[Handler], Awaitable[int]],
) -> None:
    port = await serve(plain_http)
    with pytest.raises(pwa.GatewayUnreachableError, match="does not speak TLS"):
        await pwa.fetch_certificate("127.0.0.1", port)


@pytest.mark.parametrize("port", [0, 65536, 99999, -1])
async def test_fetch_certificate_refuses_what_is_not_a_port(port: int) -> None:
    with pytest.raises(ValueError, match="not a TCP port"):
        await pwa.fetch_certificate("127.0.0.1", port)


def _failure() -> Failure:
    return Failure(
        host="192.168.91.1",
        port=443,
        sni_hostname="powerwall",
        exported_certificate=False,
        method="GET",
        path="/api/status",
        seconds=10,
    )


@pytest.mark.parametrize(
    "exc",
    [
        httpcore.ConnectionNotAvailable(),
        httpcore.UnsupportedProtocol("ftp"),
        httpcore.LocalProtocolError("bad"),
        httpx.DecodingError("bad gzip"),
        ssl.SSLError("record layer"),
        RuntimeError("unexpected"),
        ValueError("unexpected"),
    ],
)
async def test_every_engine_error_becomes_a_powerwall_error(exc: Exception) -> None:
    # The exception table's last row catches everything: a transport raises nothing else.
    error = await translate(exc, _failure())
    assert isinstance(error, pwa.PowerwallError)
    assert "192.168.91.1:443" in str(error)


def test_the_log_filter_is_installed_by_the_first_transport_not_by_import() -> None:
    script = (
        "import logging, powerwall_async\n"
        "from powerwall_async.transports.tls import TlsTransport\n"
        "assert not logging.getLogger('httpcore.http11').filters, 'installed at import'\n"
        "TlsTransport('10.0.0.1')\n"
        "TlsTransport('10.0.0.2')\n"
        "assert len(logging.getLogger('httpcore.http11').filters) == 1\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
