"""The asyncio engine's connection: one TLS link to a gateway, and what its speakers share.

:class:`Link` is the :class:`asyncio.Protocol` of the connection. asyncio's native TLS
delivers the gateway's bytes to it as they are decrypted; it hands them to the link's
*speaker* (HTTP/2 or HTTP/1.1, chosen by ALPN once the handshake is done), keeping whatever
arrives before the speaker is chosen. A speaker parses answers in these callbacks and completes
each request's :class:`Exchange`: no task reads the socket, and no lock is taken per read.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Protocol

from .._errors import PowerwallError
from ._base import Request, Response
from ._body import BoundedBody

__all__ = [
    "CLOSE_TIMEOUT",
    "Exchange",
    "Link",
    "NotSentError",
    "RefusedError",
    "Speaker",
    "UnansweredError",
    "closed_client",
    "header_fields",
    "lost_before_answer",
]

CLOSE_TIMEOUT = 1.0
"""Seconds a polite TLS close may take before the connection is reset."""


class NotSentError(Exception):
    """The connection was done before a byte of the request was written: send it on a new one."""


class UnansweredError(ConnectionResetError):
    """The connection ended before a byte of the answer arrived, on a connection that had
    answered before: most likely the gateway closed a kept-alive connection as the request
    left. A read may be sent again on a new connection; a write is not."""


def lost_before_answer(reason: Exception, *, reused: bool, started: bool) -> Exception:
    """What a request learns when its connection ends with ``reason``."""
    if reused and not started and not isinstance(reason, PowerwallError):
        return UnansweredError(str(reason) or type(reason).__name__)
    return reason


class RefusedError(ConnectionResetError):
    """The gateway said it never processed the request (an HTTP/2 GOAWAY below its stream, or
    REFUSED_STREAM): a read may be sent again on a new connection; a write is not."""

    def __init__(self) -> None:
        super().__init__("the gateway ended the connection without processing the request")


def closed_client() -> PowerwallError:
    return PowerwallError("this client was closed while the request was in flight")


class Speaker(Protocol):
    """HTTP over a :class:`Link`: gets the link's bytes and its end."""

    def received(self, data: bytes) -> None: ...

    def lost(self, reason: Exception) -> None: ...


class Link(asyncio.Protocol):
    """One connection's protocol; ``transport`` is the TLS transport once the handshake is done."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.lost_reason: Exception | None = None
        self._speaker: Speaker | None = None
        self._early: list[bytes] = []
        self._done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    @property
    def open(self) -> bool:
        return self.lost_reason is None and self.transport is not None

    def attach(self, speaker: Speaker) -> None:
        """Hand the connection to ``speaker``, with what the gateway already sent."""
        self._speaker = speaker
        early, self._early = self._early, []
        for data in early:
            speaker.received(data)
        if self.lost_reason is not None:
            speaker.lost(self.lost_reason)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        if self._speaker is None:
            self._early.append(data)
        else:
            self._speaker.received(data)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self._done.done():
            self._done.set_result(None)
        self._end(exc or ConnectionResetError("the gateway closed the connection"))

    def _end(self, reason: Exception) -> None:
        if self.lost_reason is not None:
            return
        self.lost_reason = reason
        if self._speaker is not None:
            self._speaker.lost(reason)

    def write(self, data: bytes) -> None:
        if data and self.transport is not None and self.lost_reason is None:
            self.transport.write(data)

    def abort(self) -> None:
        """Reset the connection now (a peer that breaks the protocol, a request cut short)."""
        if self.transport is not None:
            self.transport.abort()

    def close(self) -> None:
        """Start a polite close (the gateway said it closes the connection too)."""
        if self.transport is not None:
            self.transport.close()

    async def aclose(self, reason: Exception) -> None:
        """End the requests on the connection with ``reason`` and close it politely; a gateway
        that does not finish the TLS close within a second gets a reset."""
        if self.transport is None or self._done.done():
            return
        self._end(reason)
        self.transport.close()
        try:
            await asyncio.wait_for(asyncio.shield(self._done), CLOSE_TIMEOUT)
        except TimeoutError:
            self.abort()


def header_fields(request: Request) -> list[tuple[bytes, bytes]]:
    """The request's headers as lower-case name and value bytes, without ``host`` (each
    protocol names the gateway its own way), and a ``content-length`` for a body without one."""
    fields = [
        (name.lower().encode("ascii"), value.encode("ascii"))
        for name, value in request.headers.items()
        if name.lower() != "host"
    ]
    if request.body and all(name != b"content-length" for name, _ in fields):
        fields.append((b"content-length", b"%d" % len(request.body)))
    return fields


class Exchange:
    """One request waiting for its answer: the status and headers, then the body within its cap."""

    __slots__ = ("_body", "_headers", "_limit", "_status", "_where", "future")

    def __init__(self, limit: int, where: str) -> None:
        self.future: asyncio.Future[Response] = asyncio.get_running_loop().create_future()
        self._limit = limit
        self._where = where
        self._status = 0
        self._headers: Mapping[str, str] = {}
        self._body: BoundedBody | None = None

    @property
    def done(self) -> bool:
        return self.future.done()

    @property
    def started(self) -> bool:
        """The answer's status line and headers have arrived."""
        return self._body is not None

    def start(self, status: int, headers: Mapping[str, str]) -> None:
        """The status line and headers; raises ResponseFormatError for a body to be refused."""
        self._status = status
        self._headers = headers
        self._body = BoundedBody(self._limit, self._where, headers)

    def feed(self, data: bytes) -> None:
        """Body bytes; raises ResponseFormatError past the cap."""
        if self._body is None:
            raise ConnectionResetError("the gateway sent a body before its headers")
        self._body.feed(data)

    def finish(self) -> None:
        if self.future.done():
            return
        if self._body is None:
            self.fail(ConnectionResetError("the gateway ended the answer before its headers"))
            return
        try:
            body = self._body.result()
        except PowerwallError as exc:
            self.fail(exc)
            return
        self.future.set_result(Response(status=self._status, headers=self._headers, body=body))

    def settle(self) -> None:
        """The request is over (answered, failed or cut short): an answer or failure that
        arrived as it was cut short is dropped, not left for asyncio to report."""
        if not self.future.done():
            self.future.cancel()
        elif not self.future.cancelled():
            self.future.exception()

    def fail(self, exc: BaseException) -> None:
        if not self.future.done():
            self.future.set_exception(exc)
