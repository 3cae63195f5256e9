"""What the simulated gateway's GraphQL queries and config.json read: built from the site's
hardware (:mod:`._tedapi_site`), the recorded answers' shapes, and the one
:class:`GatewayState` the REST answers use, so that state of energy, power flows and grid
status agree across REST and TEDAPI.

Signs are the gateway's: ``meterAggregates`` BATTERY > 0 discharges, SITE > 0 imports.
Energies: DeviceController and POD in Wh, Powerwall 3 BMS signals in kWh (as on the wire).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from ._state import GatewayState
from ._tedapi_site import Site, Unit, sample

__all__ = ["config_json", "device_data"]

_VOLTS = 120.0
_HERTZ = 60.0
JSON = dict[str, Any]


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def config_json(site: Site, state: GatewayState, document: JSON) -> JSON:
    """config.json: ``document`` (what is stored) with the live operation settings."""
    config = copy.deepcopy(document)
    config["default_real_mode"] = state.real_mode
    config.setdefault("site_info", {})["backup_reserve_percent"] = state.backup_reserve_percent
    return config


def stored_config(site: Site) -> JSON:
    """The config.json a site starts with (keys the reference documents, values of the site)."""
    return {
        "vin": site.din,
        "battery_blocks": copy.deepcopy(list(site.battery_blocks)),
        "meters": copy.deepcopy(list(site.meters)),
        "default_real_mode": "self_consumption",
        "site_info": {
            "site_name": site.site_name,
            "timezone": site.timezone,
            "backup_reserve_percent": 24.0,
            "customer_preferred_export_rule": "pv_only" if site.powerwall3 else "battery_ok",
            "nominal_system_energy_ac": round(site.full_pack_wh / 1000, 1),
            "nominal_system_power_ac": 11.5 * len(site.units) if site.powerwall3 else 10.0,
            "max_site_meter_power_ac": 1_000_000_000,
            "min_site_meter_power_ac": -1_000_000_000,
            "grid_code": "60Hz_240V_s_UL1741SA:2019_California",
            "country": "United States",
            "state": "California",
            "utility": "Pacific Gas and Electric Company",
        },
        "solars": [{"brand": "Tesla", "power_rating_watts": 7600}],
    }


# -- shares of the site's live values ------------------------------------------------------
def _share(site: Site, unit: Unit) -> float:
    """The unit's part of the site's battery power: its part of the full-pack energy."""
    return unit.total_full_pack_wh / site.full_pack_wh


def _solar_units(site: Site) -> list[Unit]:
    return [unit for unit in site.units if any(string.active for string in unit.strings)]


def _unit_solar(site: Site, unit: Unit, state: GatewayState) -> float:
    producing = _solar_units(site)
    return state.solar / len(producing) if unit in producing else 0.0


def _remaining(full_pack_wh: float, state: GatewayState) -> float:
    return full_pack_wh * state.soe / 100


def _strings(site: Site, unit: Unit, state: GatewayState) -> Iterable[tuple[str, float, float]]:
    """(letter, volts, amps) of each PV string of ``unit``."""
    solar = _unit_solar(site, unit, state)
    for string in unit.strings:
        amps = solar * string.share / string.voltage if string.active else 0.0
        yield string.letter, string.voltage, round(amps, 2)


# -- components (the GraphQL `components` field) -------------------------------------------
def _signal(name: str, value: object) -> JSON:
    """A component signal: ``value``, ``textValue`` or ``boolValue``, the others null."""
    is_bool, is_text = isinstance(value, bool), isinstance(value, str)
    number = None if is_bool or is_text else value
    return {
        "name": name,
        "value": number,
        "textValue": value if is_text else None,
        "boolValue": value if is_bool else None,
        "timestamp": _now(),
    }


def _component(kind: str, din: str, signals: JSON, alerts: Iterable[str] = ()) -> JSON:
    part, _, serial = din.rpartition("--") if "--" in din else ("", "", din)
    return {
        "type": kind,
        "partNumber": part,
        "serialNumber": serial,
        "subPackagePartNumber": None,
        "subPackageSerialNumber": None,
        "signals": signals,
        "activeAlerts": [{"name": name} for name in alerts],
    }


def _components_field(parts: list[JSON]) -> JSON:
    """``components(filter: {types: [...]})`` and ``nodes(filter: {nodes: [...]})``."""

    def answer(wanted: Iterable[str] | None) -> list[JSON]:
        chosen = [part for part in parts if wanted is None or part["type"] in wanted]
        return [_answered(part) for part in chosen]

    def components(arguments: JSON) -> list[JSON]:
        return answer((arguments.get("filter") or {}).get("types"))

    def nodes(arguments: JSON) -> list[JSON]:
        return answer((arguments.get("filter") or {}).get("nodes"))

    return {"components": components, "nodes": nodes}


def _answered(part: JSON) -> JSON:
    signals: JSON = part["signals"]

    def select(arguments: JSON) -> list[JSON]:
        names = arguments.get("names")
        chosen = signals if names is None else [name for name in names if name in signals]
        return [_signal(name, signals[name]) for name in dict.fromkeys(chosen)]

    resolved: dict[str, Any] = {**part, "signals": select}
    return resolved


def _pw3_parts(site: Site, unit: Unit, state: GatewayState) -> list[JSON]:
    """PCH, BMS (the unit, then each expansion), HVP, BAGGR and PWS of a Powerwall 3."""
    battery = state.battery * _share(site, unit)
    solar = _unit_solar(site, unit, state)
    pch: JSON = {
        "PCH_State": "Pch_Active",
        "PCH_AcFrequency": _HERTZ,
        "PCH_AcMode": "AcMode_GridFollowing",
        "PCH_AcVoltageAN": _VOLTS,
        "PCH_AcVoltageBN": _VOLTS,
        "PCH_AcVoltageAB": 2 * _VOLTS,
        "PCH_BatteryPower": round(battery, 1),
        "PCH_AcRealPowerAB": round(battery + solar, 1),
        "PCH_SlowPvPowerSum": round(solar, 1),
    }
    for string, (letter, volts, amps) in zip(
        unit.strings, _strings(site, unit, state), strict=True
    ):
        pch[f"PCH_PvState_{letter}"] = string.state
        pch[f"PCH_PvVoltage{letter}"] = volts
        pch[f"PCH_PvCurrent{letter}"] = amps
    packs = [(unit.din, unit.full_pack_wh), *unit.expansions]
    parts = [_component("PCH", unit.din, pch), _component("PW3SAF", unit.din, {})]
    for din, full_wh in packs:
        parts.append(
            _component(
                "PW3BMS",
                din,
                {
                    "BMS_nominalFullPackEnergy": full_wh / 1000,
                    "BMS_nominalEnergyRemaining": round(_remaining(full_wh, state) / 1000, 3),
                },
            )
        )
        parts.append(_component("PW3HVP", din, {}))
    parts.append(
        _component(
            "BAGGR",
            unit.din,
            {
                "BAGGR_NumBatteriesConnected": len(packs),
                "BAGGR_NumBatteriesPresent": len(packs),
                "BAGGR_NumBatteriesExpected": len(packs),
                "BAGGR_ExpectedFullPackEnergy": unit.total_full_pack_wh / 1000,
                "BAGGR_ExpectedEnergyRemaining": round(
                    _remaining(unit.total_full_pack_wh, state) / 1000, 3
                ),
            },
        )
    )
    return parts


def _pw2_parts(site: Site, state: GatewayState) -> list[JSON]:
    """The gateway's Powerwall 2 era components: THC temperatures, the synchrometer."""
    parts = [
        _component("TETHC", unit.din, {"THC_AmbientTemp": unit.temperature}) for unit in site.units
    ]
    if site.synchrometer is not None:
        parts.append(_component("TESYNC", site.synchrometer, _synchrometer_signals(state)))
    return parts


def _synchrometer_signals(state: GatewayState) -> JSON:
    """METER_X: the site's CTs A and B (half the site power each); METER_Y: the solar CT."""
    half_site, half_solar = state.site / 2, state.solar / 2
    return {
        "METER_X_CTA_InstRealPower": round(half_site, 1),
        "METER_X_CTB_InstRealPower": round(half_site, 1),
        "METER_X_CTA_I": round(abs(half_site) / _VOLTS, 2),
        "METER_X_CTB_I": round(abs(half_site) / _VOLTS, 2),
        "METER_X_VL1N": _VOLTS,
        "METER_X_VL2N": _VOLTS,
        "METER_Y_CTA_InstRealPower": round(half_solar, 1),
        "METER_Y_CTB_InstRealPower": round(half_solar, 1),
        "METER_Y_CTA_I": round(half_solar / _VOLTS, 2),
        "METER_Y_CTB_I": round(half_solar / _VOLTS, 2),
        "METER_Y_VL1N": _VOLTS,
        "METER_Y_VL2N": _VOLTS,
    }


# -- the DeviceController answer ------------------------------------------------------------
def _control(site: Site, state: GatewayState) -> JSON:
    """``control``, on the recorded Powerwall 3's shape (Powerwall-Dashboard#387)."""
    control: JSON = sample("pwdash-387-status.json")["control"]
    power = state.power()
    readings = {"BATTERY": power.battery, "SITE": power.site, "LOAD": power.load}
    readings["SOLAR"] = power.solar
    for aggregate in control["meterAggregates"]:
        aggregate["realPowerW"] = readings.get(aggregate["location"], 0)
    connected = not state.islanded
    control["alerts"]["active"] = ["SystemConnectedToGrid"] if connected else []
    control["islanding"].update(
        contactorClosed=connected, gridOK=connected, microGridOK=True, disableReasons=[]
    )
    control["systemStatus"] = {
        "nominalFullPackEnergyWh": site.full_pack_wh,
        "nominalEnergyRemainingWh": _remaining(site.full_pack_wh, state),
    }
    control["siteShutdown"] = {"isShutDown": False, "reasons": []}
    control["batteryBlocks"] = [{"din": unit.din, "disableReasons": []} for unit in site.units]
    control["pvInverters"] = [
        {"din": unit.inverter, "disableReasons": []} for unit in site.units if unit.inverter
    ]
    control["protectionTripTests"] = {"isRunning": False}
    return control


def _system(state: GatewayState) -> JSON:
    system: JSON = sample("pwdash-387-status.json")["system"]
    system["time"] = _now()
    system["sitemanagerStatus"]["isRunning"] = state.running
    system["supportMode"] = {
        "remoteService": {"isEnabled": False, "expiryTime": None, "sessionId": None}
    }
    return system


def _alerts(active: Iterable[str] = ()) -> JSON:
    return {"isComplete": True, "isMIA": False, "active": list(active)}


def _pw2_bus(site: Site, state: GatewayState) -> JSON:
    """``esCan.bus`` of a Gateway 2 with Powerwall 2 / Powerwall+ units."""
    thc, pinv, pod, pvac, pvs = [], [], [], [], []
    for unit in site.units:
        full = unit.full_pack_wh
        thc.append(
            {
                "packagePartNumber": unit.part,
                "packageSerialNumber": unit.serial,
                "THC_InfoMsg": {"isComplete": True, "isMIA": False, "THC_appGitHash": [0] * 7},
                "THC_Logging": {"THC_LOG_PW_2_0_EnableLineState": "ENABLE_LINE_LOW"},
                "alerts": _alerts(),
            }
        )
        kilowatts = state.battery * _share(site, unit) / 1000
        pinv.append(
            {
                "PINV_Status": {
                    "isMIA": False,
                    "PINV_Fout": _HERTZ,
                    "PINV_Pout": round(kilowatts, 3),
                    "PINV_Vout": 2 * _VOLTS,
                    "PINV_State": "PINV_GridFollowing",
                    "PINV_GridState": "Grid_Compliant",
                },
                "PINV_AcMeasurements": {
                    "isMIA": False,
                    "PINV_VSplit1": _VOLTS,
                    "PINV_VSplit2": _VOLTS,
                },
                "PINV_PowerCapability": {"isComplete": True, "isMIA": False, "PINV_Pnom": 5.0},
                "alerts": _alerts(),
            }
        )
        pod.append(
            {
                "POD_EnergyStatus": {
                    "isMIA": False,
                    "POD_nom_energy_remaining": round(_remaining(full, state)),
                    "POD_nom_full_pack_energy": full,
                },
                "POD_InfoMsg": {"POD_appGitHash": [0] * 7},
                "alerts": _alerts(),
            }
        )
        if unit.inverter is not None:
            pvac.append(_pvac(site, unit, state))
            pvs.append(_pvs(unit))
    return {
        "PVAC": pvac,
        "PVS": pvs,
        "PINV": pinv,
        "THC": thc,
        "POD": pod,
        "SYNC": _sync(site, state),
        "MSA": None,
        "ISLANDER": _islander(state),
    }


def _pvac(site: Site, unit: Unit, state: GatewayState) -> JSON:
    assert unit.inverter is not None
    part, _, serial = unit.inverter.partition("--")
    logging: JSON = {"isMIA": False, "PVAC_VL1Ground": _VOLTS, "PVAC_VL2Ground": _VOLTS}
    for letter, volts, amps in _strings(site, unit, state):
        logging[f"PVAC_PVCurrent_{letter}"] = amps
        logging[f"PVAC_PVMeasuredVoltage_{letter}"] = volts
    logging.update(PVAC_Fan_Speed_Actual_RPM=0, PVAC_Fan_Speed_Target_RPM=0)
    return {
        "packagePartNumber": part,
        "packageSerialNumber": serial,
        "subPackagePartNumber": None,
        "subPackageSerialNumber": None,
        "PVAC_Status": {
            "isMIA": False,
            "PVAC_Pout": round(_unit_solar(site, unit, state), 1),
            "PVAC_State": "PVAC_Active",
            "PVAC_Vout": 2 * _VOLTS,
            "PVAC_Fout": _HERTZ,
        },
        "PVAC_InfoMsg": {"PVAC_appGitHash": [0] * 7},
        "PVAC_Logging": logging,
        "PVAC_ControlMeasurements": {"PVAC_FanSelfTestState": None},
        "alerts": _alerts(),
    }


def _pvs(unit: Unit) -> JSON:
    status: JSON = {"isMIA": False, "PVS_State": "PVS_Active", "PVS_vLL": 2 * _VOLTS}
    for string in unit.strings:
        status[f"PVS_String{string.letter}_Connected"] = string.active
    status["PVS_SelfTestState"] = "PVS_SelfTestOff"
    return {
        "PVS_Status": status,
        "PVS_Logging": {"PVS_numStringsLockoutBits": 0, "PVS_sbsComplete": True},
        "alerts": _alerts(),
    }


def _sync(site: Site, state: GatewayState) -> JSON | None:
    if site.synchrometer is None:
        return None
    part, _, serial = site.synchrometer.partition("--")
    signals = _synchrometer_signals(state)
    measurements = {"isMIA": False, "isComplete": True, "lastRxTime": _now()}
    return {
        "packagePartNumber": part,
        "packageSerialNumber": serial,
        "SYNC_InfoMsg": {"isMIA": False, "SYNC_appGitHash": [0] * 7},
        "METER_X_AcMeasurements": measurements
        | {key: value for key, value in signals.items() if key.startswith("METER_X_")},
        "METER_Y_AcMeasurements": measurements
        | {key: value for key, value in signals.items() if key.startswith("METER_Y_")},
        "SYNC_Status": {"lastRxTime": _now()},
    }


def _islander(state: GatewayState) -> JSON:
    connected = not state.islanded
    main_volts = _VOLTS if connected else 0.0
    return {
        "ISLAND_GridConnection": {
            "ISLAND_GridConnected": "ISLAND_GridConnected_Connected"
            if connected
            else "ISLAND_GridConnected_Island",
            "isComplete": True,
        },
        "ISLAND_AcMeasurements": {
            "ISLAND_VL1N_Main": main_volts,
            "ISLAND_FreqL1_Main": _HERTZ if connected else 0.0,
            "ISLAND_VL2N_Main": main_volts,
            "ISLAND_FreqL2_Main": _HERTZ if connected else 0.0,
            "ISLAND_VL3N_Main": 0.0,
            "ISLAND_FreqL3_Main": 0.0,
            "ISLAND_VL1N_Load": _VOLTS,
            "ISLAND_FreqL1_Load": _HERTZ,
            "ISLAND_VL2N_Load": _VOLTS,
            "ISLAND_FreqL2_Load": _HERTZ,
            "ISLAND_VL3N_Load": 0.0,
            "ISLAND_FreqL3_Load": 0.0,
            "ISLAND_GridState": "ISLAND_GridState_Grid_Compliant" if connected else None,
            "lastRxTime": _now(),
            "isComplete": True,
            "isMIA": False,
        },
    }


def _pw3_bus(site: Site, state: GatewayState) -> JSON:
    """On Powerwall 3 the Powerwall 2 CAN blocks are placeholders (pypowerwall#97)."""
    placeholder = sample("pypowerwall-97-status-esCan-THC.json")["THC"][0]
    return {
        "PVAC": [],
        "PVS": [],
        "PINV": [],
        "THC": [copy.deepcopy(placeholder) for _ in site.units],
        "POD": [],
        "SYNC": None,
        "MSA": None,
        "ISLANDER": _islander(state),
    }


def _es_can(site: Site, state: GatewayState) -> JSON:
    pw2_units = 0 if site.powerwall3 else len(site.units)
    return {
        "bus": _pw3_bus(site, state) if site.powerwall3 else _pw2_bus(site, state),
        "enumeration": {
            "inProgress": False,
            "numACPW": pw2_units,
            "numPVI": sum(1 for unit in site.units if unit.inverter),
        },
        "firmwareUpdate": {
            "isUpdating": False,
            "powerwalls": None,
            "msa": None,
            "msa1": None,
            "sync": None,
            "pvInverters": None,
        },
        "phaseDetection": {"inProgress": False, "lastUpdateTimestamp": None, "powerwalls": []},
        "inverterSelfTests": {"isRunning": False, "isCanceled": False, "pinvSelfTestsResults": []},
    }


def _pw3_can() -> JSON:
    pw3_can: JSON = sample("pwdash-387-status.json")["pw3Can"]
    pw3_can["enumeration"] = {"inProgress": False}
    return pw3_can


def device_data(site: Site, state: GatewayState, din: str) -> dict[str, Any]:
    """What a query addressed to ``din`` reads: the whole site for the gateway (or Powerwall 3
    leader), the unit's own components for a follower."""
    unit = site.unit(din)
    if site.powerwall3 and unit is not None and unit.din != site.din:
        return {
            "pw3Can": _pw3_can(),
            "components": _components_field(_pw3_parts(site, unit, state)),
        }
    parts = _pw3_parts(site, site.units[0], state) if site.powerwall3 else _pw2_parts(site, state)
    data: dict[str, Any] = {
        "control": _control(site, state),
        "system": _system(state),
        "neurio": sample("pwdash-387-status.json")["neurio"],
        "teslaRemoteMeter": {"meters": [], "detectedWired": []},
        "pw3Can": _pw3_can(),
        "esCan": _es_can(site, state),
        "components": _components_field(parts),
        "ieee20305": None,
    }
    return data
