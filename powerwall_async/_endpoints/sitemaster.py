"""``pw.sitemaster``: the declarations of its endpoints."""

from __future__ import annotations

from ..models.sitemaster import Sitemaster
from ._declare import action, read

__all__ = [
    "SITEMASTER_GET",
    "SITEMASTER_RUN",
    "SITEMASTER_RUN_FOR_COMMISSIONING",
    "SITEMASTER_STOP",
]

SITEMASTER_GET = read(
    "sitemaster",
    "get",
    "/sitemaster",
    Sitemaster,
    "Whether the system is running and connected to Tesla.",
)
SITEMASTER_RUN = action(
    "sitemaster",
    "run",
    "GET",
    "/sitemaster/run",
    "Start the system (202). A GET that changes state.",
)
SITEMASTER_STOP = action(
    "sitemaster",
    "stop",
    "GET",
    "/sitemaster/stop",
    "Stop the system: no charging, discharging or metering. A GET that changes state.",
    firmware="500 'Unable to stop sitemaster' when it cannot stop now.",
)
SITEMASTER_RUN_FOR_COMMISSIONING = action(
    "sitemaster",
    "run_for_commissioning",
    "POST",
    "/sitemaster/run_for_commissioning",
    "Start the system for commissioning.",
)
