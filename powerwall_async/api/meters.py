"""``pw.meters``: GET /api/meters/..."""

from __future__ import annotations

from .. import _endpoints as E
from ..models.meters import MetersAggregates
from ._group import Group


class MetersGroup(Group):
    """The site, battery, load and solar meters."""

    async def aggregates(self) -> MetersAggregates:
        """GET /api/meters/aggregates: instantaneous power flow."""
        return await self._session.call(E.METERS_AGGREGATES)
