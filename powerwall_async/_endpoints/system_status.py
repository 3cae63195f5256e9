"""``pw.system_status``: the declarations of its endpoints."""

from __future__ import annotations

from ..models.grid_faults import GridFault
from ..models.system_status import GridStatusResponse, Soe, SystemStatus
from ._declare import STOPPED_502, read

__all__ = [
    "SYSTEM_STATUS_GET",
    "SYSTEM_STATUS_GRID_FAULTS",
    "SYSTEM_STATUS_GRID_STATUS",
    "SYSTEM_STATUS_SOE",
]

SYSTEM_STATUS_GET = read(
    "system_status",
    "get",
    "/system_status",
    SystemStatus,
    "Batteries and inverters: energy, power limits, battery blocks.",
    firmware=STOPPED_502,
)
SYSTEM_STATUS_SOE = read(
    "system_status",
    "soe",
    "/system_status/soe",
    Soe,
    "State of energy (raw scale).",
    firmware=STOPPED_502 + " Still served by restricted gateways (Powerwall 3).",
)
SYSTEM_STATUS_GRID_STATUS = read(
    "system_status",
    "grid_status",
    "/system_status/grid_status",
    GridStatusResponse,
    "Whether the site is on or off the grid.",
    firmware=STOPPED_502 + " Still served by restricted gateways (Powerwall 3).",
)
SYSTEM_STATUS_GRID_FAULTS = read(
    "system_status",
    "grid_faults",
    "/system_status/grid_faults",
    list[GridFault],
    "Recent grid faults, each with its decoded alert.",
    firmware=STOPPED_502,
)
