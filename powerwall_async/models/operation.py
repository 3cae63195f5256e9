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
    """GET /api/operation. ``backup_reserve_percent`` is on the gateway's raw scale.

    Older firmware named the mode ``mode`` (the API document's example); it lands in ``mode``.
    """

    real_mode: OperationMode = OperationMode.UNKNOWN
    real_mode_raw: str = ""
    mode: OperationMode | None = None
    backup_reserve_percent: float = 0.0
    freq_shift_load_shed_soe: float | None = None
    """A state of energy (raw scale) used by frequency-shift load shedding."""
    freq_shift_load_shed_delta_f: float | None = None

    @property
    def backup_reserve_percent_app(self) -> float:
        """The backup reserve as the Tesla app shows it."""
        return to_app_percent(self.backup_reserve_percent)

    @property
    def freq_shift_load_shed_soe_app(self) -> float | None:
        """``freq_shift_load_shed_soe`` on the app's scale."""
        if self.freq_shift_load_shed_soe is None:
            return None
        return to_app_percent(self.freq_shift_load_shed_soe)


@attrs.frozen(kw_only=True)
class OperationSettings:
    """The answer to POST /api/operation: the mode and reserve (raw scale) now configured.

    They take effect after GET /api/config/completed (``pw.config.completed()``).
    """

    mode: OperationMode = OperationMode.UNKNOWN
    mode_raw: str = ""
    backup_reserve_percent: float = 0.0

    @property
    def backup_reserve_percent_app(self) -> float:
        """The backup reserve as the Tesla app shows it."""
        return to_app_percent(self.backup_reserve_percent)
