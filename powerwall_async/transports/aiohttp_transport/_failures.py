"""What aiohttp, ssl and the OS raise, turned into the errors a caller sees: one table.

Each row pairs an exception class with the function that words the
:class:`~powerwall_async.PowerwallError` for it; the first row whose class matches wins, so
subclasses come before their bases. The messages are those of the TLS transport, so a user
reads the same advice whichever transport carried the request.

No message quotes an aiohttp exception's text: a ``ClientResponseError`` carries the request's
headers (the session token among them) in its ``request_info``.
"""

from __future__ import annotations

import errno
import socket
import ssl
from collections.abc import Awaitable, Callable, Iterator

import aiohttp
import attrs

from ..._errors import (
    GatewayUnreachableError,
    PowerwallError,
)
from .. import _wording as wording
from .._certs import NOT_TLS_REASONS, format_sha256

__all__ = ["Attempt", "powerwall_error_for"]

_NO_ROUTE = frozenset(
    {
        errno.ECONNREFUSED,
        errno.ENETUNREACH,
        errno.EHOSTUNREACH,
        errno.EHOSTDOWN,
        errno.EADDRNOTAVAIL,
    }
)
_REASON_LIMIT = 120


@attrs.frozen
class Attempt:
    """One request as far as failure messages need it (never its headers or body)."""

    method: str
    path: str
    host: str
    port: int
    sni_hostname: str | None
    seconds: float
    cafile_given: bool

    @property
    def where(self) -> str:
        return wording.where(self.host, self.port)


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and what lies under it, skipping aiohttp's wrappers (their words say little)."""
    seen: BaseException | None = exc
    while seen is not None:
        if not isinstance(seen, aiohttp.ClientError):
            yield seen
        inner = getattr(seen, "os_error", None)  # aiohttp's connector errors keep it here
        seen = inner if isinstance(inner, OSError) else seen.__cause__ or seen.__context__


def _reason(exc: BaseException) -> str:
    """The OS's or OpenSSL's words for ``exc``, from the innermost cause that has them."""
    for cause in _causes(exc):
        if isinstance(cause, ssl.SSLError) and cause.reason:
            return str(cause.reason)
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror
    return type(exc).__name__


def _ssl_error(exc: BaseException) -> ssl.SSLError | None:
    return next((cause for cause in _causes(exc) if isinstance(cause, ssl.SSLError)), None)


def _pin_mismatch(attempt: Attempt, exc: BaseException) -> PowerwallError:
    got = getattr(exc, "got", b"")
    return wording.pin_mismatch(attempt.where, format_sha256(got) if got else None)


async def _untrusted(attempt: Attempt, exc: BaseException) -> PowerwallError:
    return await wording.untrusted(
        attempt.host,
        attempt.port,
        sni_hostname=attempt.sni_hostname,
        seconds=attempt.seconds,
        detail=getattr(getattr(exc, "certificate_error", None), "verify_message", None),
        exported_certificate=attempt.cafile_given,
    )


def _handshake_failed(attempt: Attempt, exc: BaseException) -> PowerwallError:
    failure = _ssl_error(exc)
    if failure is not None and failure.reason in NOT_TLS_REASONS:
        return wording.not_tls(attempt.where)
    return wording.sni_refused(attempt.where, attempt.sni_hostname)


def _cannot_connect(attempt: Attempt, exc: BaseException) -> PowerwallError:
    os_error = getattr(exc, "os_error", None)
    if (
        isinstance(os_error, OSError)
        and os_error.errno not in _NO_ROUTE
        and not isinstance(os_error, ConnectionRefusedError | socket.gaierror)
    ):
        # TCP was up: the peer dropped the connection during the TLS handshake, which is how
        # a gateway refuses an SNI name it does not serve.
        return _handshake_failed(attempt, exc)
    return wording.cannot_connect(attempt.where, _reason(exc))


def _proxy_unreachable(attempt: Attempt, exc: BaseException) -> PowerwallError:
    return GatewayUnreachableError(
        f"cannot reach {attempt.where} through the application's proxy ({_reason(exc)})"
    )


def _proxy_refused(attempt: Attempt, exc: BaseException) -> PowerwallError:
    status = getattr(exc, "status", "?")
    return GatewayUnreachableError(
        f"the application's proxy refused the tunnel to {attempt.where} (HTTP {status})"
    )


def _connect_timeout(attempt: Attempt, exc: BaseException) -> PowerwallError:
    return wording.connect_timeout(attempt.where)


def _timed_out(attempt: Attempt, exc: BaseException) -> PowerwallError:
    return wording.timed_out(f"{attempt.method} {attempt.path}", attempt.where, attempt.seconds)


def _dropped(attempt: Attempt, exc: BaseException) -> PowerwallError:
    reason = _reason(exc)[:_REASON_LIMIT]
    return wording.dropped(f"{attempt.method} {attempt.path}", attempt.where, reason)


def _malformed(attempt: Attempt, exc: BaseException) -> PowerwallError:
    return GatewayUnreachableError(
        f"{attempt.method} {attempt.path}: {attempt.where} sent something that is not an HTTP "
        "answer; the gateway may be restarting or another device answers at this address"
    )


Mapper = Callable[[Attempt, BaseException], PowerwallError | Awaitable[PowerwallError]]

TABLE: tuple[tuple[type[BaseException], Mapper], ...] = (
    (aiohttp.ServerFingerprintMismatch, _pin_mismatch),
    (aiohttp.ClientConnectorCertificateError, _untrusted),
    (aiohttp.ClientConnectorSSLError, _handshake_failed),
    (aiohttp.ClientProxyConnectionError, _proxy_unreachable),
    (aiohttp.ClientHttpProxyError, _proxy_refused),
    (aiohttp.ConnectionTimeoutError, _connect_timeout),
    (aiohttp.ClientConnectorError, _cannot_connect),
    (TimeoutError, _timed_out),  # aiohttp's read timeouts and the whole-request deadline
    (aiohttp.ClientResponseError, _malformed),  # the answer could not be parsed as HTTP
    (aiohttp.ClientError, _dropped),
    (ssl.SSLError, _dropped),
    (OSError, _dropped),
)
"""Every failure of a request, most specific first."""


async def powerwall_error_for(attempt: Attempt, exc: BaseException) -> PowerwallError | None:
    """The error a caller sees for ``exc``, or None when it is not a network failure (a bug)."""
    for kind, mapper in TABLE:
        if isinstance(exc, kind):
            error = mapper(attempt, exc)
            return error if isinstance(error, PowerwallError) else await error
    return None
