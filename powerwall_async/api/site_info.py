"""``pw.site_info``: GET /api/site_info/..."""

from __future__ import annotations

from .. import _endpoints as E
from ..models.site_info import SiteInfo
from ._group import Group


class SiteInfoGroup(Group):
    """The site's name, time zone, size and grid code."""

    async def get(self) -> SiteInfo:
        """GET /api/site_info."""
        return await self._session.call(E.SITE_INFO_GET)
