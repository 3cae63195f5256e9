"""``pw.meters``: /api/meters/..."""

from __future__ import annotations

from ..models.meter_details import MeterDetail, MetersReadings
from ..models.meters import Meter, MeterCt, MetersAggregates, MetersStatus
from ..models.undocumented import UndocumentedAnswer
from ._bodies import JsonObject, passthrough_body, path_argument, verify_body
from ._group import NO_SAMPLE, RESTRICTED, STOPPED_502, Group, action, read


class MetersGroup(Group):
    """The site, battery, load and solar meters, and the meters' configuration."""

    @read("/meters")
    async def get(self) -> list[Meter]:
        """The meters and their CT groups."""
        return await self._call(self.get)

    @read("/meters/aggregates", firmware=f"{STOPPED_502} {RESTRICTED}")
    async def aggregates(self) -> MetersAggregates:
        """Instantaneous power at the site (grid), battery, load (home) and solar meters."""
        return await self._call(self.aggregates)

    @read("/meters/site")
    async def site(self) -> list[MeterDetail]:
        """The site (grid) meter: connection and cached per-phase readings."""
        return await self._call(self.site)

    @read("/meters/solar")
    async def solar(self) -> list[MeterDetail]:
        """The solar meter: connection and cached per-phase readings."""
        return await self._call(self.solar)

    @read("/meters/readings")
    async def readings(self) -> MetersReadings:
        """Raw per-CT readings of each meter, by serial."""
        return await self._call(self.readings)

    @read("/meters/status")
    async def status(self) -> MetersStatus:
        """Meter status and errors."""
        return await self._call(self.status)

    @read("/meters/{serial}/cts")
    async def cts(self, serial: str) -> list[MeterCt]:
        """The CT groups of one meter."""
        return await self._call(self.cts, path_argument(serial, "serial"))

    @read(
        "/meters/{serial}/ct_config",
        firmware=f"500 'meter type must be Neurio' for the gateway's synchrometers. {NO_SAMPLE}",
    )
    async def ct_config(self, serial: str) -> UndocumentedAnswer:
        """The CT (amp) configuration of one Neurio meter."""
        return await self._call(self.ct_config, path_argument(serial, "serial"))

    @action("POST", "/meters")
    async def add(self, body: JsonObject) -> None:
        """Add a meter. Undocumented: the request body is passed through as given."""
        await self._call(self.add, body=passthrough_body(body))

    @action("DELETE", "/meters/{serial}")
    async def delete(self, serial: str) -> None:
        """Remove a meter."""
        await self._call(self.delete, path_argument(serial, "serial"))

    @action("DELETE", "/meters/{serial}/cts")
    async def delete_cts(self, serial: str) -> None:
        """Remove a meter's CT configuration."""
        await self._call(self.delete_cts, path_argument(serial, "serial"))

    @action("POST", "/meters/{serial}/cts")
    async def set_cts(self, serial: str, body: JsonObject) -> None:
        """Configure a meter's CT groups. Undocumented: the request body is passed through as
        given."""
        serial = path_argument(serial, "serial")
        await self._call(self.set_cts, serial, body=passthrough_body(body))

    @action("POST", "/meters/{serial}/ct_config")
    async def set_ct_config(self, serial: str, body: JsonObject) -> None:
        """Configure a Neurio meter's CTs. Undocumented: the request body is passed through as
        given."""
        serial = path_argument(serial, "serial")
        await self._call(self.set_ct_config, serial, body=passthrough_body(body))

    @action("POST", "/meters/{serial}/invert_cts")
    async def invert_cts(self, serial: str, body: JsonObject | None = None) -> None:
        """Invert a meter's CTs. Undocumented: the request body is passed through as given."""
        serial = path_argument(serial, "serial")
        await self._call(self.invert_cts, serial, body=passthrough_body(body))

    @action("POST", "/meters/{serial}/commission")
    async def commission(self, serial: str, body: JsonObject | None = None) -> None:
        """Commission a meter. Undocumented: the request body is passed through as given."""
        serial = path_argument(serial, "serial")
        await self._call(self.commission, serial, body=passthrough_body(body))

    @action("POST", "/meters/verify", doc="Verify the configured meters.")
    @action("POST", "/meters/{serial}/verify", doc="Verify one meter (body: serial and short_id).")
    async def verify(self, serial: str | None = None, *, short_id: str | None = None) -> None:
        """Verify the configured meters, or one meter.

        A meter is named by its ``serial`` and ``short_id`` (from ``meters.get()``).
        """
        if serial is None:
            await self._call(self.verify, body=verify_body(None, short_id))
            return
        serial = path_argument(serial, "serial")
        await self._call(self.verify, serial, body=verify_body(serial, short_id))

    @action("POST", "/meters/detect_wired_meters")
    async def detect_wired_meters(self) -> None:
        """Look for meters wired to the gateway."""
        await self._call(self.detect_wired_meters)
