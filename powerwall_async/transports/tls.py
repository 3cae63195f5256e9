"""The HTTPS transport (scheme ``https``): a forced SNI name and a pinned certificate.

The gateway aborts any TLS handshake whose SNI name is not ``teg``, ``powerwall`` or
``powerpack`` (or absent, when reached by IP), and presents a self-signed certificate. This
transport connects to whatever host or IP it is given, always presents ``sni_hostname``, and
decides trust in one of three ways: a pinned SHA-256 fingerprint, an exported certificate
(``cafile``/``cadata``), or an explicit ``verify=False``. The pin is checked as soon as the
handshake completes, before a byte of the request is written, so a peer with another
certificate never sees a request (nor the login password in it).

The transport drives httpcore (httpx's engine) directly, over asyncio's native TLS under
asyncio (see ``_backends``), with one keep-alive connection. An application may hand in its
own :class:`httpx.AsyncClient` instead; requests then go through it, with the same SNI name
and pin check.
"""

from __future__ import annotations

import logging
import re
import ssl
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import anyio.to_thread
import attrs
import httpcore
import httpx

from .._errors import (
    CertificateError,
    GatewayTimeoutError,
    GatewayUnreachableError,
    PowerwallError,
    ResponseFormatError,
)
from ._backends import HandshakeError, PinMismatchError, backend_for_current_loop, check_pin
from ._base import DEFAULT_SNI_HOSTNAME, DEFAULT_TIMEOUT, Request, Response
from ._certs import (
    GATEWAY_SNI_NAMES,
    NOT_TLS_REASONS,
    fetch_certificate,
    normalize_pin,
    unverified_context,
)

__all__ = ["TlsTransport"]

logger = logging.getLogger("powerwall_async.transports.tls")


_SECRET_HEADER = re.compile(
    r"""(b?['"](?:set-cookie|cookie|authorization)['"]\s*[,=:]\s*)b?(['"]).*?\2""",
    re.IGNORECASE,
)
_THIRD_PARTY_LOGGERS = (
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "hpack.hpack",
    "hpack.table",
)


class _SecretHeaderFilter(logging.Filter):
    """Redacts credential headers from the DEBUG records of httpcore and hpack.

    Both log every header they send or receive, session cookies and bearer tokens included;
    a library that promises no secrets in logs cannot leave that to its users to notice.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        redacted = _SECRET_HEADER.sub(r"\1'<redacted>'", text)
        if redacted != text:
            record.msg, record.args = redacted, ()
        return True


def _guard_third_party_logs() -> None:
    # A logger's filters see only the records logged on that very logger: name each one.
    secret_filter = _SecretHeaderFilter()
    for name in _THIRD_PARTY_LOGGERS:
        target = logging.getLogger(name)
        if not any(isinstance(f, _SecretHeaderFilter) for f in target.filters):
            target.addFilter(secret_filter)


_guard_third_party_logs()


@attrs.define
class _Attempt:
    """How far one request's connection setup got (httpcore's trace hook reports it).

    Used on a caller's httpx client, where the pin cannot be checked by the network backend:
    the hook checks it as soon as a handshake completes, before the request is written.
    """

    pin: bytes | None
    tcp_connected: bool = False
    tls_established: bool = False

    async def trace(self, event: str, info: Mapping[str, Any]) -> None:
        if event == "connection.connect_tcp.complete":
            self.tcp_connected = True
        elif event == "connection.start_tls.complete":
            stream = info["return_value"]
            if self.pin is not None:
                try:
                    check_pin(stream.get_extra_info("ssl_object"), self.pin)
                except PinMismatchError:
                    await stream.aclose()
                    raise
            self.tls_established = True


def _ssl_reason(exc: BaseException) -> tuple[ssl.SSLError | None, bool]:
    """The ssl error behind ``exc`` (if any), and whether it was a verification failure."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return seen, True
        if isinstance(seen, ssl.SSLError):
            return seen, False
        seen = seen.__cause__ or seen.__context__
    return None, False


def _os_reason(exc: BaseException) -> str:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.strerror:
            return seen.strerror
        seen = seen.__cause__ or seen.__context__
    return str(exc) or type(exc).__name__


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

    ``http_client`` lets an application share its own :class:`httpx.AsyncClient`; it is then
    never closed here, and its own ``verify`` setting decides trust unless ``pin_sha256`` is
    given (the pin is still checked during the handshake of every new connection).
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
        http2: bool = False,
        http_client: httpx.AsyncClient | None = None,
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
        self.timeout = timeout
        self._pin = normalize_pin(pin_sha256) if pin_sha256 is not None else None
        self._cafile = cafile
        self._cadata = cadata
        self._verify = verify
        if http2:
            try:
                import h2  # noqa: F401
            except ImportError:
                raise ValueError(
                    "http2=True needs the h2 package: pip install 'powerwall-async[http2]'"
                ) from None
        self._http2 = http2
        self._client = http_client
        self._pool: httpcore.AsyncConnectionPool | None = None
        self._closed = False
        netloc = f"[{host}]" if ":" in host else host
        self._base_url = f"https://{netloc}:{port}"
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
        """Whether HTTP/2 is offered to the gateway (it speaks both)."""
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

    async def _connection_pool(self) -> httpcore.AsyncConnectionPool:
        if self._closed:
            raise PowerwallError("this client is closed; open a new one")
        if self._pool is None:
            context = await anyio.to_thread.run_sync(self._build_context)
            if self._pool is None:  # another task may have finished first
                self._pool = httpcore.AsyncConnectionPool(
                    ssl_context=context,
                    max_connections=1,
                    max_keepalive_connections=1,
                    http1=True,
                    http2=self._http2,
                    network_backend=backend_for_current_loop(self._pin),
                )
        return self._pool

    async def send(self, request: Request, *, timeout: float | None = None) -> Response:
        seconds = self.timeout if timeout is None else timeout
        if self._client is not None:
            return await self._send_with_httpx(self._client, request, seconds)
        pool = await self._connection_pool()
        extensions: dict[str, Any] = {
            "timeout": {"connect": seconds, "read": seconds, "write": seconds, "pool": seconds}
        }
        if self.sni_hostname is not None:
            extensions["sni_hostname"] = self.sni_hostname
        try:
            response = await pool.request(
                request.method,
                self._base_url + request.path,
                headers=list(request.headers.items()),
                content=request.body or None,
                extensions=extensions,
            )
        except HandshakeError as exc:
            raise await self._connect_failure(exc, tcp_connected=True) from exc
        except httpcore.ConnectError as exc:
            raise await self._connect_failure(exc, tcp_connected=False) from exc
        except Exception as exc:
            raise self._failure(exc, request, seconds) from exc
        if self._closed:  # closed while this request waited for the connection
            raise PowerwallError("this client was closed while the request was in flight")
        return Response(
            status=response.status,
            headers={k.decode("latin-1"): v.decode("latin-1") for k, v in response.headers},
            body=response.content,
        )

    async def _send_with_httpx(
        self, client: httpx.AsyncClient, request: Request, seconds: float
    ) -> Response:
        """Through the caller's client: SNI per request, the pin checked by the trace hook."""
        attempt = _Attempt(self._pin)
        extensions: dict[str, Any] = {"trace": attempt.trace}
        if self.sni_hostname is not None:
            extensions["sni_hostname"] = self.sni_hostname
        try:
            response = await client.request(
                request.method,
                self._base_url + request.path,
                headers=request.headers,
                content=request.body or None,
                timeout=seconds,
                extensions=extensions,
            )
        except httpx.ConnectError as exc:
            if attempt.tcp_connected and not attempt.tls_established:
                raise await self._connect_failure(exc, tcp_connected=True) from exc
            raise await self._connect_failure(exc, tcp_connected=False) from exc
        except Exception as exc:
            raise self._failure(exc, request, seconds) from exc
        return Response(
            status=response.status_code, headers=response.headers, body=response.content
        )

    def _failure(self, exc: Exception, request: Request, seconds: float) -> Exception:
        """What a caller sees for a failure after the connection was set up (or in the pool)."""
        if isinstance(exc, PinMismatchError):
            return CertificateError(
                f"{self._where} presented a certificate with SHA-256 {exc.presented}, not the "
                "pinned one; nothing was sent. If the gateway's certificate really changed "
                "(it does after some resets), check it and pin the new fingerprint",
                sha256=exc.presented,
            )
        if isinstance(exc, httpcore.TimeoutException | httpx.TimeoutException):
            return GatewayTimeoutError(
                f"{request.method} {request.path}: {self._where} did not answer within "
                f"{seconds:g} s"
            )
        if isinstance(exc, httpx.DecodingError):
            return ResponseFormatError(f"{self._where} sent a body that cannot be decoded: {exc}")
        if isinstance(exc, httpcore.ConnectionNotAvailable | httpcore.UnsupportedProtocol):
            return exc  # a bug here, not the gateway's doing: let it be seen as one
        if isinstance(exc, httpcore.NetworkError | httpcore.ProtocolError | httpx.HTTPError) or (
            type(exc).__module__.startswith("h2.")  # a broken HTTP/2 stream
        ):
            return GatewayUnreachableError(
                f"{request.method} {request.path}: the connection to {self._where} dropped "
                f"({_os_reason(exc)}); the gateway may be restarting or its network is unstable"
            )
        return exc

    async def _connect_failure(self, exc: Exception, *, tcp_connected: bool) -> PowerwallError:
        """Why a connection could not be set up: no TCP, no TLS, or no trust."""
        if isinstance(exc, httpcore.ConnectTimeout | httpx.ConnectTimeout):
            return GatewayTimeoutError(f"{self._where} did not accept a connection in time")
        if not tcp_connected:
            return GatewayUnreachableError(
                f"cannot connect to {self._where} ({_os_reason(exc)}); check the address and "
                "that the gateway is on the network"
            )
        ssl_error, verification_failed = _ssl_reason(exc)
        if verification_failed:
            return await self._untrusted(ssl_error)
        if ssl_error is not None and ssl_error.reason in NOT_TLS_REASONS:
            return GatewayUnreachableError(
                f"{self._where} does not speak TLS; is this the gateway's HTTPS port (443)?"
            )
        return CertificateError(
            f"{self._where} aborted the TLS handshake for the SNI name {self.sni_hostname!r}; "
            f"a gateway accepts only {', '.join(GATEWAY_SNI_NAMES)} (or none when reached by IP)"
        )

    async def _untrusted(self, ssl_error: ssl.SSLError | None) -> CertificateError:
        detail = getattr(ssl_error, "verify_message", None)
        reason = f"not trusted ({detail})" if detail else "not trusted"
        try:
            presented = (
                await fetch_certificate(
                    self.host, self.port, sni_hostname=self.sni_hostname, timeout=self.timeout
                )
            ).sha256
        except PowerwallError:
            presented = None
        if self._cafile is not None or self._cadata is not None:
            advice = (
                "it does not match the exported certificate; export it again, or pin it with "
                f"pin_sha256={presented!r}"
                if presented
                else "it does not match the exported certificate"
            )
        elif presented:
            advice = (
                f"a gateway's certificate is self-signed: after checking it is your gateway's, "
                f"pin it with pin_sha256={presented!r} "
                f"(or `powerwall-async COMMAND --pin {presented}`)"
            )
        else:
            advice = "a gateway's certificate is self-signed: pin it with pin_sha256="
        return CertificateError(
            f"the certificate of {self._where} is {reason}; {advice}", sha256=presented
        )

    async def aclose(self) -> None:
        """Close the connection (a caller's httpx client is left open)."""
        self._closed = True
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.aclose()
