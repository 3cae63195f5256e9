"""``pw.legal``: GET /api/legal/radio."""

from __future__ import annotations

from ..models.equipment import Radio
from ._group import Group, read


class LegalGroup(Group):
    """Regulatory information."""

    @read("/legal/radio", auth="public")
    async def radio(self) -> list[Radio]:
        """The gateway's radios and their FCC/IC ids."""
        return await self._call(self.radio)
