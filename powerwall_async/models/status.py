"""GET /api/status — the gateway's identity and firmware (no login needed)."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from ._types import FirmwareVersion, GoDuration


@attrs.frozen(kw_only=True)
class Status:
    """GET /api/status."""

    din: str = ""
    """The gateway's DIN (device identification number): a stable id for the site."""
    start_time: datetime | None = None
    up_time_seconds: GoDuration | None = None
    """How long the gateway has been up (a Go duration on the wire, a timedelta here)."""
    is_new: bool | None = None
    version: FirmwareVersion = FirmwareVersion("")
    git_hash: str = ""
    commission_count: int | None = None
    device_type: str = ""
    """``teg`` for a Powerwall 2 gateway, ``hec`` for Powerwall+, others for newer models."""
    teg_type: str = ""
    sync_type: str = ""
    leader: str = ""
    followers: list[str] | None = None
    cellular_disabled: bool | None = None

    @property
    def up_time(self) -> timedelta | None:
        """``up_time_seconds`` under a name that says what it holds."""
        return self.up_time_seconds
