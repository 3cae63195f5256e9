"""``pw.site_info``: /api/site_info/..."""

from __future__ import annotations

from .._endpoints import site_info as E  # noqa: N812 - the declarations read as E.NAME
from ..models.site_info import GridCode, GridCodes, GridRegions, SiteInfo, SiteName
from ._bodies import JsonObject, grid_code_body, passthrough_body, site_name_body, timezone_body
from ._group import Group


class SiteInfoGroup(Group):
    """The site's name, time zone, size and grid code."""

    async def get(self) -> SiteInfo:
        """GET /api/site_info."""
        return await self._session.call(E.SITE_INFO_GET)

    async def site_name(self) -> SiteName:
        """GET /api/site_info/site_name: name and time zone."""
        return await self._session.call(E.SITE_INFO_SITE_NAME)

    async def grid_codes(self) -> GridCodes:
        """GET /api/site_info/grid_codes: the grid codes on offer (404 on some firmware)."""
        return await self._session.call(E.SITE_INFO_GRID_CODES)

    async def grid_regions(self) -> GridRegions:
        """GET /api/site_info/grid_regions: grid codes by region (``.rows`` parses the CSV)."""
        return await self._session.call(E.SITE_INFO_GRID_REGIONS)

    async def set_site_name(self, site_name: str) -> None:
        """POST /api/site_info/site_name: rename the site."""
        await self._session.call(E.SITE_INFO_SET_SITE_NAME, body=site_name_body(site_name))

    async def set_timezone(self, timezone: str) -> None:
        """POST /api/site_info/timezone: set the time zone (an IANA name, ``Europe/London``)."""
        await self._session.call(E.SITE_INFO_SET_TIMEZONE, body=timezone_body(timezone))

    async def set_grid_code(self, grid_code: GridCode) -> None:
        """POST /api/site_info/grid_code: choose one of ``grid_codes()``."""
        await self._session.call(E.SITE_INFO_SET_GRID_CODE, body=grid_code_body(grid_code))

    async def set_offgrid(self, body: JsonObject) -> None:
        """POST /api/site_info/offgrid (the body is undocumented; sent as given)."""
        await self._session.call(E.SITE_INFO_SET_OFFGRID, body=passthrough_body(body))
