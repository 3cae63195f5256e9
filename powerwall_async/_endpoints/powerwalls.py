"""``pw.powerwalls``: the declarations of its endpoints."""

from __future__ import annotations

from ..models.powerwalls import Powerwalls, PowerwallsStatus, PviSubPackageNumbers
from ..models.undocumented import UndocumentedAnswer
from ._declare import NO_SAMPLE, action, read

__all__ = [
    "POWERWALLS_GET",
    "POWERWALLS_PHASE_DETECTION",
    "POWERWALLS_PHASE_USAGES",
    "POWERWALLS_PVI_SUB_PACKAGE_NUMBERS",
    "POWERWALLS_STATUS",
    "POWERWALLS_UPDATE",
]

POWERWALLS_GET = read(
    "powerwalls",
    "get",
    "/powerwalls",
    Powerwalls,
    "The Powerwalls, their serials and diagnostics.",
)
POWERWALLS_STATUS = read(
    "powerwalls",
    "status",
    "/powerwalls/status",
    PowerwallsStatus,
    "What the gateway is doing with its Powerwalls.",
    firmware="409 'Sitemaster is current running' on some firmware.",
)
POWERWALLS_PHASE_USAGES = read(
    "powerwalls",
    "phase_usages",
    "/powerwalls/phase_usages",
    UndocumentedAnswer,
    "Phase detection results.",
    firmware="500 'no phase information' until phase detection ran. " + NO_SAMPLE,
)
POWERWALLS_PHASE_DETECTION = read(
    "powerwalls",
    "phase_detection",
    "/powerwalls/phase_detection",
    UndocumentedAnswer,
    "Phase detection. Not repeated: the OpenAPI description lists it as a POST.",
    retry=False,
    side_effects=True,
    firmware=NO_SAMPLE,
)
POWERWALLS_UPDATE = action(
    "powerwalls",
    "update",
    "GET",
    "/powerwalls/update",
    "Powerwall firmware update. Not repeated: the OpenAPI description lists it as a POST.",
)
POWERWALLS_PVI_SUB_PACKAGE_NUMBERS = read(
    "powerwalls",
    "pvi_sub_package_numbers",
    "/powerwalls/pvi_sub_package_numbers",
    PviSubPackageNumbers,
    "Part numbers of the Powerwall+ solar inverters.",
)
