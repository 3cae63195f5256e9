"""An HTTP ``CONNECT`` proxy on 127.0.0.1, tunnelling to 127.0.0.1 only."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import anyio
import anyio.abc
import attrs

from ._server import HANG_UPS, Connection, Peer, listen, port_of, serving

__all__ = ["Proxy", "connect_proxy"]


@attrs.define
class Proxy(Peer):
    """A running proxy: ``requests`` holds every ``CONNECT`` head it read (refused ones too),
    ``tunnels`` the ``host:port`` of each tunnel it opened."""

    tunnels: list[str] = attrs.field(factory=list)


async def _pipe(source: anyio.abc.ByteStream, sink: anyio.abc.ByteStream) -> None:
    with contextlib.suppress(*HANG_UPS):
        async for data in source:
            await sink.send(data)
    with contextlib.suppress(*HANG_UPS):
        await sink.send_eof()


@contextlib.asynccontextmanager
async def connect_proxy() -> AsyncIterator[Proxy]:
    """An HTTP proxy that tunnels ``CONNECT host:port`` requests (to 127.0.0.1 only) and
    relays both ways; anything else is answered 403."""
    listener = await listen()
    proxy = Proxy(port=port_of(listener), sha256="", tls=False)

    async def tunnel(client: Connection) -> None:
        head = await client.read_request()
        method, target, _ = head.split(b"\r\n", 1)[0].decode().split(" ", 2)
        host, _, port = target.rpartition(":")
        if method != "CONNECT" or host != "127.0.0.1":
            await client.send(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n")
            return
        proxy.tunnels.append(target)
        async with await anyio.connect_tcp(host, int(port)) as upstream:
            await client.send(b"HTTP/1.1 200 Connection established\r\n\r\n")
            if client.buffer:  # the client did not wait for the answer
                await upstream.send(client.buffer)
            async with anyio.create_task_group() as group:
                group.start_soon(_pipe, client.stream, upstream)
                await _pipe(upstream, client.stream)

    async with serving(listener, proxy, tunnel, None, settle=0) as running:
        yield running
