"""Misbehaving servers on 127.0.0.1 for transport tests (asyncio and trio, through anyio).

:func:`hostile_peer` runs a server whose every connection is handled by one of the behaviours
below; it records, per connection, how many bytes arrived after the TLS handshake — what a
wrong peer would have learnt. :func:`connect_proxy` is an HTTP ``CONNECT`` proxy that counts
the tunnels it opened. Certificates are made at run time; nothing is read from disk.
"""

from __future__ import annotations

import contextlib
import functools
import socket
import ssl
import struct
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable

import anyio
import anyio.abc
import attrs
from anyio.streams.tls import TLSStream

from powerwall_async.testing._cert import generate_certificate

__all__ = [
    "Connection",
    "Peer",
    "abort_after_request_start",
    "answer_ok",
    "answer_with",
    "connect_proxy",
    "drip",
    "endless_body",
    "gzip_bomb",
    "hostile_peer",
    "not_tls",
    "redirect_to",
    "swallow",
]

_ERRORS = (anyio.BrokenResourceError, anyio.EndOfStream, anyio.ClosedResourceError, OSError)


@attrs.define
class Connection:
    """One accepted connection; ``receive`` counts what arrives into ``Peer.received``."""

    stream: anyio.abc.ByteStream
    peer: Peer
    index: int
    buffer: bytes = b""

    async def receive(self) -> bytes:
        data = await self.stream.receive()
        self.peer.received[self.index] += len(data)
        return data

    async def read_request(self) -> bytes:
        """A whole request (head and a ``content-length`` body); the head is returned."""
        while b"\r\n\r\n" not in self.buffer:
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


@attrs.define
class Peer:
    """A running hostile server."""

    port: int
    sha256: str
    tls: bool
    received: list[int] = attrs.field(factory=list)
    """Bytes received on each connection after its handshake (0: it learnt nothing)."""
    sent: int = 0

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"


@contextlib.asynccontextmanager
async def hostile_peer(behaviour: Behaviour, *, tls: bool = True) -> AsyncIterator[Peer]:
    """Serve every connection with ``behaviour`` until the block ends.

    Connections are counted when accepted, before any handshake; at the end of the block the
    server waits (up to two seconds) for the connections still open to end, so that nothing
    a client sent goes uncounted.
    """
    certificate = await anyio.to_thread.run_sync(generate_certificate, "127.0.0.1")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    certificate.load_into(context)
    listener = await anyio.create_tcp_listener(local_host="127.0.0.1")
    port = listener.extra(anyio.abc.SocketAttribute.local_port)
    peer = Peer(port=port, sha256=certificate.certificate.sha256, tls=tls)
    ended: list[anyio.Event] = []

    async def handle(tcp: anyio.abc.SocketStream) -> None:
        ended.append(anyio.Event())
        peer.received.append(0)
        index = len(peer.received) - 1
        try:
            with contextlib.suppress(*_ERRORS, ssl.SSLError):
                stream: anyio.abc.ByteStream = tcp
                if tls:
                    stream = await TLSStream.wrap(
                        tcp, server_side=True, ssl_context=context, standard_compatible=False
                    )
                async with stream:
                    await behaviour(Connection(stream, peer, index))
        finally:
            ended[index].set()
            await anyio.aclose_forcefully(tcp)

    async with anyio.create_task_group() as group:
        group.start_soon(listener.serve, handle)
        yield peer
        with anyio.move_on_after(2):
            for event in ended:
                await event.wait()
        group.cancel_scope.cancel()
    await listener.aclose()


# -- behaviours ------------------------------------------------------------------------------
async def swallow(connection: Connection) -> None:
    """Read everything, answer nothing: a peer listening for what it is sent."""
    while True:
        await connection.receive()


def answer_with(head: bytes, body: bytes = b"") -> Behaviour:
    """Answer every request with ``head`` (status line and headers, no blank line) and body."""

    async def behaviour(connection: Connection) -> None:
        while True:
            await connection.read_request()
            await connection.send(head + b"\r\n\r\n" + body)

    return behaviour


answer_ok = answer_with(
    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2", b"{}"
)


def redirect_to(location: str, status: int = 307) -> Behaviour:
    return answer_with(
        f"HTTP/1.1 {status} Redirect\r\nlocation: {location}\r\ncontent-length: 0".encode()
    )


async def not_tls(connection: Connection) -> None:
    """What a web server on a port that is not TLS answers to a ClientHello."""
    await connection.receive()
    await connection.send(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")


def endless_body(extra_header: bytes = b"") -> Behaviour:
    """A chunked JSON answer that never ends (with another header line, if given)."""

    async def behaviour(connection: Connection) -> None:
        await connection.read_request()
        await connection.send(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
            + extra_header
            + b"transfer-encoding: chunked\r\n\r\n"
        )
        chunk = b"[" + b" " * 65535
        while True:
            await connection.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))

    return behaviour


async def drip(connection: Connection) -> None:
    """Headers at once, then one byte of the body every 0.2 s."""
    await connection.read_request()
    await connection.send(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n"
    )
    while True:
        await connection.send(b" ")
        await anyio.sleep(0.2)


@functools.cache
def gzip_bomb(inflated: int = 256 * 1024 * 1024) -> bytes:
    """``inflated`` zero bytes, gzip-compressed (about a thousandth of the size)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1024 * 1024)
    parts = [compressor.compress(block) for _ in range(inflated // len(block))]
    return b"".join(parts) + compressor.flush()


def abort_after_request_start(limit: int = 16 * 1024) -> Behaviour:
    """Reset the connection once ``limit`` bytes of the request have arrived."""

    async def behaviour(connection: Connection) -> None:
        while connection.peer.received[connection.index] < limit:
            await connection.receive()
        await connection.abort()

    return behaviour


# -- a proxy ---------------------------------------------------------------------------------
@attrs.define
class Proxy:
    port: int
    tunnels: list[str] = attrs.field(factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


async def _pipe(source: anyio.abc.ByteStream, sink: anyio.abc.ByteStream) -> None:
    with contextlib.suppress(*_ERRORS):
        async for data in source:
            await sink.send(data)
    with contextlib.suppress(*_ERRORS):
        await sink.send_eof()


@contextlib.asynccontextmanager
async def connect_proxy() -> AsyncIterator[Proxy]:
    """An HTTP proxy that tunnels ``CONNECT host:port`` requests (to 127.0.0.1 only)."""
    tcp = await anyio.create_tcp_listener(local_host="127.0.0.1")
    proxy = Proxy(port=tcp.extra(anyio.abc.SocketAttribute.local_port))

    async def handle(client: anyio.abc.SocketStream) -> None:
        with contextlib.suppress(*_ERRORS):
            async with client:
                head = b""
                while b"\r\n\r\n" not in head:
                    head += await client.receive()
                method, target, _ = head.split(b"\r\n", 1)[0].decode().split(" ", 2)
                host, _, port = target.rpartition(":")
                if method != "CONNECT" or host != "127.0.0.1":
                    await client.send(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n")
                    return
                proxy.tunnels.append(target)
                async with await anyio.connect_tcp(host, int(port)) as upstream:
                    await client.send(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    async with anyio.create_task_group() as group:
                        group.start_soon(_pipe, client, upstream)
                        await _pipe(upstream, client)

    async with anyio.create_task_group() as group:
        group.start_soon(tcp.serve, handle)
        yield proxy
        group.cancel_scope.cancel()
    await tcp.aclose()
