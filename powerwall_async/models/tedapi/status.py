"""The DeviceController status answer (``DeviceControllerQuery``, 2024 and 2026 query sets).

Units: W, Wh, V, A, Hz. Signs as the REST models: battery power negative while charging,
site (grid) power negative while exporting.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from .._scale import to_app_percent
from .._types import GatewayEnum
from ..system_status import GridStatus
from . import _read as read
from .can_bus import CanBus, MeterDevice, ac_meter, parse_can_bus
from .components import Component, component_list

__all__ = [
    "DeviceStatus",
    "DisableableDevice",
    "EnergyStatus",
    "Islanding",
    "LocatedPower",
    "MeterLocation",
    "SiteShutdown",
    "SystemSection",
    "parse_status",
    "state_of_energy",
]


class MeterLocation(GatewayEnum):
    """``control.meterAggregates[].location`` (upper case, unlike config's meter locations)."""

    BATTERY = "BATTERY"
    SITE = "SITE"
    """The grid connection."""
    LOAD = "LOAD"
    SOLAR = "SOLAR"
    SOLAR_RGM = "SOLAR_RGM"
    """A revenue-grade solar meter."""
    GENERATOR = "GENERATOR"
    CONDUCTOR = "CONDUCTOR"
    UNKNOWN = "UNKNOWN"


def state_of_energy(remaining_wh: float | None, full_wh: float | None) -> float | None:
    """Raw-scale state of energy in percent, ``remaining / full x 100`` (``None`` if unknown)."""
    if remaining_wh is None or full_wh is None or full_wh <= 0:
        return None
    return remaining_wh / full_wh * 100.0


@attrs.frozen(kw_only=True)
class EnergyStatus:
    """``control.systemStatus``: the whole site's battery energy in Wh.

    ``soe_percent`` is on the gateway's raw scale (what ``/api/system_status/soe`` gives);
    ``soe_percent_app`` is the Tesla app's.
    """

    full_pack_energy_wh: float | None = None
    energy_remaining_wh: float | None = None

    @property
    def soe_percent(self) -> float | None:
        """State of energy in percent on the gateway's raw scale (``None`` if unknown)."""
        return state_of_energy(self.energy_remaining_wh, self.full_pack_energy_wh)

    @property
    def soe_percent_app(self) -> float | None:
        """The same on the Tesla app's scale, ``(raw - 5) / 0.95``."""
        raw = self.soe_percent
        return None if raw is None else to_app_percent(raw)


@attrs.frozen(kw_only=True)
class LocatedPower:
    """One ``control.meterAggregates[]`` entry: real power in W at a location."""

    location: MeterLocation = MeterLocation.UNKNOWN
    location_raw: str = ""
    real_power_w: float | None = None


@attrs.frozen(kw_only=True)
class Islanding:
    """``control.islanding``: island mode requested and the grid contactor's state."""

    customer_island_mode: str | None = None
    """``"BACKUP"``…"""
    contactor_closed: bool | None = None
    micro_grid_ok: bool | None = None
    grid_ok: bool | None = None
    disable_reasons: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class DisableableDevice:
    """A ``control.batteryBlocks[]`` or ``control.pvInverters[]`` entry.

    ``disable_reasons`` is empty whether the firmware sent ``null`` (2024) or ``[]`` (2025).
    """

    din: str = ""
    disable_reasons: tuple[str, ...] = ()

    @property
    def enabled(self) -> bool:
        return not self.disable_reasons


@attrs.frozen(kw_only=True)
class SiteShutdown:
    """``control.siteShutdown``."""

    is_shut_down: bool | None = None
    reasons: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class SystemSection:
    """``system``: the gateway's clock, whether the site manager runs, an update on offer."""

    time: datetime | None = None
    sitemanager_running: bool | None = None
    update_urgency: str | None = None
    update_version: str | None = None
    update_githash: str | None = None


@attrs.frozen(kw_only=True)
class DeviceStatus:
    """The status answer, typed. Parts the query or firmware did not give are ``None``/empty.

    ``esCan`` (``can``) carries the Powerwall 2 / Powerwall+ devices; ``msa``/``sync`` are
    ``components.msa``/``components.sync`` (2024 "full" and 2026 queries).
    """

    energy: EnergyStatus | None = None
    meter_aggregates: tuple[LocatedPower, ...] = ()
    islanding: Islanding | None = None
    alerts: tuple[str, ...] = ()
    """``control.alerts.active``: site alerts such as ``"SystemConnectedToGrid"``."""
    site_shutdown: SiteShutdown | None = None
    battery_blocks: tuple[DisableableDevice, ...] = ()
    pv_inverters: tuple[DisableableDevice, ...] = ()
    system: SystemSection | None = None
    can: CanBus | None = None
    msa: tuple[Component, ...] = ()
    sync: tuple[Component, ...] = ()
    firmware_updating: bool | None = None
    """``pw3Can.firmwareUpdate.isUpdating`` (Powerwall 3) or ``esCan.firmwareUpdate.isUpdating``."""

    @property
    def synchrometer(self) -> MeterDevice | None:
        """The Synchrometer's meters X (site) and Y (solar): from ``esCan.bus.SYNC`` (2024
        queries) or the ``components.sync`` signals (2026 query)."""
        if self.can is not None and self.can.sync is not None:
            return self.can.sync
        return _meter_from_components(self.sync + self.msa, "XY", "N")

    @property
    def backup_switch(self) -> MeterDevice | None:
        """The backup switch's (MSA) meter Z: from ``esCan.bus.MSA`` or the ``components.msa``
        signals (``METER_Z_VL1G``/``VL2G`` are the voltages)."""
        if self.can is not None and self.can.msa is not None:
            return self.can.msa
        return _meter_from_components(self.msa, "Z", "G")

    def power_w(self, location: MeterLocation) -> float | None:
        """Real power at a location in W (``None`` if the answer has no such aggregate)."""
        return next(
            (item.real_power_w for item in self.meter_aggregates if item.location is location),
            None,
        )

    @property
    def grid_status(self) -> GridStatus | None:
        """Connected or islanded, by the rule pypowerwall documents.

        ``"SystemConnectedToGrid"`` among the alerts → connected; else the ISLANDER's grid
        connection; else ``control.islanding.gridOK`` with the contactor; else ``None``.
        """
        if "SystemConnectedToGrid" in self.alerts:
            return GridStatus.CONNECTED
        islander = self.can.islander if self.can is not None else None
        if islander is not None and islander.grid_connected is not None:
            return GridStatus.CONNECTED if islander.grid_connected else GridStatus.ISLANDED_ACTIVE
        if self.islanding is not None and self.islanding.contactor_closed is not None:
            return (
                GridStatus.CONNECTED
                if self.islanding.contactor_closed and self.islanding.grid_ok is not False
                else GridStatus.ISLANDED_ACTIVE
            )
        return None


def _meter_from_components(
    components: tuple[Component, ...], letters: str, voltage: str
) -> MeterDevice | None:
    """The first component with ``METER_<letter>_`` signals, read as a meter device."""
    for component in components:
        values = {signal.name: signal.value for signal in component.signals}
        found = [x for x in letters if any(name.startswith(f"METER_{x}_") for name in values)]
        if found:
            return MeterDevice(
                part_number=component.part_number,
                serial_number=component.serial_number,
                meters=tuple((x, ac_meter(values, x, voltage)) for x in found),
            )
    return None


def _devices(value: object) -> tuple[DisableableDevice, ...]:
    return tuple(
        DisableableDevice(
            din=read.text(item.get("din")) or "",
            disable_reasons=read.strings(item.get("disableReasons")),
        )
        for item in read.objects(value)
    )


def _aggregate(data: read.JsonObject) -> LocatedPower:
    location, raw = read.enum_of(MeterLocation, data.get("location"))
    return LocatedPower(
        location=location, location_raw=raw, real_power_w=read.number(data.get("realPowerW"))
    )


def _energy(data: read.JsonObject | None) -> EnergyStatus | None:
    if data is None:
        return None
    return EnergyStatus(
        full_pack_energy_wh=read.number(data.get("nominalFullPackEnergyWh")),
        energy_remaining_wh=read.number(data.get("nominalEnergyRemainingWh")),
    )


def _islanding(data: read.JsonObject | None) -> Islanding | None:
    if data is None:
        return None
    return Islanding(
        customer_island_mode=read.state(data.get("customerIslandMode")),
        contactor_closed=read.flag(data.get("contactorClosed")),
        micro_grid_ok=read.flag(data.get("microGridOK")),
        grid_ok=read.flag(data.get("gridOK")),
        disable_reasons=read.strings(data.get("disableReasons")),
    )


def _system(data: read.JsonObject | None) -> SystemSection | None:
    if data is None:
        return None
    update = read.member(data, "updateUrgencyCheck")
    return SystemSection(
        time=read.timestamp(data.get("time")),
        sitemanager_running=read.flag(read.path(data, "sitemanagerStatus", "isRunning")),
        update_urgency=read.state(read.path(update, "urgency")),
        update_version=read.text(read.path(update, "version", "version")),
        update_githash=read.githash(read.path(update, "version", "gitHash")),
    )


def parse_status(data: object) -> DeviceStatus:
    """The DeviceController answer (decoded JSON) → :class:`DeviceStatus`.

    Raises :class:`~powerwall_async.ResponseFormatError` when the top level is not an object.
    """
    answer = read.top_object(data, "status answer")
    control = read.member(answer, "control")
    shutdown = read.member(control, "siteShutdown")
    bus = read.member(read.member(answer, "esCan"), "bus")
    updating = read.flag(read.path(answer, "pw3Can", "firmwareUpdate", "isUpdating"))
    if updating is None:
        updating = read.flag(read.path(answer, "esCan", "firmwareUpdate", "isUpdating"))
    return DeviceStatus(
        energy=_energy(read.member(control, "systemStatus")),
        meter_aggregates=tuple(
            map(_aggregate, read.objects(read.path(control, "meterAggregates")))
        ),
        islanding=_islanding(read.member(control, "islanding")),
        alerts=read.strings(read.path(control, "alerts", "active")),
        site_shutdown=None
        if shutdown is None
        else SiteShutdown(
            is_shut_down=read.flag(shutdown.get("isShutDown")),
            reasons=read.strings(shutdown.get("reasons")),
        ),
        battery_blocks=_devices(read.path(control, "batteryBlocks")),
        pv_inverters=_devices(read.path(control, "pvInverters")),
        system=_system(read.member(answer, "system")),
        can=None if bus is None else parse_can_bus(bus),
        msa=component_list(answer, "msa"),
        sync=component_list(answer, "sync"),
        firmware_updating=updating,
    )
