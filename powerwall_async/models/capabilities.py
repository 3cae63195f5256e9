"""What a gateway offers: the answer of ``await pw.capabilities()``."""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

from ._frozen import FrozenDict, frozen_items
from ._types import FirmwareVersion
from .status import DeviceType


class GroupSupport(enum.StrEnum):
    """How a group's probe (one cheap, safe GET) was answered."""

    AVAILABLE = "available"
    """It answered with data."""
    FAILING = "failing"
    """The endpoint exists but answered an error now (502 while stopped, 500, 409, ...)."""
    DENIED = "denied"
    """403: the customer role may not read it on this firmware or gateway."""
    NOT_SUPPORTED = "not_supported"
    """404: not on this firmware or gateway model."""


@attrs.frozen(kw_only=True)
class Capabilities:
    """Firmware, gateway type and which endpoint groups answer (``await pw.capabilities()``).

    ``restricted`` is true for gateways that serve only GET /api/meters/aggregates,
    /api/system_status/soe and /api/system_status/grid_status locally (Powerwall 3 and newer
    firmware). ``groups`` maps each probed group (``"meters"``, ``"sitemaster"``, ...) to how its
    probe was answered; groups with no safe GET to probe (``islanding``, ``password``,
    ``logging``) are not in it.
    """

    firmware_version: FirmwareVersion | None = None
    """``None`` when GET /api/status did not answer."""
    device_type: DeviceType | None = None
    device_type_raw: str = ""
    restricted: bool = False
    groups: Mapping[str, GroupSupport] = attrs.field(factory=FrozenDict, converter=frozen_items)

    def answers(self, group: str) -> bool:
        """True when ``group``'s probe reached an existing endpoint the customer may read."""
        return self.groups.get(group) in (GroupSupport.AVAILABLE, GroupSupport.FAILING)

    @property
    def available_groups(self) -> list[str]:
        """The groups that answered, in probe order."""
        return [group for group in self.groups if self.answers(group)]
