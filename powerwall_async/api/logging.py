"""``pw.logging``: POST /api/logging."""

from __future__ import annotations

from ._bodies import logging_body
from ._group import Group, action


class LoggingGroup(Group):
    """The gateway's own log."""

    @action("POST", "/logging")
    async def send(self, *, level: str, log: str) -> None:
        """Write a line to the gateway's log (level, log)."""
        await self._call(self.send, body=logging_body(level, log))
