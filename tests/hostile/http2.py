"""An HTTP/2 hostile peer: the server side of each connection is an :class:`H2Exchange` (the
``h2`` package over the peer's TLS connection), driven by the test's handler."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

import h2.config
import h2.connection
import h2.events

from ._server import Connection, Peer, hostile_peer

__all__ = ["H2Exchange", "h2_server"]


class H2Exchange:
    """The server side of one HTTP/2 connection."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.h2 = h2.connection.H2Connection(
            config=h2.config.H2Configuration(client_side=False, header_encoding="utf-8")
        )
        self.h2.initiate_connection()
        self._heads: dict[int, dict[str, str]] = {}
        self._complete: list[tuple[int, dict[str, str]]] = []

    @property
    def peer(self) -> Peer:
        return self.connection.peer

    async def flush(self) -> None:
        data = self.h2.data_to_send()
        if data:
            await self.connection.send(data)

    async def events(self) -> list[object]:
        """The next events from the client (after sending what is pending)."""
        await self.flush()
        return list(self.h2.receive_data(await self.connection.receive()))

    async def next_request(self) -> tuple[int, dict[str, str]] | None:
        """The next complete request as (stream id, headers), logged on the peer; None at the
        end of the connection."""
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


@contextlib.asynccontextmanager
async def h2_server(handler: Callable[[H2Exchange], Awaitable[None]]) -> AsyncIterator[Peer]:
    """A TLS server speaking only HTTP/2; ``handler`` drives each connection."""

    async def behaviour(connection: Connection) -> None:
        await handler(H2Exchange(connection))

    async with hostile_peer(behaviour, alpn=("h2",), settle=0) as peer:
        yield peer
