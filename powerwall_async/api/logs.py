"""``pw.logging``: POST /api/logging."""

from __future__ import annotations

from .._endpoints import logs as E  # noqa: N812 - the declarations read as E.NAME
from ._bodies import logging_body
from ._group import Group


class LoggingGroup(Group):
    """The gateway's own log."""

    async def send(self, *, level: str, log: str) -> None:
        """POST /api/logging with ``{"level": level, "log": log}``: write to the gateway's log."""
        await self._session.call(E.LOGGING_SEND, body=logging_body(level, log))
