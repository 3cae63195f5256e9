"""The aiohttp transport: the gateway's TLS rules on aiohttp's compiled HTTP/1.1 engine."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import ssl
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import anyio.to_thread

from ..._errors import CertificateError, PowerwallError, ResponseFormatError
from .._base import DEFAULT_SNI_HOSTNAME, DEFAULT_TIMEOUT, Request, Response
from .._certs import normalize_pin, unverified_context
from .._limits import DEFAULT_MAX_BODY_SIZE, check_max_body_size, check_timeout
from .._pin import PinMismatchError, check_pin
from ._failures import Attempt, powerwall_error_for

__all__ = ["DEFAULT_MAX_BODY_SIZE", "AiohttpTransport"]

logger = logging.getLogger("powerwall_async.transports.aiohttp")

# aiohttp would otherwise ask for gzip/deflate; the gateway's answers are small and the
# transport hands bodies on exactly as they arrived, as the TLS transport does.
_SKIPPED_AUTO_HEADERS = frozenset({"Accept-Encoding"})
# The request's deadline is ours (`asyncio.timeout` around the whole exchange); aiohttp keeps
# none of its own, nor an application session's (they would end requests with other words).
_NO_AIOHTTP_TIMEOUT = aiohttp.ClientTimeout()


class _Pin(aiohttp.Fingerprint):
    """aiohttp's fingerprint hook, checking the library's pin on every new TLS connection.

    aiohttp calls ``check`` once the handshake is done and before the connection is used,
    including inside a proxy's tunnel. Unlike aiohttp's own check, a connection without TLS is
    refused rather than let through. One instance per transport: it is part of aiohttp's
    pool key, so only connections checked with it are ever reused for the gateway.
    """

    def check(self, transport: asyncio.Transport) -> None:
        try:
            check_pin(transport.get_extra_info("ssl_object"), self.fingerprint)
        except PinMismatchError as exc:
            got = b"" if exc.presented == "none" else bytes.fromhex(exc.presented.replace(":", ""))
            host, port, *_ = transport.get_extra_info("peername") or ("", 0)
            raise aiohttp.ServerFingerprintMismatch(self.fingerprint, got, host, port) from None


def _asyncio_only() -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        raise PowerwallError(
            "the aiohttp transport runs on asyncio only; under trio use the default transport "
            "(leave out transport='aiohttp' and aiohttp_session=)"
        ) from None


def _refuse_unchecked_paths(session: aiohttp.ClientSession) -> None:
    """Refuse a session on which the pin might not be checked before a request is written.

    aiohttp's ``TCPConnector`` (and its subclasses, which keep its connection setup) calls the
    pin check on every new TLS connection, direct or through a proxy's tunnel; through a proxy
    it needs the event loop's ``start_tls``, without which it sets TLS up another way and
    checks nothing.
    """
    connector = session.connector
    if not isinstance(connector, aiohttp.TCPConnector):
        kind = type(connector).__name__
        raise PowerwallError(
            f"the application's aiohttp session uses a {kind}, which may set up connections "
            "without checking the pinned certificate; nothing was sent. Hand in a session with "
            "aiohttp's TCPConnector, or none"
        )
    if not hasattr(asyncio.get_running_loop(), "start_tls"):
        raise PowerwallError(
            "this event loop cannot start TLS inside a proxy's tunnel, where aiohttp would then "
            "not check the pinned certificate; nothing was sent. Use asyncio's own event loop"
        )


class AiohttpTransport:
    """HTTPS to a gateway through aiohttp, presenting ``sni_hostname`` (asyncio only).

    The options, the trust rules and the errors are those of
    :class:`~powerwall_async.transports.tls.TlsTransport`: exactly one of ``pin_sha256``,
    ``cafile``/``cadata`` or ``verify=False`` (none: the system's trust store). The pin is
    checked as soon as a handshake completes, before a byte of the request is written.

    ``aiohttp_session`` shares an application's :class:`aiohttp.ClientSession` (Home
    Assistant's ``async_get_clientsession``); it is never closed here. Without one the
    transport opens its own, with one connection to the gateway and no cookie jar.

    Redirects are never followed, bodies larger than ``max_body_size`` bytes raise
    :class:`~powerwall_async.ResponseFormatError` (and are never decompressed), and
    ``timeout`` bounds a whole request: connecting, sending and reading the answer.
    """

    def __init__(
        self,
        host: str,
        port: int = 443,
        *,
        sni_hostname: str | None = DEFAULT_SNI_HOSTNAME,
        pin_sha256: str | None = None,
        cafile: str | None = None,
        cadata: str | None = None,
        verify: bool = True,
        timeout: float = DEFAULT_TIMEOUT,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
        aiohttp_session: aiohttp.ClientSession | None = None,
    ) -> None:
        if not host:
            raise ValueError("the gateway's host name or IP address is required")
        if sum([pin_sha256 is not None, cafile is not None or cadata is not None, not verify]) > 1:
            raise ValueError(
                "choose one way to trust the gateway: pin_sha256, cafile/cadata or verify=False"
            )
        if aiohttp_session is not None and not isinstance(aiohttp_session, aiohttp.ClientSession):
            raise TypeError("aiohttp_session must be an aiohttp.ClientSession")
        self.host = host
        self.port = port
        self.sni_hostname = sni_hostname
        self.timeout = check_timeout(timeout)
        self.max_body_size = check_max_body_size(max_body_size)
        self._cafile = cafile
        self._cadata = cadata
        self._trust: _Pin | ssl.SSLContext | None = (
            _Pin(normalize_pin(pin_sha256)) if pin_sha256 is not None else None
        )
        self._verify = verify
        self._app_session = aiohttp_session
        self._own_session: aiohttp.ClientSession | None = None
        self._closed = False
        self._base_url = f"https://[{host}]:{port}" if ":" in host else f"https://{host}:{port}"
        if not verify:
            logger.warning(
                "TLS verification is off for %s: any machine on the network can pose as the "
                "gateway; pin its certificate with pin_sha256= instead",
                self._where,
            )

    @classmethod
    def from_url(cls, url: str, **options: Any) -> AiohttpTransport:
        """``https://HOST[:PORT]``; the options are this class's keyword arguments."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "https":
            raise ValueError(f"{url!r}: the aiohttp transport takes https://HOST[:PORT]")
        if parts.path not in ("", "/") or parts.query or parts.hostname is None:
            raise ValueError(f"{url!r}: give the gateway's address only, like https://192.168.91.1")
        try:
            port = parts.port or 443
        except ValueError as exc:
            raise ValueError(f"{url!r} has an invalid port") from exc
        return cls(parts.hostname, port, **options)

    @property
    def http2(self) -> bool:
        """aiohttp speaks HTTP/1.1 only."""
        return False

    @property
    def logins(self) -> bool:
        """A gateway issues login sessions."""
        return True

    @property
    def _presented_name(self) -> str | None:
        """The SNI name the handshake carries: the forced one, else a DNS name connected to."""
        if self.sni_hostname is not None:
            return self.sni_hostname
        try:
            ipaddress.ip_address(self.host)
        except ValueError:
            return self.host
        return None

    @property
    def _where(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    def __repr__(self) -> str:
        trust = (
            "pinned"
            if isinstance(self._trust, _Pin)
            else "cafile"
            if self._cafile or self._cadata
            else "unverified"
            if not self._verify
            else "system"
        )
        session = "application" if self._app_session is not None else "own"
        return (
            f"AiohttpTransport({self._where!r}, sni_hostname={self.sni_hostname!r}, "
            f"trust={trust!r}, session={session!r})"
        )

    def _build_context(self) -> ssl.SSLContext:
        # Runs in a worker thread: loading certificate files blocks.
        if not self._verify:
            return unverified_context()
        try:
            context = ssl.create_default_context(cafile=self._cafile, cadata=self._cadata)
        except (OSError, ssl.SSLError, ValueError) as exc:
            raise CertificateError(
                f"cannot load the trusted certificate ({exc}); export it again with "
                "powerwall_async.fetch_certificate() or `powerwall-async fetch-cert`"
            ) from None
        # Checked against the forced SNI name (the gateway's certificate names teg, powerwall
        # and powerpack), or against the address connected to when there is none.
        context.check_hostname = True
        return context

    async def _load_trust(self) -> _Pin | ssl.SSLContext:
        """The ``ssl=`` setting every request carries, built once."""
        if self._trust is None:
            # Always a context of our own, never `ssl=True`: that would take the trust settings
            # of an application's session instead of this transport's.
            context = await anyio.to_thread.run_sync(self._build_context)
            if self._trust is None:  # another task may have finished first
                self._trust = context
        return self._trust

    def _session(self) -> aiohttp.ClientSession:
        """The session to send with."""
        if self._closed:
            raise PowerwallError("this client is closed; open a new one")
        if self._app_session is not None:
            if self._app_session.closed:
                raise PowerwallError(
                    "the application's aiohttp session is closed; open the client again with a "
                    "session that is open"
                )
            if isinstance(self._trust, _Pin):  # a pin is set when the transport is made
                _refuse_unchecked_paths(self._app_session)
            return self._app_session
        if self._own_session is None:
            self._own_session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=1),  # one connection, as a gateway likes
                cookie_jar=aiohttp.DummyCookieJar(),
                auto_decompress=False,
                skip_auto_headers=_SKIPPED_AUTO_HEADERS,
                timeout=_NO_AIOHTTP_TIMEOUT,
            )
        return self._own_session

    async def send(self, request: Request, *, timeout: float | None = None) -> Response:
        _asyncio_only()
        seconds = self.timeout if timeout is None else timeout
        session = self._session()
        trust = self._trust if self._trust is not None else await self._load_trust()
        try:
            async with asyncio.timeout(seconds):
                response = await self._exchange(session, trust, request, seconds)
        except PowerwallError:
            raise
        except Exception as exc:
            attempt = Attempt(
                method=request.method,
                path=request.path,
                host=self.host,
                port=self.port,
                sni_hostname=self._presented_name,
                seconds=seconds,
                cafile_given=self._cafile is not None or self._cadata is not None,
            )
            error = await powerwall_error_for(attempt, exc)
            if error is None:
                raise
            # aiohttp's response errors hold the request's headers: they stay out of the chain.
            raise error from (None if isinstance(exc, aiohttp.ClientResponseError) else exc)
        if self._closed:  # closed while this request was in flight
            raise PowerwallError("this client was closed while the request was in flight")
        return response

    async def _exchange(
        self,
        session: aiohttp.ClientSession,
        trust: _Pin | ssl.SSLContext,
        request: Request,
        seconds: float,
    ) -> Response:
        async with session.request(
            request.method,
            self._base_url + request.path,
            headers=request.headers,
            data=request.body or None,
            ssl=trust,
            server_hostname=self.sni_hostname,
            allow_redirects=False,
            raise_for_status=False,
            auto_decompress=False,
            skip_auto_headers=None if session is self._own_session else _SKIPPED_AUTO_HEADERS,
            timeout=_NO_AIOHTTP_TIMEOUT,
        ) as answer:
            if session is self._app_session and answer.cookies:
                self._forget_cookies(session, set(answer.cookies))
            body = await self._read_body(answer, request)
            headers: dict[str, str] = {}
            for name, value in answer.headers.items():
                key = name.lower()
                headers[key] = f"{headers[key]}, {value}" if key in headers else value
            return Response(status=answer.status, headers=headers, body=body)

    async def _read_body(self, answer: aiohttp.ClientResponse, request: Request) -> bytes:
        """The body as it came (never decompressed), or an error once it passes the cap."""
        limit = self.max_body_size
        length = answer.content_length
        if length is not None and "Transfer-Encoding" not in answer.headers:
            # The parser reads no more than announced (unless the body is chunked too).
            if length > limit:
                answer.close()
                raise self._too_large(request, announced=length)
            return await answer.read()
        chunks: list[bytes] = []
        size = 0
        async for chunk in answer.content.iter_any():
            size += len(chunk)
            if size > limit:
                answer.close()  # the rest is never read: the connection goes
                raise self._too_large(request, announced=None)
            chunks.append(chunk)
        return b"".join(chunks)

    def _too_large(self, request: Request, *, announced: int | None) -> ResponseFormatError:
        size = f"a {announced}-byte body" if announced is not None else "a body"
        return ResponseFormatError(
            f"{request.method} {request.path}: {self._where} sent {size} larger than "
            f"max_body_size ({self.max_body_size} bytes); no gateway answer comes near it, so "
            "this is not the gateway (or raise max_body_size if it really is)"
        )

    def _forget_cookies(self, session: aiohttp.ClientSession, names: set[str]) -> None:
        """Keep the gateway's session cookie out of an application's cookie jar.

        A jar sends cookies by host name whatever the port, so the token would reach every
        other service of the application on that host.
        """
        session.cookie_jar.clear(
            lambda morsel: morsel.key in names and morsel["domain"] in (self.host, "")
        )

    async def aclose(self) -> None:
        """Close the transport's own session (an application's session is left open)."""
        self._closed = True
        if self._own_session is not None:
            session, self._own_session = self._own_session, None
            await session.close()
