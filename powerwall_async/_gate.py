"""What the client will not send: during a cooldown, and endpoints known to be missing.

Error answers are mapped here (through :func:`~powerwall_async._errors.error_for_status`),
because two of them close the gate: a 429 (``lockout_cooldown``, or the ``Retry-After``) and a
503 (:data:`BUSY_COOLDOWN`, or the ``Retry-After``) keep every request back for a while; a 404
or 501 keeps that one endpoint back for the client's life.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from ._endpoint import Endpoint
from ._errors import (
    ApiError,
    EndpointNotSupportedError,
    GatewayBusyError,
    RateLimitedError,
    copy_error,
    error_for_status,
    retry_after_seconds,
)
from .transports import Response

__all__ = ["BUSY_COOLDOWN", "Gate"]

logger = logging.getLogger("powerwall_async")

BUSY_COOLDOWN = 5.0
"""Seconds nothing is sent after the gateway answered 503 without a ``Retry-After``."""


class Gate:
    """Cooldowns and remembered missing endpoints of one client."""

    def __init__(self, lockout_cooldown: float) -> None:
        self.lockout_cooldown = lockout_cooldown
        self.cooldown_until = 0.0
        self._cooldown_error: ApiError | None = None
        self._unsupported: dict[tuple[str, str], EndpointNotSupportedError] = {}

    def check(self, response: Response, endpoint: Endpoint[Any], path: str) -> Response:
        """Return a success; raise the error an error status means, closing the gate for it.

        A redirect (3xx) is an error too: the client never follows one, and a gateway's API
        does not redirect (a login answered 307 is not a login)."""
        if response.status < 300:
            return response
        method = endpoint.method
        retry_after = retry_after_seconds(response.headers)
        if response.status == 429:
            self._cool_down(retry_after if retry_after is not None else self.lockout_cooldown)
        elif response.status == 503:
            self._cool_down(retry_after if retry_after is not None else BUSY_COOLDOWN)
        error = error_for_status(
            response.status,
            response.body,
            method=method,
            path=path,
            retry_after=max(0.0, self.cooldown_until - time.monotonic()),
        )
        if isinstance(error, EndpointNotSupportedError):
            # Not on this firmware: it will not appear until the gateway updates, so the
            # client stops asking (pypowerwall once looped logins on the 404 of vitals).
            if endpoint.firmware:
                error.args = (f"{error.args[0]}. {endpoint.firmware}",)
            self._unsupported[(method, path)] = error
        if response.status in (429, 503):
            self._cooldown_error = error
        raise error

    def back_off(self, error: ApiError, seconds: float) -> None:
        """Keep every request back for ``seconds`` because of ``error``, an answer that said
        "busy" in its body rather than its status (v1r's busy fault comes with HTTP 200)."""
        self._cool_down(seconds)
        self._cooldown_error = error

    def _cool_down(self, seconds: float) -> None:
        self.cooldown_until = max(self.cooldown_until, time.monotonic() + seconds)
        logger.warning(
            "the gateway asked this client to back off; sending nothing for %.0f s", seconds
        )

    def refuse_early(self, method: str, path: str) -> None:
        """Raise without sending when the answer is already known."""
        known = self._unsupported.get((method, path))
        if known is not None:
            error = copy_error(known)
            error.args = (f"{known} (remembered from an earlier answer; not sent again)",)
            raise error
        remaining = self.cooldown_until - time.monotonic()
        cause = self._cooldown_error
        if remaining <= 0 or cause is None:
            return
        text = (
            f"{method} {path} not sent: the gateway answered {cause.status} to "
            f"{cause.path}; {remaining:.0f} s of the cooldown are left"
        )
        if isinstance(cause, RateLimitedError):
            raise RateLimitedError(
                text + ". Reuse the saved token (pw.token) rather than logging in again",
                retry_after=remaining,
                code=cause.code,
                error=cause.error,
                message=cause.message,
                path=path,
                method=method,
            )
        raise GatewayBusyError(
            text, status=cause.status, code=cause.code, error=cause.error, path=path, method=method
        )
