"""``pw.generators``: GET /api/generators/..."""

from __future__ import annotations

from .._endpoints import generators as E  # noqa: N812 - the declarations read as E.NAME
from ..models.equipment import Generators
from ._group import Group


class GeneratorsGroup(Group):
    """Backup generators."""

    async def get(self) -> Generators:
        """GET /api/generators."""
        return await self._session.call(E.GENERATORS_GET)

    async def disconnect_types(self) -> list[str]:
        """GET /api/generators/disconnect_types."""
        return await self._session.call(E.GENERATORS_DISCONNECT_TYPES)
