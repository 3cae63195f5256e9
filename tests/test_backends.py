"""The asyncio network backend and the gateway wrapper, against real sockets on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import anyio
import anyio.abc
import httpcore
import pytest

import powerwall_async as pwa
from powerwall_async.testing import Simulator
from powerwall_async.transports._backends import (
    AsyncioBackend,
    GatewayBackend,
    backend_for_current_loop,
)
from powerwall_async.transports._certs import unverified_context
from powerwall_async.transports._failures import HandshakeError
from powerwall_async.transports._pin import PinMismatchError

pytestmark = pytest.mark.anyio

asyncio_only = pytest.mark.parametrize("anyio_backend", ["asyncio"])


@pytest.fixture
async def closing_server() -> AsyncIterator[int]:
    """Accepts connections and closes them at once, like a gateway ending an idle keep-alive."""
    listener = await anyio.create_tcp_listener(local_host="127.0.0.1")

    async def close_at_once(stream: anyio.abc.SocketStream) -> None:
        await stream.aclose()

    async with listener:
        async with anyio.create_task_group() as tg:
            tg.start_soon(listener.serve, close_at_once)
            yield int(listener.extra(anyio.abc.SocketAttribute.local_port))
            tg.cancel_scope.cancel()


@asyncio_only
async def test_idle_connection_closed_by_the_peer_reads_as_readable(closing_server: int) -> None:
    stream = await AsyncioBackend().connect_tcp("127.0.0.1", closing_server, timeout=5)
    try:
        with anyio.fail_after(5):
            while not stream.get_extra_info("is_readable"):  # noqa: ASYNC110 - polling is the point
                await anyio.sleep(0.01)
        assert await stream.read(100, timeout=5) == b""
    finally:
        await stream.aclose()


@asyncio_only
async def test_connect_errors_are_httpcore_errors() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(httpcore.ConnectError):
        await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=5)
    with pytest.raises(httpcore.ConnectError, match="Unix socket"):
        await AsyncioBackend().connect_unix_socket("/tmp/x")


async def test_backend_follows_the_event_loop(anyio_backend: str) -> None:
    backend = backend_for_current_loop(None)
    inner = backend._inner
    assert isinstance(inner, AsyncioBackend) == (anyio_backend == "asyncio")


async def test_pin_is_checked_in_the_handshake(powerwall_simulator: Simulator) -> None:
    backend = GatewayBackend(backend_for_current_loop(None)._inner, b"\0" * 32)
    stream = await backend.connect_tcp("127.0.0.1", powerwall_simulator.port, timeout=5)
    with pytest.raises(PinMismatchError) as info:
        await stream.start_tls(unverified_context(), "powerwall", timeout=5)
    assert info.value.presented == powerwall_simulator.cert_sha256


async def test_refused_handshake_is_marked(powerwall_simulator: Simulator) -> None:
    backend = GatewayBackend(backend_for_current_loop(None)._inner, None)
    stream = await backend.connect_tcp("127.0.0.1", powerwall_simulator.port, timeout=5)
    with pytest.raises(HandshakeError):
        await stream.start_tls(unverified_context(), "not-a-gateway-name", timeout=5)
    await stream.aclose()


async def test_cancelled_handshake_leaves_no_socket_behind() -> None:
    # pytest turns an unclosed socket's ResourceWarning into an error for this test.
    listener = await anyio.create_tcp_listener(local_host="127.0.0.1")

    async def silent(stream: anyio.abc.SocketStream) -> None:
        async with stream:
            await anyio.sleep_forever()

    async with listener:
        async with anyio.create_task_group() as tg:
            tg.start_soon(listener.serve, silent)
            port = listener.extra(anyio.abc.SocketAttribute.local_port)
            async with pwa.Powerwall.connect(f"https://127.0.0.1:{port}", verify=False) as pw:
                with anyio.move_on_after(0.2) as scope:
                    await pw.status.get()
                assert scope.cancelled_caught
            tg.cancel_scope.cancel()
