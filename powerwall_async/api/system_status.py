"""``pw.system_status``: GET /api/system_status/..."""

from __future__ import annotations

from ..models.grid_faults import GridFault
from ..models.system_status import GridStatusResponse, Soe, SystemStatus
from ._group import RESTRICTED, STOPPED_502, Group, read


class SystemStatusGroup(Group):
    """Battery charge, grid connection, batteries and inverters (502 while stopped)."""

    @read("/system_status", firmware=STOPPED_502)
    async def get(self) -> SystemStatus:
        """Batteries and inverters: energy, power limits, battery blocks."""
        return await self._call(self.get)

    @read("/system_status/soe", firmware=f"{STOPPED_502} {RESTRICTED}")
    async def soe(self) -> Soe:
        """State of energy (raw scale)."""
        return await self._call(self.soe)

    @read("/system_status/grid_status", firmware=f"{STOPPED_502} {RESTRICTED}")
    async def grid_status(self) -> GridStatusResponse:
        """Whether the site is on or off the grid."""
        return await self._call(self.grid_status)

    @read("/system_status/grid_faults", firmware=STOPPED_502)
    async def grid_faults(self) -> list[GridFault]:
        """Recent grid faults, each with its decoded alert."""
        return await self._call(self.grid_faults)
