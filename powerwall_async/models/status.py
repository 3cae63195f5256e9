"""GET /api/status — the gateway's identity and firmware (no login needed)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import attrs

from ._types import FirmwareVersion, GatewayEnum, GoDuration


class DeviceType(GatewayEnum):
    """``device_type`` of GET /api/status: which kind of gateway answers."""

    TEG = "teg"
    """Tesla Energy Gateway (Backup Gateway 2, Powerwall 2)."""
    HEC = "hec"
    """Backup Gateway 1."""
    SMC = "smc"
    UNKNOWN = "UNKNOWN"


@attrs.frozen(kw_only=True)
class Status:
    """GET /api/status."""

    din: str = ""
    """The gateway's DIN (device identification number): a stable id for the site."""
    start_time: datetime | None = None
    up_time_seconds: GoDuration | None = None
    """How long the gateway has been up (a Go duration on the wire, a timedelta here)."""
    is_new: bool | None = None
    version: FirmwareVersion = attrs.field(default=FirmwareVersion(""))
    git_hash: str = ""
    commission_count: int | None = None
    device_type: DeviceType = DeviceType.UNKNOWN
    """``teg`` for a Powerwall 2 gateway, ``hec`` for the first gateway; others are newer."""
    device_type_raw: str = ""
    teg_type: str = ""
    sync_type: str = ""
    leader: str = ""
    followers: Any = None
    """Not seen filled in any recording (``null``); kept as decoded JSON."""
    cellular_disabled: bool | None = None

    @property
    def up_time(self) -> timedelta | None:
        """``up_time_seconds`` under a name that says what it holds."""
        return self.up_time_seconds
