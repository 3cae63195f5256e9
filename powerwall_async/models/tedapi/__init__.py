"""Typed models of the gateway's TEDAPI answers (GraphQL JSON and the system-info message).

Each ``parse_*`` function takes decoded JSON and returns a frozen model; a wrong top-level shape
raises :class:`~powerwall_async.ResponseFormatError`, a missing or odd part reads as ``None``
or empty. :func:`build_site` combines the answers into one :class:`Site`.

Units: W, Wh, V, A, Hz, °C. Signs as the REST models: battery power negative while charging,
site (grid) power negative while exporting. States of energy and the backup reserve are on the
gateway's raw scale, with ``*_app`` properties on the Tesla app's scale.
"""

from __future__ import annotations

from .can_bus import (
    AcMeter,
    CanBus,
    CtMeasurement,
    Islander,
    MeterDevice,
    Pinv,
    Pod,
    Pvac,
    Pvs,
    Thc,
)
from .components import (
    Component,
    Components,
    PchUnit,
    PvStringReading,
    Signal,
    bms_energy_wh,
    parse_components,
)
from .config import (
    BatteryBlockConfig,
    BatteryExpansion,
    BatteryType,
    ExportRule,
    GatewayConfig,
    MeterConfig,
    SiteSettings,
    SolarConfig,
    parse_config,
)
from .site import BatteryUnit, Inverter, InverterKind, PvString, Site, UnitRole, build_site
from .status import (
    DeviceStatus,
    DisableableDevice,
    EnergyStatus,
    Islanding,
    LocatedPower,
    MeterLocation,
    SiteShutdown,
    SystemSection,
    parse_status,
    state_of_energy,
)
from .system_info import DeviceKind, SystemInfo

__all__ = [
    "AcMeter",
    "BatteryBlockConfig",
    "BatteryExpansion",
    "BatteryType",
    "BatteryUnit",
    "CanBus",
    "Component",
    "Components",
    "CtMeasurement",
    "DeviceKind",
    "DeviceStatus",
    "DisableableDevice",
    "EnergyStatus",
    "ExportRule",
    "GatewayConfig",
    "Inverter",
    "InverterKind",
    "Islander",
    "Islanding",
    "LocatedPower",
    "MeterConfig",
    "MeterDevice",
    "MeterLocation",
    "PchUnit",
    "Pinv",
    "Pod",
    "PvString",
    "PvStringReading",
    "Pvac",
    "Pvs",
    "Signal",
    "Site",
    "SiteSettings",
    "SiteShutdown",
    "SolarConfig",
    "SystemInfo",
    "SystemSection",
    "Thc",
    "UnitRole",
    "bms_energy_wh",
    "build_site",
    "parse_components",
    "parse_config",
    "parse_status",
    "state_of_energy",
]
