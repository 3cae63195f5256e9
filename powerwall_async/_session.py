"""The core every endpoint call goes through: deadline, sharing, one retry budget, decoding.

Nothing here knows a URL scheme, an HTTP library, a login path or a credentials header:
requests leave through a :class:`~powerwall_async.transports.Transport`, credentials come
from each endpoint family's :class:`~powerwall_async._auth.Auth` strategy.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import anyio
import anyio.to_thread

from . import _retry
from ._auth import Auth, Refusal
from ._calls import Calls
from ._decode import GarbledBodyError, decode, raw_answer
from ._endpoint import Endpoint
from ._errors import (
    CertificateError,
    GatewayUnreachableError,
    PowerwallError,
    retry_after_seconds,
)
from ._gate import Gate
from ._outgoing import Binary, InFlight, build_request
from ._sharing import ResponseCache, SingleFlight
from .endpoints import find as _find_endpoint
from .transports import Request, Response, Transport
from .transports._limits import check_seconds

if TYPE_CHECKING:
    import cattrs

__all__ = ["Session"]

T = TypeVar("T")

logger = logging.getLogger("powerwall_async")

_RETRIED_STATUSES = frozenset({502, 503})


def _own(value: T) -> T:
    """The caller's own copy of a shared answer. Models are immutable all the way down; a list
    of them (an endpoint answering a JSON list) is copied, so that no caller can change what
    another receives."""
    return list(value) if isinstance(value, list) else value  # type: ignore[return-value]


class Session:
    """Sends every request of one client: the transport, the strategies, the gates.

    It is the :class:`~powerwall_async._auth.Channel` its strategies send through.
    """

    def __init__(
        self,
        transport: Transport,
        auths: Mapping[str, Auth],
        *,
        timeout: float,
        deadline: float | None,
        max_retries: int,
        lockout_cooldown: float,
        max_in_flight: int = 2,
        family_in_flight: Mapping[str, int] | None = None,
        merge_requests: bool = True,
        cache_ttl: float | Mapping[str, float] | None = None,
        converter: cattrs.Converter | None = None,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        self.transport = transport
        self.auths = dict(auths)
        self.timeout = check_seconds("timeout", timeout)
        self.deadline = check_seconds(
            "deadline", deadline if deadline is not None else timeout * (max_retries + 1) + 5
        )
        self.max_retries = max_retries
        self.gate = Gate(lockout_cooldown)
        self._converter = converter
        self._in_flight = InFlight(max_in_flight, family_in_flight)
        self._merge = merge_requests
        self._flights: SingleFlight[str, Any] = SingleFlight()
        ttls = {"*": cache_ttl} if isinstance(cache_ttl, int | float) else dict(cache_ttl or {})
        self._cache: ResponseCache[str, Any] = ResponseCache(ttls)
        self._calls = Calls(self.deadline)

    # -- calls -------------------------------------------------------------------------------
    async def call(self, endpoint: Endpoint[T], *args: str, body: object = None) -> T:
        """Call a declared endpoint and return its decoded model."""
        path = endpoint.url_path(*args)
        shareable = endpoint.method == "GET" and endpoint.retry and not endpoint.side_effects
        if not shareable or body is not None:
            sent: T = await self.run(self._exchange(endpoint, path, body, self._decoded))
            return sent
        cached: T | None = self._cache.get(path)
        if cached is not None:
            return _own(cached)
        if not self._merge:
            fetched: T = await self.run(self._exchange(endpoint, path, None, self._decoded))
            return _own(fetched)

        async def fetch_and_keep() -> T:
            value: T = await self.run(self._exchange(endpoint, path, None, self._decoded))
            self._cache.put(path, endpoint.qualified_name, value)
            return value

        shared: T = await self._flights.run(path, fetch_and_keep)
        return _own(shared)

    async def _decoded(self, endpoint: Endpoint[T], response: Response, where: str) -> T:
        return await decode(endpoint, response, where, self.converter)

    async def request(self, method: str, path: str, *, json_body: object = None) -> Any:
        """Any request: JSON is decoded, other bodies come back as bytes, empty as None.

        An absolute path (``/tedapi/din``) is sent as given; a relative one
        (``meters/aggregates``) under ``/api/``. A path the library declares keeps its
        declaration's rules (credentials, retries); anything else is sent once, with the
        customer session.
        """
        method = method.upper()
        if not path.startswith("/"):
            path = "/api/" + path
        declared = _find_endpoint(method, path)
        endpoint = declared or Endpoint[Any]("", "request", method, path, Any, retry=False)

        async def answer(_: Endpoint[Any], response: Response, where: str) -> Any:
            return raw_answer(response, where)

        return await self.run(self._exchange(endpoint, path, json_body, answer))

    async def exchange(
        self, endpoint: Endpoint[Any], path: str, body: Binary | None, read: Callable[[bytes], T]
    ) -> T:
        """A call whose answer ``read`` decodes from the body (in a worker thread, within the
        call's deadline): TEDAPI's protobuf exchanges. The endpoint's rules apply as for
        :meth:`call` (credentials, retries, cooldowns, the in-flight limits); nothing is
        cached or merged here."""

        async def value(_: Endpoint[Any], response: Response, where: str) -> T:
            return await anyio.to_thread.run_sync(read, response.body, abandon_on_cancel=True)

        return await self.run(self._exchange(endpoint, path, body, value))

    def cached(self, key: str) -> Any:
        """An answer kept under ``key`` by :meth:`keep` and not yet expired, or ``None``."""
        return self._cache.get(key)

    def keep(self, key: str, name: str, value: object) -> None:
        """Keep ``value`` for the cache TTL of the endpoint named ``name`` (any write clears
        it)."""
        self._cache.put(key, name, value)

    async def run(self, awaitable: Coroutine[Any, Any, T]) -> T:
        """Run one call within the deadline; refuse it once the client is closed."""
        return await self._calls.run(awaitable)

    def close(self) -> None:
        """Refuse new calls and cancel the ones in flight (before the transport closes)."""
        self._calls.close()

    # -- one call: the attempts, under one budget ------------------------------------------
    async def _exchange(
        self,
        endpoint: Endpoint[Any],
        path: str,
        body: object,
        value: Callable[[Endpoint[Any], Response, str], Awaitable[T]],
    ) -> T:
        family = self._auth(endpoint)
        auth = family
        budget = _retry.Budget(self.max_retries if endpoint.retry else 0)
        obtained = False
        where = f"{endpoint.method} {path}"
        while True:
            if not obtained and auth.missing():
                await auth.obtain(self, replacing=None)
                obtained = True
            used, request = build_request(endpoint.method, path, body, auth)
            try:
                response = await self._send(endpoint, request)
            except CertificateError:
                raise
            except GatewayUnreachableError as exc:
                wait = budget.again()
                if wait is None:
                    raise
                logger.debug("%s failed (%s); retrying", where, exc)
                await _retry.sleep(wait)
                continue
            if auth.refused(response):
                refusal = Refusal(response, endpoint, path, used, obtained)
                if not budget.reauthenticate():
                    raise family.refusal_error(refusal)
                auth = await auth.recover(self, refusal)
                obtained = True
                continue
            if response.status in _RETRIED_STATUSES:
                retry_after = retry_after_seconds(response.headers)
                wait = budget.again(busy=True, retry_after=retry_after)
                if wait is not None:
                    logger.debug("%s answered %d; retrying", where, response.status)
                    await _retry.sleep(wait)
                    continue
            self.check(response, endpoint, path)
            auth.accepted(used)
            try:
                return await value(endpoint, response, where)
            except GarbledBodyError:
                wait = budget.again()
                if wait is None:
                    raise
                logger.debug("%s answered a garbled body; fetching it again", where)
                await _retry.sleep(wait)

    def _auth(self, endpoint: Endpoint[Any]) -> Auth:
        try:
            return self.auths[endpoint.auth]
        except KeyError:
            raise PowerwallError(
                f"{endpoint.qualified_name} needs credentials of the kind {endpoint.auth!r}, "
                "which this client has no strategy for"
            ) from None

    # -- the channel strategies send through -------------------------------------------------
    async def send(
        self, endpoint: Endpoint[Any], path: str, body: object = None, *, auth: Auth | None = None
    ) -> Response:
        """One request (cooldowns and the in-flight limit apply; never repeated)."""
        _, request = build_request(endpoint.method, path, body, auth)
        return await self._send(endpoint, request)

    def check(self, response: Response, endpoint: Endpoint[Any], path: str) -> Response:
        """Return a success; raise the error an HTTP error status means."""
        return self.gate.check(response, endpoint, path)

    async def _send(self, endpoint: Endpoint[Any], request: Request) -> Response:
        self.gate.refuse_early(request.method, request.path)
        family = self._in_flight.family(request.path)
        try:
            if family is None:
                async with self._in_flight.all:
                    return await self.transport.send(request, timeout=self.timeout)
            async with family, self._in_flight.all:  # always in this order: no deadlock
                return await self.transport.send(request, timeout=self.timeout)
        finally:
            if endpoint.side_effects:
                self._cache.clear()

    # -- decoding ----------------------------------------------------------------------------
    @property
    def converter(self) -> cattrs.Converter:
        """The converter models are structured with (built on first use)."""
        if self._converter is None:
            from .models._converter import CONVERTER

            self._converter = CONVERTER
        return self._converter
