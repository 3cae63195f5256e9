"""HTTP/2 over a :class:`~._link.Link`: requests as streams of one connection, on ``h2``.

Bytes from the gateway go through ``h2`` in the link's callback; its events complete each
stream's :class:`~._link.Exchange`. A request writes its headers (and body, within the flow
control window) and awaits its exchange. What a gateway may do to a connection, and what a
request then sees:

- GOAWAY: streams at or below the last one it names finish; those above it were never
  processed (:class:`~._link.RefusedError`); no new stream starts on the connection.
- RST_STREAM: that request fails (REFUSED_STREAM counts as never processed).
- an answer past ``max_body_size``, or one not to be decoded: the stream is reset, the
  request fails, the connection stays.
- a broken frame, or the connection lost: every request on it fails.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import h2.config
import h2.connection
import h2.errors
import h2.events
import h2.exceptions
import h2.settings

from .._errors import PowerwallError
from ._base import Request, Response
from ._link import (
    Exchange,
    Link,
    NotSentError,
    RefusedError,
    header_fields,
    lost_before_answer,
)

__all__ = ["H2Speaker"]

_CONFIG = h2.config.H2Configuration(
    client_side=True,
    header_encoding=None,
    # The headers sent are built here, lower case and well formed. Those received are read
    # for a status and two framing headers only (lower-cased here); h2's checks of every
    # received header cost more than the rest of reading an answer.
    validate_outbound_headers=False,
    normalize_outbound_headers=False,
    validate_inbound_headers=False,
    normalize_inbound_headers=False,
)
_SETTINGS = {
    h2.settings.SettingCodes.ENABLE_PUSH: 0,
    h2.settings.SettingCodes.MAX_CONCURRENT_STREAMS: 100,
    h2.settings.SettingCodes.MAX_HEADER_LIST_SIZE: 64 * 1024,
}
_CONNECTION_WINDOW = 2**24
"""The connection's receive window: answers are capped by ``max_body_size`` per stream."""


class H2Speaker:
    """One HTTP/2 connection's requests; ``authority`` is the ``:authority`` sent."""

    def __init__(self, link: Link, *, authority: bytes, max_body_size: int, where: str) -> None:
        self._link = link
        self._authority = authority
        self._max_body_size = max_body_size
        self._where = where
        self._h2 = h2.connection.H2Connection(config=_CONFIG)
        self._h2.local_settings = h2.settings.Settings(client=True, initial_values=_SETTINGS)
        self._exchanges: dict[int, Exchange] = {}
        self._waiters: list[asyncio.Future[None]] = []
        self._going_away = False
        self._answered = 0  # answers this connection has carried
        self._h2.initiate_connection()
        self._h2.increment_flow_control_window(_CONNECTION_WINDOW)
        self._flush()
        self._handlers: dict[type[Any], Callable[[Any], None]] = {
            h2.events.ResponseReceived: self._on_response,
            h2.events.DataReceived: self._on_data,
            h2.events.StreamEnded: self._on_end,
            h2.events.StreamReset: self._on_reset,
            h2.events.ConnectionTerminated: self._on_goaway,
            h2.events.WindowUpdated: self._on_more_room,
            h2.events.RemoteSettingsChanged: self._on_more_room,
        }

    @property
    def usable(self) -> bool:
        """New requests may start here."""
        return self._link.open and not self._going_away

    # -- requests ------------------------------------------------------------------------
    async def exchange(self, request: Request) -> Response:
        while self.usable and self._h2.open_outbound_streams >= self._stream_limit():
            await self._wait()
        if not self.usable:
            raise NotSentError
        try:
            stream_id = self._h2.get_next_available_stream_id()
        except h2.exceptions.NoAvailableStreamIDError:
            self._going_away = True
            raise NotSentError from None
        exchange = Exchange(self._max_body_size, self._where)
        self._exchanges[stream_id] = exchange
        try:
            self._h2.send_headers(stream_id, self._headers(request), end_stream=not request.body)
            self._flush()
            if request.body:
                await self._send_body(stream_id, request.body)
            return await exchange.future
        except BaseException:
            self._cancel(stream_id)
            raise
        finally:
            del self._exchanges[stream_id]
            exchange.settle()
            self._wake()
            if self._going_away and not self._exchanges:
                self._link.abort()

    def _headers(self, request: Request) -> list[tuple[bytes, bytes]]:
        return [
            (b":method", request.method.encode("ascii")),
            (b":scheme", b"https"),
            (b":authority", self._authority),
            (b":path", request.path.encode("ascii")),
            *header_fields(request),
        ]

    async def _send_body(self, stream_id: int, body: bytes) -> None:
        view = memoryview(body)
        sent = 0
        while sent < len(body):
            if not self._link.open or self._exchanges[stream_id].done:
                return  # the exchange says why
            room = min(
                self._h2.local_flow_control_window(stream_id),
                self._h2.max_outbound_frame_size,
                len(body) - sent,
            )
            if room <= 0:
                await self._wait()
                continue
            self._h2.send_data(
                stream_id, bytes(view[sent : sent + room]), end_stream=sent + room == len(body)
            )
            sent += room
            self._flush()

    def _cancel(self, stream_id: int) -> None:
        """A request that ends early (timed out, cancelled) resets its stream if still open."""
        try:
            self._h2.reset_stream(stream_id, h2.errors.ErrorCodes.CANCEL)
        except h2.exceptions.H2Error:
            return  # already closed
        self._flush()

    def _stream_limit(self) -> int:
        return int(self._h2.remote_settings.max_concurrent_streams)

    async def _wait(self) -> None:
        """Until a stream ends, the window grows or the connection changes."""
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await waiter
        finally:
            if waiter in self._waiters:
                self._waiters.remove(waiter)

    def _wake(self) -> None:
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    def _flush(self) -> None:
        self._link.write(self._h2.data_to_send())

    # -- the gateway's bytes -------------------------------------------------------------
    def received(self, data: bytes) -> None:
        try:
            events = self._h2.receive_data(data)
        except h2.exceptions.ProtocolError as exc:
            self._broken(f"it broke the HTTP/2 protocol: {type(exc).__name__}")
            return
        for event in events:
            handler = self._handlers.get(type(event))
            if handler is not None:
                handler(event)
        self._flush()

    def lost(self, reason: Exception) -> None:
        for exchange in self._exchanges.values():
            exchange.fail(
                lost_before_answer(reason, reused=self._answered > 0, started=exchange.started)
            )
        self._wake()

    def _broken(self, why: str) -> None:
        self._going_away = True
        self._fail_all(ConnectionResetError(why))
        self._link.abort()

    def _fail_all(self, reason: BaseException) -> None:
        for exchange in self._exchanges.values():
            exchange.fail(reason)
        self._wake()

    def _refuse(self, stream_id: int, error: PowerwallError) -> None:
        """An answer this client will not take: fail the request, reset only its stream."""
        exchange = self._exchanges.get(stream_id)
        if exchange is not None:
            exchange.fail(error)
        self._cancel(stream_id)

    def _on_response(self, event: h2.events.ResponseReceived) -> None:
        exchange = self._exchanges.get(event.stream_id)
        if exchange is None:
            return
        status = b""
        headers: dict[str, str] = {}
        for name, value in event.headers or ():
            if name == b":status":
                status = value
            elif not name.startswith(b":"):
                headers[name.decode("latin-1").lower()] = value.decode("latin-1")
        if not status.isdigit():
            exchange.fail(ConnectionResetError("the gateway answered without a status"))
            self._cancel(event.stream_id)
            return
        try:
            exchange.start(int(status), headers)
        except PowerwallError as exc:
            self._refuse(event.stream_id, exc)

    def _on_data(self, event: h2.events.DataReceived) -> None:
        self._h2.acknowledge_received_data(event.flow_controlled_length or 0, event.stream_id)
        exchange = self._exchanges.get(event.stream_id)
        if exchange is None or exchange.done:
            return
        try:
            exchange.feed(event.data or b"")
        except PowerwallError as exc:
            self._refuse(event.stream_id, exc)

    def _on_end(self, event: h2.events.StreamEnded) -> None:
        exchange = self._exchanges.get(event.stream_id)
        if exchange is not None:
            exchange.finish()
            self._answered += 1

    def _on_reset(self, event: h2.events.StreamReset) -> None:
        exchange = self._exchanges.get(event.stream_id)
        if exchange is None:
            return
        if event.error_code == h2.errors.ErrorCodes.REFUSED_STREAM:
            exchange.fail(RefusedError())
        else:
            why = f"the gateway reset the request ({event.error_code!s})"
            exchange.fail(ConnectionResetError(why))

    def _on_goaway(self, event: h2.events.ConnectionTerminated) -> None:
        self._going_away = True
        last = event.last_stream_id if event.last_stream_id is not None else 0
        for stream_id, exchange in self._exchanges.items():
            if stream_id > last:
                exchange.fail(RefusedError())
        if not self._exchanges:
            self._link.abort()
        self._wake()

    def _on_more_room(self, event: object) -> None:
        self._wake()
