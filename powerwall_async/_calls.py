"""The calls in flight of one client: each within its deadline, all cancelled by closing."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any, TypeVar

import anyio

from ._errors import GatewayTimeoutError, PowerwallError

__all__ = ["Calls"]

T = TypeVar("T")


class Calls:
    """Runs calls within ``deadline`` seconds each; :meth:`close` cancels them."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self._scopes: set[anyio.CancelScope] = set()
        self._closed = False

    async def run(self, awaitable: Coroutine[Any, Any, T]) -> T:
        """Run one call within the deadline; refuse it once closed."""
        if self._closed:
            awaitable.close()
            raise PowerwallError("this client is closed; open a new one")
        # A cancel scope with a deadline, as anyio.fail_after makes (without its generator).
        scope = anyio.CancelScope(deadline=anyio.current_time() + self.deadline)
        self._scopes.add(scope)
        try:
            with scope:
                return await awaitable
        except TimeoutError as exc:
            if isinstance(exc, PowerwallError):
                raise
            raise self._timed_out() from None
        finally:
            self._scopes.discard(scope)
        # Only a scope cancelled, by its deadline or by close(), ends without a result.
        if anyio.current_time() >= scope.deadline:
            raise self._timed_out()
        raise PowerwallError("the client was closed while this call was in flight")

    def _timed_out(self) -> GatewayTimeoutError:
        return GatewayTimeoutError(
            f"the gateway did not answer within the call's deadline of {self.deadline:g} s"
        )

    def close(self) -> None:
        """Refuse new calls and cancel the ones in flight."""
        self._closed = True
        for scope in self._scopes:
            scope.cancel()
