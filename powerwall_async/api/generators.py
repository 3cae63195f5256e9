"""``pw.generators``: GET /api/generators/..."""

from __future__ import annotations

from ..models.equipment import Generators
from ._group import Group, read


class GeneratorsGroup(Group):
    """Backup generators."""

    @read("/generators")
    async def get(self) -> Generators:
        """Generators and how they disconnect."""
        return await self._call(self.get)

    @read("/generators/disconnect_types")
    async def disconnect_types(self) -> list[str]:
        """The generator disconnect types the wizard offers."""
        return await self._call(self.disconnect_types)
