"""GET /api/meters, /api/meters/aggregates, /api/meters/status and /api/meters/{serial}/cts."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._types import Nanoseconds


@attrs.frozen(kw_only=True)
class MeterAggregate:
    """One of site (grid), battery, load (home) or solar in GET /api/meters/aggregates.

    Power in watts: for ``site`` positive means drawing from the grid; for ``battery`` positive
    means discharging; ``load`` is the home; ``solar`` is production.
    """

    last_communication_time: datetime | None = None
    instant_power: float = 0.0
    instant_reactive_power: float = 0.0
    instant_apparent_power: float = 0.0
    frequency: float = 0.0
    energy_exported: float = 0.0
    energy_imported: float = 0.0
    instant_average_voltage: float = 0.0
    instant_average_current: float = 0.0
    i_a_current: float = 0.0
    i_b_current: float = 0.0
    i_c_current: float = 0.0
    last_phase_voltage_communication_time: datetime | None = None
    last_phase_power_communication_time: datetime | None = None
    last_phase_energy_communication_time: datetime | None = None
    timeout: Nanoseconds | None = None
    num_meters_aggregated: int | None = None
    instant_total_current: float | None = None


@attrs.frozen(kw_only=True)
class MetersAggregates:
    """GET /api/meters/aggregates: instantaneous power flow at the four meter points."""

    site: MeterAggregate = MeterAggregate()
    battery: MeterAggregate = MeterAggregate()
    load: MeterAggregate = MeterAggregate()
    solar: MeterAggregate = MeterAggregate()
    busway: MeterAggregate | None = None
    frequency: MeterAggregate | None = None
    generator: MeterAggregate | None = None


@attrs.frozen(kw_only=True)
class MeterCt:
    """One current transformer group of a meter (GET /api/meters, /api/meters/{serial}/cts).

    ``valid`` and ``inverted`` hold one flag per CT input of the meter.
    """

    type: str = ""
    """What the CTs measure: ``site``, ``solar``, ..."""
    valid: tuple[bool, ...] = ()
    inverted: tuple[bool, ...] = ()
    real_power_scale_factor: float | None = None


@attrs.frozen(kw_only=True)
class Meter:
    """One meter in GET /api/meters (a Neurio or the gateway's own synchrometer)."""

    serial: str = ""
    short_id: str = ""
    type: str = ""
    """``synchrometerX``, ``synchrometerY``, ``neurio_tcp``, ..."""
    connected: bool | None = None
    cts: tuple[MeterCt, ...] = ()
    ip_address: str = ""
    mac: str = ""


@attrs.frozen(kw_only=True)
class MetersStatus:
    """GET /api/meters/status."""

    status: str = ""
    errors: tuple[str, ...] | None = None
