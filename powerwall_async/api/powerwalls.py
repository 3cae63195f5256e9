"""``pw.powerwalls``: /api/powerwalls/..."""

from __future__ import annotations

from .._endpoints import powerwalls as E  # noqa: N812 - the declarations read as E.NAME
from ..models.powerwalls import Powerwalls, PowerwallsStatus, PviSubPackageNumbers
from ..models.undocumented import UndocumentedAnswer
from ._group import Group


class PowerwallsGroup(Group):
    """The Powerwalls behind the gateway."""

    async def get(self) -> Powerwalls:
        """GET /api/powerwalls: the Powerwalls, serials and diagnostics."""
        return await self._session.call(E.POWERWALLS_GET)

    async def status(self) -> PowerwallsStatus:
        """GET /api/powerwalls/status (some firmware answers 409 while running)."""
        return await self._session.call(E.POWERWALLS_STATUS)

    async def phase_usages(self) -> UndocumentedAnswer:
        """GET /api/powerwalls/phase_usages: 500 "no phase information" until phase detection
        ran. No sample of a successful answer is known: ``.data`` holds the JSON."""
        return await self._session.call(E.POWERWALLS_PHASE_USAGES)

    async def phase_detection(self) -> UndocumentedAnswer:
        """GET /api/powerwalls/phase_detection. Never repeated automatically: the OpenAPI
        description lists it as a POST, so it may start phase detection."""
        return await self._session.call(E.POWERWALLS_PHASE_DETECTION)

    async def update(self) -> None:
        """GET /api/powerwalls/update: may start a Powerwall firmware update. Never repeated."""
        await self._session.call(E.POWERWALLS_UPDATE)

    async def pvi_sub_package_numbers(self) -> PviSubPackageNumbers:
        """GET /api/powerwalls/pvi_sub_package_numbers: Powerwall+ solar inverter parts."""
        return await self._session.call(E.POWERWALLS_PVI_SUB_PACKAGE_NUMBERS)
