"""``pw.site_info``: the declarations of its endpoints."""

from __future__ import annotations

from ..models.site_info import GridCodes, GridRegions, SiteInfo, SiteName
from ._declare import UNDOCUMENTED, action, read

__all__ = [
    "SITE_INFO_GET",
    "SITE_INFO_GRID_CODES",
    "SITE_INFO_GRID_REGIONS",
    "SITE_INFO_SET_GRID_CODE",
    "SITE_INFO_SET_OFFGRID",
    "SITE_INFO_SET_SITE_NAME",
    "SITE_INFO_SET_TIMEZONE",
    "SITE_INFO_SITE_NAME",
]

SITE_INFO_GET = read(
    "site_info",
    "get",
    "/site_info",
    SiteInfo,
    "Site name, time zone, system size and grid code.",
)
SITE_INFO_SITE_NAME = read(
    "site_info", "site_name", "/site_info/site_name", SiteName, "Site name and time zone."
)
SITE_INFO_GRID_CODES = read(
    "site_info",
    "grid_codes",
    "/site_info/grid_codes",
    GridCodes,
    "The grid codes the wizard offers, by country, state and region.",
    firmware="404 on some firmware.",
)
SITE_INFO_GRID_REGIONS = read(
    "site_info",
    "grid_regions",
    "/site_info/grid_regions",
    GridRegions,
    "Grid codes by country, distributor and utility (a CSV table).",
)
SITE_INFO_SET_SITE_NAME = action(
    "site_info", "set_site_name", "POST", "/site_info/site_name", "Rename the site."
)
SITE_INFO_SET_TIMEZONE = action(
    "site_info", "set_timezone", "POST", "/site_info/timezone", "Set the site's time zone."
)
SITE_INFO_SET_GRID_CODE = action(
    "site_info", "set_grid_code", "POST", "/site_info/grid_code", "Set the site's grid code."
)
SITE_INFO_SET_OFFGRID = action(
    "site_info",
    "set_offgrid",
    "POST",
    "/site_info/offgrid",
    "Configure the site as off-grid. " + UNDOCUMENTED,
)
