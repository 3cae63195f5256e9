"""GET /api/system/update/status, /api/system/testing, /api/system/networks/ping_test and
GET /api/troubleshooting/problems."""

from __future__ import annotations

from typing import Any

import attrs

from ._types import EpochMilliseconds, FirmwareVersion, GatewayEnum


class UpdateState(GatewayEnum):
    """``state`` of GET /api/system/update/status."""

    CHECKING = "/clear_update_status"
    """Checking for an update; ask again until the state changes."""
    SUCCEEDED = "/update_succeeded"
    FAILED = "/update_failed"
    """The update failed, or none was needed."""
    STAGED = "/update_staged"
    DOWNLOADING = "/download"
    DOWNLOADED = "/update_downloaded"
    """Ready to install."""
    UPDATE_UNKNOWN = "/update_unknown"
    """The gateway itself does not know (its own value, not an unrecognised one)."""
    UNKNOWN = "UNKNOWN"


@attrs.frozen(kw_only=True)
class UpdateInfo:
    """``info`` of GET /api/system/update/status: ``nonactionable``, ``ignoring``, ``error``."""

    status: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class UpdateStatus:
    """GET /api/system/update/status: the state of the gateway's firmware updates.

    ``current_time`` and ``last_status_time`` are milliseconds since 1970 on the wire.
    """

    state: UpdateState = UpdateState.UNKNOWN
    state_raw: str = ""
    info: UpdateInfo | None = None
    current_time: EpochMilliseconds | None = None
    last_status_time: EpochMilliseconds | None = None
    version: FirmwareVersion = attrs.field(default=FirmwareVersion(""))
    offline_updating: bool | None = None
    offline_update_error: str = ""
    estimated_bytes_per_second: float | None = None


@attrs.frozen(kw_only=True)
class MeterTestResult:
    """One CT reading taken during a system test (in GET /api/system/testing)."""

    Power: float | None = None
    CT: int | None = None
    Serial: str = ""
    Type: str = ""


@attrs.frozen(kw_only=True)
class SystemTesting:
    """GET /api/system/testing: the last commissioning test (``TestNotRun``, ``TestPassed``, ...).

    ``inverter_results``, ``errors`` and ``tests`` were ``null`` in every recording and are kept
    as decoded JSON.
    """

    running: bool | None = None
    status: str = ""
    charge_tests: tuple[float, ...] | None = None
    meter_results: tuple[tuple[MeterTestResult, ...], ...] | None = None
    inverter_results: Any = None
    hysteresis: float | None = None
    error: str = ""
    errors: Any = None
    tests: Any = None


@attrs.frozen(kw_only=True)
class PingTest:
    """GET /api/system/networks/ping_test: the last ping test (``{"Error": {}}`` when none ran).

    ``Error``'s content is not documented and is kept as decoded JSON.
    """

    Error: Any = None


@attrs.frozen(kw_only=True)
class TroubleshootingProblems:
    """GET /api/troubleshooting/problems.

    ``problems`` was empty in every recording; its entries are kept as decoded JSON.
    """

    problems: tuple[Any, ...] = ()
