"""Sharing answers between callers: identical GETs in flight merged, and an optional TTL cache."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Generic, TypeVar

import anyio
import attrs

from ._errors import copy_error

__all__ = ["ResponseCache", "SingleFlight"]

K = TypeVar("K")
V = TypeVar("V")


@attrs.define
class _Flight(Generic[V]):
    done: anyio.Event = attrs.field(factory=anyio.Event)
    value: V | None = None
    error: Exception | None = None
    finished: bool = False


class SingleFlight(Generic[K, V]):
    """Runs one call per key at a time; callers arriving meanwhile get the same outcome.

    If the call that is in flight is cancelled, the callers that were waiting for it do not
    inherit the cancellation: one of them makes the call again.
    """

    def __init__(self) -> None:
        self._flights: dict[K, _Flight[V]] = {}

    def __len__(self) -> int:
        return len(self._flights)

    async def run(self, key: K, call: Callable[[], Awaitable[V]]) -> V:
        while True:
            flight = self._flights.get(key)
            if flight is None:
                return await self._lead(key, call)
            await flight.done.wait()
            if flight.error is not None:
                # Each caller gets its own exception object (tracebacks stay separate).
                raise copy_error(flight.error)
            if flight.finished:
                return flight.value  # type: ignore[return-value]
            # The leader was cancelled: try again, possibly leading this time.

    async def _lead(self, key: K, call: Callable[[], Awaitable[V]]) -> V:
        flight: _Flight[V] = _Flight()
        self._flights[key] = flight
        try:
            flight.value = await call()
        except Exception as exc:
            flight.error = exc
            raise
        else:
            flight.finished = True
            return flight.value
        finally:
            del self._flights[key]
            flight.done.set()


class ResponseCache(Generic[K, V]):
    """Answers kept for a time to live per key kind; off unless a TTL is configured."""

    def __init__(self, ttls: Mapping[str, float]) -> None:
        for name, ttl in ttls.items():
            if ttl < 0:
                raise ValueError(f"cache TTL for {name!r} must not be negative")
        self._ttls = dict(ttls)
        self._entries: dict[K, tuple[float, V]] = {}

    def ttl(self, name: str) -> float:
        return self._ttls.get(name, self._ttls.get("*", 0.0))

    def get(self, key: K) -> V | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires, value = entry
        if time.monotonic() >= expires:
            del self._entries[key]
            return None
        return value

    def put(self, key: K, name: str, value: V) -> None:
        ttl = self.ttl(name)
        if ttl > 0:
            self._entries[key] = (time.monotonic() + ttl, value)

    def clear(self) -> None:
        self._entries.clear()
