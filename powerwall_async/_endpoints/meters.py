"""``pw.meters``: the declarations of its endpoints."""

from __future__ import annotations

from ..models.meter_details import MeterDetail, MetersReadings
from ..models.meters import Meter, MeterCt, MetersAggregates, MetersStatus
from ..models.undocumented import UndocumentedAnswer
from ._declare import NO_SAMPLE, STOPPED_502, UNDOCUMENTED, action, read

__all__ = [
    "METERS_ADD",
    "METERS_AGGREGATES",
    "METERS_COMMISSION",
    "METERS_CTS",
    "METERS_CT_CONFIG",
    "METERS_DELETE",
    "METERS_DELETE_CTS",
    "METERS_DETECT_WIRED_METERS",
    "METERS_GET",
    "METERS_INVERT_CTS",
    "METERS_READINGS",
    "METERS_SET_CTS",
    "METERS_SET_CT_CONFIG",
    "METERS_SITE",
    "METERS_SOLAR",
    "METERS_STATUS",
    "METERS_VERIFY",
    "METERS_VERIFY_SERIAL",
]

METERS_GET = read("meters", "get", "/meters", list[Meter], "The meters and their CT groups.")
METERS_AGGREGATES = read(
    "meters",
    "aggregates",
    "/meters/aggregates",
    MetersAggregates,
    "Instantaneous power at the site (grid), battery, load (home) and solar meters.",
    firmware=STOPPED_502 + " Still served by restricted gateways (Powerwall 3).",
)
METERS_SITE = read(
    "meters",
    "site",
    "/meters/site",
    list[MeterDetail],
    "The site (grid) meter: connection and cached per-phase readings.",
)
METERS_SOLAR = read(
    "meters",
    "solar",
    "/meters/solar",
    list[MeterDetail],
    "The solar meter: connection and cached per-phase readings.",
)
METERS_READINGS = read(
    "meters",
    "readings",
    "/meters/readings",
    MetersReadings,
    "Raw per-CT readings of each meter, by serial.",
)
METERS_STATUS = read("meters", "status", "/meters/status", MetersStatus, "Meter status and errors.")
METERS_CTS = read(
    "meters", "cts", "/meters/{serial}/cts", list[MeterCt], "The CT groups of one meter."
)
METERS_CT_CONFIG = read(
    "meters",
    "ct_config",
    "/meters/{serial}/ct_config",
    UndocumentedAnswer,
    "The CT (amp) configuration of one Neurio meter.",
    firmware="500 'meter type must be Neurio' for the gateway's synchrometers. " + NO_SAMPLE,
)
METERS_ADD = action("meters", "add", "POST", "/meters", "Add a meter. " + UNDOCUMENTED)
METERS_DELETE = action("meters", "delete", "DELETE", "/meters/{serial}", "Remove a meter.")
METERS_DELETE_CTS = action(
    "meters", "delete_cts", "DELETE", "/meters/{serial}/cts", "Remove a meter's CT configuration."
)
METERS_SET_CTS = action(
    "meters",
    "set_cts",
    "POST",
    "/meters/{serial}/cts",
    "Configure a meter's CT groups. " + UNDOCUMENTED,
)
METERS_SET_CT_CONFIG = action(
    "meters",
    "set_ct_config",
    "POST",
    "/meters/{serial}/ct_config",
    "Configure a Neurio meter's CTs. " + UNDOCUMENTED,
)
METERS_INVERT_CTS = action(
    "meters",
    "invert_cts",
    "POST",
    "/meters/{serial}/invert_cts",
    "Invert a meter's CTs. " + UNDOCUMENTED,
)
METERS_COMMISSION = action(
    "meters",
    "commission",
    "POST",
    "/meters/{serial}/commission",
    "Commission a meter. " + UNDOCUMENTED,
)
METERS_VERIFY = action(
    "meters", "verify", "POST", "/meters/verify", "Verify the configured meters."
)
METERS_VERIFY_SERIAL = action(
    "meters",
    "verify",
    "POST",
    "/meters/{serial}/verify",
    "Verify one meter (body: serial and short_id).",
)
METERS_DETECT_WIRED_METERS = action(
    "meters",
    "detect_wired_meters",
    "POST",
    "/meters/detect_wired_meters",
    "Look for meters wired to the gateway.",
)
