"""``pw.status``: GET /api/status."""

from __future__ import annotations

from .._endpoints import status as E  # noqa: N812 - the declarations read as E.NAME
from ..models.status import Status
from ._group import Group


class StatusGroup(Group):
    """Gateway identity and firmware; answers without a login."""

    async def get(self) -> Status:
        """GET /api/status: DIN, firmware version, uptime, device type."""
        return await self._session.call(E.STATUS_GET)
