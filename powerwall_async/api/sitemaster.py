"""``pw.sitemaster``: GET /api/sitemaster/..."""

from __future__ import annotations

from .. import _endpoints as E
from ..models.sitemaster import Sitemaster
from ._group import Group


class SitemasterGroup(Group):
    """Whether the system runs."""

    async def get(self) -> Sitemaster:
        """GET /api/sitemaster."""
        return await self._session.call(E.SITEMASTER_GET)
