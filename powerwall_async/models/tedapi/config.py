"""The gateway's configuration file (``config.json``, read over TEDAPI's file store)."""

from __future__ import annotations

import attrs

from .._scale import to_app_percent
from .._types import GatewayEnum
from ..operation import OperationMode
from . import _read as read

__all__ = [
    "BatteryBlockConfig",
    "BatteryExpansion",
    "BatteryType",
    "ExportRule",
    "GatewayConfig",
    "MeterConfig",
    "SiteSettings",
    "SolarConfig",
    "parse_config",
]


class BatteryType(GatewayEnum):
    """``battery_blocks[].type`` in ``config.json``."""

    POWERWALL_2 = "Powerwall2"
    SOLAR_POWERWALL = "SolarPowerwall"
    """Powerwall+ (a Powerwall 2 with a solar inverter)."""
    POWERWALL_3 = "Powerwall3"
    """A Powerwall 3 leading the site (the unit that answers TEDAPI)."""
    POWERWALL_3_FOLLOWER = "Powerwall3Follower"
    UNKNOWN = "UNKNOWN"


class ExportRule(GatewayEnum):
    """``site_info.customer_preferred_export_rule``: what may be exported to the grid."""

    BATTERY_OK = "battery_ok"
    """Solar and battery may export."""
    PV_ONLY = "pv_only"
    NEVER = "never"
    UNKNOWN = "UNKNOWN"


@attrs.frozen(kw_only=True)
class BatteryExpansion:
    """A DC expansion pack of a Powerwall 3 (``battery_expansions[]``)."""

    din: str = ""


@attrs.frozen(kw_only=True)
class BatteryBlockConfig:
    """One configured battery unit (``battery_blocks[]``); followers have no ``can_connection``
    and no expansions listed."""

    din: str = ""
    """``vin``: the unit's DIN, ``<part number>--<serial>``."""
    type: BatteryType = BatteryType.UNKNOWN
    type_raw: str = ""
    min_soe: float | None = None
    max_soe: float | None = None
    can_connection: str | None = None
    pvi_power_status: str | None = None
    battery_power_status: str | None = None
    enable_inverter_battery_meter: bool | None = None
    enable_inverter_solar_meter: bool | None = None
    expansions: tuple[BatteryExpansion, ...] = ()

    @property
    def is_follower(self) -> bool:
        """True for a Powerwall 3 that follows the leader."""
        return self.type is BatteryType.POWERWALL_3_FOLLOWER


@attrs.frozen(kw_only=True)
class MeterConfig:
    """One configured meter (``meters[]``); ``location`` is lower case here (``"site"``)."""

    location: str = ""
    type: str = ""
    """``"neurio_w2_tcp"``, ``"msa"``, ``"synchrometerX"``…"""
    cts: tuple[bool | None, ...] = ()
    """Which CT inputs are in use, one flag per input (``None`` where the file has no flag)."""
    inverted: tuple[bool | None, ...] = ()
    short_id: str | None = None
    device_serial: str | None = None
    real_power_scale_factor: float | None = None


@attrs.frozen(kw_only=True)
class SolarConfig:
    """A solar installation declared in ``solars[]``; power in W."""

    brand: str | None = None
    power_rating_watts: float | None = None


@attrs.frozen(kw_only=True)
class SiteSettings:
    """``site_info`` of ``config.json``: reserve, export rule, grid charging, limits.

    ``backup_reserve_percent`` is on the gateway's raw scale;
    :attr:`backup_reserve_percent_app` is the same reserve as the Tesla app shows it.
    Site meter limits are in kW as the file stores them (export negative); nominal energy in
    kWh and power in kW.
    """

    site_name: str | None = None
    timezone: str | None = None
    battery_commission_date: str | None = None
    backup_reserve_percent: float | None = None
    export_rule: ExportRule = ExportRule.UNKNOWN
    """``customer_preferred_export_rule``; ``UNKNOWN`` when absent or new."""
    export_rule_raw: str = ""
    grid_charging_allowed: bool = True
    """False when ``disallow_charge_from_grid_with_solar_installed`` is true (absent: allowed)."""
    solar_curtailment_enabled: bool = False
    """``on_grid_solar_curtailment_enabled`` (absent: disabled)."""
    max_site_meter_power_kw: float | None = None
    min_site_meter_power_kw: float | None = None
    nominal_system_energy_kwh: float | None = None
    nominal_system_power_kw: float | None = None
    grid_code: str | None = None
    country: str | None = None
    state: str | None = None
    utility: str | None = None
    panel_max_current: float | None = None

    @property
    def backup_reserve_percent_app(self) -> float | None:
        """The backup reserve on the Tesla app's scale (``(raw - 5) / 0.95``)."""
        raw = self.backup_reserve_percent
        return None if raw is None else to_app_percent(raw)


@attrs.frozen(kw_only=True)
class GatewayConfig:
    """``config.json`` as the gateway stores it (TEDAPI file store).

    ``file_hash`` is the hash the file store returned with the file: a write must send it back
    (optimistic locking), so keep the whole object when you intend to change a setting.
    ``operation_mode`` is ``default_real_mode``.
    """

    din: str = ""
    """``vin``: the gateway's (or leading Powerwall 3's) DIN."""
    battery_blocks: tuple[BatteryBlockConfig, ...] = ()
    meters: tuple[MeterConfig, ...] = ()
    solars: tuple[SolarConfig, ...] = ()
    site: SiteSettings | None = None
    operation_mode: OperationMode = OperationMode.UNKNOWN
    operation_mode_raw: str = ""
    tou_mode: str | None = None
    """``strategy.TOU_mode``."""
    file_hash: bytes = b""

    def battery_block(self, din: str) -> BatteryBlockConfig | None:
        """The configured unit with this DIN."""
        return next((block for block in self.battery_blocks if block.din == din), None)


def _flags(value: object) -> tuple[bool | None, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(read.flag(item) for item in value)


def _battery_block(data: read.JsonObject) -> BatteryBlockConfig:
    kind, kind_raw = read.enum_of(BatteryType, data.get("type"))
    return BatteryBlockConfig(
        din=read.text(data.get("vin")) or "",
        type=kind,
        type_raw=kind_raw,
        min_soe=read.number(data.get("min_soe")),
        max_soe=read.number(data.get("max_soe")),
        can_connection=read.text(data.get("can_connection")),
        pvi_power_status=read.text(data.get("pvi_power_status")),
        battery_power_status=read.text(data.get("battery_power_status")),
        enable_inverter_battery_meter=read.flag(data.get("enable_inverter_battery_meter")),
        enable_inverter_solar_meter=read.flag(data.get("enable_inverter_solar_meter")),
        expansions=tuple(
            BatteryExpansion(din=din)
            for item in read.objects(data.get("battery_expansions"))
            if (din := read.text(item.get("din")))
        ),
    )


def _meter(data: read.JsonObject) -> MeterConfig:
    return MeterConfig(
        location=read.text(data.get("location")) or "",
        type=read.text(data.get("type")) or "",
        cts=_flags(data.get("cts")),
        inverted=_flags(data.get("inverted")),
        short_id=read.text(read.path(data, "connection", "short_id")),
        device_serial=read.text(read.path(data, "connection", "device_serial")),
        real_power_scale_factor=read.number(data.get("real_power_scale_factor")),
    )


def _site(data: read.JsonObject) -> SiteSettings:
    rule, rule_raw = read.enum_of(ExportRule, data.get("customer_preferred_export_rule"))
    return SiteSettings(
        site_name=read.text(data.get("site_name")),
        timezone=read.text(data.get("timezone")),
        battery_commission_date=read.text(data.get("battery_commission_date")),
        backup_reserve_percent=read.number(data.get("backup_reserve_percent")),
        export_rule=rule,
        export_rule_raw=rule_raw,
        grid_charging_allowed=not read.flag(
            data.get("disallow_charge_from_grid_with_solar_installed")
        ),
        solar_curtailment_enabled=bool(read.flag(data.get("on_grid_solar_curtailment_enabled"))),
        max_site_meter_power_kw=read.number(data.get("max_site_meter_power_ac")),
        min_site_meter_power_kw=read.number(data.get("min_site_meter_power_ac")),
        nominal_system_energy_kwh=read.number(data.get("nominal_system_energy_ac")),
        nominal_system_power_kw=read.number(data.get("nominal_system_power_ac")),
        grid_code=read.text(data.get("grid_code")),
        country=read.text(data.get("country")),
        state=read.text(data.get("state")),
        utility=read.text(data.get("utility")),
        panel_max_current=read.number(data.get("panel_max_current")),
    )


def parse_config(data: object, *, file_hash: bytes = b"") -> GatewayConfig:
    """``config.json`` (decoded JSON) → :class:`GatewayConfig`.

    Raises :class:`~powerwall_async.ResponseFormatError` when the top level is not an object;
    any part that is missing or of another shape reads as ``None`` or empty.
    """
    config = read.top_object(data, "config.json")
    mode, mode_raw = read.enum_of(OperationMode, config.get("default_real_mode"))
    site = read.member(config, "site_info")
    return GatewayConfig(
        din=read.text(config.get("vin")) or "",
        battery_blocks=tuple(map(_battery_block, read.objects(config.get("battery_blocks")))),
        meters=tuple(map(_meter, read.objects(config.get("meters")))),
        solars=tuple(
            SolarConfig(
                brand=read.text(item.get("brand")),
                power_rating_watts=read.number(item.get("power_rating_watts")),
            )
            for item in read.objects(config.get("solars"))
        ),
        site=None if site is None else _site(site),
        operation_mode=mode,
        operation_mode_raw=mode_raw,
        tou_mode=read.text(read.path(config, "strategy", "TOU_mode")),
        file_hash=bytes(file_hash),
    )
