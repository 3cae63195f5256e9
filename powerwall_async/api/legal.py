"""``pw.legal``: GET /api/legal/radio."""

from __future__ import annotations

from .._endpoints import legal as E  # noqa: N812 - the declarations read as E.NAME
from ..models.equipment import Radio
from ._group import Group


class LegalGroup(Group):
    """Regulatory information."""

    async def radio(self) -> list[Radio]:
        """GET /api/legal/radio: the gateway's radios and their FCC/IC ids (no login)."""
        return await self._session.call(E.LEGAL_RADIO)
