"""``pw.devices``: GET /api/devices/vitals."""

from __future__ import annotations

from ..models.vitals import Vitals, decode_vitals
from ._group import Group, read


class DevicesGroup(Group):
    """The devices behind the gateway (batteries, inverters, meters)."""

    @read(
        "/devices/vitals",
        decode=decode_vitals,
        firmware=(
            "Firmware 23.44 removed it (404, EndpointNotSupportedError): the data moved to the "
            "gateway's TEDAPI, reached only on the gateway's own network."
        ),
    )
    async def vitals(self) -> Vitals:
        """Every device the gateway talks to, with its live readings (a protobuf body).

        On firmware without it the 404 is remembered, so the client does not ask again.
        """
        return await self._call(self.vitals)
