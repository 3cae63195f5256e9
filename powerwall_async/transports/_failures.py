"""One table from the HTTP engines' exceptions to :class:`PowerwallError` subclasses.

The TLS transport (on each of its engines) hands whatever its request raised to
:func:`translate`, in the spirit of httpx's ``map_httpcore_exceptions``: the first row whose
exception types match decides what the caller sees. The last row catches everything else, so a
transport raises only ``PowerwallError`` subclasses.
"""

from __future__ import annotations

import ssl
from collections.abc import Awaitable, Callable

import attrs
import httpcore
import httpx

from .._errors import (
    GatewayUnreachableError,
    PowerwallError,
    ResponseFormatError,
)
from . import _wording as wording
from ._certs import NOT_TLS_REASONS
from ._pin import PinMismatchError

__all__ = [
    "ENGINE_ERRORS",
    "ConnectFailedError",
    "Failure",
    "HandshakeError",
    "translate",
]


class ConnectFailedError(Exception):
    """No TCP connection could be made; ``__cause__`` says why."""


class HandshakeError(Exception):
    """The TCP connection was made but the TLS handshake failed; ``__cause__`` says why."""


@attrs.frozen
class Failure:
    """What is known when a request failed: where to, which request, how far it got."""

    host: str
    port: int
    sni_hostname: str | None
    exported_certificate: bool  # trust comes from cafile/cadata
    method: str
    path: str
    seconds: float
    tcp_connected: bool = False
    tls_established: bool = False

    @property
    def where(self) -> str:
        return wording.where(self.host, self.port)

    @property
    def request(self) -> str:
        return f"{self.method} {self.path}"


Translate = Callable[[BaseException, Failure], Awaitable[PowerwallError]]


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


async def _pin_mismatch(exc: BaseException, failure: Failure) -> PowerwallError:
    assert isinstance(exc, PinMismatchError)
    return wording.pin_mismatch(failure.where, None if exc.presented == "none" else exc.presented)


async def _connect_timeout(exc: BaseException, failure: Failure) -> PowerwallError:
    return wording.connect_timeout(failure.where)


async def _untrusted(ssl_error: ssl.SSLError | None, failure: Failure) -> PowerwallError:
    return await wording.untrusted(
        failure.host,
        failure.port,
        sni_hostname=failure.sni_hostname,
        seconds=failure.seconds,
        detail=getattr(ssl_error, "verify_message", None),
        exported_certificate=failure.exported_certificate,
    )


async def _handshake_failed(exc: BaseException, failure: Failure) -> PowerwallError:
    ssl_error, verification_failed = _ssl_reason(exc)
    if verification_failed:
        return await _untrusted(ssl_error, failure)
    if ssl_error is not None and ssl_error.reason in NOT_TLS_REASONS:
        return wording.not_tls(failure.where)
    return wording.sni_refused(failure.where, failure.sni_hostname)


async def _connect_failed(exc: BaseException, failure: Failure) -> PowerwallError:
    if failure.tcp_connected and not failure.tls_established:
        return await _handshake_failed(exc, failure)
    return wording.cannot_connect(failure.where, _os_reason(exc))


async def _timed_out(exc: BaseException, failure: Failure) -> PowerwallError:
    return wording.timed_out(failure.request, failure.where, failure.seconds)


async def _undecodable(exc: BaseException, failure: Failure) -> PowerwallError:
    return ResponseFormatError(f"{failure.where} sent a body that cannot be decoded: {exc}")


async def _proxy_refused(exc: BaseException, failure: Failure) -> PowerwallError:
    return GatewayUnreachableError(
        f"{failure.request}: the proxy refused the tunnel to {failure.where} ({exc})"
    )


async def _dropped(exc: BaseException, failure: Failure) -> PowerwallError:
    return wording.dropped(failure.request, failure.where, _os_reason(exc))


async def _unexpected(exc: BaseException, failure: Failure) -> PowerwallError:
    if type(exc).__module__.startswith("h2."):  # a broken HTTP/2 stream
        return await _dropped(exc, failure)
    return PowerwallError(
        f"{failure.request} to {failure.where} failed in the HTTP engine "
        f"({type(exc).__name__}); this is likely a bug in powerwall_async, please report it"
    )


ENGINE_ERRORS: tuple[tuple[tuple[type[BaseException], ...], Translate], ...] = (
    ((PinMismatchError,), _pin_mismatch),
    ((httpcore.ConnectTimeout, httpx.ConnectTimeout), _connect_timeout),
    ((HandshakeError,), _handshake_failed),
    ((ConnectFailedError, httpcore.ConnectError, httpx.ConnectError), _connect_failed),
    ((TimeoutError, httpcore.TimeoutException, httpx.TimeoutException), _timed_out),
    ((httpx.DecodingError,), _undecodable),
    ((httpcore.ProxyError, httpx.ProxyError), _proxy_refused),
    (
        (httpcore.NetworkError, httpcore.ProtocolError, httpx.TransportError, OSError),
        _dropped,
    ),
    ((Exception,), _unexpected),
)
"""Engine, ssl and OS exceptions → what a caller sees; the first matching row wins."""


async def translate(exc: BaseException, failure: Failure) -> PowerwallError:
    """The caller's error for ``exc`` (a ``PowerwallError`` is already one)."""
    if isinstance(exc, PowerwallError):
        return exc
    for types, translator in ENGINE_ERRORS:
        if isinstance(exc, types):
            return await translator(exc, failure)
    raise AssertionError("the last row catches every Exception")  # pragma: no cover
