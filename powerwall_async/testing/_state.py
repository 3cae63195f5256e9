"""What the simulated gateway is doing: running or stopped, on or off grid, its operation
settings, and live power values that drift a little at every reading.

Power follows the gateway's signs: ``site`` > 0 imports from the grid, ``battery`` > 0
discharges, ``solar`` > 0 produces, and ``load = site + battery + solar`` always holds.
"""

from __future__ import annotations

import random

import attrs

__all__ = ["ISLAND_MODES", "OPERATION_MODES", "GatewayState", "PendingOperation", "PowerFlow"]

OPERATION_MODES = ("self_consumption", "backup", "autonomous")
"""The modes POST /api/operation accepts."""

ISLAND_MODES = {
    "intentional_reconnect_failsafe": "SystemIslandedActive",
    "backup": "SystemGridConnected",
}
"""POST /api/v2/islanding/mode ``island_mode`` → the grid status that follows."""

_MAX_POWER = 10_000.0
_SOE_PER_WATT = 1e-5
"""Percent of charge one reading at one watt moves (a small, visible drift)."""


@attrs.frozen
class PowerFlow:
    """Instantaneous power in watts, on the gateway's signs."""

    site: float
    battery: float
    load: float
    solar: float


@attrs.define
class PendingOperation:
    """Operation settings posted but not yet applied by GET /api/config/completed."""

    mode: str
    backup_reserve_percent: float


def _clamp(value: float, low: float, high: float) -> float:
    return min(high, max(low, value))


@attrs.define(kw_only=True)
class GatewayState:
    """The simulated gateway's state; tests may read and change any of it while it runs.

    ``running`` is sitemaster's state (``stop()``/``run()``); ``grid_status`` what GET
    /api/system_status/grid_status reports; ``real_mode`` and ``backup_reserve_percent`` the
    applied operation settings, ``pending`` the posted ones awaiting GET /api/config/completed;
    ``soe`` the raw state of energy; ``solar``/``load``/``battery`` the live power (``site``
    follows from them). ``customer_writes`` False makes every POST answer 403 to the customer
    even with a valid session, as newer firmware does (vloschiavo/powerwall2#55).
    ``vitals`` False makes GET /api/devices/vitals answer 404, as firmware 23.44 and later
    do (profiles without vitals answer 404 either way).
    """

    running: bool = True
    customer_writes: bool = True
    vitals: bool = True
    grid_status: str = "SystemGridConnected"
    real_mode: str = "self_consumption"
    backup_reserve_percent: float = 20.0
    pending: PendingOperation | None = None
    soe: float = 50.0
    solar: float = 0.0
    load: float = 500.0
    battery: float = 0.0
    seed: int | None = 0
    """Seeds the drift of the live values (None: a different drift on every run)."""
    _rng: random.Random = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        self._rng = random.Random(self.seed)  # noqa: S311 - simulated readings, not secrets

    # -- sitemaster ------------------------------------------------------------------------
    def stop(self) -> None:
        """GET /api/sitemaster/stop."""
        self.running = False

    def run(self) -> None:
        """GET /api/sitemaster/run."""
        self.running = True

    # -- grid ------------------------------------------------------------------------------
    @property
    def islanded(self) -> bool:
        """Off the grid: the site meter reads 0 and the battery covers the difference."""
        return self.grid_status != "SystemGridConnected"

    def set_island_mode(self, island_mode: str) -> None:
        """POST /api/v2/islanding/mode (``intentional_reconnect_failsafe`` or ``backup``)."""
        if island_mode not in ISLAND_MODES:
            raise ValueError(f"unknown island_mode {island_mode!r}")
        self.grid_status = ISLAND_MODES[island_mode]

    # -- operation -------------------------------------------------------------------------
    def post_operation(self, mode: str, backup_reserve_percent: float) -> None:
        """POST /api/operation: staged until :meth:`complete_config`."""
        self.pending = PendingOperation(mode, backup_reserve_percent)

    def complete_config(self) -> None:
        """GET /api/config/completed: apply what was posted."""
        if self.pending is not None:
            self.real_mode = self.pending.mode
            self.backup_reserve_percent = self.pending.backup_reserve_percent
            self.pending = None

    # -- live values -----------------------------------------------------------------------
    @property
    def site(self) -> float:
        """Grid power: whatever the home needs beyond solar and battery (0 off grid)."""
        return 0.0 if self.islanded else self.load - self.solar - self.battery

    def power(self) -> PowerFlow:
        """The current power flow, without moving it."""
        return PowerFlow(site=self.site, battery=self.battery, load=self.load, solar=self.solar)

    def step(self) -> PowerFlow:
        """Drift the live values a little (one reading's worth) and return the power flow."""
        gauss = self._rng.gauss
        self.solar = round(_clamp(self.solar + gauss(0, 15), 0, _MAX_POWER), 1)
        self.load = round(_clamp(self.load + gauss(0, 15), 50, _MAX_POWER), 1)
        if self.islanded:
            self.battery = self.load - self.solar
        else:
            self.battery = round(_clamp(self.battery + gauss(0, 10), -5000, 5000), 1)
        drained = self.soe - self.battery * _SOE_PER_WATT
        if self.battery > 0 and drained < self.backup_reserve_percent and not self.islanded:
            self.battery = 0.0  # holding the reserve for an outage
            drained = self.soe
        self.soe = _clamp(drained, 0.0, 100.0)
        return self.power()
