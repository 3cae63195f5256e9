"""``esCan.bus`` of the status answer: the CAN devices of a Powerwall 2 / Powerwall+ site.

On a Powerwall 3 these lists hold placeholders (``isMIA: true``, zeros, empty serials).
THC, POD and PINV entries are index-aligned, one per Powerwall; PVS entries align with PVAC.
Units: W, Wh, V, A, Hz (``PINV_Pout``/``PINV_Pnom`` arrive in kW, as in REST vitals, and are
converted to W).
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from . import _read as read
from .components import PvStringReading

__all__ = [
    "AcMeter",
    "CanBus",
    "CtMeasurement",
    "Islander",
    "MeterDevice",
    "Pinv",
    "Pod",
    "Pvac",
    "Pvs",
    "Thc",
    "ac_meter",
    "parse_can_bus",
]

PV_LETTERS_PW2 = ("A", "B", "C", "D")
_KW = 1000.0


@attrs.frozen(kw_only=True)
class Pvac:
    """A Powerwall+ solar inverter (``PVAC``): output and strings A-D."""

    part_number: str | None = None
    serial_number: str | None = None
    is_mia: bool | None = None
    """True when the gateway has lost contact ("missing in action")."""
    state: str | None = None
    power_w: float | None = None
    voltage_v: float | None = None
    frequency_hz: float | None = None
    vl1_ground_v: float | None = None
    vl2_ground_v: float | None = None
    strings: tuple[PvStringReading, ...] = ()
    """A-D with voltage and current; ``state`` comes from the aligned PVS (see :class:`CanBus`)."""
    githash: str | None = None
    alerts: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Pvs:
    """A Powerwall+ solar string switch (``PVS``), aligned with ``PVAC`` by index."""

    is_mia: bool | None = None
    state: str | None = None
    vll_v: float | None = None
    strings_connected: tuple[bool | None, ...] = ()
    """A-D."""
    self_test_state: str | None = None
    alerts: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Pinv:
    """A Powerwall 2's battery inverter (``PINV``); power positive = discharging."""

    is_mia: bool | None = None
    state: str | None = None
    grid_state: str | None = None
    power_w: float | None = None
    voltage_v: float | None = None
    frequency_hz: float | None = None
    v_split1_v: float | None = None
    v_split2_v: float | None = None
    nominal_power_w: float | None = None
    alerts: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Thc:
    """A Powerwall 2's thermal controller (``THC``): its identity."""

    part_number: str | None = None
    serial_number: str | None = None
    is_mia: bool | None = None
    githash: str | None = None
    enable_line_state: str | None = None
    alerts: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Pod:
    """A Powerwall 2's battery pack (``POD``): energy in Wh."""

    is_mia: bool | None = None
    energy_remaining_wh: float | None = None
    full_pack_energy_wh: float | None = None
    githash: str | None = None
    alerts: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class CtMeasurement:
    """One CT of a meter: real power W, reactive power VAR, current A, voltage V."""

    real_power_w: float | None = None
    reactive_power_var: float | None = None
    current_a: float | None = None
    voltage_v: float | None = None


@attrs.frozen(kw_only=True)
class AcMeter:
    """``METER_X``/``METER_Y``/``METER_Z`` measurements, CTs A, B, C (as many as given)."""

    is_mia: bool | None = None
    cts: tuple[CtMeasurement, ...] = ()

    @property
    def real_power_w(self) -> float | None:
        """Sum of the CTs' real power (``None`` if none has a value)."""
        values = [ct.real_power_w for ct in self.cts if ct.real_power_w is not None]
        return sum(values) if values else None


@attrs.frozen(kw_only=True)
class MeterDevice:
    """A Synchrometer (``SYNC``: ``meters`` X = site, Y = solar) or backup switch (``MSA``: Z)."""

    part_number: str | None = None
    serial_number: str | None = None
    is_mia: bool | None = None
    githash: str | None = None
    meters: tuple[tuple[str, AcMeter], ...] = ()
    """``(letter, meter)`` pairs: ``("X", …)``, ``("Y", …)`` or ``("Z", …)``."""

    def meter(self, letter: str) -> AcMeter | None:
        """The meter ``"X"``, ``"Y"`` or ``"Z"``."""
        return next((meter for name, meter in self.meters if name == letter), None)


@attrs.frozen(kw_only=True)
class Islander:
    """``ISLANDER``: the grid connection as the islanding controller sees it.

    ``grid_connected`` is True for ``"ISLAND_GridConnected_Connected"`` (or ``true`` from test
    tools), False for any other value, ``None`` when absent; ``grid_connected_raw`` keeps it.
    Voltages in V (L-N), frequencies in Hz; ``main`` is the grid side, ``load`` the home side.
    """

    grid_connected: bool | None = None
    grid_connected_raw: str | None = None
    grid_state: str | None = None
    """``"ISLAND_GridState_Grid_Compliant"``…"""
    main_voltages_v: tuple[float | None, ...] = ()
    main_frequencies_hz: tuple[float | None, ...] = ()
    load_voltages_v: tuple[float | None, ...] = ()
    load_frequencies_hz: tuple[float | None, ...] = ()
    is_mia: bool | None = None


@attrs.frozen(kw_only=True)
class CanBus:
    """``esCan.bus``: every list as the gateway sends it (placeholders included)."""

    pvac: tuple[Pvac, ...] = ()
    pvs: tuple[Pvs, ...] = ()
    pinv: tuple[Pinv, ...] = ()
    thc: tuple[Thc, ...] = ()
    pod: tuple[Pod, ...] = ()
    sync: MeterDevice | None = None
    msa: MeterDevice | None = None
    islander: Islander | None = None


def _alerts(data: read.JsonObject) -> tuple[str, ...]:
    return read.strings(read.path(data, "alerts", "active"))


def _pvac(data: read.JsonObject, pvs: Pvs | None) -> Pvac:
    status = read.member(data, "PVAC_Status")
    logging = read.member(data, "PVAC_Logging")
    connected = pvs.strings_connected if pvs is not None else ()
    strings = tuple(
        PvStringReading(
            letter=letter,
            voltage_v=read.number(read.path(logging, f"PVAC_PVMeasuredVoltage_{letter}")),
            current_a=read.number(read.path(logging, f"PVAC_PVCurrent_{letter}")),
            state=_connection_state(connected[index] if index < len(connected) else None),
        )
        for index, letter in enumerate(PV_LETTERS_PW2)
    )
    return Pvac(
        part_number=read.text(data.get("packagePartNumber")),
        serial_number=read.text(data.get("packageSerialNumber")),
        is_mia=read.flag(read.path(status, "isMIA")),
        state=read.state(read.path(status, "PVAC_State")),
        power_w=read.number(read.path(status, "PVAC_Pout")),
        voltage_v=read.number(read.path(status, "PVAC_Vout")),
        frequency_hz=read.number(read.path(status, "PVAC_Fout")),
        vl1_ground_v=read.number(read.path(logging, "PVAC_VL1Ground")),
        vl2_ground_v=read.number(read.path(logging, "PVAC_VL2Ground")),
        strings=strings,
        githash=read.githash(read.path(data, "PVAC_InfoMsg", "PVAC_appGitHash")),
        alerts=_alerts(data),
    )


def _connection_state(connected: bool | None) -> str | None:
    if connected is None:
        return None
    return "connected" if connected else "disconnected"


def _pvs(data: read.JsonObject) -> Pvs:
    status = read.member(data, "PVS_Status")
    return Pvs(
        is_mia=read.flag(read.path(status, "isMIA")),
        state=read.state(read.path(status, "PVS_State")),
        vll_v=read.number(read.path(status, "PVS_vLL")),
        strings_connected=tuple(
            read.flag(read.path(status, f"PVS_String{letter}_Connected"))
            for letter in PV_LETTERS_PW2
        ),
        self_test_state=read.state(read.path(status, "PVS_SelfTestState")),
        alerts=_alerts(data),
    )


def _kw_to_w(value: float | None) -> float | None:
    return None if value is None else value * _KW


def _pinv(data: read.JsonObject) -> Pinv:
    status = read.member(data, "PINV_Status")
    measurements = read.member(data, "PINV_AcMeasurements")
    return Pinv(
        is_mia=read.flag(read.path(status, "isMIA")),
        state=read.state(read.path(status, "PINV_State")),
        grid_state=read.state(read.path(status, "PINV_GridState")),
        power_w=_kw_to_w(read.number(read.path(status, "PINV_Pout"))),
        voltage_v=read.number(read.path(status, "PINV_Vout")),
        frequency_hz=read.number(read.path(status, "PINV_Fout")),
        v_split1_v=read.number(read.path(measurements, "PINV_VSplit1")),
        v_split2_v=read.number(read.path(measurements, "PINV_VSplit2")),
        nominal_power_w=_kw_to_w(read.number(read.path(data, "PINV_PowerCapability", "PINV_Pnom"))),
        alerts=_alerts(data),
    )


def _thc(data: read.JsonObject) -> Thc:
    info = read.member(data, "THC_InfoMsg")
    return Thc(
        part_number=read.text(data.get("packagePartNumber")),
        serial_number=read.text(data.get("packageSerialNumber")),
        is_mia=read.flag(read.path(info, "isMIA")),
        githash=read.githash(read.path(info, "THC_appGitHash")),
        enable_line_state=read.state(
            read.path(data, "THC_Logging", "THC_LOG_PW_2_0_EnableLineState")
        ),
        alerts=_alerts(data),
    )


def _pod(data: read.JsonObject) -> Pod:
    energy = read.member(data, "POD_EnergyStatus")
    return Pod(
        is_mia=read.flag(read.path(energy, "isMIA")),
        energy_remaining_wh=read.number(read.path(energy, "POD_nom_energy_remaining")),
        full_pack_energy_wh=read.number(read.path(energy, "POD_nom_full_pack_energy")),
        githash=read.githash(read.path(data, "POD_InfoMsg", "POD_appGitHash")),
        alerts=_alerts(data),
    )


def ac_meter(values: Mapping[str, object] | None, letter: str, voltage: str) -> AcMeter:
    """``METER_<letter>_CT{A,B,C}_*`` keys of one object; ``voltage`` is ``"N"`` or ``"G"``."""
    cts = []
    for index, ct in enumerate("ABC", start=1):
        prefix = f"METER_{letter}_CT{ct}_"
        measurement = CtMeasurement(
            real_power_w=read.number(read.path(values, prefix + "InstRealPower")),
            reactive_power_var=read.number(read.path(values, prefix + "InstReactivePower")),
            current_a=read.number(read.path(values, prefix + "I")),
            voltage_v=read.number(read.path(values, f"METER_{letter}_VL{index}{voltage}")),
        )
        if measurement != CtMeasurement():
            cts.append(measurement)
    return AcMeter(is_mia=read.flag(read.path(values, "isMIA")), cts=tuple(cts))


def _meter_device(
    data: read.JsonObject | None, kind: str, meters: str, voltage: str
) -> MeterDevice | None:
    if data is None:
        return None
    return MeterDevice(
        part_number=read.text(data.get("packagePartNumber")),
        serial_number=read.text(data.get("packageSerialNumber")),
        is_mia=read.flag(read.path(data, f"{kind}_InfoMsg", "isMIA")),
        githash=read.githash(read.path(data, f"{kind}_InfoMsg", f"{kind}_appGitHash")),
        meters=tuple(
            (letter, ac_meter(read.member(data, f"METER_{letter}_AcMeasurements"), letter, voltage))
            for letter in meters
            if read.member(data, f"METER_{letter}_AcMeasurements") is not None
        ),
    )


def _islander(data: read.JsonObject | None) -> Islander | None:
    if data is None:
        return None
    raw = read.path(data, "ISLAND_GridConnection", "ISLAND_GridConnected")
    connected: bool | None
    if isinstance(raw, bool):
        connected = raw
    elif isinstance(raw, str):
        connected = raw == "ISLAND_GridConnected_Connected"
    else:
        connected = None
    measurements = read.member(data, "ISLAND_AcMeasurements")

    def series(kind: str, side: str) -> tuple[float | None, ...]:
        return tuple(
            read.number(
                read.path(measurements, f"ISLAND_{kind}L{phase}{'N' if kind == 'V' else ''}_{side}")
            )
            for phase in (1, 2, 3)
        )

    return Islander(
        grid_connected=connected,
        grid_connected_raw=read.state(raw),
        grid_state=read.state(read.path(measurements, "ISLAND_GridState")),
        main_voltages_v=series("V", "Main"),
        main_frequencies_hz=series("Freq", "Main"),
        load_voltages_v=series("V", "Load"),
        load_frequencies_hz=series("Freq", "Load"),
        is_mia=read.flag(read.path(measurements, "isMIA")),
    )


def _first(value: object) -> read.JsonObject | None:
    found = read.objects(value)
    return found[0] if found else None


def parse_can_bus(bus: read.JsonObject) -> CanBus:
    """``esCan.bus`` → :class:`CanBus` (SYNC, MSA and ISLANDER: an object, or a list's first)."""
    pvs = tuple(map(_pvs, read.objects(bus.get("PVS"))))
    return CanBus(
        pvac=tuple(
            _pvac(item, pvs[index] if index < len(pvs) else None)
            for index, item in enumerate(read.objects(bus.get("PVAC")))
        ),
        pvs=pvs,
        pinv=tuple(map(_pinv, read.objects(bus.get("PINV")))),
        thc=tuple(map(_thc, read.objects(bus.get("THC")))),
        pod=tuple(map(_pod, read.objects(bus.get("POD")))),
        sync=_meter_device(_first(bus.get("SYNC")), "SYNC", "XY", "N"),
        msa=_meter_device(_first(bus.get("MSA")), "MSA", "Z", "G"),
        islander=_islander(_first(bus.get("ISLANDER"))),
    )
