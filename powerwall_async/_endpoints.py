"""Every gateway endpoint the library knows, declared once.

The group methods call these; the endpoint docs table and the coverage test read
:data:`ENDPOINTS`. Paths are relative to ``/api``.
"""

from __future__ import annotations

from typing import Any

from ._endpoint import Endpoint
from .models.login import LoginResponse
from .models.meters import MetersAggregates
from .models.operation import Operation
from .models.site_info import SiteInfo
from .models.sitemaster import Sitemaster
from .models.status import Status
from .models.system_status import GridStatusResponse, Soe

# -- client-level ----------------------------------------------------------------------------
LOGIN = Endpoint[LoginResponse](
    "",
    "login",
    "POST",
    "/login/Basic",
    LoginResponse,
    auth=False,
    retry=False,
    doc="Log in as the customer; the answer carries the session token.",
)
LOGOUT = Endpoint[None](
    "",
    "logout",
    "GET",
    "/logout",
    None,
    retry=False,
    side_effects=True,
    doc="End the session.",
)

# -- status ----------------------------------------------------------------------------------
STATUS_GET = Endpoint[Status](
    "status",
    "get",
    "GET",
    "/status",
    Status,
    auth=False,
    doc="Gateway identity, firmware version and uptime.",
)

# -- meters ----------------------------------------------------------------------------------
METERS_AGGREGATES = Endpoint[MetersAggregates](
    "meters",
    "aggregates",
    "GET",
    "/meters/aggregates",
    MetersAggregates,
    doc="Instantaneous power at the site (grid), battery, load (home) and solar meters.",
    firmware="502 while the system is stopped.",
)

# -- system_status ---------------------------------------------------------------------------
SYSTEM_STATUS_SOE = Endpoint[Soe](
    "system_status",
    "soe",
    "GET",
    "/system_status/soe",
    Soe,
    doc="State of energy (raw scale).",
    firmware="502 while the system is stopped.",
)
SYSTEM_STATUS_GRID_STATUS = Endpoint[GridStatusResponse](
    "system_status",
    "grid_status",
    "GET",
    "/system_status/grid_status",
    GridStatusResponse,
    doc="Whether the site is on or off the grid.",
    firmware="502 while the system is stopped.",
)

# -- operation -------------------------------------------------------------------------------
OPERATION_GET = Endpoint[Operation](
    "operation",
    "get",
    "GET",
    "/operation",
    Operation,
    doc="Operation mode and backup reserve (raw scale).",
)

# -- site_info -------------------------------------------------------------------------------
SITE_INFO_GET = Endpoint[SiteInfo](
    "site_info",
    "get",
    "GET",
    "/site_info",
    SiteInfo,
    doc="Site name, time zone, system size and grid code.",
)

# -- sitemaster ------------------------------------------------------------------------------
SITEMASTER_GET = Endpoint[Sitemaster](
    "sitemaster",
    "get",
    "GET",
    "/sitemaster",
    Sitemaster,
    doc="Whether the system is running and connected to Tesla.",
)

ENDPOINTS: tuple[Endpoint[Any], ...] = tuple(
    value for value in list(globals().values()) if isinstance(value, Endpoint)
)
"""Every declaration above, in order."""
