"""Logins, sessions and the login lockout of the simulated gateway."""

from __future__ import annotations

import hmac
import secrets
import time
from collections import deque
from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["Auth", "LoginLimits"]


def _positive(instance: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if value <= 0:
        raise ValueError(f"{attribute.name} must be positive, not {value!r}")


@attrs.define(kw_only=True, on_setattr=attrs.setters.validate)
class LoginLimits:
    """After ``max_failures`` failed logins within ``window`` seconds, every login answers 429
    for ``lockout`` seconds (the gateway publishes no numbers; users report minutes to hours).
    """

    max_failures: int = attrs.field(default=5, validator=_positive)
    window: float = attrs.field(default=300.0, validator=_positive)
    lockout: float = attrs.field(default=600.0, validator=_positive)


class Auth:
    """The customer password, the live sessions and the failed-login bookkeeping.

    Change ``password``, ``limits`` or ``session_lifetime`` at any time; they apply to the next
    request. ``default_password``, when set, is the password printed on the gateway's label
    (the last five characters of its password), which firmware 24.36 and later refuse with
    401 "default password not supported" even when it is the customer password.
    """

    def __init__(
        self,
        password: str,
        *,
        limits: LoginLimits,
        session_lifetime: float | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.password = password
        self.default_password: str | None = None
        self.limits = limits
        self.session_lifetime = session_lifetime
        self._clock = clock
        self._sessions: dict[str, float | None] = {}
        self._failures: deque[float] = deque()
        self._locked_until = 0.0

    def __repr__(self) -> str:
        return f"<Auth: {len(self._sessions)} session(s), locked={self.locked}>"

    # -- lockout ---------------------------------------------------------------------------
    @property
    def locked(self) -> bool:
        """Whether logins are refused with 429 right now."""
        return self._clock() < self._locked_until

    def lock_out(self, seconds: float | None = None) -> None:
        """Refuse logins with 429 from now on for ``seconds`` (default ``limits.lockout``)."""
        self._locked_until = self._clock() + (self.limits.lockout if seconds is None else seconds)

    def unlock(self) -> None:
        """End a lockout and forget earlier failures."""
        self._locked_until = 0.0
        self._failures.clear()

    def _record_failure(self) -> None:
        now = self._clock()
        self._failures.append(now)
        while self._failures and self._failures[0] <= now - self.limits.window:
            self._failures.popleft()
        if len(self._failures) >= self.limits.max_failures:
            self._failures.clear()
            self.lock_out()

    # -- sessions --------------------------------------------------------------------------
    def refuses_default(self, password: str) -> bool:
        """Whether ``password`` is the label's default one, which this firmware refuses."""
        default = self.default_password
        return default is not None and hmac.compare_digest(password.encode(), default.encode())

    def login(self, username: str, password: str) -> str | None:
        """A new session token, or None for bad credentials (counted toward the lockout)."""
        matches = hmac.compare_digest(password.encode(), self.password.encode())
        if username != "customer" or not matches:
            self._record_failure()
            return None
        self._failures.clear()
        token = secrets.token_urlsafe(64)
        lifetime = self.session_lifetime
        self._sessions[token] = None if lifetime is None else self._clock() + lifetime
        return token

    def valid(self, token: str | None) -> bool:
        """Whether ``token`` names a live session."""
        if token is None or token not in self._sessions:
            return False
        expires = self._sessions[token]
        if expires is not None and self._clock() >= expires:
            del self._sessions[token]
            return False
        return True

    def end(self, token: str | None) -> None:
        """Log out ``token`` (no-op for an unknown one)."""
        if token is not None:
            self._sessions.pop(token, None)

    def expire_sessions(self) -> None:
        """End every session, as a gateway does when its sessions time out or it restarts."""
        self._sessions.clear()

    @property
    def session_count(self) -> int:
        """How many sessions are live."""
        return sum(1 for token in list(self._sessions) if self.valid(token))
