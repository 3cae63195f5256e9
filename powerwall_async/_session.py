"""The core every endpoint call goes through: login, retries, cooldowns, errors, decoding.

Nothing here knows a URL scheme or an HTTP library: requests leave through a
:class:`~powerwall_async.transports.Transport`.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Coroutine, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import anyio
import anyio.to_thread

from . import _retry
from ._endpoint import Endpoint
from ._errors import (
    ApiError,
    AuthenticationError,
    CertificateError,
    EndpointNotSupportedError,
    GatewayBusyError,
    GatewayTimeoutError,
    GatewayUnreachableError,
    PowerwallError,
    RateLimitedError,
    ResponseFormatError,
    error_for_status,
    retry_after_seconds,
)
from ._sharing import ResponseCache, SingleFlight
from .api.session import LOGIN, LOGOUT
from .transports import Request, Response, Transport

if TYPE_CHECKING:
    import cattrs

__all__ = ["Session"]

T = TypeVar("T")

logger = logging.getLogger("powerwall_async")

USER_AGENT = "powerwall-async"
BUSY_COOLDOWN = 5.0
"""Seconds nothing is sent after the gateway answered 503 without a ``Retry-After``."""
_RETRIED_STATUSES = frozenset({502, 503})
_DECODE_ERRORS = (ValueError, TypeError, KeyError, AttributeError, RecursionError)
"""What structuring odd JSON can raise besides cattrs' own validation errors."""


class GarbledBodyError(ResponseFormatError):
    """A body that is not JSON at all where JSON was due: damaged in transit, worth a retry."""


def _json_body(value: object) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def _decode_json(body: bytes, where: str) -> Any:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        preview = body[:80].decode("utf-8", "replace")
        raise GarbledBodyError(
            f"{where} answered with a body that is not JSON ({preview!r})", body=body
        ) from exc


def _declaration(method: str, path: str) -> Endpoint[Any] | None:
    from .endpoints import find  # every group's declarations: loaded for raw requests only

    return find(method, path)


class Session:
    """Holds the transport, the credentials and the token; sends every request."""

    def __init__(
        self,
        transport: Transport,
        *,
        password: str | None,
        email: str,
        token: str | None,
        timeout: float,
        deadline: float | None,
        max_retries: int,
        lockout_cooldown: float,
        max_in_flight: int = 2,
        merge_requests: bool = True,
        cache_ttl: float | Mapping[str, float] | None = None,
        converter: cattrs.Converter | None = None,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        if timeout <= 0:
            raise ValueError("timeout must be a positive number of seconds")
        if max_in_flight < 1:
            raise ValueError("max_in_flight must be at least 1")
        self.transport = transport
        self._password = password
        self._email = email
        self.token = token
        self.timeout = timeout
        self.deadline = deadline if deadline is not None else timeout * (max_retries + 1) + 5
        self.max_retries = max_retries
        self.lockout_cooldown = lockout_cooldown
        self._converter = converter
        self._in_flight = anyio.Semaphore(max_in_flight)
        self._merge = merge_requests
        self._flights: SingleFlight[str, Any] = SingleFlight()
        ttls = {"*": cache_ttl} if isinstance(cache_ttl, int | float) else dict(cache_ttl or {})
        self._cache: ResponseCache[str, Any] = ResponseCache(ttls)
        self._login_lock = anyio.Lock()
        self._login_failure: AuthenticationError | None = None
        self._login_absent = False
        """The login endpoint answered 404: replayed recordings, which need no session."""
        self._cooldown_until = 0.0
        self._cooldown_error: ApiError | None = None
        self._unsupported: dict[tuple[str, str], EndpointNotSupportedError] = {}
        self._confirmed: str | None = None
        """The token that last had a protected request accepted: a session known to work."""
        self._calls: set[anyio.CancelScope] = set()
        self._closed = False

    # -- public core -----------------------------------------------------------------------
    async def call(self, endpoint: Endpoint[T], *args: str, body: object = None) -> T:
        """Call a declared endpoint and return its decoded model."""
        path = endpoint.url_path(*args)
        if endpoint.side_effects:
            try:
                return await self._within_deadline(self._fetch(endpoint, path, body))
            finally:
                self._cache.clear()
        shareable = endpoint.method == "GET" and endpoint.retry and body is None
        if not shareable:
            return await self._within_deadline(self._fetch(endpoint, path, body))
        cached: T | None = self._cache.get(path)
        if cached is not None:
            return cached

        async def fetch() -> T:
            decoded = await self._within_deadline(self._fetch(endpoint, path, None))
            self._cache.put(path, endpoint.qualified_name, decoded)
            return decoded

        return await self._flights.run(path, fetch) if self._merge else await fetch()

    async def _fetch(self, endpoint: Endpoint[T], path: str, body: object) -> T:
        """Send and decode; a body garbled in transit (not JSON at all) is fetched once more
        when the endpoint is safe to repeat."""
        where = f"{endpoint.method} {path}"
        attempts = 2 if endpoint.retry else 1
        for attempt in range(attempts):
            response = await self._authorised(endpoint, path, body)
            try:
                return await self._decoded(endpoint, response, where)
            except ResponseFormatError as exc:
                if not isinstance(exc, GarbledBodyError) or attempt == attempts - 1:
                    raise
                logger.debug("%s answered a garbled body; fetching it again", where)
                await _retry.sleep(_retry.delay(attempt, None))
        raise AssertionError("unreachable")  # pragma: no cover

    async def request(self, method: str, path: str, *, json_body: object = None) -> Any:
        """Any request: JSON is decoded, other bodies come back as bytes, empty as None.

        A path the library declares keeps its declaration's rules (login, retries); anything
        else is sent once, with the session.
        """
        method = method.upper()
        path = "/" + path.lstrip("/")
        if not path.startswith("/api/"):
            path = "/api" + path
        declared = _declaration(method, path)
        endpoint = declared or Endpoint[Any]("", "request", method, path, Any, retry=False)
        if declared is not None and declared.side_effects:
            self._cache.clear()
        response = await self._deadlined(endpoint, path, json_body)
        if not response.body:
            return None
        if response.headers.get("content-type", "").startswith("application/json"):
            return _decode_json(response.body, f"{method} {path}")
        try:
            return json.loads(response.body)
        except (ValueError, UnicodeDecodeError, RecursionError):
            return response.body

    async def login(self) -> None:
        """Log in now, even after an earlier failure (a deliberate retry by the caller)."""
        self._login_failure = None
        await self._within_deadline(self._login(observed=self.token, forced=True))

    async def logout(self) -> bool:
        """End the session: after a login in progress, and never by logging in first.

        True when the gateway ended a session; False when there was none, or the gateway
        had already ended it (it then refuses the logout with 401/403).
        """
        async with self._login_lock:
            if self.token is None:
                return False
            try:
                response = await self._within_deadline(self._send(LOGOUT, LOGOUT.url_path(), None))
                if response.status in (401, 403):
                    return False
                self._checked(response, LOGOUT, LOGOUT.url_path())
                return True
            finally:
                self.token = None
                self._confirmed = None
                self._cache.clear()

    def close(self) -> None:
        """Refuse new calls and cancel the ones in flight (before the transport closes)."""
        self._closed = True
        for scope in self._calls:
            scope.cancel()

    # -- sending ---------------------------------------------------------------------------
    async def _within_deadline(self, awaitable: Coroutine[Any, Any, T]) -> T:
        if self._closed:
            awaitable.close()
            raise PowerwallError("this client is closed; open a new one")
        try:
            with anyio.fail_after(self.deadline) as scope:
                self._calls.add(scope)
                try:
                    return await awaitable
                finally:
                    self._calls.discard(scope)
        except TimeoutError as exc:
            if isinstance(exc, PowerwallError):
                raise
            raise GatewayTimeoutError(
                f"the gateway did not answer within the call's deadline of {self.deadline:g} s"
            ) from None
        # Only a scope cancelled by close() ends without a result or an error.
        raise PowerwallError("the client was closed while this call was in flight")

    async def _deadlined(self, endpoint: Endpoint[Any], path: str, body: object) -> Response:
        return await self._within_deadline(self._authorised(endpoint, path, body))

    async def _authorised(self, endpoint: Endpoint[Any], path: str, body: object) -> Response:
        """Send, logging in first or once more when the session is missing or has expired."""
        method = endpoint.method
        fresh = (
            endpoint.auth != "public"
            and self.token is None
            and self._password is not None
            and not self._login_absent
        )
        if fresh:
            await self._login(observed=None)
        used = self.token
        response = await self._send(endpoint, path, body)
        needs_login = endpoint.auth != "public"
        if response.status not in (401, 403) or not needs_login:
            if needs_login and used is not None and response.status < 400:
                self._confirmed = used
            return self._checked(response, endpoint, path)
        if response.status == 403 and (
            fresh or (endpoint.side_effects and await self._session_works(used))
        ):
            # The session works and this is still refused (newer firmware refuses customers'
            # writes): the role may not. Logging in again would only send the write twice.
            return self._checked(response, endpoint, path)
        if self._password is None or self._login_absent:
            raise self._no_credentials(response, method, path)
        logger.info("the session was refused by %s %s; logging in again", method, path)
        await self._login(observed=used)
        response = await self._send(endpoint, path, body)
        if response.status == 401:
            raise self._no_credentials(response, method, path)
        if response.status < 400:
            self._confirmed = self.token
        return self._checked(response, endpoint, path)

    async def _session_works(self, token: str | None) -> bool:
        """Whether ``token`` is a live session: known to be, or shown by one cheap read."""
        if token is None:
            return False
        if token == self._confirmed:
            return True
        from .endpoints import named

        probe = named("system_status.grid_status")
        answer = await self._send(probe, probe.url_path(), None)
        if answer.status in (401, 403) or self.token != token:
            return False
        self._confirmed = token
        return True

    def _no_credentials(self, response: Response, method: str, path: str) -> AuthenticationError:
        cause = "the saved token was refused" if self.token else "it needs a login session"
        fix = (
            "pass password= (the customer password) so the client can log in"
            if self._password is None
            else "the password was accepted at login but the session is refused; log in again"
        )
        return AuthenticationError(
            f"{method} {path} answered {response.status}: {cause}; {fix}",
            status=response.status,
            path=path,
        )

    def _checked(self, response: Response, endpoint: Endpoint[Any], path: str) -> Response:
        if response.status < 400:
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
            retry_after=max(0.0, self._cooldown_until - time.monotonic()),
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

    def _cool_down(self, seconds: float) -> None:
        self._cooldown_until = max(self._cooldown_until, time.monotonic() + seconds)
        logger.warning(
            "the gateway asked this client to back off; sending nothing for %.0f s", seconds
        )

    def _refuse_early(self, method: str, path: str) -> None:
        """Raise without sending when the answer is already known."""
        known = self._unsupported.get((method, path))
        if known is not None:
            raise EndpointNotSupportedError(
                f"{known} (remembered from an earlier answer; not sent again)",
                status=404,
                code=known.code,
                error=known.error,
                message=known.message,
                path=path,
            )
        remaining = self._cooldown_until - time.monotonic()
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
            )
        raise GatewayBusyError(
            text, status=cause.status, code=cause.code, error=cause.error, path=path
        )

    def _request(self, method: str, path: str, body: object, auth: bool) -> Request:
        headers = {"user-agent": USER_AGENT, "accept": "application/json"}
        content = b""
        if body is not None:
            content = body if isinstance(body, bytes) else _json_body(body)
            headers["content-type"] = "application/json"
        if auth and self.token is not None:
            headers["authorization"] = f"Bearer {self.token}"
            headers["cookie"] = f"AuthCookie={self.token}"
        return Request(method=method, path=path, headers=headers, body=content)

    async def _send(self, endpoint: Endpoint[Any], path: str, body: object) -> Response:
        """One logical request, repeated on transient failures when the endpoint allows it."""
        method = endpoint.method
        request = self._request(method, path, body, endpoint.auth != "public")
        attempts = self.max_retries + 1 if endpoint.retry else 1
        for attempt in range(attempts):
            self._refuse_early(method, path)
            last = attempt == attempts - 1
            try:
                async with self._in_flight:
                    response = await self.transport.send(request, timeout=self.timeout)
            except CertificateError:
                raise
            except GatewayUnreachableError as exc:
                if last:
                    raise
                logger.debug("%s %s failed (%s); retrying", method, path, exc)
                await _retry.sleep(_retry.delay(attempt, None))
                continue
            if response.status not in _RETRIED_STATUSES or last:
                return response
            wait = _retry.delay(attempt, retry_after_seconds(response.headers))
            if not _retry.fits(wait):
                # A wait past the call's deadline (a long Retry-After) is not waited out here:
                # the answer stands, and the cooldown it starts keeps later calls away.
                return response
            logger.debug("%s %s answered %d; retrying", method, path, response.status)
            await _retry.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    # -- login -----------------------------------------------------------------------------
    async def _login(self, *, observed: str | None, forced: bool = False) -> None:
        """Log in unless another task already replaced the token ``observed`` (single flight)."""
        async with self._login_lock:
            if not forced and self.token is not None and self.token != observed:
                return
            if self._login_failure is not None:
                raise copy_error(self._login_failure)
            if self._password is None:
                raise AuthenticationError(
                    "cannot log in: no password was given (pass password=, the customer password)",
                    status=401,
                    path=LOGIN.url_path(),
                )
            body = {
                "username": "customer",
                "password": self._password,
                "email": self._email,
                "force_sm_off": False,
            }
            logger.info("logging in to the gateway")
            response = await self._send(LOGIN, LOGIN.url_path(), body)
            if response.status == 404 and not forced:
                # Recordings replayed by the fixture transport hold no login; they need none.
                logger.info("no login endpoint (404); sending requests without a session")
                self._login_absent = True
                return
            if response.status in (401, 403):
                error = error_for_status(
                    response.status, response.body, method="POST", path=LOGIN.url_path()
                )
                self._login_failure = AuthenticationError(
                    f"{error} — not retried automatically (a deliberate login() tries again)",
                    status=error.status,
                    code=error.code,
                    error=error.error,
                    message=error.message,
                    path=LOGIN.url_path(),
                )
                raise copy_error(self._login_failure)
            self._checked(response, LOGIN, LOGIN.url_path())
            token = _login_token(response)
            if not token:
                raise ResponseFormatError(
                    "the login answer carried no token (its body is withheld: it may hold one)"
                )
            self.token = token
            logger.info("logged in")

    # -- decoding --------------------------------------------------------------------------
    @property
    def converter(self) -> cattrs.Converter:
        """The converter models are structured with (built on first use)."""
        if self._converter is None:
            from .models._converter import CONVERTER

            self._converter = CONVERTER
        return self._converter

    async def _decoded(self, endpoint: Endpoint[T], response: Response, where: str) -> T:
        """Decode off the event loop when the endpoint has a binary decoder (vitals: ~3 ms)."""
        if endpoint.decode is not None and response.body:
            return await anyio.to_thread.run_sync(endpoint.decode, response.body)
        return self._decode(endpoint, response, where)

    def _decode(self, endpoint: Endpoint[T], response: Response, where: str) -> T:
        if endpoint.model is None or (endpoint.side_effects and not response.body):
            return None  # type: ignore[return-value]
        if endpoint.decode is not None:
            return endpoint.decode(response.body)
        data = _decode_json(response.body, where)
        import cattrs  # loaded with the first answer, not with the package

        try:
            return self.converter.structure(data, endpoint.model)  # type: ignore[no-any-return]
        except (cattrs.BaseValidationError, *_DECODE_ERRORS) as exc:
            detail = (
                "; ".join(cattrs.transform_error(exc))
                if isinstance(exc, cattrs.BaseValidationError)
                else str(exc)
            )
            raise ResponseFormatError(
                f"{where} answered JSON of an unexpected shape: {detail}", body=response.body
            ) from None


def copy_error(error: AuthenticationError) -> AuthenticationError:
    """A fresh exception object with the same content (one raise, one traceback)."""
    return AuthenticationError(
        str(error),
        status=error.status,
        code=error.code,
        error=error.error,
        message=error.message,
        path=error.path,
    )


def _login_token(response: Response) -> str:
    """The token of a login answer: the body's ``token`` (whatever else the body holds, in
    whatever shape a firmware gives it), else the ``AuthCookie`` cookie."""
    try:
        data = json.loads(response.body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        data = None
    token = data.get("token") if isinstance(data, dict) else None
    if isinstance(token, str) and token:
        return token
    return _cookie(response.headers.get("set-cookie", ""), "AuthCookie")


def _cookie(header: str, name: str) -> str:
    for part in header.replace(",", ";").split(";"):
        key, sep, value = part.strip().partition("=")
        if sep and key == name:
            return value
    return ""
