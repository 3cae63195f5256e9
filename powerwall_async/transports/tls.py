"""The HTTPS transport (scheme ``https``): a forced SNI name and a pinned certificate.

The gateway aborts any TLS handshake whose SNI name is not ``teg``, ``powerwall`` or
``powerpack`` (or absent, when reached by IP), and presents a self-signed certificate. This
transport connects to whatever host or IP it is given, always presents ``sni_hostname``, and
decides trust in one of three ways: a pinned SHA-256 fingerprint, an exported certificate
(``cafile``/``cadata``), or an explicit ``verify=False``. The pin is checked before a byte of
a request is written, so a peer with another certificate never sees a request (nor the login
password in it).

:class:`TlsTransport` is the one entry point. It sends through one of two engines:

- its own connection: under asyncio, ``h2``/``h11`` on asyncio's native TLS
  (``_asyncio_engine``); elsewhere (trio), httpcore driven directly (``_own_pool``);
- an application's :class:`httpx.AsyncClient` given as ``http_client`` (``_app_client``).

Both share the exception table (``_failures``), the pin check (``_pin``), the per-request
guard (``_guard``) and the body cap (``_body``). Either way a request is bounded as a whole
by ``timeout`` (connecting, sending and the whole answer), its body by ``max_body_size``,
and redirects are never followed.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from typing import Any
from urllib.parse import urlsplit

import anyio
import httpx

from .._errors import CertificateError, PowerwallError
from ._app_client import AppClient
from ._asyncio_engine import AsyncioEngine
from ._base import DEFAULT_SNI_HOSTNAME, DEFAULT_TIMEOUT, Request, Response
from ._certs import normalize_pin, unverified_context
from ._failures import Failure, translate
from ._guard import RequestGuard
from ._limits import DEFAULT_MAX_BODY_SIZE, check_max_body_size, check_timeout
from ._logs import guard_third_party_logs
from ._own_pool import OwnPool

__all__ = ["DEFAULT_MAX_BODY_SIZE", "TlsTransport"]

logger = logging.getLogger("powerwall_async.transports.tls")


class TlsTransport:
    """HTTPS to a gateway at ``host`` (name or IP, any ``port``), presenting ``sni_hostname``.

    Trust, exactly one of:

    - ``pin_sha256``: the certificate's SHA-256 fingerprint (hex, colons optional);
    - ``cafile`` / ``cadata``: the gateway's exported certificate, verified against
      ``sni_hostname``;
    - ``verify=False``: no verification at all (logs one warning).

    With none of them the certificate is verified against the system's trust store, which a
    gateway's self-signed certificate never passes: the :class:`CertificateError` then shows
    the presented fingerprint to pin.

    ``timeout`` bounds each request as a whole; ``max_body_size`` (bytes, 8 MiB by default)
    bounds each answer, decompressed; a larger one raises :class:`ResponseFormatError`.

    ``http2`` (default: on for the transport's own connection) offers HTTP/2 and HTTP/1.1 by
    ALPN and uses what the gateway picks (a gateway picks HTTP/2); ``http2=False`` speaks
    HTTP/1.1 only. With ``http_client`` the application's client decides the protocol:
    ``http2`` then only tells the client whether that one speaks HTTP/2 (off unless given).

    ``http_client`` lets an application share its own :class:`httpx.AsyncClient`; it is then
    never closed here, and its own ``verify`` setting decides trust unless ``pin_sha256`` is
    given (the pin is then checked on every connection a request is written to, proxied or
    kept alive, before the request is written).
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
        http2: bool | None = None,
        http_client: httpx.AsyncClient | None = None,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        if not host:
            raise ValueError("the gateway's host name or IP address is required")
        chosen = [pin_sha256 is not None, cafile is not None or cadata is not None, not verify]
        if sum(chosen) > 1:
            raise ValueError(
                "choose one way to trust the gateway: pin_sha256, cafile/cadata or verify=False"
            )
        self.host = host
        self.port = port
        self.sni_hostname = sni_hostname
        self.timeout = check_timeout(timeout)
        self.max_body_size = check_max_body_size(max_body_size)
        self._pin = normalize_pin(pin_sha256) if pin_sha256 is not None else None
        self._cafile = cafile
        self._cadata = cadata
        self._verify = verify
        self._http2 = http2 if http2 is not None else http_client is None
        self._client = http_client
        self._app = AppClient(http_client, max_body_size=max_body_size) if http_client else None
        self._own = OwnPool(
            http2=self._http2,
            pin=self._pin,
            max_body_size=max_body_size,
            build_context=self._build_context,
        )
        self._asyncio = AsyncioEngine(
            host=host,
            port=port,
            server_hostname=sni_hostname or host,
            http2=self._http2,
            pin=self._pin,
            max_body_size=max_body_size,
            build_context=self._build_context,
        )
        netloc = f"[{host}]" if ":" in host else host
        self._base_url = f"https://{netloc}:{port}"
        guard_third_party_logs()
        if not verify:
            logger.warning(
                "TLS verification is off for %s: any machine on the network can pose as the "
                "gateway; pin its certificate with pin_sha256= instead",
                self._where,
            )

    @classmethod
    def from_url(cls, url: str, **options: Any) -> TlsTransport:
        """``https://HOST[:PORT]``; the options are this class's keyword arguments."""
        parts = urlsplit(url)
        if parts.path not in ("", "/") or parts.query:
            raise ValueError(f"{url!r}: give the gateway's address only, like https://192.168.91.1")
        if parts.hostname is None:
            raise ValueError(f"{url!r} names no host")
        try:
            port = parts.port or 443
        except ValueError as exc:
            raise ValueError(f"{url!r} has an invalid port") from exc
        return cls(parts.hostname, port, **options)

    @property
    def http2(self) -> bool:
        """Whether HTTP/2 is offered to the gateway, besides HTTP/1.1 (ALPN lets the gateway
        pick; it picks HTTP/2). What was negotiated is known only after the handshake, after
        the client has chosen its limits: over an HTTP/1.1 answer the requests in flight
        queue for the one connection instead."""
        return self._http2

    @property
    def logins(self) -> bool:
        """A gateway issues login sessions."""
        return True

    @property
    def _where(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    def __repr__(self) -> str:
        trust = (
            "pinned"
            if self._pin
            else "cafile"
            if self._cafile or self._cadata
            else "unverified"
            if not self._verify
            else "system"
        )
        return f"TlsTransport({self._where!r}, sni_hostname={self.sni_hostname!r}, trust={trust!r})"

    def _build_context(self) -> ssl.SSLContext:
        # Runs in a worker thread: loading certificate files blocks.
        if self._pin is not None or not self._verify:
            return unverified_context()
        if self._cafile is not None or self._cadata is not None:
            try:
                context = ssl.create_default_context(cafile=self._cafile, cadata=self._cadata)
            except (OSError, ssl.SSLError, ValueError) as exc:
                raise CertificateError(
                    f"cannot load the trusted certificate ({exc}); export it again with "
                    "powerwall_async.fetch_certificate() or `powerwall-async fetch-cert`"
                ) from None
        else:
            context = ssl.create_default_context()
        # The gateway's certificate names teg/powerwall/powerpack; without a forced SNI name it
        # is checked against the address connected to.
        context.check_hostname = True
        return context

    async def send(self, request: Request, *, timeout: float | None = None) -> Response:
        seconds = self.timeout if timeout is None else timeout
        guard = RequestGuard(
            method=request.method,
            where=self._where,
            # The own pool checks the pin in its network backend, during the handshake.
            pin=self._pin if self._app is not None else None,
        )

        def failure() -> Failure:
            return Failure(
                host=self.host,
                port=self.port,
                sni_hostname=self.sni_hostname,
                exported_certificate=self._cafile is not None or self._cadata is not None,
                method=request.method,
                path=request.path,
                seconds=seconds,
                tcp_connected=guard.tcp_connected,
                tls_established=guard.tls_established,
            )

        try:
            if self._app is None and _on_asyncio():
                async with asyncio.timeout(seconds):  # the whole request, not each read
                    return await self._asyncio.exchange(request, guard)
            with anyio.fail_after(seconds):
                return await self._httpcore_exchange(request, guard, seconds)
        except PowerwallError:
            raise
        except Exception as exc:
            raise await translate(exc, failure()) from exc

    async def _httpcore_exchange(
        self, request: Request, guard: RequestGuard, seconds: float
    ) -> Response:
        extensions: dict[str, Any] = {
            "timeout": dict.fromkeys(("connect", "read", "write", "pool"), seconds),
            "trace": guard.trace,
        }
        if self.sni_hostname is not None:
            extensions["sni_hostname"] = self.sni_hostname
        engine: AppClient | OwnPool = self._app or self._own
        return await engine.exchange(request, self._base_url + request.path, guard, extensions)

    async def aclose(self) -> None:
        """Close the connection (a caller's httpx client is left open)."""
        await self._own.aclose()
        if _on_asyncio():
            await self._asyncio.aclose()


def _on_asyncio() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
