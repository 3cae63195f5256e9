"""GET /api/devices/vitals: every device the gateway talks to, with its live readings.

The body is protobuf (``protos/vitals.proto``). :func:`decode_vitals` checks the wire format,
parses it with the generated betterproto2 classes and returns a :class:`Vitals`; no protobuf
type or betterproto2 exception leaves this module.

``Vitals.devices`` lists every device, known kind or not, with the values exactly as the gateway
typed them. The typed views (``battery_pods``, ``inverters``, ``pv_inverters``, ``meters``,
``island_controller``) read the value names the gateway uses (``POD_nom_energy_remaining``,
``PVAC_PVCurrent_A``, ``ISLAND_FreqL1_Load``, ...); a value a firmware does not send, or sends
with another type, is ``None`` there. Units are the gateway's own, unconverted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, TypeAlias, TypeVar

import attrs

from ._frozen import FrozenDict, frozen_items

__all__ = [
    "BatteryPod",
    "ConnectionParameters",
    "DeviceAttribute",
    "DeviceVitals",
    "EcuAttributes",
    "GeneratorAttributes",
    "Inverter",
    "IslandController",
    "Meter",
    "MeterAttributes",
    "MeterCt",
    "PvInverter",
    "PvInverterAttributes",
    "PvString",
    "VitalValue",
    "Vitals",
    "decode_vitals",
]

VitalValue: TypeAlias = float | int | str | bool
"""One reading, typed as the gateway sent it: a double, an int64, a string or a bool."""

_WHERE = "GET /api/devices/vitals"


# --- Identity -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ConnectionParameters:
    """How the site controller reaches a device (as far as the gateway says).

    ``ip_address`` is a host name or address such as ``"PWRview-73533"`` (a Neurio meter).
    """

    ip_address: str | None = None
    serial_port: str | None = None
    serial_baud: str | None = None
    modbus_id: int | None = None


@attrs.frozen(kw_only=True)
class EcuAttributes:
    """A Tesla electronic control unit: its ECU type and hardware identifiers."""

    ecu_type: int | None = None
    pcba_id: int | None = None
    assembly_id: int | None = None
    usage_id: int | None = None


@attrs.frozen(kw_only=True)
class GeneratorAttributes:
    """A generator's nameplate ratings."""

    nameplate_real_power_w: int | None = None
    nameplate_apparent_power_va: int | None = None


@attrs.frozen(kw_only=True)
class PvInverterAttributes:
    """A solar inverter's nameplate rating."""

    nameplate_real_power_w: int | None = None


@attrs.frozen(kw_only=True)
class MeterAttributes:
    """Where a meter measures, in the gateway's own numbering."""

    meter_location: tuple[int, ...] = ()


DeviceAttribute: TypeAlias = (
    EcuAttributes | GeneratorAttributes | PvInverterAttributes | MeterAttributes
)

_DEVICE_TYPE = re.compile(r"([A-Z][A-Z0-9_]*)--")


@attrs.frozen(kw_only=True)
class DeviceVitals:
    """One device in GET /api/devices/vitals: who it is, its readings and its alerts.

    The identity strings are ``None`` when the gateway did not send them (``""`` when it sent
    an empty one). ``values`` maps each reading's name to its value with the type the gateway
    gave it (``float`` for a double, ``int`` for an int64, ``str``, ``bool``); readings without
    a value are left out.
    """

    din: str = ""
    """Device identification number, e.g. ``"TEPOD--1081100-10-U--SSSSSSSSSSS"``."""
    part_number: str | None = None
    serial_number: str | None = None
    manufacturer: str | None = None
    firmware_version: str | None = None
    parent_din: str | None = None
    """The DIN of the device this one hangs off (empty for the site controller)."""
    site_label: str | None = None
    first_communication_time: datetime | None = None
    last_communication_time: datetime | None = None
    """When the gateway last heard from the device (timezone-aware, UTC)."""
    connection: ConnectionParameters | None = None
    attributes: tuple[DeviceAttribute, ...] = ()
    values: Mapping[str, VitalValue] = attrs.field(factory=FrozenDict, converter=frozen_items)
    alerts: tuple[str, ...] = ()

    @property
    def device_type(self) -> str:
        """The kind of device as the DIN names it (``"TEPOD"``, ``"PVAC"``, ``"TESYNC"``, ...).

        ``""`` when the DIN does not start with a type.
        """
        match = _DEVICE_TYPE.match(self.din)
        return match.group(1) if match else ""


# --- Typed views ----------------------------------------------------------------------------

_VITAL = "powerwall_async.vital"


def _vital(template: str, kind: type[float | bool | str]) -> Any:
    """A view field read from the value named ``template`` (``{}`` filled in per instance)."""
    return attrs.field(default=None, metadata={_VITAL: (template, kind)})


@attrs.frozen(kw_only=True)
class BatteryPod:
    """A Powerwall battery pod (``POD_*`` values, device type ``TEPOD``). Energies in Wh."""

    din: str = ""
    nom_energy_remaining: float | None = _vital("POD_nom_energy_remaining", float)
    nom_full_pack_energy: float | None = _vital("POD_nom_full_pack_energy", float)
    nom_energy_to_be_charged: float | None = _vital("POD_nom_energy_to_be_charged", float)
    available_charge_power: float | None = _vital("POD_available_charge_power", float)
    available_dischg_power: float | None = _vital("POD_available_dischg_power", float)
    state: str | None = _vital("POD_state", str)
    enable_line: bool | None = _vital("POD_enable_line", bool)
    charge_complete: bool | None = _vital("POD_ChargeComplete", bool)
    discharge_complete: bool | None = _vital("POD_DischargeComplete", bool)
    charge_request: bool | None = _vital("POD_ChargeRequest", bool)
    active_heating: bool | None = _vital("POD_ActiveHeating", bool)
    ccv_hold: bool | None = _vital("POD_CCVhold", bool)
    persistently_faulted: bool | None = _vital("POD_PersistentlyFaulted", bool)
    permanently_faulted: bool | None = _vital("POD_PermanentlyFaulted", bool)


@attrs.frozen(kw_only=True)
class Inverter:
    """A Powerwall's battery inverter (``PINV_*`` values, device type ``TEPINV``)."""

    din: str = ""
    state: str | None = _vital("PINV_State", str)
    grid_state: str | None = _vital("PINV_GridState", str)
    pout: float | None = _vital("PINV_Pout", float)
    qout: float | None = _vital("PINV_Qout", float)
    vout: float | None = _vital("PINV_Vout", float)
    fout: float | None = _vital("PINV_Fout", float)
    v_split1: float | None = _vital("PINV_VSplit1", float)
    v_split2: float | None = _vital("PINV_VSplit2", float)
    pll_frequency: float | None = _vital("PINV_PllFrequency", float)
    pll_locked: bool | None = _vital("PINV_PllLocked", bool)
    energy_charged: float | None = _vital("PINV_EnergyCharged", float)
    energy_discharged: float | None = _vital("PINV_EnergyDischarged", float)
    power_limiter: str | None = _vital("PINV_PowerLimiter", str)
    ready_for_grid_forming: bool | None = _vital("PINV_ReadyForGridForming", bool)
    hardware_enable_line: bool | None = _vital("PINV_HardwareEnableLine", bool)


@attrs.frozen(kw_only=True)
class PvString:
    """One solar string (``A``, ``B``, ...) of a solar inverter."""

    name: str = ""
    voltage: float | None = _vital("PVAC_PVMeasuredVoltage_{}", float)
    current: float | None = _vital("PVAC_PVCurrent_{}", float)
    power: float | None = _vital("PVAC_PVMeasuredPower_{}", float)
    state: str | None = _vital("PVAC_PvState_{}", str)
    connected: bool | None = _vital("PVS_String{}_Connected", bool)
    """From the string monitor (``PVS`` device) below the inverter."""


@attrs.frozen(kw_only=True)
class PvInverter:
    """A Tesla solar inverter (``PVAC_*`` values) with the strings its ``PVS`` monitor sees."""

    din: str = ""
    state: str | None = _vital("PVAC_State", str)
    inv_state: str | None = _vital("PVAC_InvState", str)
    grid_state: str | None = _vital("PVAC_GridState", str)
    pout: float | None = _vital("PVAC_Pout", float)
    qout: float | None = _vital("PVAC_Qout", float)
    vout: float | None = _vital("PVAC_Vout", float)
    iout: float | None = _vital("PVAC_Iout", float)
    fout: float | None = _vital("PVAC_Fout", float)
    lifetime_energy_pv_total: float | None = _vital("PVAC_LifetimeEnergyPV_Total", float)
    pvs_state: str | None = _vital("PVS_State", str)
    strings: tuple[PvString, ...] = ()


@attrs.frozen(kw_only=True)
class MeterCt:
    """One current transformer of a meter (``CTA`` / ``CT0`` in the value names)."""

    name: str = ""
    current: float | None = _vital("{}_I", float)
    inst_real_power: float | None = _vital("{}_InstRealPower", float)
    inst_reactive_power: float | None = _vital("{}_InstReactivePower", float)
    location: str | None = _vital("{}_Location", str)


@attrs.frozen(kw_only=True)
class Meter:
    """A meter's readings: ``METER_X_*`` / ``METER_Y_*`` on the backup switch, ``NEURIO_*``.

    ``name`` is the prefix of its values (``"METER_X"``, ``"NEURIO"``); ``din`` the device
    that reports them.
    """

    din: str = ""
    name: str = ""
    lifetime_energy_import: float | None = _vital("{}_LifetimeEnergyImport", float)
    lifetime_energy_export: float | None = _vital("{}_LifetimeEnergyExport", float)
    vl1n: float | None = _vital("{}_VL1N", float)
    vl2n: float | None = _vital("{}_VL2N", float)
    vl3n: float | None = _vital("{}_VL3N", float)
    cts: tuple[MeterCt, ...] = ()


@attrs.frozen(kw_only=True)
class IslandController:
    """The island controller (``ISLAND_*`` values, on the ``TESYNC`` device)."""

    din: str = ""
    grid_state: str | None = _vital("ISLAND_GridState", str)
    grid_connected: bool | None = _vital("ISLAND_GridConnected", bool)
    ready_for_synchronization: bool | None = _vital("ISLAND_ReadyForSynchronization", bool)
    freq_l1_main: float | None = _vital("ISLAND_FreqL1_Main", float)
    freq_l2_main: float | None = _vital("ISLAND_FreqL2_Main", float)
    freq_l3_main: float | None = _vital("ISLAND_FreqL3_Main", float)
    freq_l1_load: float | None = _vital("ISLAND_FreqL1_Load", float)
    freq_l2_load: float | None = _vital("ISLAND_FreqL2_Load", float)
    freq_l3_load: float | None = _vital("ISLAND_FreqL3_Load", float)
    vl1n_main: float | None = _vital("ISLAND_VL1N_Main", float)
    vl2n_main: float | None = _vital("ISLAND_VL2N_Main", float)
    vl3n_main: float | None = _vital("ISLAND_VL3N_Main", float)
    vl1n_load: float | None = _vital("ISLAND_VL1N_Load", float)
    vl2n_load: float | None = _vital("ISLAND_VL2N_Load", float)
    vl3n_load: float | None = _vital("ISLAND_VL3N_Load", float)
    l1_microgrid_ok: bool | None = _vital("ISLAND_L1MicrogridOk", bool)
    l2_microgrid_ok: bool | None = _vital("ISLAND_L2MicrogridOk", bool)
    l3_microgrid_ok: bool | None = _vital("ISLAND_L3MicrogridOk", bool)
    l1l2_phase_delta: float | None = _vital("ISLAND_L1L2PhaseDelta", float)
    l1l3_phase_delta: float | None = _vital("ISLAND_L1L3PhaseDelta", float)
    l2l3_phase_delta: float | None = _vital("ISLAND_L2L3PhaseDelta", float)
    phase_l1_main_load: float | None = _vital("ISLAND_PhaseL1_Main_Load", float)
    phase_l2_main_load: float | None = _vital("ISLAND_PhaseL2_Main_Load", float)
    phase_l3_main_load: float | None = _vital("ISLAND_PhaseL3_Main_Load", float)


_View = TypeVar("_View", bound=attrs.AttrsInstance)


def _read(values: Mapping[str, VitalValue], name: str, kind: type) -> VitalValue | None:
    value = values.get(name)
    if kind is float:  # an int64 reading is a number too; a bool is not
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return float(value)
    return value if isinstance(value, kind) else None


def _view(cls: type[_View], values: Mapping[str, VitalValue], key: str = "", **known: Any) -> _View:
    """Build a view, each field read from the value its metadata names (``{}`` → ``key``)."""
    for field in attrs.fields(cls):
        spec = field.metadata.get(_VITAL)
        if spec is not None:
            template, kind = spec
            known[field.name] = _read(values, template.format(key), kind)
    return cls(**known)


def _has_prefix(device: DeviceVitals, prefix: str) -> bool:
    return any(name.startswith(prefix) for name in device.values)


_PV_STRING = re.compile(
    r"PVAC_(?:PVCurrent|PVMeasuredVoltage|PVMeasuredPower|PvState)_([A-Z])|PVS_String([A-Z])_"
)
_METER = re.compile(r"(METER_[A-Z]|NEURIO)_(?:CT([A-Z0-9]+)_)?")


def _pv_inverter(device: DeviceVitals, devices: Iterable[DeviceVitals]) -> PvInverter:
    values: dict[str, VitalValue] = {}
    for child in devices:  # the PVS string monitor hangs off the inverter
        if child.parent_din == device.din and _has_prefix(child, "PVS_"):
            values.update(child.values)
    values.update(device.values)
    letters = sorted({next(filter(None, m.groups())) for m in map(_PV_STRING.match, values) if m})
    strings = tuple(_view(PvString, values, letter, name=letter) for letter in letters)
    return _view(PvInverter, values, din=device.din, strings=strings)


def _meters(device: DeviceVitals) -> list[Meter]:
    cts: dict[str, dict[str, None]] = {}  # meter prefix → its CT prefixes, in order
    for name in device.values:
        match = _METER.match(name)
        if match:
            meter, ct = match.groups()
            found = cts.setdefault(meter, {})
            if ct is not None:
                found[f"{meter}_CT{ct}"] = None
    return [
        _view(
            Meter,
            device.values,
            meter,
            din=device.din,
            name=meter,
            cts=tuple(
                _view(MeterCt, device.values, ct, name=ct.rsplit("_CT", 1)[1]) for ct in found
            ),
        )
        for meter, found in cts.items()
    ]


@attrs.frozen(kw_only=True)
class Vitals:
    """GET /api/devices/vitals: every device the gateway talks to, keyed by DIN.

    The typed views below are built from ``devices`` on each access; a device of a kind they do
    not cover is still in ``devices``.
    """

    devices: Mapping[str, DeviceVitals] = attrs.field(factory=FrozenDict, converter=frozen_items)

    @property
    def battery_pods(self) -> tuple[BatteryPod, ...]:
        """Every device with ``POD_*`` values."""
        return tuple(
            _view(BatteryPod, d.values, din=d.din)
            for d in self.devices.values()
            if _has_prefix(d, "POD_")
        )

    @property
    def inverters(self) -> tuple[Inverter, ...]:
        """Every device with ``PINV_*`` values (the Powerwalls' battery inverters)."""
        return tuple(
            _view(Inverter, d.values, din=d.din)
            for d in self.devices.values()
            if _has_prefix(d, "PINV_")
        )

    @property
    def pv_inverters(self) -> tuple[PvInverter, ...]:
        """Every device with ``PVAC_*`` values, with its strings."""
        devices = self.devices.values()
        return tuple(_pv_inverter(d, devices) for d in devices if _has_prefix(d, "PVAC_"))

    @property
    def meters(self) -> tuple[Meter, ...]:
        """Every ``METER_<letter>_*`` and ``NEURIO_*`` meter, in the order of the devices."""
        return tuple(meter for d in self.devices.values() for meter in _meters(d))

    @property
    def island_controller(self) -> IslandController | None:
        """The first device with ``ISLAND_*`` values, or ``None``."""
        for d in self.devices.values():
            if _has_prefix(d, "ISLAND_"):
                return _view(IslandController, d.values, din=d.din)
        return None


def decode_vitals(body: bytes) -> Vitals:
    """Decode the protobuf body of GET /api/devices/vitals.

    Raises :class:`~powerwall_async.ResponseFormatError` (``body`` set to these bytes) when the
    body is not a well-formed vitals message: truncated, corrupted, or of another shape.

    Each device entry is listed under its DIN (``""`` when the gateway sent none); a DIN seen
    twice keeps the first identity and adds the later readings and alerts. Parsing is pure
    Python: about 3 ms for a 13-device site (6.7 kB), so an event loop may prefer to run it in
    a worker thread (``benchmarks/vitals_decode.py`` measures it).
    """
    from ._vitals_wire import parse_vitals  # betterproto2 loads on first use only

    return parse_vitals(body)
