"""``pw.islanding``: POST /api/v2/islanding/mode."""

from __future__ import annotations

from .._endpoints import islanding as E  # noqa: N812 - the declarations read as E.NAME
from ..models.islanding import IslandingMode, IslandMode
from ._bodies import island_mode_body
from ._group import Group


class IslandingGroup(Group):
    """Taking the site off the grid and back."""

    async def set_mode(self, mode: IslandMode | str) -> IslandingMode | None:
        """POST /api/v2/islanding/mode with ``{"island_mode": mode}``.

        ``mode`` is ``intentional_reconnect_failsafe`` (off grid) or ``backup`` (on grid);
        anything else raises ``ValueError`` before sending. Follow the change with
        ``system_status.grid_status()``. Newer firmware refuses this to the customer:
        ``AccessDeniedError``.
        """
        return await self._session.call(E.ISLANDING_SET_MODE, body=island_mode_body(mode))

    async def go_off_grid(self) -> IslandingMode | None:
        """POST /api/v2/islanding/mode ``intentional_reconnect_failsafe``: leave the grid."""
        return await self.set_mode(IslandMode.OFF_GRID)

    async def go_on_grid(self) -> IslandingMode | None:
        """POST /api/v2/islanding/mode ``backup``: reconnect to the grid."""
        return await self.set_mode(IslandMode.ON_GRID)
