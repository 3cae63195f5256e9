"""GET /api/powerwalls, /api/powerwalls/status and /api/powerwalls/pvi_sub_package_numbers."""

from __future__ import annotations

from typing import Any

import attrs

from .diagnostics import Diagnostic
from .system_status import GridState


@attrs.frozen(kw_only=True)
class PowerwallsStatus:
    """GET /api/powerwalls/status: what the gateway is doing with its Powerwalls.

    Some firmware answers 409 ``Sitemaster is current running`` instead.
    """

    enumerating: bool | None = None
    updating: bool | None = None
    checking_if_offgrid: bool | None = None
    running_phase_detection: bool | None = None
    phase_detection_last_error: str = ""
    bubble_shedding: bool | None = None
    on_grid_check_error: str = ""
    grid_qualifying: bool | None = None
    grid_code_validating: bool | None = None
    phase_detection_not_available: bool | None = None


@attrs.frozen(kw_only=True)
class PowerwallInfo:
    """One Powerwall in GET /api/powerwalls."""

    Type: str = ""
    PackagePartNumber: str = ""
    PackageSerialNumber: str = ""
    type: str = ""
    """``ACPW`` (AC Powerwall), ..."""
    grid_state: GridState = GridState.UNKNOWN
    grid_state_raw: str = ""
    grid_reconnection_time_seconds: float | None = None
    under_phase_detection: bool | None = None
    updating: bool | None = None
    commissioning_diagnostic: Diagnostic | None = None
    update_diagnostic: Diagnostic | None = None
    bc_type: Any = None
    """Not seen filled in any recording (``null``); kept as decoded JSON."""
    in_config: bool | None = None


@attrs.frozen(kw_only=True)
class SyncInfo:
    """``sync`` of GET /api/powerwalls: the synchronizer's diagnostics."""

    updating: bool | None = None
    commissioning_diagnostic: Diagnostic | None = None
    update_diagnostic: Diagnostic | None = None


@attrs.frozen(kw_only=True)
class Powerwalls(PowerwallsStatus):
    """GET /api/powerwalls: the Powerwalls, their serials and diagnostics.

    ``msa`` and ``states`` were ``null`` in every recording and are kept as decoded JSON.
    """

    powerwalls: tuple[PowerwallInfo, ...] = ()
    has_sync: bool | None = None
    phase_detection_attempt: int | None = None
    gateway_din: str = ""
    sync: SyncInfo | None = None
    msa: Any = None
    states: Any = None


@attrs.frozen(kw_only=True)
class PviSubPackageNumbers:
    """GET /api/powerwalls/pvi_sub_package_numbers (``null`` entries where none is known)."""

    pvi_sub_package_numbers: tuple[str | None, ...] = ()
