"""Components (``components.*``): a Powerwall 3's PCH, BMS, HVP, BAGGR and PWS, and the
Synchrometer/MSA meters that the 2026 status query lists the same way.

Every component is a list of named signals; each signal carries a number (``value``), a text
(``textValue``) or a flag (``boolValue``), one of them not null.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from . import _read as read

__all__ = [
    "Component",
    "Components",
    "PchUnit",
    "PvStringReading",
    "Signal",
    "bms_energy_wh",
    "parse_components",
]

PV_LETTERS_PW3 = ("A", "B", "C", "D", "E", "F")


@attrs.frozen(kw_only=True)
class Signal:
    """One named signal of a component: ``value`` (number), ``text_value`` or ``bool_value``."""

    name: str = ""
    value: float | None = None
    text_value: str | None = None
    bool_value: bool | None = None
    timestamp: datetime | None = None


@attrs.frozen(kw_only=True)
class Component:
    """A component with its signals and active alerts (``activeAlerts[].name``)."""

    part_number: str | None = None
    serial_number: str | None = None
    signals: tuple[Signal, ...] = ()
    active_alerts: tuple[str, ...] = ()

    def signal(self, name: str) -> Signal | None:
        """The signal with this name, if the answer has it."""
        return next((signal for signal in self.signals if signal.name == name), None)

    def value(self, name: str) -> float | None:
        """The numeric value of a signal (``None`` if absent or not a number)."""
        found = self.signal(name)
        return None if found is None else found.value

    def text(self, name: str) -> str | None:
        """A signal's text; a number or flag that arrived instead is returned as text."""
        found = self.signal(name)
        if found is None:
            return None
        if found.text_value is not None:
            return found.text_value
        if found.bool_value is not None:
            return "true" if found.bool_value else "false"
        if found.value is not None:
            return f"{found.value:g}"
        return None


@attrs.frozen(kw_only=True)
class PvStringReading:
    """One PV string at an inverter's input: V, A, W (``power_w`` = V x A when both are known)."""

    letter: str = ""
    voltage_v: float | None = None
    current_a: float | None = None
    state: str | None = None
    """``"Pv_Active"``, ``"Pv_Active_Parallel"``, ``"Pv_Standby"``… (Powerwall 3 PCH); for a
    Powerwall+ ``"connected"``/``"disconnected"`` from the PVS, or ``None``."""

    @property
    def power_w(self) -> float | None:
        """DC power of the string in W."""
        if self.voltage_v is None or self.current_a is None:
            return None
        return self.voltage_v * self.current_a


def _first_value(component: Component, *names: str) -> float | None:
    return next((value for name in names if (value := component.value(name)) is not None), None)


@attrs.frozen(kw_only=True)
class PchUnit:
    """A Powerwall 3's power conversion (PCH) signals, typed.

    ``battery_power_w`` is ``PCH_BatteryPower``: this unit's battery power in W, negative while
    charging (as the REST models' battery). ``pv_strings`` are the six inputs A-F; without solar
    their values are ``None``.
    """

    state: str | None = None
    ac_mode: str | None = None
    ac_frequency_hz: float | None = None
    ac_voltage_an_v: float | None = None
    ac_voltage_bn_v: float | None = None
    ac_voltage_ab_v: float | None = None
    ac_power_w: float | None = None
    """``PCH_AcRealPowerSum`` (2026 query) or ``PCH_AcRealPowerAB``: AC output in W."""
    battery_power_w: float | None = None
    pv_power_w: float | None = None
    """``PCH_SlowPvPowerSum``: the unit's total PV power in W."""
    pv_strings: tuple[PvStringReading, ...] = ()
    active_alerts: tuple[str, ...] = ()

    @classmethod
    def from_component(cls, component: Component) -> PchUnit:
        """Read the PCH signals of one component."""
        return cls(
            state=component.text("PCH_State"),
            ac_mode=component.text("PCH_AcMode"),
            ac_frequency_hz=component.value("PCH_AcFrequency"),
            ac_voltage_an_v=component.value("PCH_AcVoltageAN"),
            ac_voltage_bn_v=component.value("PCH_AcVoltageBN"),
            ac_voltage_ab_v=component.value("PCH_AcVoltageAB"),
            ac_power_w=_first_value(component, "PCH_AcRealPowerSum", "PCH_AcRealPowerAB"),
            battery_power_w=component.value("PCH_BatteryPower"),
            pv_power_w=component.value("PCH_SlowPvPowerSum"),
            pv_strings=tuple(
                PvStringReading(
                    letter=letter,
                    voltage_v=component.value(f"PCH_PvVoltage{letter}"),
                    current_a=component.value(f"PCH_PvCurrent{letter}"),
                    state=component.text(f"PCH_PvState_{letter}"),
                )
                for letter in PV_LETTERS_PW3
            ),
            active_alerts=component.active_alerts,
        )


_KWH = 1000.0


def bms_energy_wh(bms: Component | None) -> tuple[float | None, float | None]:
    """``(remaining, full pack)`` in Wh of one BMS component.

    The wire gives ``BMS_nominalEnergyRemaining``/``BMS_nominalFullPackEnergy`` in kWh; they
    are converted to Wh like every other energy in this library.
    """
    if bms is None:
        return None, None
    remaining = bms.value("BMS_nominalEnergyRemaining")
    full = bms.value("BMS_nominalFullPackEnergy")
    return (
        None if remaining is None else remaining * _KWH,
        None if full is None else full * _KWH,
    )


@attrs.frozen(kw_only=True)
class Components:
    """The components answer of one Powerwall 3 (``ComponentsQuery``/``PW3Query``).

    Lists are as the gateway sends them: ``bms[0]`` is the unit's own battery, further ``bms``
    and ``hvp`` entries (index-aligned) are its DC expansion packs.
    """

    pch: tuple[Component, ...] = ()
    bms: tuple[Component, ...] = ()
    hvp: tuple[Component, ...] = ()
    baggr: tuple[Component, ...] = ()
    pws: tuple[Component, ...] = ()
    firmware_updating: bool | None = None
    """``pw3Can.firmwareUpdate.isUpdating``."""

    @property
    def pch_unit(self) -> PchUnit | None:
        """The first PCH, typed (a Powerwall 3 has one)."""
        return PchUnit.from_component(self.pch[0]) if self.pch else None

    def bms_energy_wh(self, index: int = 0) -> tuple[float | None, float | None]:
        """``(remaining, full pack)`` in Wh of ``bms[index]`` (see :func:`bms_energy_wh`)."""
        return bms_energy_wh(self.bms[index] if 0 <= index < len(self.bms) else None)

    @property
    def batteries_connected(self) -> tuple[int | None, int | None, int | None]:
        """``(connected, present, expected)`` battery counts of the battery aggregator (BAGGR):
        the unit itself plus its expansion packs."""
        if not self.baggr:
            return None, None, None
        baggr = self.baggr[0]
        return (
            read.integer(baggr.value("BAGGR_NumBatteriesConnected")),
            read.integer(baggr.value("BAGGR_NumBatteriesPresent")),
            read.integer(baggr.value("BAGGR_NumBatteriesExpected")),
        )

    @property
    def active_alerts(self) -> tuple[str, ...]:
        """Every component's active alerts, in order, without repeats."""
        seen: dict[str, None] = {}
        for group in (self.pch, self.bms, self.hvp, self.baggr, self.pws):
            for component in group:
                seen.update(dict.fromkeys(component.active_alerts))
        return tuple(seen)


def _signal(data: read.JsonObject) -> Signal:
    return Signal(
        name=read.text(data.get("name")) or "",
        value=read.number(data.get("value")),
        text_value=read.text(data.get("textValue")),
        bool_value=read.flag(data.get("boolValue")),
        timestamp=read.timestamp(data.get("timestamp")),
    )


def parse_component(data: read.JsonObject) -> Component:
    """One element of a ``components.<kind>`` list."""
    return Component(
        part_number=read.text(data.get("partNumber")),
        serial_number=read.text(data.get("serialNumber")),
        signals=tuple(map(_signal, read.objects(data.get("signals")))),
        active_alerts=tuple(
            name
            for alert in read.objects(data.get("activeAlerts"))
            if (name := read.text(alert.get("name")))
        ),
    )


def component_list(data: object, kind: str) -> tuple[Component, ...]:
    """``data["components"][kind]`` parsed; missing → empty."""
    return tuple(map(parse_component, read.objects(read.path(data, "components", kind))))


def parse_components(data: object) -> Components:
    """The components answer (decoded JSON) → :class:`Components`.

    Raises :class:`~powerwall_async.ResponseFormatError` when the top level is not an object.
    """
    answer = read.top_object(data, "components answer")
    return Components(
        pch=component_list(answer, "pch"),
        bms=component_list(answer, "bms"),
        hvp=component_list(answer, "hvp"),
        baggr=component_list(answer, "baggr"),
        pws=component_list(answer, "pws"),
        firmware_updating=read.flag(read.path(answer, "pw3Can", "firmwareUpdate", "isUpdating")),
    )
