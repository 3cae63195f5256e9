"""``pw.autoconfig``: /api/autoconfig/..."""

from __future__ import annotations

from .._endpoints import autoconfig as E  # noqa: N812 - the declarations read as E.NAME
from ..models.setup import AutoconfigStatus
from ._group import Group


class AutoconfigGroup(Group):
    """The wizard's automatic configuration."""

    async def status(self) -> AutoconfigStatus:
        """GET /api/autoconfig/status."""
        return await self._session.call(E.AUTOCONFIG_STATUS)

    async def run(self) -> None:
        """POST /api/autoconfig/run: start automatic configuration."""
        await self._session.call(E.AUTOCONFIG_RUN)

    async def cancel(self) -> None:
        """POST /api/autoconfig/cancel."""
        await self._session.call(E.AUTOCONFIG_CANCEL)

    async def retry(self) -> None:
        """POST /api/autoconfig/retry."""
        await self._session.call(E.AUTOCONFIG_RETRY)
