"""POST /api/v2/islanding/mode — going off the grid and back."""

from __future__ import annotations

import attrs

from ._types import GatewayEnum


class IslandMode(GatewayEnum):
    """``island_mode`` of POST /api/v2/islanding/mode."""

    OFF_GRID = "intentional_reconnect_failsafe"
    """Disconnect from the grid (grid_status becomes ``SystemIslandedActive``)."""
    ON_GRID = "backup"
    """Reconnect to the grid (grid_status becomes ``SystemGridConnected``)."""
    UNKNOWN = "UNKNOWN"


@attrs.frozen(kw_only=True)
class IslandingMode:
    """The answer to POST /api/v2/islanding/mode: the island mode now requested."""

    island_mode: IslandMode = IslandMode.UNKNOWN
    island_mode_raw: str = ""
