"""The TLS transport's own connection under asyncio: ``h2`` and ``h11`` on asyncio's native TLS.

One connection to one gateway, made on first use and again after the gateway ends it. The TCP
connection and the TLS handshake are made separately, so that a failure says which step
failed; the pin is checked when the handshake completes, before a byte of HTTP is written.
ALPN decides the speaker: HTTP/2 (requests are streams of the connection) or HTTP/1.1 (they
take turns). Redirects are never followed: a speaker returns whatever the gateway answered.

A request the gateway never processed (HTTP/2 GOAWAY or REFUSED_STREAM) is sent once more on a
new connection if it is a read; a write fails instead, saying so. So is a read whose kept-alive
connection ended before a byte of its answer came (the gateway closing an idle connection as
the request left); a write then fails, saying it may have been applied. Under trio the
transport runs on httpcore (``_own_pool``).
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Callable

import anyio.to_thread

from .._errors import PowerwallError
from . import _wording as wording
from ._base import Request, Response
from ._failures import ConnectFailedError, HandshakeError
from ._guard import SAFE_METHODS, RequestGuard
from ._h1_speaker import H1Speaker
from ._h2_speaker import H2Speaker
from ._link import Link, NotSentError, RefusedError, UnansweredError, closed_client
from ._pin import PinMismatchError, check_pin

__all__ = ["AsyncioEngine"]

_Speaker = H2Speaker | H1Speaker


class AsyncioEngine:
    """One keep-alive connection to ``host:port``, presenting ``server_hostname`` (SNI)."""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        server_hostname: str,
        http2: bool,
        pin: bytes | None,
        max_body_size: int,
        build_context: Callable[[], ssl.SSLContext],
    ) -> None:
        self._host = host
        self._port = port
        self._server_hostname = server_hostname
        self._alpn = ["h2", "http/1.1"] if http2 else ["http/1.1"]
        self._pin = pin
        self._max_body_size = max_body_size
        self._build_context = build_context
        netloc = f"[{host}]" if ":" in host else host
        self._authority = (netloc if port == 443 else f"{netloc}:{port}").encode("idna")
        self._where = wording.where(host, port)
        self._context: ssl.SSLContext | None = None
        self._speaker: _Speaker | None = None
        self._links: set[Link] = set()
        self._connecting: asyncio.Lock | None = None
        self._closed = False

    async def exchange(self, request: Request, guard: RequestGuard) -> Response:
        sent_again = False
        fresh_tries = 0
        while True:
            try:
                speaker = await self._usable_speaker(guard)
                response = await speaker.exchange(request)
            except NotSentError:
                fresh_tries += 1
                if fresh_tries > 2:  # pragma: no cover - a connection that ends at once, twice
                    raise ConnectionResetError("the gateway ends every new connection") from None
                continue
            except (RefusedError, UnansweredError):
                if request.method not in SAFE_METHODS:
                    raise wording.not_sent_again(request.method, self._where) from None
                if sent_again:
                    raise
                sent_again = True
                continue
            except PowerwallError:
                raise
            except Exception:
                if self._closed:
                    raise closed_client() from None
                raise
            if self._closed:
                raise closed_client()
            return response

    async def _usable_speaker(self, guard: RequestGuard) -> _Speaker:
        if self._closed:
            raise PowerwallError("this client is closed; open a new one")
        speaker = self._speaker
        if speaker is not None and speaker.usable:
            return speaker
        if self._connecting is None:
            self._connecting = asyncio.Lock()
        async with self._connecting:
            speaker = self._speaker
            if speaker is None or not speaker.usable:
                speaker = self._speaker = await self._connect(guard)
            return speaker

    async def _connect(self, guard: RequestGuard) -> _Speaker:
        if self._context is None:
            # Loading certificate files blocks: the context is made in a worker thread.
            context = await anyio.to_thread.run_sync(self._build_context)
            context.set_alpn_protocols(self._alpn)
            self._context = context
        loop = asyncio.get_running_loop()
        try:
            raw, link = await loop.create_connection(Link, self._host, self._port)
        except OSError as exc:
            raise ConnectFailedError(str(exc)) from exc
        guard.tcp_connected = True
        self._links = {kept for kept in self._links if kept.open}
        self._links.add(link)
        try:
            transport = await loop.start_tls(
                raw, link, self._context, server_hostname=self._server_hostname
            )
        except BaseException as exc:
            raw.abort()
            self._links.discard(link)
            if isinstance(exc, Exception):
                raise HandshakeError(str(exc) or type(exc).__name__) from exc
            raise
        if transport is None:  # pragma: no cover - asyncio returns None only if closing
            raise ConnectFailedError("the connection closed during the TLS handshake")
        link.connection_made(transport)
        if self._closed:  # closed during the handshake
            transport.abort()
            raise closed_client()
        guard.tls_established = True
        ssl_object = transport.get_extra_info("ssl_object")
        if self._pin is not None:
            try:
                check_pin(ssl_object, self._pin)
            except PinMismatchError:
                transport.abort()
                raise
        guard.pin_checked = self._pin is not None
        speaker_type = H2Speaker if ssl_object.selected_alpn_protocol() == "h2" else H1Speaker
        speaker = speaker_type(
            link,
            authority=self._authority,
            max_body_size=self._max_body_size,
            where=self._where,
        )
        link.attach(speaker)
        return speaker

    async def aclose(self) -> None:
        self._closed = True
        self._speaker = None
        links, self._links = self._links, set()
        for link in links:
            await link.aclose(closed_client())
