"""GET/POST /api/operation — operation mode and backup reserve."""

from __future__ import annotations

import attrs

from ._scale import to_app_percent
from ._types import GatewayEnum


class OperationMode(GatewayEnum):
    """``real_mode`` of GET /api/operation; ``mode`` of POST /api/operation."""

    SELF_CONSUMPTION = "self_consumption"
    BACKUP = "backup"
    AUTONOMOUS = "autonomous"
    """"Time-based control" in the app."""
    SCHEDULER = "scheduler"
    """Documented, but gateways refuse it."""
    UNKNOWN = "UNKNOWN"


@attrs.frozen(kw_only=True)
class Operation:
    """GET /api/operation. ``backup_reserve_percent`` is on the gateway's raw scale."""

    real_mode: OperationMode = OperationMode.UNKNOWN
    real_mode_raw: str = ""
    backup_reserve_percent: float = 0.0
    freq_shift_load_shed_soe: float | None = None
    freq_shift_load_shed_delta_f: float | None = None

    @property
    def backup_reserve_percent_app(self) -> float:
        """The backup reserve as the Tesla app shows it."""
        return to_app_percent(self.backup_reserve_percent)
