"""``pw.islanding``: POST /api/v2/islanding/mode."""

from __future__ import annotations

from ..models.islanding import IslandingMode, IslandMode
from ._bodies import island_mode_body
from ._group import Group, action


class IslandingGroup(Group):
    """Taking the site off the grid and back."""

    @action(
        "POST",
        "/v2/islanding/mode",
        firmware="Newer firmware refuses customer writes (403, AccessDeniedError).",
    )
    async def set_mode(self, mode: IslandMode | str) -> IslandingMode | None:
        """Go off the grid (intentional_reconnect_failsafe) or back on it (backup).

        Sends ``{"island_mode": mode}``; any other ``mode`` raises ``ValueError`` before
        sending. Follow the change with ``system_status.grid_status()``.
        """
        return await self._call(self.set_mode, body=island_mode_body(mode))

    async def go_off_grid(self) -> IslandingMode | None:
        """``set_mode("intentional_reconnect_failsafe")``: leave the grid."""
        return await self.set_mode(IslandMode.OFF_GRID)

    async def go_on_grid(self) -> IslandingMode | None:
        """``set_mode("backup")``: reconnect to the grid."""
        return await self.set_mode(IslandMode.ON_GRID)
