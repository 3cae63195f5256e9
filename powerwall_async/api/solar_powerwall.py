"""``pw.solar_powerwall``: GET /api/solar_powerwall/... (Powerwall+ solar inverters)."""

from __future__ import annotations

from ..models.undocumented import UndocumentedAnswer
from ._bodies import path_argument
from ._group import NO_SAMPLE, Group, action, read


class SolarPowerwallGroup(Group):
    """The solar inverters built into Powerwall+ (``n`` picks one; ``None`` means all)."""

    @read("/solar_powerwall/power_status", firmware=NO_SAMPLE)
    @read(
        "/solar_powerwall/{n}/power_status",
        firmware=NO_SAMPLE,
        doc="Power status of one Powerwall+ solar inverter.",
    )
    async def power_status(self, n: int | str | None = None) -> UndocumentedAnswer:
        """Power status of the Powerwall+ solar inverters."""
        if n is None:
            return await self._call(self.power_status)
        return await self._call(self.power_status, path_argument(n, "n"))

    @action("GET", "/solar_powerwall/reset")
    @action(
        "GET",
        "/solar_powerwall/{n}/reset",
        doc="Reset one Powerwall+ solar inverter. A GET that changes state.",
    )
    async def reset(self, n: int | str | None = None) -> None:
        """Reset the Powerwall+ solar inverters. A GET that changes state."""
        if n is None:
            await self._call(self.reset)
            return
        await self._call(self.reset, path_argument(n, "n"))
