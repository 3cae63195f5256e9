"""The one server under every hostile peer: a listener on 127.0.0.1, TLS with a certificate
made at run time (or plain TCP), and a :class:`Peer` recording what reached it."""

from __future__ import annotations

import contextlib
import socket
import ssl
import struct
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TypeVar

import anyio
import anyio.abc
import attrs
from anyio.streams.tls import TLSStream

from powerwall_async.testing._cert import generate_certificate

__all__ = [
    "HANG_UPS",
    "MAX_HEAD",
    "Behaviour",
    "Connection",
    "Peer",
    "hostile_peer",
    "listen",
    "port_of",
    "serving",
]

HANG_UPS = (
    anyio.BrokenResourceError,
    anyio.EndOfStream,
    anyio.ClosedResourceError,
    OSError,
    ssl.SSLError,
)
"""How a connection ends when the client goes away (or never completes the handshake)."""

MAX_HEAD = 64 * 1024
"""The longest request head a peer reads: a client sending more is hung up on."""


@attrs.define
class Peer:
    """A running hostile server: where it listens, what it presented, what reached it."""

    port: int
    sha256: str
    """The fingerprint of the certificate it presents ("" for plain TCP)."""
    tls: bool
    received: list[int] = attrs.field(factory=list)
    """Bytes received on each accepted connection after its handshake (0: it learnt nothing);
    one entry per connection accepted, counted before any handshake."""
    connections: int = 0
    """Connections that completed the handshake and reached the behaviour (a refused
    handshake is in ``received``, not here)."""
    requests: list[bytes] = attrs.field(factory=list)
    """Request heads (HTTP/1.1) or ``b"METHOD /path"`` (HTTP/2), in arrival order."""
    sent: int = 0
    """Bytes of answer handed to the socket, over all connections."""
    errors: list[Exception] = attrs.field(factory=list)
    """How its connections ended early (mostly the client hanging up, as it should)."""

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"


@attrs.define
class Connection:
    """One accepted connection; what arrives is counted into ``peer.received[index]``."""

    stream: anyio.abc.ByteStream
    peer: Peer
    index: int
    buffer: bytes = b""

    async def receive(self) -> bytes:
        data = await self.stream.receive()
        self.peer.received[self.index] += len(data)
        return data

    async def read_request(self) -> bytes:
        """A whole HTTP/1.1 request (head and a ``content-length`` body); its head is logged in
        ``peer.requests`` and returned."""
        while b"\r\n\r\n" not in self.buffer:
            if len(self.buffer) > MAX_HEAD:
                raise anyio.BrokenResourceError
            self.buffer += await self.receive()
        head, _, rest = self.buffer.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        while len(rest) < length:
            rest += await self.receive()
        self.buffer = rest[length:]
        self.peer.requests.append(head)
        return head

    async def send(self, data: bytes) -> None:
        await self.stream.send(data)
        self.peer.sent += len(data)

    async def abort(self) -> None:
        """Close with a TCP reset, as a crashing gateway or a middlebox does."""
        raw = self.stream.extra(anyio.abc.SocketAttribute.raw_socket)
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        await anyio.aclose_forcefully(self.stream)


Behaviour = Callable[[Connection], Awaitable[None]]
P = TypeVar("P", bound=Peer)


async def _server_context(alpn: tuple[str, ...]) -> tuple[ssl.SSLContext, str]:
    """A server context with a fresh self-signed certificate, and that certificate's
    fingerprint."""
    certificate = await anyio.to_thread.run_sync(generate_certificate, "127.0.0.1")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate.load_into(context)
    if alpn:
        context.set_alpn_protocols(list(alpn))
    return context, certificate.certificate.sha256


Listener = anyio.abc.Listener[anyio.abc.SocketStream]


async def listen() -> Listener:
    """A TCP listener on 127.0.0.1, on a free port."""
    return await anyio.create_tcp_listener(local_host="127.0.0.1")


def port_of(listener: Listener) -> int:
    return int(listener.extra(anyio.abc.SocketAttribute.local_port))


@contextlib.asynccontextmanager
async def serving(
    listener: Listener,
    peer: P,
    behaviour: Behaviour,
    context: ssl.SSLContext | None,
    *,
    settle: float,
) -> AsyncIterator[P]:
    """Serve every connection ``listener`` accepts with ``behaviour`` (after a TLS handshake
    with ``context``, if given), recording on ``peer``, until the block ends; then wait up to
    ``settle`` seconds for the connections still open to end."""
    ended: list[anyio.Event] = []

    async def handle(tcp: anyio.abc.SocketStream) -> None:
        ended.append(anyio.Event())
        peer.received.append(0)
        index = len(peer.received) - 1
        try:
            stream: anyio.abc.ByteStream = tcp
            if context is not None:
                stream = await TLSStream.wrap(
                    tcp, server_side=True, ssl_context=context, standard_compatible=False
                )
            peer.connections += 1
            async with stream:
                await behaviour(Connection(stream, peer, index))
        except HANG_UPS as exc:
            peer.errors.append(exc)
        finally:
            ended[index].set()
            await anyio.aclose_forcefully(tcp)

    async with anyio.create_task_group() as group:
        group.start_soon(listener.serve, handle)
        yield peer
        with anyio.move_on_after(settle):
            for event in ended:
                await event.wait()
        group.cancel_scope.cancel()
    await listener.aclose()


@contextlib.asynccontextmanager
async def hostile_peer(
    behaviour: Behaviour,
    *,
    tls: bool = True,
    alpn: tuple[str, ...] = (),
    settle: float = 2.0,
) -> AsyncIterator[Peer]:
    """Serve every connection with ``behaviour`` until the block ends.

    With ``tls``, a fresh self-signed certificate is presented, offering the ``alpn``
    protocols (none by default: the client speaks HTTP/1.1). Connections are counted when
    accepted, before any handshake; at the end of the block the server waits (up to
    ``settle`` seconds) for the connections still open to end, so that nothing a client sent
    goes uncounted (0: a test that counts only requests need not wait for a client that keeps
    its connections). A behaviour ending on anything but a hang-up fails the test.
    """
    context, sha256 = await _server_context(alpn)
    listener = await listen()
    peer = Peer(port=port_of(listener), sha256=sha256 if tls else "", tls=tls)
    context_used = context if tls else None
    async with serving(listener, peer, behaviour, context_used, settle=settle) as running:
        yield running
