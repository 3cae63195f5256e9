"""GET /api/system_status, /api/system_status/soe and /api/system_status/grid_status."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._scale import to_app_percent
from ._types import GatewayEnum
from .grid_faults import GridFault


class GridStatus(GatewayEnum):
    """``grid_status`` of GET /api/system_status/grid_status (and ``system_island_state`` of
    GET /api/system_status)."""

    CONNECTED = "SystemGridConnected"
    ISLANDED_READY = "SystemIslandedReady"
    ISLANDED_ACTIVE = "SystemIslandedActive"
    TRANSITION_TO_GRID = "SystemTransitionToGrid"
    TRANSITION_TO_ISLAND = "SystemTransitionToIsland"
    WAIT_FOR_USER = "SystemWaitForUser"
    MICRO_GRID_FAULTED = "SystemMicroGridFaulted"
    UNKNOWN = "UNKNOWN"


class GridState(GatewayEnum):
    """A battery inverter's view of the grid (``grid_state`` in GET /api/powerwalls,
    ``pinv_grid_state`` in GET /api/system_status)."""

    COMPLIANT = "Grid_Compliant"
    QUALIFYING = "Grid_Qualifying"
    UNCOMPLIANT = "Grid_Uncompliant"
    UNKNOWN = "UNKNOWN"


@attrs.frozen(kw_only=True)
class Soe:
    """GET /api/system_status/soe: state of energy, on the gateway's raw scale."""

    percentage: float = 0.0

    @property
    def percentage_app(self) -> float:
        """The same charge as the Tesla app shows it (``(raw - 5) / 0.95``)."""
        return to_app_percent(self.percentage)


@attrs.frozen(kw_only=True)
class GridStatusResponse:
    """GET /api/system_status/grid_status.

    An empty ``grid_status`` (seen from a disabled battery) reads as ``GridStatus.UNKNOWN``;
    ``grid_status_raw`` keeps what the gateway sent.
    """

    grid_status: GridStatus = GridStatus.UNKNOWN
    grid_status_raw: str = ""
    grid_services_active: bool | None = None

    @property
    def connected(self) -> bool:
        """True while the site is connected to the grid."""
        return self.grid_status is GridStatus.CONNECTED


@attrs.frozen(kw_only=True)
class BatteryBlock:
    """One Powerwall in ``battery_blocks`` of GET /api/system_status (energy in Wh, power in W)."""

    Type: str = ""
    PackagePartNumber: str = ""
    PackageSerialNumber: str = ""
    disabled_reasons: tuple[str, ...] = ()
    pinv_state: str = ""
    """The battery inverter's state, e.g. ``PINV_GridFollowing``."""
    pinv_grid_state: GridState = GridState.UNKNOWN
    pinv_grid_state_raw: str = ""
    nominal_energy_remaining: float | None = None
    nominal_full_pack_energy: float | None = None
    p_out: float | None = None
    q_out: float | None = None
    v_out: float | None = None
    f_out: float | None = None
    i_out: float | None = None
    energy_charged: float | None = None
    energy_discharged: float | None = None
    off_grid: bool | None = None
    vf_mode: bool | None = None
    wobble_detected: bool | None = None
    charge_power_clamped: bool | None = None
    backup_ready: bool | None = None
    OpSeqState: str = ""
    version: str = ""


@attrs.frozen(kw_only=True)
class SystemStatus:
    """GET /api/system_status: the batteries and inverters (energy in Wh, power in W).

    ``nominal_full_pack_energy`` over the years shows the batteries' degradation.
    ``can_reboot`` is ``"Yes"``, a reason such as ``"Power flow is too high"``, or ``""``.
    """

    command_source: str = ""
    battery_target_power: float | None = None
    battery_target_reactive_power: float | None = None
    nominal_full_pack_energy: float | None = None
    nominal_energy_remaining: float | None = None
    max_power_energy_remaining: float | None = None
    max_power_energy_to_be_charged: float | None = None
    max_charge_power: float | None = None
    max_discharge_power: float | None = None
    max_apparent_power: float | None = None
    instantaneous_max_discharge_power: float | None = None
    instantaneous_max_charge_power: float | None = None
    grid_services_power: float | None = None
    system_island_state: GridStatus = GridStatus.UNKNOWN
    system_island_state_raw: str = ""
    available_blocks: int | None = None
    battery_blocks: tuple[BatteryBlock, ...] = ()
    ffr_power_availability_high: float | None = None
    ffr_power_availability_low: float | None = None
    load_charge_constraint: float | None = None
    max_sustained_ramp_rate: float | None = None
    grid_faults: tuple[GridFault, ...] = ()
    can_reboot: str = ""
    smart_inv_delta_p: float | None = None
    smart_inv_delta_q: float | None = None
    last_toggle_timestamp: datetime | None = None
    solar_real_power_limit: float | None = None
    score: float | None = None
    blocks_controlled: int | None = None
    primary: bool | None = None
    auxiliary_load: float | None = None
    all_enable_lines_high: bool | None = None
    inverter_nominal_usable_power: float | None = None
    expected_energy_remaining: float | None = None

    @property
    def reboot_allowed(self) -> bool:
        """True when the gateway says a reboot is possible now."""
        return self.can_reboot == "Yes"
