"""``pw.site_info``: /api/site_info/..."""

from __future__ import annotations

from ..models.site_info import GridCode, GridCodes, GridRegions, SiteInfo, SiteName
from ._bodies import JsonObject, grid_code_body, passthrough_body, site_name_body, timezone_body
from ._group import Group, action, read


class SiteInfoGroup(Group):
    """The site's name, time zone, size and grid code."""

    @read("/site_info")
    async def get(self) -> SiteInfo:
        """Site name, time zone, system size and grid code."""
        return await self._call(self.get)

    @read("/site_info/site_name")
    async def site_name(self) -> SiteName:
        """Site name and time zone."""
        return await self._call(self.site_name)

    @read("/site_info/grid_codes", firmware="404 on some firmware.")
    async def grid_codes(self) -> GridCodes:
        """The grid codes the wizard offers, by country, state and region."""
        return await self._call(self.grid_codes)

    @read("/site_info/grid_regions")
    async def grid_regions(self) -> GridRegions:
        """Grid codes by country, distributor and utility (a CSV table).

        ``.rows`` parses the CSV.
        """
        return await self._call(self.grid_regions)

    @action("POST", "/site_info/site_name")
    async def set_site_name(self, site_name: str) -> None:
        """Rename the site."""
        await self._call(self.set_site_name, body=site_name_body(site_name))

    @action("POST", "/site_info/timezone")
    async def set_timezone(self, timezone: str) -> None:
        """Set the site's time zone.

        ``timezone`` is an IANA name such as ``Europe/London``.
        """
        await self._call(self.set_timezone, body=timezone_body(timezone))

    @action("POST", "/site_info/grid_code")
    async def set_grid_code(self, grid_code: GridCode) -> None:
        """Set the site's grid code.

        ``grid_code`` is one of ``grid_codes()``.
        """
        await self._call(self.set_grid_code, body=grid_code_body(grid_code))

    @action("POST", "/site_info/offgrid")
    async def set_offgrid(self, body: JsonObject) -> None:
        """Configure the site as off-grid. Undocumented: the request body is passed through
        as given."""
        await self._call(self.set_offgrid, body=passthrough_body(body))
