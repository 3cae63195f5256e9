"""``pw.synchrometer``: /api/synchrometer/..."""

from __future__ import annotations

from ..models.synchrometer import CtVoltageReferenceOptions, CtVoltageReferences
from ._bodies import ct_voltage_references_body
from ._group import Group, action, read


class SynchrometerGroup(Group):
    """The gateway's built-in meter (synchrometer) and its CTs."""

    @read("/synchrometer/ct_voltage_references")
    async def ct_voltage_references(self) -> CtVoltageReferences:
        """The phase each synchrometer CT measures against."""
        return await self._call(self.ct_voltage_references)

    @read(
        "/synchrometer/ct_voltage_references/options",
        firmware="400 while the site manager runs (stop the system first).",
    )
    async def ct_voltage_references_options(self) -> CtVoltageReferenceOptions:
        """The phases each synchrometer CT may use."""
        return await self._call(self.ct_voltage_references_options)

    @action("POST", "/synchrometer/ct_voltage_references")
    async def set_ct_voltage_references(
        self, *, ct1: str | None = None, ct2: str | None = None, ct3: str | None = None
    ) -> None:
        """Set the phase of each synchrometer CT.

        Only the CTs given are sent.
        """
        body = ct_voltage_references_body(ct1=ct1, ct2=ct2, ct3=ct3)
        await self._call(self.set_ct_voltage_references, body=body)
