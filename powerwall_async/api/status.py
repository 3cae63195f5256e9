"""``pw.status``: GET /api/status."""

from __future__ import annotations

from ..models.status import Status
from ._group import Group, read


class StatusGroup(Group):
    """Gateway identity and firmware; answers without a login."""

    @read("/status", auth="public")
    async def get(self) -> Status:
        """Gateway identity, firmware version and uptime."""
        return await self._call(self.get)
