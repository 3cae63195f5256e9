"""``pw.solars``: GET /api/solars/..."""

from __future__ import annotations

from ..models.equipment import SolarInverter
from ._bodies import path_argument
from ._group import Group, read


class SolarsGroup(Group):
    """Solar inverters: what is installed, and what the wizard offers."""

    @read("/solars")
    async def get(self) -> list[SolarInverter]:
        """The installed solar inverters."""
        return await self._call(self.get)

    @read("/solars/brands")
    async def brands(self) -> list[str]:
        """The inverter brands the wizard offers."""
        return await self._call(self.brands)

    @read("/solars/brands/{brand}")
    async def brand_models(self, brand: str) -> list[SolarInverter]:
        """The inverter models of one brand."""
        return await self._call(self.brand_models, path_argument(brand, "brand"))
