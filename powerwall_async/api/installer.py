"""``pw.installer``: GET /api/installer/..."""

from __future__ import annotations

from .._endpoints import installer as E  # noqa: N812 - the declarations read as E.NAME
from ..models.equipment import Installer, InstallerCompany
from ._group import Group


class InstallerGroup(Group):
    """Who installed the system."""

    async def get(self) -> Installer:
        """GET /api/installer."""
        return await self._session.call(E.INSTALLER_GET)

    async def companies(self) -> list[InstallerCompany]:
        """GET /api/installer/companies: every installer the wizard knows (long)."""
        return await self._session.call(E.INSTALLER_COMPANIES)
