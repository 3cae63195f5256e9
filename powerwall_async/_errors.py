"""Every failure a caller can meet is a :class:`PowerwallError`.

The tree::

    PowerwallError
    ├── GatewayUnreachableError        no connection, connection dropped, not a TLS port
    │   └── GatewayTimeoutError        also a builtin TimeoutError
    ├── CertificateError               untrusted, pin mismatch, SNI refused: nothing was sent
    ├── ApiError(status, code, error, message)
    │   ├── AuthenticationError        401, bad credentials, default password rejected
    │   │   └── GatewayPasswordError   TEDAPI v1: the gateway password is missing or refused
    │   ├── AccessDeniedError          403 with a valid session: the role is not allowed
    │   ├── EndpointNotSupportedError  404 or 501: not on this firmware or gateway model
    │   ├── RateLimitedError           429: no request is sent again before ``retry_after``
    │   ├── SitemasterStoppedError     502 with an empty body: the system is stopped
    │   └── GatewayBusyError           503 and other 5xx
    └── ResponseFormatError            the body is not what the endpoint returns

HTTP answers are turned into these in one place, :func:`error_for_status`. Nothing here ever
formats a password, token or cookie into a message, nor a web page the gateway sent.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Mapping
from typing import TypeVar

__all__ = [
    "AccessDeniedError",
    "ApiError",
    "AuthenticationError",
    "CertificateError",
    "EndpointNotSupportedError",
    "GatewayBusyError",
    "GatewayPasswordError",
    "GatewayTimeoutError",
    "GatewayUnreachableError",
    "PowerwallError",
    "RateLimitedError",
    "ResponseFormatError",
    "SitemasterStoppedError",
    "copy_error",
    "error_for_status",
]

E = TypeVar("E", bound=BaseException)


class PowerwallError(Exception):
    """Base class of every error raised by powerwall_async."""


class GatewayUnreachableError(PowerwallError):
    """No usable connection to the gateway: refused, dropped, or not speaking TLS."""


class GatewayTimeoutError(GatewayUnreachableError, TimeoutError):
    """The gateway did not answer in time (connect, read, or the call's overall deadline)."""


class CertificateError(PowerwallError):
    """The TLS peer could not be trusted, or refused the handshake; no request was sent.

    ``sha256`` is the fingerprint the peer presented (colon-separated upper-case hex) when it
    could be read, so that it can be checked against the gateway and pinned.
    """

    def __init__(self, message: str, *, sha256: str | None = None) -> None:
        super().__init__(message)
        self.sha256 = sha256


class ResponseFormatError(PowerwallError):
    """The gateway answered, but not what the endpoint returns; ``body`` keeps the raw bytes."""

    def __init__(self, message: str, *, body: bytes = b"") -> None:
        super().__init__(message)
        self.body = body


class ApiError(PowerwallError):
    """The gateway answered with an HTTP error status.

    ``code``, ``error`` and ``message`` come from the gateway's JSON error body
    (``{"code": 500, "error": "no phase information", "message": "..."}``) when it sent one;
    ``method`` and ``path`` name the request that was answered.
    """

    def __init__(
        self,
        text: str,
        *,
        status: int,
        code: int | None = None,
        error: str = "",
        message: str = "",
        path: str = "",
        method: str = "",
    ) -> None:
        super().__init__(text)
        self.status = status
        self.code = code
        self.error = error
        self.message = message
        self.path = path
        self.method = method


class AuthenticationError(ApiError):
    """The gateway rejected the credentials (or there are none to log in with)."""


class GatewayPasswordError(AuthenticationError):
    """TEDAPI v1's HTTP Basic credentials did not work: no gateway password was given, or the
    gateway refused it (a wrong password, or, on firmware 25.10 and later, a request from
    outside the gateway's own Wi-Fi network). Not the customer password: asking for that again
    cannot help.
    """


class AccessDeniedError(ApiError):
    """The session is valid but the customer role may not do this (newer firmware, writes)."""


class EndpointNotSupportedError(ApiError):
    """The endpoint does not exist on this firmware or gateway model (HTTP 404 or 501)."""


class RateLimitedError(ApiError):
    """The gateway is rate limiting this client (HTTP 429).

    ``retry_after`` is the number of seconds until the client sends anything again.
    """

    def __init__(
        self,
        text: str,
        *,
        retry_after: float,
        status: int = 429,
        code: int | None = None,
        error: str = "",
        message: str = "",
        path: str = "",
        method: str = "",
    ) -> None:
        super().__init__(
            text, status=status, code=code, error=error, message=message, path=path, method=method
        )
        self.retry_after = retry_after


class SitemasterStoppedError(ApiError):
    """The gateway answers 502 with an empty body: the system (sitemaster) is stopped."""


class GatewayBusyError(ApiError):
    """The gateway is busy or failing (503 "current config mode is busy", other 5xx)."""


_HINTS: dict[int, str] = {
    401: (
        "check the customer password (the one set in the gateway's wizard; firmware 24.36 and "
        "later reject the default password printed on the label)"
    ),
    403: (
        "the customer role may not do this on this firmware (newer firmware refuses most "
        "writes to customers)"
    ),
    404: "this firmware or gateway model does not offer this endpoint",
    501: "this firmware or gateway model does not implement this endpoint",
    429: "wait before trying again, and reuse the saved token instead of logging in again",
    502: "the system is stopped; start it with sitemaster.run() or wait for it to come back",
    503: "the gateway is busy (configuration or update in progress); try again shortly",
}


def parse_error_body(body: bytes) -> tuple[int | None, str, str]:
    """The gateway's error JSON ``{"code", "error", "message"}``, or empties when absent."""
    if not body.strip():
        return None, "", ""
    try:
        data = json.loads(body)
    except ValueError:
        return None, _plain_text(body), ""
    if not isinstance(data, dict):
        return None, "", ""
    code = data.get("code")
    return (
        code if isinstance(code, int) and not isinstance(code, bool) else None,
        str(data.get("error") or ""),
        str(data.get("message") or ""),
    )


def _plain_text(body: bytes) -> str:
    """A short plain-text error body as it is ("404 page not found"); a web page, or anything
    long or odd, is left out of messages (it is noise, and may echo what was sent)."""
    text = body.decode("utf-8", "replace").strip()
    if len(text) > 200 or "<" in text or not text.isprintable():
        return ""
    return text


def copy_error(error: E) -> E:
    """A fresh exception object with the same content: one raise, one traceback per caller.

    Works for every error class here (their keyword-only arguments defeat ``copy.copy``).
    """
    clone = type(error).__new__(type(error))
    clone.args = error.args
    clone.__dict__.update(error.__dict__)
    clone.__cause__ = error.__cause__
    clone.__suppress_context__ = error.__suppress_context__
    return clone


MAX_RETRY_AFTER = 3600.0
"""A longer ``Retry-After`` is taken as this: a client never goes quiet for more than an hour."""


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """The ``Retry-After`` header in seconds, when the gateway sent a usable one: a number of
    seconds, or an HTTP date (seconds until then; a date in the past means now)."""
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        seconds: float | None = float(value)
    except ValueError:
        seconds = _seconds_until(value)
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        return None
    return min(seconds, MAX_RETRY_AFTER)


def _seconds_until(date: str) -> float | None:
    # email.utils costs a sixth of the package's import time; a dated Retry-After is rare.
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(date)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # HTTP dates are GMT
        return None
    return max(0.0, when.timestamp() - time.time())


def error_for_status(
    status: int,
    body: bytes,
    *,
    method: str,
    path: str,
    retry_after: float | None = None,
) -> ApiError:
    """The one mapping from an HTTP error answer to the exception a caller sees."""
    code, error, message = parse_error_body(body)
    detail = ": ".join(part for part in (error, message) if part)
    text = f"{method} {path} answered {status}" + (f" ({detail})" if detail else "")
    cls: type[ApiError]
    if status == 401:
        cls = AuthenticationError
        if "default password" in error.lower():
            text += (
                "; this firmware rejects the default password: set a customer password in "
                "the gateway's wizard and use that"
            )
    elif status == 403:
        cls = AccessDeniedError
    elif status in (404, 501):
        cls = EndpointNotSupportedError
    elif status == 429:
        wait = 0.0 if retry_after is None else retry_after
        return RateLimitedError(
            f"{text}; no request will be sent for {wait:.0f} s. {_HINTS[429]}",
            retry_after=wait,
            status=status,
            code=code,
            error=error,
            message=message,
            path=path,
            method=method,
        )
    elif status == 502 and not body.strip():
        cls = SitemasterStoppedError
    elif status >= 500:
        cls = GatewayBusyError
    else:
        cls = ApiError
        if 300 <= status < 400:
            text += (
                ": a redirect, which this client never follows (the gateway's API does not "
                "redirect; check that the URL reaches the gateway itself, not a proxy or portal)"
            )
    hint = _HINTS.get(status)
    if hint and cls is not ApiError:
        text = f"{text}; {hint}"
    return cls(
        text, status=status, code=code, error=error, message=message, path=path, method=method
    )
