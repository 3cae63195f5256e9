"""The hardware behind a simulated TEDAPI gateway: its DIN and firmware, its battery units
(Powerwall 2, Powerwall+, Powerwall 3 leader and followers, DC expansions) and their PV
strings. Live values (charge, power, grid) are not here: they come from the one
:class:`GatewayState` that the REST answers use too.

The Powerwall 3 site is the one in ``tedapi_samples/`` (real owners' answers); the Powerwall 2
site uses the part numbers the reference lists for that hardware.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import attrs

__all__ = [
    "PW2_FIRMWARE",
    "PW3_FIRMWARE",
    "SITES",
    "PvString",
    "Site",
    "Unit",
    "pw2_site",
    "pw3_site",
    "sample",
]

SAMPLES = Path(__file__).parent / "tedapi_samples"

PW3_FIRMWARE = "24.12.6-PW3-AFCI 008bf6ff"
"""A Powerwall 3 firmware seen in a real system-info answer (pypowerwall's tedapi.proto)."""
PW2_FIRMWARE = "23.44.0 eb113390"
"""A Gateway 2 firmware after REST vitals were removed (23.44)."""


@cache
def _sample_text(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def sample(name: str) -> Any:
    """A fresh copy of one recorded TEDAPI answer (``tedapi_samples/<name>``)."""
    return json.loads(_sample_text(name))


@attrs.frozen
class PvString:
    """One PV input of an inverter: its letter, its voltage in volts, its share of the
    inverter's production (0: not producing) and its state text when producing."""

    letter: str
    voltage: float
    share: float
    state: str = "Pv_Active"

    @property
    def active(self) -> bool:
        return self.share > 0


@attrs.frozen
class Unit:
    """One battery block of config.json: ``din`` (its ``vin``), ``kind`` (its ``type``),
    the full-pack energy of the unit and of each DC expansion ``(din, Wh)``, its PV strings,
    and for a Powerwall+ its PV inverter's DIN (``inverter``, PVAC/PVS on the CAN bus).
    ``temperature`` is the ambient temperature a Powerwall 2 THC reports (degrees C)."""

    din: str
    kind: str
    full_pack_wh: float
    strings: tuple[PvString, ...] = ()
    expansions: tuple[tuple[str, float], ...] = ()
    inverter: str | None = None
    temperature: float | None = None

    @property
    def part(self) -> str:
        return self.din.partition("--")[0]

    @property
    def serial(self) -> str:
        return self.din.rpartition("--")[2]

    @property
    def total_full_pack_wh(self) -> float:
        return self.full_pack_wh + sum(energy for _, energy in self.expansions)


@attrs.frozen
class Site:
    """A gateway: ``din`` (what GET /tedapi/din answers), ``firmware`` and ``githash`` (the
    system info's version), ``device_type`` (system info), its ``units`` (on Powerwall 3 the
    first is the leader), config.json's ``battery_blocks`` and ``meters``, and on Gateway 2
    its internal ``synchrometer`` (site and solar CTs)."""

    name: str
    din: str
    firmware: str
    githash: bytes
    device_type: int
    units: tuple[Unit, ...]
    battery_blocks: tuple[dict[str, Any], ...]
    meters: tuple[dict[str, Any], ...] = ()
    synchrometer: str | None = None
    site_name: str = "My Home"
    timezone: str = "America/Los_Angeles"

    @property
    def powerwall3(self) -> bool:
        return any(unit.kind.startswith("Powerwall3") for unit in self.units)

    @property
    def full_pack_wh(self) -> float:
        return sum(unit.total_full_pack_wh for unit in self.units)

    def unit(self, din: str) -> Unit | None:
        """The unit with this DIN, if the site has one."""
        return next((unit for unit in self.units if unit.din == din), None)


def _standby(letter: str) -> PvString:
    return PvString(letter, 0.0, 0.0, "Pv_Standby")


_LEADER_STRINGS = (
    PvString("A", 372.1, 0.3),
    PvString("B", 371.8, 0.3, "Pv_Active_Parallel"),
    PvString("C", 365.4, 0.2),
    PvString("D", 365.9, 0.2, "Pv_Active_Parallel"),
    _standby("E"),
    _standby("F"),
)
_FOLLOWER_STRINGS = (
    PvString("A", 352.7, 0.5),
    PvString("B", 352.2, 0.5, "Pv_Active_Parallel"),
    *(_standby(letter) for letter in "CDEF"),
)


@cache
def pw3_site() -> Site:
    """A Powerwall 3 leader with a DC expansion and two followers: the battery_blocks of
    pypowerwall#227, the meters of Powerwall-Dashboard#387."""
    blocks = sample("pypowerwall-227-config-battery_blocks.json")
    units = tuple(
        Unit(
            din=block["vin"],
            kind=block["type"],
            full_pack_wh=13_500.0,
            strings=_LEADER_STRINGS if block["type"] == "Powerwall3" else _FOLLOWER_STRINGS,
            expansions=tuple(
                (expansion["din"], 13_500.0) for expansion in block.get("battery_expansions", [])
            ),
        )
        for block in blocks
    )
    return Site(
        name="pw3",
        din=units[0].din,
        firmware=PW3_FIRMWARE,
        githash=bytes.fromhex(PW3_FIRMWARE.rpartition(" ")[2]),
        device_type=4,
        units=units,
        battery_blocks=tuple(blocks),
        meters=tuple(sample("pwdash-387-config.json")["meters"]),
    )


def _pw2_block(unit: Unit) -> dict[str, Any]:
    """A battery block in the keys the recorded Powerwall 3 leader has."""
    return {
        "vin": unit.din,
        "min_soe": 0,
        "max_soe": 100,
        "type": unit.kind,
        "can_connection": "can1",
        "pvi_power_status": "on" if unit.inverter else "off",
        "battery_power_status": "on",
        "enable_inverter_battery_meter": True,
        "enable_inverter_solar_meter": unit.inverter is not None,
    }


@cache
def pw2_site() -> Site:
    """A Gateway 2 with a Powerwall 2 and a Powerwall+ (its PV inverter with strings A-D)."""
    units = (
        Unit(
            din="3012170-05-B--TG121009876ABC",
            kind="Powerwall2",
            full_pack_wh=13_650.0,
            temperature=24.3,
        ),
        Unit(
            din="2012170-25-E--TG121234567DEF",
            kind="SolarPowerwall",
            full_pack_wh=13_550.0,
            strings=(
                PvString("A", 355.2, 0.4),
                PvString("B", 354.8, 0.35),
                PvString("C", 301.6, 0.25),
                PvString("D", 0.0, 0.0, "Pv_Disabled"),
            ),
            inverter="1538100-00-F--CN321234567890",
            temperature=26.1,
        ),
    )
    din = "1232100-00-E--TG123456789012"
    return Site(
        name="pw2",
        din=din,
        firmware=PW2_FIRMWARE,
        githash=bytes.fromhex(PW2_FIRMWARE.rpartition(" ")[2]),
        device_type=4,
        units=units,
        battery_blocks=tuple(_pw2_block(unit) for unit in units),
        synchrometer="1493315-01-F--TG123456789012",
    )


SITES = {"pw2": pw2_site, "pw3": pw3_site}
"""The built-in TEDAPI sites by name (built on first use)."""
