"""``pw.operation``: GET/POST /api/operation."""

from __future__ import annotations

from .. import _endpoints as E
from ..models.operation import Operation
from ._group import Group


class OperationGroup(Group):
    """Operation mode and backup reserve."""

    async def get(self) -> Operation:
        """GET /api/operation."""
        return await self._session.call(E.OPERATION_GET)
