"""GET /api/system_status/soe and /grid_status."""

from __future__ import annotations

import attrs

from ._scale import to_app_percent
from ._types import GatewayEnum


class GridStatus(GatewayEnum):
    """``grid_status`` of GET /api/system_status/grid_status."""

    CONNECTED = "SystemGridConnected"
    ISLANDED_READY = "SystemIslandedReady"
    ISLANDED_ACTIVE = "SystemIslandedActive"
    TRANSITION_TO_GRID = "SystemTransitionToGrid"
    TRANSITION_TO_ISLAND = "SystemTransitionToIsland"
    WAIT_FOR_USER = "SystemWaitForUser"
    MICRO_GRID_FAULTED = "SystemMicroGridFaulted"
    UNKNOWN = "UNKNOWN"


@attrs.frozen(kw_only=True)
class Soe:
    """GET /api/system_status/soe: state of energy, on the gateway's raw scale."""

    percentage: float = 0.0

    @property
    def percentage_app(self) -> float:
        """The same charge as the Tesla app shows it (``(raw - 5) / 0.95``)."""
        return to_app_percent(self.percentage)


@attrs.frozen(kw_only=True)
class GridStatusResponse:
    """GET /api/system_status/grid_status.

    An empty ``grid_status`` (seen from a disabled battery) reads as ``GridStatus.UNKNOWN``;
    ``grid_status_raw`` keeps what the gateway sent.
    """

    grid_status: GridStatus = GridStatus.UNKNOWN
    grid_status_raw: str = ""
    grid_services_active: bool | None = None

    @property
    def connected(self) -> bool:
        """True while the site is connected to the grid."""
        return self.grid_status is GridStatus.CONNECTED
