"""``pw.devices``: GET /api/devices/vitals."""

from __future__ import annotations

from .._endpoints import devices as E  # noqa: N812 - the declarations read as E.NAME
from ..models.vitals import Vitals
from ._group import Group


class DevicesGroup(Group):
    """The devices behind the gateway (batteries, inverters, meters)."""

    async def vitals(self) -> Vitals:
        """GET /api/devices/vitals: every device with its live readings (protobuf, decoded).

        Firmware 23.44 and later removed this endpoint: the gateway answers 404, raised as
        ``EndpointNotSupportedError`` and remembered, so the client does not ask again.
        """
        return await self._session.call(E.DEVICES_VITALS)
