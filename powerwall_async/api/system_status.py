"""``pw.system_status``: GET /api/system_status/..."""

from __future__ import annotations

from .. import _endpoints as E
from ..models.system_status import GridStatusResponse, Soe
from ._group import Group


class SystemStatusGroup(Group):
    """Battery charge and grid connection."""

    async def soe(self) -> Soe:
        """GET /api/system_status/soe: state of energy on the raw scale."""
        return await self._session.call(E.SYSTEM_STATUS_SOE)

    async def grid_status(self) -> GridStatusResponse:
        """GET /api/system_status/grid_status."""
        return await self._session.call(E.SYSTEM_STATUS_GRID_STATUS)
