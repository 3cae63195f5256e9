"""``pw.system_status``: GET /api/system_status/..."""

from __future__ import annotations

from .._endpoints import system_status as E  # noqa: N812 - the declarations read as E.NAME
from ..models.grid_faults import GridFault
from ..models.system_status import GridStatusResponse, Soe, SystemStatus
from ._group import Group


class SystemStatusGroup(Group):
    """Battery charge, grid connection, batteries and inverters (502 while stopped)."""

    async def get(self) -> SystemStatus:
        """GET /api/system_status: energy, power limits and the battery blocks."""
        return await self._session.call(E.SYSTEM_STATUS_GET)

    async def soe(self) -> Soe:
        """GET /api/system_status/soe: state of energy on the raw scale."""
        return await self._session.call(E.SYSTEM_STATUS_SOE)

    async def grid_status(self) -> GridStatusResponse:
        """GET /api/system_status/grid_status: on or off the grid."""
        return await self._session.call(E.SYSTEM_STATUS_GRID_STATUS)

    async def grid_faults(self) -> list[GridFault]:
        """GET /api/system_status/grid_faults: recent grid faults with decoded alerts."""
        return await self._session.call(E.SYSTEM_STATUS_GRID_FAULTS)
