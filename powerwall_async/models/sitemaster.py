"""GET /api/sitemaster — whether the system is running."""

from __future__ import annotations

import attrs

from ._types import GatewayEnum


class SitemasterStatus(GatewayEnum):
    """``status`` of GET /api/sitemaster."""

    UP = "StatusUp"
    DOWN = "StatusDown"
    UNKNOWN = "UNKNOWN"


@attrs.frozen(kw_only=True)
class Sitemaster:
    """GET /api/sitemaster.

    ``can_reboot`` is ``"Yes"``, a reason such as ``"Power flow is too high"``, or ``""``.
    Older firmware also sent ``uptime`` as text (``"802459s,"``).
    """

    status: SitemasterStatus = SitemasterStatus.UNKNOWN
    status_raw: str = ""
    running: bool | None = None
    uptime: str = ""
    connected_to_tesla: bool | None = None
    power_supply_mode: bool | None = None
    can_reboot: str = ""

    @property
    def reboot_allowed(self) -> bool:
        """True when the gateway says a reboot is possible now."""
        return self.can_reboot == "Yes"
