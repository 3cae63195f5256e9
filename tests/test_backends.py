"""The own pool's network backend (pin and handshake marks), against real sockets on 127.0.0.1."""

from __future__ import annotations

import anyio
import anyio.abc
import pytest

import powerwall_async as pwa
from powerwall_async.testing import Simulator
from powerwall_async.transports._backends import gateway_backend
from powerwall_async.transports._certs import unverified_context
from powerwall_async.transports._failures import HandshakeError
from powerwall_async.transports._pin import PinMismatchError

pytestmark = pytest.mark.anyio


async def test_pin_is_checked_in_the_handshake(powerwall_simulator: Simulator) -> None:
    backend = gateway_backend(b"\0" * 32)
    stream = await backend.connect_tcp("127.0.0.1", powerwall_simulator.port, timeout=5)
    with pytest.raises(PinMismatchError) as info:
        await stream.start_tls(unverified_context(), "powerwall", timeout=5)
    assert info.value.presented == powerwall_simulator.cert_sha256


async def test_refused_handshake_is_marked(powerwall_simulator: Simulator) -> None:
    backend = gateway_backend(None)
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
