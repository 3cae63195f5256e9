"""``pw.powerwalls``: /api/powerwalls/..."""

from __future__ import annotations

from ..models.powerwalls import Powerwalls, PowerwallsStatus, PviSubPackageNumbers
from ..models.undocumented import UndocumentedAnswer
from ._group import NO_SAMPLE, Group, action, read


class PowerwallsGroup(Group):
    """The Powerwalls behind the gateway."""

    @read("/powerwalls")
    async def get(self) -> Powerwalls:
        """The Powerwalls, their serials and diagnostics."""
        return await self._call(self.get)

    @read("/powerwalls/status", firmware="409 'Sitemaster is current running' on some firmware.")
    async def status(self) -> PowerwallsStatus:
        """What the gateway is doing with its Powerwalls."""
        return await self._call(self.status)

    @read(
        "/powerwalls/phase_usages",
        firmware=f"500 'no phase information' until phase detection ran. {NO_SAMPLE}",
    )
    async def phase_usages(self) -> UndocumentedAnswer:
        """Phase detection results."""
        return await self._call(self.phase_usages)

    @action("GET", "/powerwalls/phase_detection", firmware=NO_SAMPLE)
    async def phase_detection(self) -> UndocumentedAnswer:
        """Phase detection. Not repeated: the OpenAPI description lists it as a POST."""
        return await self._call(self.phase_detection)

    @action("GET", "/powerwalls/update")
    async def update(self) -> None:
        """Powerwall firmware update. Not repeated: the OpenAPI description lists it as a
        POST."""
        await self._call(self.update)

    @read("/powerwalls/pvi_sub_package_numbers")
    async def pvi_sub_package_numbers(self) -> PviSubPackageNumbers:
        """Part numbers of the Powerwall+ solar inverters."""
        return await self._call(self.pvi_sub_package_numbers)
