"""HTTP/1.1 over a :class:`~._link.Link`, on ``h11``: one request at a time, kept alive.

Used when the gateway picks HTTP/1.1 by ALPN, or the client was made with ``http2=False``.
Requests take turns on the connection. An answer that is not HTTP/1.1, one past
``max_body_size``, or a request cut short (timed out, cancelled) ends the connection: the next
request opens a new one.
"""

from __future__ import annotations

import asyncio
import contextlib

import h11

from .._errors import PowerwallError
from ._base import Request, Response
from ._link import Exchange, Link, NotSentError, header_fields, lost_before_answer

__all__ = ["H1Speaker"]

_MAX_HEAD = 64 * 1024
"""Bytes an answer's status line and headers may take."""


class H1Speaker:
    """One HTTP/1.1 connection's requests; ``authority`` is the ``Host`` sent."""

    def __init__(self, link: Link, *, authority: bytes, max_body_size: int, where: str) -> None:
        self._link = link
        self._authority = authority
        self._max_body_size = max_body_size
        self._where = where
        self._h11 = h11.Connection(h11.CLIENT, max_incomplete_event_size=_MAX_HEAD)
        self._turn = asyncio.Lock()
        self._exchange: Exchange | None = None
        self._done = False
        self._answered = 0  # answers this connection has carried

    @property
    def usable(self) -> bool:
        """New requests may start here (they may wait for their turn)."""
        return self._link.open and not self._done

    async def exchange(self, request: Request) -> Response:
        async with self._turn:
            if not self.usable or self._h11.our_state is not h11.IDLE:
                raise NotSentError
            exchange = self._exchange = Exchange(self._max_body_size, self._where)
            try:
                self._link.write(self._encode(request))
                return await exchange.future
            except BaseException:
                if not exchange.done or exchange.future.cancelled():
                    self._end()  # cut short mid-answer: the connection cannot carry another
                raise
            finally:
                self._exchange = None
                exchange.settle()

    def _encode(self, request: Request) -> bytes:
        headers = [(b"host", self._authority), *header_fields(request)]
        data = self._h11.send(
            h11.Request(method=request.method, target=request.path, headers=headers)
        )
        if request.body:
            data += self._h11.send(h11.Data(data=request.body)) or b""
        return (data or b"") + (self._h11.send(h11.EndOfMessage()) or b"")

    def _end(self) -> None:
        self._done = True
        self._link.abort()

    def received(self, data: bytes) -> None:
        if self._exchange is None or self._exchange.done:
            # Nothing was asked: a gateway closing an idle connection, or bytes that would
            # be taken for the next request's answer. Either way the connection is done.
            self._end()
            return
        self._h11.receive_data(data)
        self._read_events(self._exchange)

    def lost(self, reason: Exception) -> None:
        self._done = True
        exchange = self._exchange
        if exchange is None or exchange.done:
            return
        if exchange.started:  # a body that runs to the end of the connection ends here
            with contextlib.suppress(RuntimeError):  # h11 refuses a second end of data
                self._h11.receive_data(b"")
            self._read_events(exchange)
        exchange.fail(
            lost_before_answer(reason, reused=self._answered > 0, started=exchange.started)
        )

    def _read_events(self, exchange: Exchange) -> None:
        while not exchange.done:
            try:
                event = self._h11.next_event()
            except h11.RemoteProtocolError:
                exchange.fail(ConnectionResetError("the answer is not HTTP/1.1"))
                self._end()
                return
            try:
                if isinstance(event, h11.Response):
                    headers = {
                        name.decode("latin-1"): value.decode("latin-1")
                        for name, value in event.headers
                    }
                    exchange.start(event.status_code, headers)
                elif isinstance(event, h11.Data):
                    exchange.feed(bytes(event.data))
                elif isinstance(event, h11.EndOfMessage):
                    self._answer_ended(exchange)
                    return
                elif isinstance(event, h11.ConnectionClosed):
                    exchange.fail(ConnectionResetError("the gateway closed the connection"))
                    self._end()
                    return
                elif event is h11.NEED_DATA or event is h11.PAUSED:
                    return
            except PowerwallError as exc:
                exchange.fail(exc)
                self._end()
                return

    def _answer_ended(self, exchange: Exchange) -> None:
        exchange.finish()
        self._answered += 1
        if self._h11.our_state is h11.DONE and self._h11.their_state is h11.DONE:
            self._h11.start_next_cycle()
        else:  # the gateway said it closes the connection
            self._done = True
            self._link.close()
