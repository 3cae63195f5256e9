"""One view of the whole site from the TEDAPI answers: every battery unit, PV string, inverter
and meter, the grid state and the alerts.

Units: W, Wh, V, A, Hz, °C. Signs as the REST models: battery power negative while charging,
site (grid) power negative while exporting. A value this firmware does not give is ``None``;
a unit whose answer is missing (a follower that did not answer) has ``reachable=False`` and no
values, never the leader's.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

from ..system_status import GridStatus
from .can_bus import CanBus, Thc
from .components import Component, Components, PvStringReading, bms_energy_wh
from .config import BatteryBlockConfig, BatteryType, GatewayConfig
from .status import DeviceStatus, EnergyStatus, LocatedPower, MeterLocation

__all__ = ["BatteryUnit", "Inverter", "InverterKind", "PvString", "Site", "UnitRole", "build_site"]


class UnitRole(enum.StrEnum):
    """What a battery unit is in the site."""

    LEADER = "leader"
    """The Powerwall 3 that controls the site and answers TEDAPI."""
    FOLLOWER = "follower"
    """A further Powerwall 3, reached through the leader."""
    EXPANSION = "expansion"
    """A DC expansion pack of a Powerwall 3 (``parent_din`` names it)."""
    POWERWALL = "powerwall"
    """A Powerwall 2 or Powerwall+ behind a gateway."""


@attrs.frozen(kw_only=True)
class BatteryUnit(EnergyStatus):
    """One battery: energy in Wh, power in W (negative = charging), temperature in °C.

    ``soe_percent`` (raw scale) and ``soe_percent_app`` (the Tesla app's) come from the energy.
    """

    din: str = ""
    role: UnitRole = UnitRole.POWERWALL
    type: BatteryType = BatteryType.UNKNOWN
    parent_din: str | None = None
    reachable: bool = True
    """False when the unit's answer is missing: a Powerwall 3 (or its expansion) whose
    components answer is ``None``, a Powerwall 2 missing on the CAN bus (``isMIA``)."""
    power_w: float | None = None
    temperature_c: float | None = None
    disable_reasons: tuple[str, ...] = ()
    alerts: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class PvString(PvStringReading):
    """One PV string of the site: ``unit_din`` names the Powerwall 3 or Powerwall+ inverter it
    enters; V, A, W (``power_w`` = V x A) and the state as :class:`PvStringReading`."""

    unit_din: str = ""


class InverterKind(enum.StrEnum):
    PCH = "PCH"
    """A Powerwall 3's power conversion (battery and solar)."""
    PVAC = "PVAC"
    """A Powerwall+ solar inverter."""
    PINV = "PINV"
    """A Powerwall 2's battery inverter."""


@attrs.frozen(kw_only=True)
class Inverter:
    """An inverter: AC power in W (positive = delivering), voltage V, frequency Hz."""

    din: str = ""
    kind: InverterKind = InverterKind.PCH
    state: str | None = None
    power_w: float | None = None
    voltage_v: float | None = None
    frequency_hz: float | None = None
    alerts: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Site:
    """The site: batteries, PV strings, inverters, meters, grid state, alerts."""

    din: str | None = None
    energy: EnergyStatus | None = None
    batteries: tuple[BatteryUnit, ...] = ()
    pv_strings: tuple[PvString, ...] = ()
    inverters: tuple[Inverter, ...] = ()
    meters: tuple[LocatedPower, ...] = ()
    grid_status: GridStatus | None = None
    alerts: tuple[str, ...] = ()
    """The site controller's alerts (``control.alerts.active``); units carry their own."""
    notes: tuple[str, ...] = ()
    """What the site view could not see, and why (a follower v1r cannot reach, a unit that
    did not answer); its units are there with ``reachable=False``."""

    def power_w(self, location: MeterLocation) -> float | None:
        """Real power in W at a meter location (``SITE``, ``BATTERY``, ``LOAD``, ``SOLAR``…)."""
        return next((m.real_power_w for m in self.meters if m.location is location), None)

    @property
    def soe_percent(self) -> float | None:
        """The whole site's state of energy on the gateway's raw scale."""
        return None if self.energy is None else self.energy.soe_percent

    @property
    def soe_percent_app(self) -> float | None:
        """The whole site's state of energy as the Tesla app shows it."""
        return None if self.energy is None else self.energy.soe_percent_app


_PW3 = (BatteryType.POWERWALL_3, BatteryType.POWERWALL_3_FOLLOWER)


def _serial(din: str) -> str:
    return din.rsplit("--", 1)[-1]


def _expansion_bms(components: Components, din: str, position: int) -> Component | None:
    """The BMS of an expansion: the index of the HVP with its serial, else its position after
    the unit's own BMS, skipping empty ("phantom") slots."""
    serial = _serial(din)
    for index, hvp in enumerate(components.hvp):
        if hvp.serial_number == serial and index < len(components.bms):
            return components.bms[index]
    real = [bms for bms in components.bms[1:] if bms.value("BMS_nominalFullPackEnergy")]
    return real[position] if position < len(real) else None


def _pw3_units(
    block: BatteryBlockConfig,
    components: Components | None,
    disabled: Mapping[str, tuple[str, ...]],
) -> list[BatteryUnit]:
    role = UnitRole.FOLLOWER if block.is_follower else UnitRole.LEADER
    reachable = components is not None
    pch = components.pch_unit if components is not None else None
    remaining, full = bms_energy_wh(
        components.bms[0] if components is not None and components.bms else None
    )
    units = [
        BatteryUnit(
            din=block.din,
            role=role,
            type=block.type,
            reachable=reachable,
            energy_remaining_wh=remaining,
            full_pack_energy_wh=full,
            power_w=None if pch is None else pch.battery_power_w,
            disable_reasons=disabled.get(block.din, ()),
            alerts=components.active_alerts if components is not None else (),
        )
    ]
    for position, expansion in enumerate(block.expansions):
        bms = None if components is None else _expansion_bms(components, expansion.din, position)
        remaining, full = bms_energy_wh(bms)
        units.append(
            BatteryUnit(
                din=expansion.din,
                role=UnitRole.EXPANSION,
                parent_din=block.din,
                reachable=components is not None,
                energy_remaining_wh=remaining,
                full_pack_energy_wh=full,
                alerts=bms.active_alerts if bms is not None else (),
            )
        )
    return units


def _pw3_inverter_and_strings(
    din: str, components: Components
) -> tuple[list[Inverter], list[PvString]]:
    pch = components.pch_unit
    if pch is None:
        return [], []
    inverter = Inverter(
        din=din,
        kind=InverterKind.PCH,
        state=pch.state,
        power_w=pch.ac_power_w,
        voltage_v=pch.ac_voltage_ab_v,
        frequency_hz=pch.ac_frequency_hz,
        alerts=pch.active_alerts,
    )
    return [inverter], _strings(din, pch.pv_strings)


def _strings(din: str, readings: tuple[PvStringReading, ...]) -> list[PvString]:
    return [
        PvString(
            unit_din=din,
            letter=reading.letter,
            voltage_v=reading.voltage_v,
            current_a=reading.current_a,
            state=reading.state,
        )
        for reading in readings
        if (reading.voltage_v, reading.current_a, reading.state) != (None, None, None)
    ]


def _temperatures(status: DeviceStatus) -> dict[str, float]:
    """``THC_AmbientTemp`` per Powerwall serial from ``components.msa``."""
    found: dict[str, float] = {}
    for component in status.msa:
        value = component.value("THC_AmbientTemp")
        if component.serial_number and value is not None:
            found[component.serial_number] = value
    return found


def _thc_din(thc: Thc) -> str:
    return f"{thc.part_number}--{thc.serial_number}"


def _pw2_units(
    config: GatewayConfig | None,
    status: DeviceStatus,
    can: CanBus,
    disabled: Mapping[str, tuple[str, ...]],
) -> tuple[list[BatteryUnit], list[Inverter]]:
    """Powerwall 2 / Powerwall+ units: THC gives identity, POD energy, PINV power (by index)."""
    temperatures = _temperatures(status)
    by_serial = {thc.serial_number: index for index, thc in enumerate(can.thc) if thc.serial_number}
    blocks = [
        block
        for block in (config.battery_blocks if config is not None else ())
        if block.type not in _PW3
    ]
    if not blocks:
        blocks = [BatteryBlockConfig(din=_thc_din(thc)) for thc in can.thc if thc.serial_number]
    units, inverters = [], []
    for block in blocks:
        index = by_serial.get(_serial(block.din))
        thc = can.thc[index] if index is not None else None
        pod = can.pod[index] if index is not None and index < len(can.pod) else None
        pinv = can.pinv[index] if index is not None and index < len(can.pinv) else None
        reachable = thc is not None and not thc.is_mia
        units.append(
            BatteryUnit(
                din=block.din,
                role=UnitRole.POWERWALL,
                type=block.type,
                reachable=reachable,
                energy_remaining_wh=pod.energy_remaining_wh if reachable and pod else None,
                full_pack_energy_wh=pod.full_pack_energy_wh if reachable and pod else None,
                power_w=pinv.power_w if reachable and pinv else None,
                temperature_c=temperatures.get(_serial(block.din)) if reachable else None,
                disable_reasons=disabled.get(block.din, ()),
                alerts=(thc.alerts if thc else ()) + (pod.alerts if pod else ()),
            )
        )
        if reachable and pinv is not None:
            inverters.append(
                Inverter(
                    din=block.din,
                    kind=InverterKind.PINV,
                    state=pinv.state,
                    power_w=pinv.power_w,
                    voltage_v=pinv.voltage_v,
                    frequency_hz=pinv.frequency_hz,
                    alerts=pinv.alerts,
                )
            )
    return units, inverters


def _pvac(can: CanBus) -> tuple[list[Inverter], list[PvString]]:
    inverters, strings = [], []
    for pvac in can.pvac:
        if not pvac.serial_number or pvac.is_mia:
            continue
        din = f"{pvac.part_number}--{pvac.serial_number}"
        inverters.append(
            Inverter(
                din=din,
                kind=InverterKind.PVAC,
                state=pvac.state,
                power_w=pvac.power_w,
                voltage_v=pvac.voltage_v,
                frequency_hz=pvac.frequency_hz,
                alerts=pvac.alerts,
            )
        )
        strings.extend(_strings(din, pvac.strings))
    return inverters, strings


def _pw3_blocks(
    config: GatewayConfig | None, answers: Mapping[str, Components | None]
) -> tuple[BatteryBlockConfig, ...]:
    """The configured Powerwall 3 units; without any in the configuration (some firmware omit
    ``battery_blocks``), one per components answer: the configuration's DIN (or else the first
    answer) is the leader."""
    blocks = tuple(
        block
        for block in (config.battery_blocks if config is not None else ())
        if block.type in _PW3
    )
    if blocks or not answers:
        return blocks
    leader = config.din if config is not None and config.din in answers else next(iter(answers))
    follower = BatteryType.POWERWALL_3_FOLLOWER
    return (
        BatteryBlockConfig(din=leader, type=BatteryType.POWERWALL_3),
        *(BatteryBlockConfig(din=din, type=follower) for din in answers if din != leader),
    )


def build_site(
    config: GatewayConfig | None,
    status: DeviceStatus | None,
    components_by_din: Mapping[str, Components | None] | None = None,
) -> Site:
    """Combine the answers into one :class:`Site`.

    ``components_by_din`` maps each Powerwall 3's DIN (leader included) to its components
    answer, or to ``None`` when the unit did not answer. Powerwall 3 units come from
    ``config.battery_blocks`` (or, when it lists none, from ``components_by_din``);
    Powerwall 2/+ units from the configuration and the status' CAN bus (THC/POD/PINV by
    index, temperatures from ``components.msa``). Followers and expansion packs get only
    their own answer's values, never the leader's.
    """
    answers = components_by_din or {}
    disabled = {
        device.din: device.disable_reasons
        for device in (status.battery_blocks if status is not None else ())
    }
    batteries: list[BatteryUnit] = []
    inverters: list[Inverter] = []
    strings: list[PvString] = []
    for block in _pw3_blocks(config, answers):
        components = answers.get(block.din)
        batteries.extend(_pw3_units(block, components, disabled))
        if components is not None:
            found_inverters, found_strings = _pw3_inverter_and_strings(block.din, components)
            inverters.extend(found_inverters)
            strings.extend(found_strings)
    can = status.can if status is not None else None
    if status is not None and can is not None:
        units, battery_inverters = _pw2_units(config, status, can, disabled)
        batteries.extend(units)
        pv_inverters, pv_strings = _pvac(can)
        inverters.extend(battery_inverters + pv_inverters)
        strings.extend(pv_strings)
    return Site(
        din=(config.din or None) if config is not None else None,
        energy=status.energy if status is not None else None,
        batteries=tuple(batteries),
        pv_strings=tuple(strings),
        inverters=tuple(inverters),
        meters=status.meter_aggregates if status is not None else (),
        grid_status=status.grid_status if status is not None else None,
        alerts=status.alerts if status is not None else (),
    )
