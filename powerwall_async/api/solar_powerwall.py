"""``pw.solar_powerwall``: GET /api/solar_powerwall/... (Powerwall+ solar inverters)."""

from __future__ import annotations

from .._endpoints import solar_powerwall as E  # noqa: N812 - the declarations read as E.NAME
from ..models.undocumented import UndocumentedAnswer
from ._bodies import path_argument
from ._group import Group


class SolarPowerwallGroup(Group):
    """The solar inverters built into Powerwall+ (``n`` picks one; ``None`` means all)."""

    async def power_status(self, n: int | str | None = None) -> UndocumentedAnswer:
        """GET /api/solar_powerwall/power_status, or /api/solar_powerwall/{n}/power_status.

        No sample is known: ``.data`` holds the JSON.
        """
        if n is None:
            return await self._session.call(E.SOLAR_POWERWALL_POWER_STATUS)
        return await self._session.call(E.SOLAR_POWERWALL_POWER_STATUS_N, path_argument(n, "n"))

    async def reset(self, n: int | str | None = None) -> None:
        """GET /api/solar_powerwall/reset, or /api/solar_powerwall/{n}/reset: reset the
        inverter(s). A GET that changes state: never repeated automatically."""
        if n is None:
            await self._session.call(E.SOLAR_POWERWALL_RESET)
            return
        await self._session.call(E.SOLAR_POWERWALL_RESET_N, path_argument(n, "n"))
