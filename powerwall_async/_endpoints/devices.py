"""``pw.devices``: the declarations of its endpoints."""

from __future__ import annotations

from .._endpoint import Endpoint
from ..models.vitals import Vitals, decode_vitals

__all__ = ["DEVICES_VITALS"]

DEVICES_VITALS = Endpoint[Vitals](
    "devices",
    "vitals",
    "GET",
    "/devices/vitals",
    Vitals,
    decode=decode_vitals,
    doc="Every device the gateway talks to, with its live readings (a protobuf body).",
    firmware=(
        "Firmware 23.44 removed it (404, EndpointNotSupportedError): the data moved to the "
        "gateway's TEDAPI, reached only on the gateway's own network."
    ),
)
