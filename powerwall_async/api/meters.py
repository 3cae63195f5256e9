"""``pw.meters``: /api/meters/..."""

from __future__ import annotations

from .._endpoints import meters as E  # noqa: N812 - the declarations read as E.NAME
from ..models.meter_details import MeterDetail, MetersReadings
from ..models.meters import Meter, MeterCt, MetersAggregates, MetersStatus
from ..models.undocumented import UndocumentedAnswer
from ._bodies import JsonObject, passthrough_body, path_argument, verify_body
from ._group import Group


class MetersGroup(Group):
    """The site, battery, load and solar meters, and the meters' configuration."""

    async def aggregates(self) -> MetersAggregates:
        """GET /api/meters/aggregates: instantaneous power flow (502 while stopped)."""
        return await self._session.call(E.METERS_AGGREGATES)

    async def get(self) -> list[Meter]:
        """GET /api/meters: the meters and their CT groups."""
        return await self._session.call(E.METERS_GET)

    async def site(self) -> list[MeterDetail]:
        """GET /api/meters/site: the site (grid) meter in detail."""
        return await self._session.call(E.METERS_SITE)

    async def solar(self) -> list[MeterDetail]:
        """GET /api/meters/solar: the solar meter in detail."""
        return await self._session.call(E.METERS_SOLAR)

    async def readings(self) -> MetersReadings:
        """GET /api/meters/readings: raw per-CT readings, by meter serial."""
        return await self._session.call(E.METERS_READINGS)

    async def status(self) -> MetersStatus:
        """GET /api/meters/status."""
        return await self._session.call(E.METERS_STATUS)

    async def cts(self, serial: str) -> list[MeterCt]:
        """GET /api/meters/{serial}/cts: one meter's CT groups."""
        return await self._session.call(E.METERS_CTS, path_argument(serial, "serial"))

    async def ct_config(self, serial: str) -> UndocumentedAnswer:
        """GET /api/meters/{serial}/ct_config: a Neurio meter's CT configuration.

        The gateway's own synchrometers answer 500 (``GatewayBusyError``, "meter type must be
        Neurio"). No sample of a successful answer is known: ``.data`` holds the JSON.
        """
        return await self._session.call(E.METERS_CT_CONFIG, path_argument(serial, "serial"))

    async def add(self, body: JsonObject) -> None:
        """POST /api/meters: add a meter (the body is undocumented; sent as given)."""
        await self._session.call(E.METERS_ADD, body=passthrough_body(body))

    async def delete(self, serial: str) -> None:
        """DELETE /api/meters/{serial}: remove a meter."""
        await self._session.call(E.METERS_DELETE, path_argument(serial, "serial"))

    async def delete_cts(self, serial: str) -> None:
        """DELETE /api/meters/{serial}/cts: remove a meter's CT configuration."""
        await self._session.call(E.METERS_DELETE_CTS, path_argument(serial, "serial"))

    async def set_cts(self, serial: str, body: JsonObject) -> None:
        """POST /api/meters/{serial}/cts: configure a meter's CT groups (body sent as given)."""
        serial = path_argument(serial, "serial")
        await self._session.call(E.METERS_SET_CTS, serial, body=passthrough_body(body))

    async def set_ct_config(self, serial: str, body: JsonObject) -> None:
        """POST /api/meters/{serial}/ct_config: configure a Neurio meter (body sent as given)."""
        serial = path_argument(serial, "serial")
        await self._session.call(E.METERS_SET_CT_CONFIG, serial, body=passthrough_body(body))

    async def invert_cts(self, serial: str, body: JsonObject | None = None) -> None:
        """POST /api/meters/{serial}/invert_cts: invert a meter's CTs (body sent as given)."""
        serial = path_argument(serial, "serial")
        await self._session.call(E.METERS_INVERT_CTS, serial, body=passthrough_body(body))

    async def commission(self, serial: str, body: JsonObject | None = None) -> None:
        """POST /api/meters/{serial}/commission: commission a meter (body sent as given)."""
        serial = path_argument(serial, "serial")
        await self._session.call(E.METERS_COMMISSION, serial, body=passthrough_body(body))

    async def verify(self, serial: str | None = None, *, short_id: str | None = None) -> None:
        """POST /api/meters/{serial}/verify (one meter) or POST /api/meters/verify (all).

        A meter is named by its ``serial`` and ``short_id`` (from ``meters.get()``).
        """
        if serial is None:
            await self._session.call(E.METERS_VERIFY, body=verify_body(None, short_id))
            return
        serial = path_argument(serial, "serial")
        await self._session.call(E.METERS_VERIFY_SERIAL, serial, body=verify_body(serial, short_id))

    async def detect_wired_meters(self) -> None:
        """POST /api/meters/detect_wired_meters: look for meters wired to the gateway."""
        await self._session.call(E.METERS_DETECT_WIRED_METERS)
