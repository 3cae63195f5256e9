"""GET /api/system_status/grid_faults and the alerts embedded in it as JSON strings."""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from ._metadata import JSON_EMBEDDED, JSON_ROOT
from ._types import EpochMilliseconds, JsonScalar

AlertValue = JsonScalar
"""A signal's value in a decoded alert: a number, a name, a flag or nothing."""


@attrs.frozen(kw_only=True)
class AlertSignal:
    """One signal of a decoded alert: ``{"name": "PINV_a006_frequency", "value": 57.207,
    "units": "Hz"}``."""

    name: str = ""
    value: AlertValue = None
    units: str = ""


@attrs.frozen(kw_only=True)
class DecodedAlert:
    """``decoded_alert`` of a grid fault, parsed from the JSON the gateway embeds in a string.

    ``signals`` keeps every signal in order; ``alert_id`` and ``alert_type`` are the two every
    alert carries (``PINV_alertID``, ``PINV_alertType``); ``alert[name]`` finds any other.
    """

    signals: tuple[AlertSignal, ...] = attrs.field(
        default=(), metadata={JSON_ROOT: True, JSON_EMBEDDED: True}
    )

    def __iter__(self) -> Iterator[AlertSignal]:
        return iter(self.signals)

    def __len__(self) -> int:
        return len(self.signals)

    def __getitem__(self, name: str) -> AlertValue:
        for signal in self.signals:
            if signal.name == name:
                return signal.value
        raise KeyError(name)

    def get(self, name: str, default: AlertValue = None) -> AlertValue:
        """The value of the signal called ``name``, or ``default``."""
        try:
            return self[name]
        except KeyError:
            return default

    def _ending(self, suffix: str) -> AlertValue:
        for signal in self.signals:
            if signal.name.endswith(suffix):
                return signal.value
        return None

    @property
    def alert_id(self) -> str:
        """The alert's name (the value of ``<ECU>_alertID``), or ``""``."""
        value = self._ending("_alertID")
        return value if isinstance(value, str) else ""

    @property
    def alert_type(self) -> str:
        """``Warning``, ``Fault``, ... (the value of ``<ECU>_alertType``), or ``""``."""
        value = self._ending("_alertType")
        return value if isinstance(value, str) else ""


@attrs.frozen(kw_only=True)
class GridFault:
    """One entry of GET /api/system_status/grid_faults (also ``grid_faults`` of
    GET /api/system_status).

    ``decoded_alert`` is parsed from the JSON string the gateway sends; ``decoded_alert_raw``
    keeps that string.
    """

    timestamp: EpochMilliseconds | None = None
    alert_name: str = ""
    alert_is_fault: bool | None = None
    decoded_alert: DecodedAlert = DecodedAlert()
    decoded_alert_raw: str = ""
    alert_raw: int | None = None
    git_hash: str = ""
    site_uid: str = ""
    ecu_type: str = ""
    ecu_package_part_number: str = ""
    ecu_package_serial_number: str = ""
