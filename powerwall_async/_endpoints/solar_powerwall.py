"""``pw.solar_powerwall``: the declarations of its endpoints."""

from __future__ import annotations

from ..models.undocumented import UndocumentedAnswer
from ._declare import NO_SAMPLE, action, read

__all__ = [
    "SOLAR_POWERWALL_POWER_STATUS",
    "SOLAR_POWERWALL_POWER_STATUS_N",
    "SOLAR_POWERWALL_RESET",
    "SOLAR_POWERWALL_RESET_N",
]

SOLAR_POWERWALL_POWER_STATUS = read(
    "solar_powerwall",
    "power_status",
    "/solar_powerwall/power_status",
    UndocumentedAnswer,
    "Power status of the Powerwall+ solar inverters.",
    firmware=NO_SAMPLE,
)
SOLAR_POWERWALL_POWER_STATUS_N = read(
    "solar_powerwall",
    "power_status",
    "/solar_powerwall/{n}/power_status",
    UndocumentedAnswer,
    "Power status of one Powerwall+ solar inverter.",
    firmware=NO_SAMPLE,
)
SOLAR_POWERWALL_RESET = action(
    "solar_powerwall",
    "reset",
    "GET",
    "/solar_powerwall/reset",
    "Reset the Powerwall+ solar inverters. A GET that changes state.",
)
SOLAR_POWERWALL_RESET_N = action(
    "solar_powerwall",
    "reset",
    "GET",
    "/solar_powerwall/{n}/reset",
    "Reset one Powerwall+ solar inverter. A GET that changes state.",
)
