"""Hostile peers for the TLS transport: a CONNECT proxy, raw TLS servers, an HTTP/2 server.

Each listens on 127.0.0.1 only, runs on the test's event loop (asyncio or trio, through anyio),
stops with the ``async with`` block, and is bounded in the bytes it sends. The TLS servers
present a fresh self-signed certificate, like a gateway, made at run time.
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import anyio
import anyio.abc
import attrs
from anyio.streams.tls import TLSListener

from powerwall_async.testing._cert import generate_certificate

Handler = Callable[[anyio.abc.ByteStream], Awaitable[None]]

MAX_HEAD = 64 * 1024


@attrs.define
class Peer:
    """A running hostile server: where it listens, what it presented, what reached it."""

    port: int
    sha256: str = ""
    connections: int = 0
    requests: list[bytes] = attrs.field(factory=list)  # request heads, in arrival order
    sent: int = 0  # bytes of answer handed to the socket
    errors: list[Exception] = attrs.field(factory=list)  # how its connections ended early

    @property
    def url(self) -> str:
        return f"{'https' if self.sha256 else 'http'}://127.0.0.1:{self.port}"


@asynccontextmanager
async def _serving(
    listener: anyio.abc.Listener[anyio.abc.ByteStream], peer: Peer, handler: Handler
) -> AsyncIterator[Peer]:
    async def handle(stream: anyio.abc.ByteStream) -> None:
        peer.connections += 1
        async with stream:
            try:
                await handler(stream)
            except Exception as exc:  # mostly the client hanging up, as it should
                peer.errors.append(exc)

    async with listener, anyio.create_task_group() as tg:
        tg.start_soon(listener.serve, handle)
        yield peer
        tg.cancel_scope.cancel()


@asynccontextmanager
async def tls_server(
    handler: Callable[[anyio.abc.ByteStream, Peer], Awaitable[None]],
    *,
    alpn: tuple[str, ...] = ("http/1.1",),
) -> AsyncIterator[Peer]:
    """A TLS server calling ``handler(stream, peer)`` for each connection."""
    certificate = generate_certificate()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate.load_into(context)
    context.set_alpn_protocols(list(alpn))
    tcp = await anyio.create_tcp_listener(local_host="127.0.0.1")
    peer = Peer(
        port=int(tcp.extra(anyio.abc.SocketAttribute.local_port)),
        sha256=certificate.certificate.sha256,
    )
    listener = TLSListener(tcp, context, standard_compatible=False)

    async def handle(stream: anyio.abc.ByteStream) -> None:
        await handler(stream, peer)

    async with _serving(listener, peer, handle) as running:
        yield running


async def read_request(stream: anyio.abc.ByteStream, peer: Peer) -> bytes:
    """Read one HTTP/1.1 request (head and a ``content-length`` body); log and return its head."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += await stream.receive()
        if len(data) > MAX_HEAD:
            raise anyio.BrokenResourceError
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        body += await stream.receive()
    peer.requests.append(head)
    return head


async def send_counted(stream: anyio.abc.ByteStream, peer: Peer, data: bytes) -> None:
    await stream.send(data)
    peer.sent += len(data)


@asynccontextmanager
async def connect_proxy() -> AsyncIterator[Peer]:
    """An HTTP proxy that opens CONNECT tunnels (to 127.0.0.1 only) and relays both ways."""
    tcp = await anyio.create_tcp_listener(local_host="127.0.0.1")
    peer = Peer(port=int(tcp.extra(anyio.abc.SocketAttribute.local_port)))

    async def relay(source: anyio.abc.ByteStream, sink: anyio.abc.ByteStream) -> None:
        try:
            async for chunk in source:
                await sink.send(chunk)
        except (anyio.BrokenResourceError, anyio.ClosedResourceError):
            pass
        finally:
            await sink.aclose()

    async def tunnel(client: anyio.abc.ByteStream) -> None:
        head = await read_request(client, peer)
        method, target, _ = head.split(b"\r\n")[0].split(b" ")
        host, _, port = target.rpartition(b":")
        if method != b"CONNECT" or host != b"127.0.0.1":
            await client.send(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n")
            return
        async with await anyio.connect_tcp("127.0.0.1", int(port)) as upstream:
            await client.send(b"HTTP/1.1 200 Connection established\r\n\r\n")
            async with anyio.create_task_group() as tg:
                tg.start_soon(relay, client, upstream)
                tg.start_soon(relay, upstream, client)

    async with _serving(tcp, peer, tunnel) as running:
        yield running


class H2Exchange:
    """The server side of one HTTP/2 connection (the ``h2`` package over a TLS stream)."""

    def __init__(self, stream: anyio.abc.ByteStream, peer: Peer) -> None:
        import h2.config
        import h2.connection

        self.stream = stream
        self.peer = peer
        self.h2 = h2.connection.H2Connection(
            config=h2.config.H2Configuration(client_side=False, header_encoding="utf-8")
        )
        self.h2.initiate_connection()
        self._heads: dict[int, dict[str, str]] = {}
        self._complete: list[tuple[int, dict[str, str]]] = []

    async def flush(self) -> None:
        data = self.h2.data_to_send()
        if data:
            await send_counted(self.stream, self.peer, data)

    async def events(self) -> list[object]:
        """The next events from the client (after sending what is pending)."""
        await self.flush()
        return list(self.h2.receive_data(await self.stream.receive()))

    async def next_request(self) -> tuple[int, dict[str, str]] | None:
        """The next complete request as (stream id, headers), logged on the peer; None at the
        end of the connection."""
        import h2.events

        while not self._complete:
            for event in await self.events():
                if isinstance(event, h2.events.RequestReceived):
                    self._heads[event.stream_id] = {str(k): str(v) for k, v in event.headers}
                elif isinstance(event, h2.events.DataReceived):
                    self.h2.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                elif isinstance(event, h2.events.StreamEnded):
                    head = self._heads.pop(event.stream_id)
                    self.peer.requests.append(f"{head[':method']} {head[':path']}".encode())
                    self._complete.append((event.stream_id, head))
                elif isinstance(event, h2.events.ConnectionTerminated):
                    return None
        return self._complete.pop(0)

    async def answer(self, stream_id: int, body: bytes) -> None:
        self.h2.send_headers(
            stream_id,
            [(":status", "200"), ("content-type", "application/json")],
        )
        self.h2.send_data(stream_id, body, end_stream=True)
        await self.flush()

    async def endless(self, stream_id: int, limit: int) -> None:
        """Answer with DATA frames for as long as the client takes them (up to ``limit``)."""
        import h2.events

        self.h2.send_headers(stream_id, [(":status", "200"), ("content-type", "application/json")])
        chunk = b"[" + b"0," * 8191
        while self.peer.sent < limit:
            window = min(
                self.h2.local_flow_control_window(stream_id), self.h2.max_outbound_frame_size
            )
            if window > 0:
                self.h2.send_data(stream_id, chunk[:window])
                await self.flush()
                continue
            for event in await self.events():  # wait for the client to open the window
                if isinstance(event, h2.events.StreamReset | h2.events.ConnectionTerminated):
                    return


@asynccontextmanager
async def h2_server(
    handler: Callable[[H2Exchange], Awaitable[None]],
) -> AsyncIterator[Peer]:
    """A TLS server speaking only HTTP/2; ``handler`` drives each connection."""

    async def handle(stream: anyio.abc.ByteStream, peer: Peer) -> None:
        await handler(H2Exchange(stream, peer))

    async with tls_server(handle, alpn=("h2",)) as peer:
        yield peer
