"""``pw.installer``: GET /api/installer/..."""

from __future__ import annotations

from ..models.equipment import Installer, InstallerCompany
from ._group import Group, read


class InstallerGroup(Group):
    """Who installed the system."""

    @read("/installer")
    async def get(self) -> Installer:
        """Who installed the system, and how."""
        return await self._call(self.get)

    @read("/installer/companies")
    async def companies(self) -> list[InstallerCompany]:
        """Every installer the wizard knows (a long list)."""
        return await self._call(self.companies)
