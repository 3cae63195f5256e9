"""``pw.troubleshooting``: GET /api/troubleshooting/problems."""

from __future__ import annotations

from .._endpoints import troubleshooting as E  # noqa: N812 - the declarations read as E.NAME
from ..models.system import TroubleshootingProblems
from ._group import Group


class TroubleshootingGroup(Group):
    """Problems the gateway reports."""

    async def problems(self) -> TroubleshootingProblems:
        """GET /api/troubleshooting/problems."""
        return await self._session.call(E.TROUBLESHOOTING_PROBLEMS)
