"""build_site: one view of every battery unit, PV string, inverter and meter.

The Powerwall 3 configuration is a real answer (tests/fixtures/tedapi/NOTICE). Components and
the Powerwall 2/+ CAN bus are built from the key lists and signal names of the TEDAPI reference
(section 2.7, and the signed queries' selections), with values like the REST vitals sample.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from powerwall_async.models import GridStatus
from powerwall_async.models.tedapi import (
    BatteryType,
    InverterKind,
    MeterLocation,
    UnitRole,
    build_site,
    parse_components,
    parse_config,
    parse_status,
)

FIXTURES = Path(__file__).parent / "fixtures" / "tedapi"
LEADER = "1707000-21-K--TG124300003JZH"
FOLLOWER = "1707000-21-K--TG124300003DZE"
SILENT_FOLLOWER = "1707000-21-K--TG12430000309Y"
EXPANSION = "1807000-10-B--TG125035000A5E"


def signal(name: str, value: object) -> dict[str, object]:
    number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
    return {
        "name": name,
        "value": number,
        "textValue": value if isinstance(value, str) else None,
        "boolValue": value if isinstance(value, bool) else None,
    }


def component(signals: dict[str, object], **extra: object) -> dict[str, object]:
    return {"signals": [signal(k, v) for k, v in signals.items()], "activeAlerts": [], **extra}


def pw3_components(
    *, battery_power: float, bms: list[tuple[float, float]], hvp_serials: list[str]
) -> Any:
    pch: dict[str, object] = {
        "PCH_State": "Pch_Active",
        "PCH_AcMode": "AcMode_GridFollowing",
        "PCH_AcFrequency": 60.01,
        "PCH_AcVoltageAB": 241.5,
        "PCH_AcRealPowerAB": 2130,
        "PCH_BatteryPower": battery_power,
        "PCH_SlowPvPowerSum": 3100,
    }
    for letter, (volts, amps, state) in {
        "A": (380.2, 4.1, "Pv_Active"),
        "B": (379.9, 4.0, "Pv_Active_Parallel"),
        "C": (0.0, 0.0, "Pv_Standby"),
        "D": (None, None, "Pv_Standby"),
        "E": (None, None, None),
        "F": (None, None, None),
    }.items():
        pch[f"PCH_PvState_{letter}"] = state
        pch[f"PCH_PvVoltage{letter}"] = volts
        pch[f"PCH_PvCurrent{letter}"] = amps
    return parse_components(
        {
            "components": {
                "pch": [component(pch)],
                "bms": [
                    component({"BMS_nominalEnergyRemaining": r, "BMS_nominalFullPackEnergy": f})
                    for r, f in bms
                ],
                "hvp": [
                    component(
                        {"HVP_State": "HVP_Active"}, partNumber="1807000-10-B", serialNumber=s
                    )
                    for s in hvp_serials
                ],
                "baggr": [component({"BAGGR_NumBatteriesConnected": len(bms)})],
            }
        }
    )


@pytest.fixture
def pw3_config() -> Any:
    blocks = json.loads((FIXTURES / "pypowerwall-227-config-battery_blocks.json").read_text())
    return parse_config({"vin": LEADER, "battery_blocks": blocks})


def test_pw3_leader_followers_and_expansion(pw3_config: Any) -> None:
    status = parse_status(json.loads((FIXTURES / "pwdash-387-status.json").read_text()))
    leader = pw3_components(
        battery_power=-1500.0,  # charging
        bms=[(6.75, 13.5), (0.0, 0.0), (10.8, 13.5)],  # own, phantom slot, expansion
        hvp_serials=["TG124300003JZH", "", "TG125035000A5E"],
    )
    follower = pw3_components(
        battery_power=800.0, bms=[(13.5, 13.5)], hvp_serials=["TG124300003DZE"]
    )
    site = build_site(
        pw3_config, status, {LEADER: leader, FOLLOWER: follower, SILENT_FOLLOWER: None}
    )
    units = {unit.din: unit for unit in site.batteries}
    assert list(units) == [LEADER, EXPANSION, FOLLOWER, SILENT_FOLLOWER]

    first = units[LEADER]
    assert first.role is UnitRole.LEADER
    assert first.type is BatteryType.POWERWALL_3
    assert (first.energy_remaining_wh, first.full_pack_energy_wh) == (6750.0, 13500.0)  # kWh → Wh
    assert first.soe_percent == pytest.approx(50.0)
    assert first.soe_percent_app == pytest.approx(47.368, abs=1e-3)
    assert first.power_w == -1500.0
    assert first.temperature_c is None  # no temperature signal for a Powerwall 3

    pack = units[EXPANSION]
    assert pack.role is UnitRole.EXPANSION
    assert pack.parent_din == LEADER
    assert pack.full_pack_energy_wh == 13500.0
    assert pack.energy_remaining_wh == 10800.0

    assert units[FOLLOWER].role is UnitRole.FOLLOWER
    assert units[FOLLOWER].power_w == 800.0
    silent = units[SILENT_FOLLOWER]
    assert silent.reachable is False
    assert (silent.energy_remaining_wh, silent.power_w, silent.soe_percent) == (None, None, None)

    leader_strings = [s for s in site.pv_strings if s.unit_din == LEADER]
    assert [s.letter for s in leader_strings] == ["A", "B", "C", "D"]  # E, F: nothing given
    assert leader_strings[0].power_w == pytest.approx(380.2 * 4.1)
    assert leader_strings[3].state == "Pv_Standby"
    assert leader_strings[3].power_w is None
    assert {s.unit_din for s in site.pv_strings} == {LEADER, FOLLOWER}

    assert [(i.din, i.kind) for i in site.inverters] == [
        (LEADER, InverterKind.PCH),
        (FOLLOWER, InverterKind.PCH),
    ]
    assert site.inverters[0].power_w == 2130.0
    assert site.inverters[0].frequency_hz == 60.01
    assert site.grid_status is GridStatus.CONNECTED
    assert site.power_w(MeterLocation.SITE) == 5113.0
    assert site.alerts[0] == "SelfConsumptionReservedLimit"
    assert site.din == LEADER


def test_expansion_without_a_matching_hvp_uses_its_position(pw3_config: Any) -> None:
    leader = pw3_components(
        battery_power=0.0, bms=[(5.0, 13.5), (0.0, 0.0), (4.0, 13.5)], hvp_serials=[]
    )
    site = build_site(pw3_config, None, {LEADER: leader})
    pack = next(unit for unit in site.batteries if unit.role is UnitRole.EXPANSION)
    assert pack.energy_remaining_wh == 4000.0  # the phantom slot is skipped
    assert site.energy is None
    assert site.grid_status is None
    assert site.meters == ()


def pw2_status() -> Any:
    """A Powerwall+ and a Powerwall 2 behind a gateway, keys as the reference's esCan.bus list
    (strings for states, as real firmware sends), values in the REST vitals sample's ranges."""
    thc = [
        {
            "packagePartNumber": "2012170-25-E",
            "packageSerialNumber": serial,
            "THC_InfoMsg": {
                "isComplete": True,
                "isMIA": mia,
                "THC_appGitHash": [1, 2, 3, 4, 5, 6, 7],
            },
            "THC_Logging": {"THC_LOG_PW_2_0_EnableLineState": "ENABLE_LINE_HIGH"},
        }
        for serial, mia in (("TG1234567890G1", False), ("TG1234567890G2", True))
    ]
    pod = [
        {
            "POD_EnergyStatus": {
                "isMIA": False,
                "POD_nom_energy_remaining": 8636,
                "POD_nom_full_pack_energy": 13990,
            }
        },
        {
            "POD_EnergyStatus": {
                "isMIA": True,
                "POD_nom_energy_remaining": 0,
                "POD_nom_full_pack_energy": 0,
            }
        },
    ]
    pinv = [
        {
            "PINV_Status": {
                "isMIA": False,
                "PINV_Fout": 59.975,
                "PINV_Pout": -0.19,
                "PINV_Vout": 241.1,
                "PINV_State": "PINV_GridFollowing",
                "PINV_GridState": "Grid_Compliant",
            },
            "PINV_AcMeasurements": {"isMIA": False, "PINV_VSplit1": 120.5, "PINV_VSplit2": 120.6},
            "PINV_PowerCapability": {"isComplete": True, "isMIA": False, "PINV_Pnom": 5.0},
            "alerts": {
                "isComplete": True,
                "isMIA": False,
                "active": ["PINV_a067_overvoltageNeutralChassis"],
            },
        }
    ]
    pvac = {
        "packagePartNumber": "1538100-00-F",
        "packageSerialNumber": "TG1234567890P1",
        "PVAC_Status": {
            "isMIA": False,
            "PVAC_Pout": 1610,
            "PVAC_State": "PVAC_Active",
            "PVAC_Vout": 240,
            "PVAC_Fout": 60,
        },
        "PVAC_Logging": {
            "isMIA": False,
            "PVAC_PVCurrent_A": 2.24,
            "PVAC_PVCurrent_B": 0.0,
            "PVAC_PVCurrent_C": 2.1,
            "PVAC_PVCurrent_D": 2.0,
            "PVAC_PVMeasuredVoltage_A": 244.8,
            "PVAC_PVMeasuredVoltage_B": -0.8,
            "PVAC_PVMeasuredVoltage_C": 210.0,
            "PVAC_PVMeasuredVoltage_D": 205.5,
            "PVAC_VL1Ground": 120.3,
            "PVAC_VL2Ground": 120.1,
        },
        "PVAC_InfoMsg": {"PVAC_appGitHash": [0, 0, 0, 0, 0, 0, 0]},
        "alerts": {"isComplete": True, "isMIA": False, "active": []},
    }
    pvs = {
        "PVS_Status": {
            "isMIA": False,
            "PVS_State": "PVS_Active",
            "PVS_vLL": 240.2,
            "PVS_StringA_Connected": True,
            "PVS_StringB_Connected": False,
            "PVS_StringC_Connected": True,
            "PVS_StringD_Connected": True,
            "PVS_SelfTestState": "PVS_SelfTestOff",
        },
        "alerts": {"isComplete": True, "isMIA": False, "active": None},
    }
    sync = {
        "packagePartNumber": "1493315-01-F",
        "packageSerialNumber": "TG1234567890S1",
        "SYNC_InfoMsg": {"isMIA": False, "SYNC_appGitHash": [9, 9, 9, 9, 9, 9, 9]},
        "METER_X_AcMeasurements": {
            "isMIA": False,
            "METER_X_CTA_InstRealPower": 434.0,
            "METER_X_CTA_InstReactivePower": -13.0,
            "METER_X_CTA_I": 4.2525,
            "METER_X_VL1N": 121.0,
            "METER_X_CTB_InstRealPower": 400.0,
            "METER_X_CTB_I": 3.9,
            "METER_X_VL2N": 120.8,
        },
        "METER_Y_AcMeasurements": {"isMIA": False, "METER_Y_CTA_InstRealPower": -1600.0},
    }
    islander = {
        "ISLAND_GridConnection": {
            "ISLAND_GridConnected": "ISLAND_GridConnected_Connected",
            "isComplete": True,
        },
        "ISLAND_AcMeasurements": {
            "ISLAND_VL1N_Main": 121.0,
            "ISLAND_FreqL1_Main": 59.98,
            "ISLAND_VL1N_Load": 120.9,
            "ISLAND_GridState": "ISLAND_GridState_Grid_Compliant",
            "isMIA": False,
        },
    }
    return parse_status(
        {
            "control": {
                "systemStatus": {
                    "nominalFullPackEnergyWh": 28329,
                    "nominalEnergyRemainingWh": 18551,
                },
                "meterAggregates": [
                    {"location": "BATTERY", "realPowerW": -190},
                    {"location": "SITE", "realPowerW": -1200.5},
                ],
                "alerts": {"active": []},
                "batteryBlocks": [{"din": "2012170-25-E--TG1234567890G1", "disableReasons": None}],
            },
            "esCan": {
                "bus": {
                    "THC": thc,
                    "POD": pod,
                    "PINV": pinv,
                    "PVAC": [pvac],
                    "PVS": [pvs],
                    "SYNC": sync,
                    "ISLANDER": islander,
                }
            },
            "components": {
                "msa": [
                    {
                        "partNumber": "2012170-25-E",
                        "serialNumber": "TG1234567890G1",
                        "signals": [signal("THC_AmbientTemp", 16.0)],
                        "activeAlerts": [],
                    }
                ]
            },
        }
    )


def test_pw2_and_pw_plus_from_the_can_bus() -> None:
    status = pw2_status()
    site = build_site(None, status)
    first, second = site.batteries
    assert first.din == "2012170-25-E--TG1234567890G1"
    assert first.role is UnitRole.POWERWALL
    assert (first.energy_remaining_wh, first.full_pack_energy_wh) == (8636.0, 13990.0)
    assert first.power_w == pytest.approx(-190.0)  # PINV_Pout is kW on the wire
    assert first.temperature_c == 16.0
    assert second.reachable is False
    assert second.energy_remaining_wh is None
    assert [(s.letter, s.voltage_v, s.state) for s in site.pv_strings] == [
        ("A", 244.8, "connected"),
        ("B", -0.8, "disconnected"),
        ("C", 210.0, "connected"),
        ("D", 205.5, "connected"),
    ]
    assert site.pv_strings[0].unit_din == "1538100-00-F--TG1234567890P1"
    assert site.pv_strings[0].power_w == pytest.approx(244.8 * 2.24)
    kinds = [(i.kind, i.power_w) for i in site.inverters]
    assert kinds == [(InverterKind.PINV, pytest.approx(-190.0)), (InverterKind.PVAC, 1610.0)]
    assert site.inverters[0].alerts == ("PINV_a067_overvoltageNeutralChassis",)
    assert site.grid_status is GridStatus.CONNECTED
    assert site.soe_percent == pytest.approx(18551 / 28329 * 100)
    assert site.power_w(MeterLocation.SITE) == -1200.5  # exporting


def test_pw2_can_bus_details() -> None:
    can = pw2_status().can
    assert can is not None
    assert can.sync is not None
    assert can.islander is not None
    site_meter = can.sync.meter("X")
    assert site_meter is not None
    assert len(site_meter.cts) == 2
    assert site_meter.real_power_w == 834.0
    assert site_meter.cts[0].voltage_v == 121.0
    assert site_meter.cts[0].current_a == 4.2525
    assert can.sync.githash == "09090909090909"
    assert can.sync.meter("Z") is None
    assert pw2_status().synchrometer == can.sync  # the CAN bus' meter, when it has one
    assert can.islander.grid_state == "ISLAND_GridState_Grid_Compliant"
    assert can.islander.main_voltages_v == (121.0, None, None)
    assert can.islander.main_frequencies_hz[0] == 59.98
    (pinv,) = can.pinv
    assert pinv.nominal_power_w == 5000.0
    assert pinv.v_split1_v == 120.5
    (pvac,) = can.pvac
    assert pvac.githash is None
    assert pvac.vl1_ground_v == 120.3
    assert can.pvs[0].alerts == ()  # "active": null


def test_pw2_units_follow_the_configuration() -> None:
    config = parse_config(
        {
            "vin": "1232100-00-E--TG123456789012",
            "battery_blocks": [
                {"vin": "2012170-25-E--TG1234567890G1", "type": "SolarPowerwall"},
                {"vin": "2012170-25-E--TG000000000000", "type": "Powerwall2"},
            ],
        }
    )
    site = build_site(config, pw2_status())
    first, absent = site.batteries
    assert first.type is BatteryType.SOLAR_POWERWALL
    assert first.full_pack_energy_wh == 13990.0
    assert absent.reachable is False
    assert absent.power_w is None


def test_states_as_test_tools_send_them() -> None:
    status = parse_status(
        {
            "esCan": {
                "bus": {
                    "PVAC": [{"packageSerialNumber": "S", "PVAC_Status": {"PVAC_State": 8}}],
                    "PINV": [{"PINV_Status": {"PINV_State": 3, "PINV_GridState": True}}],
                }
            }
        }
    )
    assert status.can is not None
    assert status.can.pvac[0].state == "8"
    assert status.can.pinv[0].grid_state == "true"


def test_pw3_placeholders_on_the_bus_make_no_units() -> None:
    bus = json.loads((FIXTURES / "pypowerwall-97-status-esCan-THC.json").read_text())
    site = build_site(None, parse_status({"esCan": {"bus": bus}}))
    assert site.batteries == ()
    assert site.inverters == ()
    assert site.pv_strings == ()


def test_pw3_units_from_the_answers_when_the_configuration_lists_none() -> None:
    # Some firmware omit battery_blocks (reference, section 2.7): the configuration's DIN leads.
    config = parse_config({"vin": LEADER})
    follower = pw3_components(battery_power=100.0, bms=[(1.0, 13.5)], hvp_serials=[])
    leader = pw3_components(battery_power=-100.0, bms=[(2.0, 13.5)], hvp_serials=[])
    site = build_site(config, None, {FOLLOWER: follower, LEADER: leader, SILENT_FOLLOWER: None})
    assert [(u.din, u.role, u.reachable) for u in site.batteries] == [
        (LEADER, UnitRole.LEADER, True),
        (FOLLOWER, UnitRole.FOLLOWER, True),
        (SILENT_FOLLOWER, UnitRole.FOLLOWER, False),
    ]
    assert site.batteries[0].energy_remaining_wh == 2000.0


def test_battery_aggregator_counts() -> None:
    components = pw3_components(battery_power=0.0, bms=[(1.0, 13.5), (1.0, 13.5)], hvp_serials=[])
    assert components.batteries_connected == (2, None, None)
    assert parse_components({}).batteries_connected == (None, None, None)
