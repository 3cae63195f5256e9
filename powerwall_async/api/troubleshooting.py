"""``pw.troubleshooting``: GET /api/troubleshooting/problems."""

from __future__ import annotations

from ..models.system import TroubleshootingProblems
from ._group import Group, read


class TroubleshootingGroup(Group):
    """Problems the gateway reports."""

    @read("/troubleshooting/problems")
    async def problems(self) -> TroubleshootingProblems:
        """Problems the gateway reports."""
        return await self._call(self.problems)
