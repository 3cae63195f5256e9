"""The simulator's record of every request it received, for tests to assert on.

It holds no secrets: no bodies, no headers, no query strings, only what reached the gateway
and how it answered.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import overload

import attrs

__all__ = ["LoggedRequest", "RequestLog"]


@attrs.define(kw_only=True)
class LoggedRequest:
    """One request as the simulator saw it.

    ``authenticated`` tells whether it carried a live session; ``status`` is None while the
    answer is pending (or for a request that was never answered, like a hung login);
    ``fault`` names an injected fault (``"latency"`` is not one: it only delays);
    ``time`` is wall-clock seconds (``time.time()``) at arrival; ``client`` the peer's
    (address, port): requests with the same one came over the same connection.
    """

    method: str
    path: str
    authenticated: bool = False
    status: int | None = None
    fault: str | None = None
    http_version: str = "1.1"
    client: tuple[str, int] | None = None
    time: float = attrs.field(factory=time.time)


class RequestLog(Sequence[LoggedRequest]):
    """Every request received, oldest first. Indexable, iterable, and filterable::

    assert sim.request_log.matching("POST", "/api/login/Basic") == []
    assert len(sim.request_log.matching(path="/api/operation", method="POST")) == 1
    """

    def __init__(self) -> None:
        self._entries: list[LoggedRequest] = []

    def __repr__(self) -> str:
        return f"<RequestLog: {len(self._entries)} request(s)>"

    @overload
    def __getitem__(self, index: int) -> LoggedRequest: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[LoggedRequest]: ...
    def __getitem__(self, index: int | slice) -> LoggedRequest | Sequence[LoggedRequest]:
        return self._entries[index]

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[LoggedRequest]:
        return iter(list(self._entries))

    def add(self, entry: LoggedRequest) -> LoggedRequest:
        """Record a request (the simulator does this)."""
        self._entries.append(entry)
        return entry

    def matching(
        self,
        method: str | None = None,
        path: str | None = None,
        *,
        status: int | None = None,
        authenticated: bool | None = None,
    ) -> list[LoggedRequest]:
        """The requests with this method, path, status and authentication (None: any)."""
        return [
            entry
            for entry in self._entries
            if (method is None or entry.method == method.upper())
            and (path is None or entry.path == path)
            and (status is None or entry.status == status)
            and (authenticated is None or entry.authenticated == authenticated)
        ]

    def clear(self) -> None:
        """Forget what was recorded so far."""
        self._entries.clear()
