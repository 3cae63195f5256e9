"""``pw.synchrometer``: /api/synchrometer/..."""

from __future__ import annotations

from .._endpoints import synchrometer as E  # noqa: N812 - the declarations read as E.NAME
from ..models.synchrometer import CtVoltageReferenceOptions, CtVoltageReferences
from ._bodies import ct_voltage_references_body
from ._group import Group


class SynchrometerGroup(Group):
    """The gateway's built-in meter (synchrometer) and its CTs."""

    async def ct_voltage_references(self) -> CtVoltageReferences:
        """GET /api/synchrometer/ct_voltage_references."""
        return await self._session.call(E.SYNCHROMETER_CT_VOLTAGE_REFERENCES)

    async def ct_voltage_references_options(self) -> CtVoltageReferenceOptions:
        """GET /api/synchrometer/ct_voltage_references/options (400 while the system runs)."""
        return await self._session.call(E.SYNCHROMETER_CT_VOLTAGE_REFERENCES_OPTIONS)

    async def set_ct_voltage_references(
        self, *, ct1: str | None = None, ct2: str | None = None, ct3: str | None = None
    ) -> None:
        """POST /api/synchrometer/ct_voltage_references: the phase of each CT given."""
        body = ct_voltage_references_body(ct1=ct1, ct2=ct2, ct3=ct3)
        await self._session.call(E.SYNCHROMETER_SET_CT_VOLTAGE_REFERENCES, body=body)
