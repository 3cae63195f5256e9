"""The customer login session (``POST /api/login/Basic``), and the "public" endpoints that
fall back on it when a firmware refuses them without one."""

from __future__ import annotations

import json
import logging
import re
from typing import TYPE_CHECKING

import anyio

from .._errors import (
    AccessDeniedError,
    AuthenticationError,
    PowerwallError,
    ResponseFormatError,
    copy_error,
    error_for_status,
)
from ..api.session import LOGIN, LOGOUT
from ._base import Auth, Channel, Refusal

if TYPE_CHECKING:
    from ..transports import Response

__all__ = ["CustomerLogin", "PublicAuth", "check_token"]

logger = logging.getLogger("powerwall_async")

_TOKEN = re.compile(r"[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+")
"""What a cookie value may hold (RFC 6265): visible ASCII but for ``"``, ``,``, ``;`` and ``\\``.
A token goes into the ``Cookie`` and ``Authorization`` headers as it is."""


def check_token(token: str) -> str:
    """``token`` when it can be sent in a header; ``ValueError`` (never quoting it) if not."""
    if not _TOKEN.fullmatch(token):
        raise ValueError(
            "the session token holds characters a header cannot carry (spaces, control or "
            "non-ASCII characters, quotes, commas or semicolons)"
        )
    return token


class CustomerLogin(Auth):
    """A login session as the customer: the token travels as bearer token and cookie.

    Logging in is single flight: the tasks that find the session refused together share one
    login. A refused login is remembered and not repeated (a deliberate :meth:`login` is);
    this is what keeps a client with a wrong password from locking the gateway out.
    """

    def __init__(
        self, *, password: str | None, email: str, token: str | None, enabled: bool = True
    ) -> None:
        self._password = password
        self._email = email
        self.token = check_token(token) if token is not None else None
        self.enabled = enabled
        """The transport's peer issues sessions (replayed recordings may not)."""
        self._lock = anyio.Lock()
        self._failure: AuthenticationError | None = None
        self._confirmed: str | None = None
        """The token that last had a request accepted: a session known to work."""

    def __repr__(self) -> str:
        return f"CustomerLogin(password={'set' if self._password else None})"

    # -- the strategy ------------------------------------------------------------------------
    def apply(self, headers: dict[str, str]) -> object:
        if self.token is not None:
            headers["authorization"] = f"Bearer {self.token}"
            headers["cookie"] = f"AuthCookie={self.token}"
        return self.token

    def missing(self) -> bool:
        return self.token is None and self._password is not None and self.enabled

    async def obtain(self, channel: Channel, *, replacing: object) -> None:
        await self._login(channel, observed=replacing)

    async def recover(self, channel: Channel, refusal: Refusal) -> Auth:
        if refusal.response.status == 403 and (
            refusal.obtained
            or (refusal.endpoint.side_effects and await self._works(channel, refusal.used))
        ):
            # The session works and this is still refused (newer firmware refuses customers'
            # writes): the role may not. Logging in again would only send the write twice.
            raise self.refusal_error(refusal)
        if self._password is None or not self.enabled or refusal.obtained:
            raise self.no_credentials(refusal)
        logger.info("the session was refused by %s; logging in again", refusal.where)
        await self._login(channel, observed=refusal.used)
        return self

    def refusal_error(self, refusal: Refusal) -> PowerwallError:
        if refusal.response.status == 401:
            return self.no_credentials(refusal)
        return super().refusal_error(refusal)

    def accepted(self, used: object) -> None:
        if isinstance(used, str):
            self._confirmed = used

    def no_credentials(self, refusal: Refusal) -> AuthenticationError:
        cause = "the saved token was refused" if self.token else "it needs a login session"
        fix = (
            "pass password= (the customer password) so the client can log in"
            if self._password is None
            else "the password was accepted at login but the session is refused; log in again"
        )
        status = refusal.response.status
        return AuthenticationError(
            f"{refusal.where} answered {status}: {cause}; {fix}",
            status=status,
            path=refusal.path,
            method=refusal.endpoint.method,
        )

    async def _works(self, channel: Channel, token: object) -> bool:
        """Whether ``token`` is a live session: known to be, or shown by one cheap read."""
        if token is None:
            return False
        if token == self._confirmed:
            return True
        from ..endpoints import named

        PROBE = named("system_status.grid_status")  # noqa: N806 - a declaration

        answer = await channel.send(PROBE, PROBE.url_path(), auth=self)
        if answer.status in (401, 403) or self.token != token:
            return False
        self._confirmed = token
        return True

    # -- logging in and out ------------------------------------------------------------------
    async def login(self, channel: Channel) -> None:
        """Log in now, even after an earlier failure (a deliberate retry by the caller)."""
        self._failure = None
        await self._login(channel, observed=self.token, forced=True)

    async def logout(self, channel: Channel) -> bool:
        """End the session: after a login in progress, and never by logging in first.

        True when the gateway ended a session; False when there was none, or the gateway
        had already ended it (it then refuses the logout with 401/403).
        """
        async with self._lock:
            if self.token is None:
                return False
            path = LOGOUT.url_path()
            try:
                response = await channel.send(LOGOUT, path, auth=self)
                if response.status in (401, 403):
                    return False
                channel.check(response, LOGOUT, path)
                return True
            finally:
                self.token = None
                self._confirmed = None

    async def _login(self, channel: Channel, *, observed: object, forced: bool = False) -> None:
        """Log in unless another task already replaced the token ``observed`` (single flight)."""
        path = LOGIN.url_path()
        async with self._lock:
            if not forced and self.token is not None and self.token != observed:
                return
            if self._failure is not None:
                raise copy_error(self._failure)
            if self._password is None:
                raise AuthenticationError(
                    "cannot log in: no password was given (pass password=, the customer password)",
                    status=401,
                    path=path,
                    method=LOGIN.method,
                )
            body = {
                "username": "customer",
                "password": self._password,
                "email": self._email,
                "force_sm_off": False,
            }
            logger.info("logging in to the gateway")
            response = await channel.send(LOGIN, path, body)
            if response.status in (401, 403):
                error = error_for_status(
                    response.status, response.body, method=LOGIN.method, path=path
                )
                self._failure = AuthenticationError(
                    f"{error} — not retried automatically (a deliberate login() tries again)",
                    status=error.status,
                    code=error.code,
                    error=error.error,
                    message=error.message,
                    path=path,
                    method=LOGIN.method,
                )
                raise copy_error(self._failure)
            channel.check(response, LOGIN, path)
            self.token = _login_token(response)
            logger.info("logged in")


def _login_token(response: Response) -> str:
    """The token of a login answer: the body's ``token`` (whatever else the body holds, in
    whatever shape a firmware gives it), else the ``AuthCookie`` cookie. Checked to fit in a
    header; the answer's body is never quoted (it may hold the token)."""
    try:
        data = json.loads(response.body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        data = None
    token = data.get("token") if isinstance(data, dict) else None
    if not isinstance(token, str) or not token:
        token = _cookie(response.headers.get("set-cookie", ""), "AuthCookie")
    if not token:
        raise ResponseFormatError(
            "the login answer carried no token (its body is withheld: it may hold one)"
        )
    try:
        return check_token(token)
    except ValueError as exc:
        raise ResponseFormatError(f"the login answer is unusable: {exc}") from None


def _cookie(header: str, name: str) -> str:
    for part in header.replace(",", ";").split(";"):
        key, sep, value = part.strip().partition("=")
        if sep and key == name:
            return value
    return ""


class PublicAuth(Auth):
    """Endpoints that need no login — until a firmware moves them behind it (20.49 did).

    A refused request is re-sent once with the customer session (logging in for it when
    there is none and a password is known). Refused even then, it is an
    :class:`AccessDeniedError`: only a refused login is an authentication error.
    """

    def __init__(self, customer: CustomerLogin) -> None:
        self.customer = customer

    async def recover(self, channel: Channel, refusal: Refusal) -> Auth:
        customer = self.customer
        if customer.token is None:
            if not customer.missing():
                raise customer.no_credentials(refusal)
            await customer.obtain(channel, replacing=None)
        return customer

    def refusal_error(self, refusal: Refusal) -> PowerwallError:
        status = refusal.response.status
        return AccessDeniedError(
            f"{refusal.where} answered {status} even with a login session: this firmware does "
            "not let the customer role read it",
            status=status,
            path=refusal.path,
            method=refusal.endpoint.method,
        )
