"""``pw.solars``: GET /api/solars/..."""

from __future__ import annotations

from .._endpoints import solars as E  # noqa: N812 - the declarations read as E.NAME
from ..models.equipment import SolarInverter
from ._bodies import path_argument
from ._group import Group


class SolarsGroup(Group):
    """Solar inverters: what is installed, and what the wizard offers."""

    async def get(self) -> list[SolarInverter]:
        """GET /api/solars: the installed inverters."""
        return await self._session.call(E.SOLARS_GET)

    async def brands(self) -> list[str]:
        """GET /api/solars/brands: every brand the wizard offers."""
        return await self._session.call(E.SOLARS_BRANDS)

    async def brand_models(self, brand: str) -> list[SolarInverter]:
        """GET /api/solars/brands/{brand}: one brand's inverter models."""
        return await self._session.call(E.SOLARS_BRAND_MODELS, path_argument(brand, "brand"))
