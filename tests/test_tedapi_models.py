"""TEDAPI answer models read the real answers Powerwall owners posted (tests/fixtures/tedapi/,
sources in its NOTICE), and every drift the samples' README lists, without a traceback."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest

from powerwall_async import ResponseFormatError
from powerwall_async.models import GridStatus, OperationMode
from powerwall_async.models.tedapi import (
    BatteryType,
    DeviceKind,
    ExportRule,
    MeterLocation,
    SystemInfo,
    parse_components,
    parse_config,
    parse_status,
)

FIXTURES = Path(__file__).parent / "fixtures" / "tedapi"


def sample(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


# --- config.json ---------------------------------------------------------------------------


def test_battery_blocks_of_a_leader_two_followers_and_an_expansion() -> None:
    config = parse_config({"battery_blocks": sample("pypowerwall-227-config-battery_blocks.json")})
    leader, first, second = config.battery_blocks
    assert leader.din == "1707000-21-K--TG124300003JZH"
    assert leader.type is BatteryType.POWERWALL_3
    assert leader.can_connection == "can1"
    assert [e.din for e in leader.expansions] == ["1807000-10-B--TG125035000A5E"]
    assert (leader.min_soe, leader.max_soe) == (0.0, 100.0)
    assert leader.enable_inverter_battery_meter is True
    # Followers lack can_connection and battery_expansions.
    assert first.type is BatteryType.POWERWALL_3_FOLLOWER
    assert first.is_follower
    assert first.can_connection is None
    assert first.expansions == ()
    assert second.din == "1707000-21-K--TG12430000309Y"
    assert config.battery_block(first.din) is first
    assert config.battery_block("nope") is None


def test_config_vin_and_meters_with_lower_case_locations() -> None:
    config = parse_config(sample("pwdash-387-config.json"), file_hash=b"\x01\x02")
    assert config.din == "1707000-00-J--TG9999999999XP"
    (meter,) = config.meters
    assert meter.location == "site"
    assert meter.type == "msa"
    assert meter.cts == (True, True, False, False)
    assert meter.inverted == (False,) * 4
    assert meter.short_id == "1707000-00-J--TG9999999999XP"
    assert meter.device_serial == "TG999999999DEG"
    assert meter.real_power_scale_factor is None
    assert config.file_hash == b"\x01\x02"
    # Parts this fragment does not have.
    assert config.battery_blocks == ()
    assert config.site is None
    assert config.operation_mode is OperationMode.UNKNOWN


def test_site_info_reserve_on_both_scales_and_settings() -> None:
    # Keys and values as the reference (section 2.7, config.json site_info) lists them.
    config = parse_config(
        {
            "vin": "1232100-00-E--TG123456789012",
            "default_real_mode": "autonomous",
            "strategy": {"TOU_mode": "economics"},
            "solars": [{"brand": "Tesla", "power_rating_watts": 7600}],
            "site_info": {
                "site_name": "Home",
                "backup_reserve_percent": 24,
                "customer_preferred_export_rule": "pv_only",
                "disallow_charge_from_grid_with_solar_installed": True,
                "on_grid_solar_curtailment_enabled": True,
                "max_site_meter_power_ac": 1000000000,
                "min_site_meter_power_ac": -1000000000,
                "nominal_system_energy_ac": 13.5,
                "nominal_system_power_ac": 5,
                "grid_code": "60Hz_240V_s_UL1741SA:2019_California",
            },
        }
    )
    site = config.site
    assert site is not None
    assert site.backup_reserve_percent == 24.0
    assert site.backup_reserve_percent_app == pytest.approx(20.0)
    assert site.export_rule is ExportRule.PV_ONLY
    assert site.grid_charging_allowed is False
    assert site.solar_curtailment_enabled is True
    assert site.nominal_system_energy_kwh == 13.5
    assert site.min_site_meter_power_kw == -1e9
    assert config.operation_mode is OperationMode.AUTONOMOUS
    assert config.tou_mode == "economics"
    assert config.solars[0].power_rating_watts == 7600.0


def test_absent_site_flags_mean_the_documented_defaults() -> None:
    site = parse_config({"site_info": {"customer_preferred_export_rule": "sell_all"}}).site
    assert site is not None
    assert site.grid_charging_allowed is True
    assert site.solar_curtailment_enabled is False
    assert site.backup_reserve_percent is None
    assert site.backup_reserve_percent_app is None
    assert site.export_rule is ExportRule.UNKNOWN
    assert site.export_rule_raw == "sell_all"


def test_unknown_battery_type_keeps_the_raw_string() -> None:
    (block,) = parse_config(
        {"battery_blocks": [{"vin": "x--y", "type": "Powerwall4"}]}
    ).battery_blocks
    assert block.type is BatteryType.UNKNOWN
    assert block.type_raw == "Powerwall4"


# --- status ---------------------------------------------------------------------------------


def test_pw3_status_answer() -> None:
    status = parse_status(sample("pwdash-387-status.json"))
    assert status.alerts == (
        "SelfConsumptionReservedLimit",
        "SystemConnectedToGrid",
        "FWUpdateSucceeded",
    )
    assert status.power_w(MeterLocation.SITE) == 5113.0
    assert status.power_w(MeterLocation.LOAD) == 5134.25  # ints and floats in one list
    assert status.power_w(MeterLocation.SOLAR_RGM) == 0.0
    assert status.power_w(MeterLocation.CONDUCTOR) == 0.0
    islanding = status.islanding
    assert islanding is not None
    assert islanding.customer_island_mode == "BACKUP"
    assert (islanding.contactor_closed, islanding.grid_ok, islanding.micro_grid_ok) == (True,) * 3
    (block,) = status.battery_blocks
    assert block.din == "1707000-00-J--TG9999999999XP"
    assert block.disable_reasons == ()
    assert block.enabled
    assert status.pv_inverters == ()
    assert status.grid_status is GridStatus.CONNECTED
    assert status.system is not None
    assert status.system.sitemanager_running is True
    assert status.system.time == datetime(
        2024, 6, 22, 15, 18, 31, tzinfo=timezone(timedelta(hours=-6))
    )
    assert status.system.update_version is None  # updateUrgencyCheck: null
    assert status.firmware_updating is False
    # Not in this fragment: None, not a crash.
    assert status.energy is None
    assert status.site_shutdown is None
    assert status.can is None


def test_two_pw3_battery_blocks() -> None:
    status = parse_status({"control": sample("pypowerwall-97-status-batteryBlocks.json")})
    assert [b.din for b in status.battery_blocks] == [
        "1707000-25-G--TG1232151234VR",
        "1707000-25-G--TG1232151234RL",
    ]


def test_thc_placeholders_on_a_pw3() -> None:
    status = parse_status({"esCan": {"bus": sample("pypowerwall-97-status-esCan-THC.json")}})
    assert status.can is not None
    first, _second = status.can.thc
    assert first.is_mia is True
    assert first.serial_number == ""
    assert first.part_number == ""
    assert first.githash is None  # [0, 0, 0, 0, 0, 0, 0]
    assert first.enable_line_state == "ENABLE_LINE_LOW"
    assert status.can.pod == ()
    assert status.can.islander is None


def test_disable_reasons_as_2025_lists_and_energy_with_noise() -> None:
    status = parse_status(
        {
            "control": {
                "systemStatus": {
                    "nominalFullPackEnergyWh": 41000,
                    "nominalEnergyRemainingWh": 32800.00000000001,
                },
                "batteryBlocks": [
                    {"din": "a", "disableReasons": []},
                    {"din": "b", "disableReasons": ["DisableReasonFirmwareUpdate"]},
                ],
                "siteShutdown": {"isShutDown": False, "reasons": []},
            }
        }
    )
    assert status.energy is not None
    assert status.energy.soe_percent == pytest.approx(80.0)
    assert status.energy.soe_percent_app == pytest.approx(78.947, abs=1e-3)
    first, second = status.battery_blocks
    assert first.enabled
    assert not second.enabled
    assert second.disable_reasons == ("DisableReasonFirmwareUpdate",)
    assert status.site_shutdown is not None
    assert status.site_shutdown.is_shut_down is False


def test_unknown_location_and_bad_values_read_as_unknown_and_none() -> None:
    status = parse_status(
        {
            "control": {
                "meterAggregates": [
                    {"location": "BUSWAY", "realPowerW": "12"},
                    {"location": "SITE", "realPowerW": float("nan")},
                    "not an object",
                ],
                "alerts": {"active": ["A", 3, None]},
                "islanding": "BACKUP",
                "systemStatus": {"nominalFullPackEnergyWh": 0, "nominalEnergyRemainingWh": 5},
            },
            "system": {"time": "yesterday"},
            "esCan": [],
        }
    )
    unknown, site = status.meter_aggregates
    assert unknown.location is MeterLocation.UNKNOWN
    assert unknown.location_raw == "BUSWAY"
    assert unknown.real_power_w is None
    assert site.real_power_w is None
    assert status.alerts == ("A",)
    assert status.islanding is None
    assert status.can is None
    assert status.energy is not None
    assert status.energy.soe_percent is None
    assert status.system is not None
    assert status.system.time is None
    assert status.power_w(MeterLocation.BATTERY) is None
    assert status.grid_status is None


@pytest.mark.parametrize(
    ("connected", "expected"),
    [
        ("ISLAND_GridConnected_Connected", GridStatus.CONNECTED),
        ("ISLAND_GridConnected_Disconnected", GridStatus.ISLANDED_ACTIVE),
        (True, GridStatus.CONNECTED),  # test tools send booleans
        (False, GridStatus.ISLANDED_ACTIVE),
    ],
)
def test_grid_status_from_the_islander(connected: object, expected: GridStatus) -> None:
    bus = {"ISLANDER": {"ISLAND_GridConnection": {"ISLAND_GridConnected": connected}}}
    status = parse_status({"control": {"alerts": {"active": []}}, "esCan": {"bus": bus}})
    assert status.grid_status is expected


def test_grid_status_falls_back_to_the_contactor() -> None:
    status = parse_status({"control": {"islanding": {"contactorClosed": False, "gridOK": False}}})
    assert status.grid_status is GridStatus.ISLANDED_ACTIVE


# --- components -------------------------------------------------------------------------------


def test_pw3_components_signals() -> None:
    components = parse_components(sample("pwdash-616-components.json"))
    (pch,) = components.pch
    assert pch.active_alerts == ()
    signal = pch.signal("PCH_PvState_B")
    assert signal is not None
    assert (signal.value, signal.text_value, signal.bool_value) == (
        None,
        "Pv_Active_Parallel",
        None,
    )
    assert signal.timestamp == datetime(2025, 4, 18, 6, 58, 10, tzinfo=UTC)
    unit = components.pch_unit
    assert unit is not None
    assert unit.state == "Pch_Active"
    assert [(s.letter, s.state) for s in unit.pv_strings] == [
        ("A", "Pv_Active"),
        ("B", "Pv_Active_Parallel"),
        ("C", "Pv_Active"),
        ("D", "Pv_Active_Parallel"),
        ("E", None),
        ("F", None),
    ]
    # Signals this answer did not ask for.
    assert unit.battery_power_w is None
    assert unit.pv_strings[0].power_w is None
    assert components.bms == ()
    assert components.bms_energy_wh() == (None, None)


def test_component_values_alerts_and_bms_energy_in_wh() -> None:
    # Signal names from the reference's ComponentsQuery variables; alerts are {name} objects.
    components = parse_components(
        {
            "components": {
                "bms": [
                    {
                        "signals": [
                            {
                                "name": "BMS_nominalEnergyRemaining",
                                "value": 10.5,
                                "textValue": None,
                                "boolValue": None,
                            },
                            {
                                "name": "BMS_nominalFullPackEnergy",
                                "value": 13.5,
                                "textValue": None,
                                "boolValue": None,
                            },
                        ],
                        "activeAlerts": [{"name": "BMS_a001_Alert"}, {"name": None}, "odd"],
                    }
                ],
                "baggr": [
                    {
                        "signals": [
                            {
                                "name": "BAGGR_State",
                                "value": None,
                                "textValue": None,
                                "boolValue": True,
                            }
                        ]
                    }
                ],
            },
            "pw3Can": {"firmwareUpdate": {"isUpdating": False}},
        }
    )
    assert components.bms_energy_wh() == (10500.0, 13500.0)
    assert components.bms_energy_wh(5) == (None, None)
    assert components.active_alerts == ("BMS_a001_Alert",)
    assert components.baggr[0].text("BAGGR_State") == "true"
    assert components.baggr[0].value("BAGGR_State") is None
    assert components.firmware_updating is False


@pytest.mark.parametrize("parse", [parse_config, parse_status, parse_components])
@pytest.mark.parametrize("answer", [[], "text", None, 3])
def test_a_wrong_top_level_is_a_response_format_error(parse: Any, answer: object) -> None:
    with pytest.raises(ResponseFormatError, match="not a JSON object"):
        parse(answer)


# --- system info ------------------------------------------------------------------------------


def test_system_info_from_decoded_values() -> None:
    # Values of the reference's decoded PW3 example (fw "24.12.6-PW3-AFCI 008bf6ff", type 4).
    info = SystemInfo.from_values(
        din="1707000-11-J--TG1234567890AB",
        part_number="1707000-11-J",
        serial_number="TG1234567890AB",
        version="24.12.6-PW3-AFCI 008bf6ff",
        githash=bytes.fromhex("008bf6ff00"),
        device_type=4,
        update_status=0,
    )
    assert info.device_type is DeviceKind.SITE_CONTROLLER
    assert info.firmware_version.parts == (24, 12, 6)
    assert info.firmware_version.hash == "008bf6ff"
    assert info.firmware_githash == "008bf6ff00"
    assert info.update_status == 0
    assert info.staged_version is None
    odd = SystemInfo.from_values(device_type=99, githash=b"\x00\x00", part_number="")
    assert odd.device_type is DeviceKind.UNKNOWN
    assert odd.device_type_raw == 99
    assert odd.firmware_githash is None
    assert odd.part_number is None


def test_models_are_immutable() -> None:
    status = parse_status(sample("pwdash-387-status.json"))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        status.alerts = ()  # type: ignore[misc]
    assert isinstance(status.meter_aggregates, tuple)
    config = parse_config({"battery_blocks": sample("pypowerwall-227-config-battery_blocks.json")})
    assert isinstance(config.battery_blocks[0].expansions, tuple)


def test_meter_ct_flags_keep_their_positions() -> None:
    (meter,) = parse_config({"meters": [{"cts": [True, None, "x", False]}]}).meters
    assert meter.cts == (True, None, None, False)


def signals(values: dict[str, float]) -> list[dict[str, object]]:
    return [
        {"name": name, "value": value, "textValue": None, "boolValue": None}
        for name, value in values.items()
    ]


def test_meters_from_the_2026_components_sync_and_msa() -> None:
    # The 2026 DeviceControllerQuery moves the Synchrometer and MSA meters from esCan.bus to
    # components.sync / components.msa, with the signal names its text lists.
    status = parse_status(
        {
            "components": {
                "sync": [
                    {
                        "partNumber": "1493315-01-F",
                        "serialNumber": "TG1234567890S1",
                        "signals": signals(
                            {
                                "METER_X_CTA_InstRealPower": 434.0,
                                "METER_X_CTA_I": 4.25,
                                "METER_X_VL1N": 121.0,
                                "METER_Y_CTA_InstRealPower": -1600.0,
                            }
                        ),
                        "activeAlerts": [],
                    }
                ],
                "msa": [
                    {
                        "partNumber": "1624171-00-E",
                        "serialNumber": "TG1234567890M1",
                        "signals": signals(
                            {"METER_Z_CTA_InstRealPower": 12.5, "METER_Z_VL1G": 120.2}
                        ),
                        "activeAlerts": [],
                    }
                ],
            }
        }
    )
    sync = status.synchrometer
    assert sync is not None
    assert sync.serial_number == "TG1234567890S1"
    site_meter, solar_meter = sync.meter("X"), sync.meter("Y")
    assert site_meter is not None
    assert solar_meter is not None
    assert site_meter.cts[0].voltage_v == 121.0
    assert site_meter.real_power_w == 434.0
    assert solar_meter.real_power_w == -1600.0
    switch = status.backup_switch
    assert switch is not None
    meter_z = switch.meter("Z")
    assert meter_z is not None
    assert meter_z.cts[0].voltage_v == 120.2
    assert parse_status({}).synchrometer is None
    assert parse_status({}).backup_switch is None
