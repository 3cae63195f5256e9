"""Settings edits on config.json: each changes its own keys only, keeps every other key and its
place, and refuses a bad value before anything could be sent."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from powerwall_async import ResponseFormatError
from powerwall_async.models import OperationMode
from powerwall_async.tedapi._edits import (
    config_blob,
    with_backup_reserve,
    with_export_rule,
    with_grid_charging,
    with_operation_mode,
    with_site_limits,
    with_solar_curtailment,
)

# The shape of a gateway's config.json, with keys this library does not know around the ones
# it changes (nested and at the top level).
TEXT = (
    '{"vin":"1232100-00-E--TG123456789012","default_real_mode":"self_consumption",'
    '"site_info":{"site_name":"Home","backup_reserve_percent":24,'
    '"customer_preferred_export_rule":"battery_ok","future_key":{"a":[1,2,{"b":null}]},'
    '"nominal_system_energy_ac":13.5},"battery_blocks":[{"vin":"x","type":"Powerwall3"}],'
    '"meters":[],"unknown_top":{"deep":true}}'
)


def _config() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(TEXT)
    return data


def _changed(before: dict[str, Any], after: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Every key path whose value differs, with both values."""
    diff: dict[str, tuple[Any, Any]] = {}
    for key in before.keys() | after.keys():
        old, new = before.get(key, "<absent>"), after.get(key, "<absent>")
        if isinstance(old, dict) and isinstance(new, dict):
            diff.update({f"{key}.{k}": v for k, v in _changed(old, new).items()})
        elif old != new:
            diff[key] = (old, new)
    return diff


def test_edits_change_only_their_keys_and_keep_the_order_of_the_rest() -> None:
    config = _config()
    edited = with_export_rule(with_backup_reserve(config, app=50), "pv_only")
    assert _changed(config, edited) == {
        "site_info.backup_reserve_percent": (24, 52.5),
        "site_info.customer_preferred_export_rule": ("battery_ok", "pv_only"),
    }
    assert list(edited) == list(config)
    assert list(edited["site_info"]) == list(config["site_info"])
    assert config == json.loads(TEXT), "the input is left as it was"
    edited["battery_blocks"][0]["vin"] = "changed"
    assert config["battery_blocks"][0]["vin"] == "x", "the copy shares nothing with the input"


def test_the_blob_is_compact_json_that_round_trips_unknown_keys() -> None:
    config = _config()
    assert config_blob(config) == TEXT.encode()
    config["site_info"]["site_name"] = "Chez moi é"
    assert "Chez moi é".encode() in config_blob(config)
    assert json.loads(config_blob(with_operation_mode(config, "backup")))["unknown_top"] == {
        "deep": True
    }


def test_a_config_json_cannot_carry_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot be written as JSON"):
        config_blob({"x": math.nan})


@pytest.mark.parametrize(
    ("kwargs", "raw"),
    [({"app": 20}, 24), ({"app": 0}, 5), ({"app": 100}, 100), ({"app": 33}, 36.35),
     ({"raw": 24}, 24), ({"raw": 0}, 0), ({"raw": 17.5}, 17.5)],
)  # fmt: skip
def test_the_backup_reserve_is_stored_on_the_raw_scale(
    kwargs: dict[str, float], raw: float
) -> None:
    edited = with_backup_reserve(_config(), **kwargs)
    assert edited["site_info"]["backup_reserve_percent"] == raw
    assert type(edited["site_info"]["backup_reserve_percent"]) is type(raw)


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({}, "exactly one scale"),
        ({"app": 20, "raw": 24}, "exactly one scale"),
        ({"app": 101}, "between 0 and 100"),
        ({"app": -1}, "between 0 and 100"),
        ({"raw": 100.5}, "between 0 and 100"),
        ({"raw": -0.1}, "between 0 and 100"),
        ({"app": math.nan}, "finite number"),
        ({"raw": math.inf}, "finite number"),
        ({"raw": "24"}, "finite number"),
        ({"app": True}, "finite number"),
    ],
)
def test_a_bad_backup_reserve_says_what_is_allowed(kwargs: dict[str, Any], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        with_backup_reserve(_config(), **kwargs)


def test_the_operation_mode_is_default_real_mode() -> None:
    config = _config()
    edited = with_operation_mode(config, "autonomous")
    assert _changed(config, edited) == {"default_real_mode": ("self_consumption", "autonomous")}
    assert with_operation_mode(config, OperationMode.BACKUP)["default_real_mode"] == "backup"
    assert type(with_operation_mode(config, OperationMode.BACKUP)["default_real_mode"]) is str


@pytest.mark.parametrize("mode", ["scheduler", "Self_Consumption", "", OperationMode.UNKNOWN, 1])
def test_an_unknown_operation_mode_is_refused(mode: Any) -> None:
    with pytest.raises(ValueError, match="self_consumption, autonomous, backup"):
        with_operation_mode(_config(), mode)


@pytest.mark.parametrize("rule", ["battery_ok", "pv_only", "never"])
def test_the_export_rule_is_the_customers_preferred_rule(rule: str) -> None:
    edited = with_export_rule(_config(), rule)
    assert edited["site_info"]["customer_preferred_export_rule"] == rule


@pytest.mark.parametrize("rule", ["solar_only", "NEVER", None])
def test_an_unknown_export_rule_is_refused(rule: Any) -> None:
    with pytest.raises(ValueError, match="battery_ok, pv_only, never"):
        with_export_rule(_config(), rule)


def test_grid_charging_is_stored_the_other_way_round_and_absent_means_allowed() -> None:
    config = _config()
    assert with_grid_charging(config, True) == config
    refused = with_grid_charging(config, False)
    assert _changed(config, refused) == {
        "site_info.disallow_charge_from_grid_with_solar_installed": ("<absent>", True)
    }
    allowed = with_grid_charging(refused, True)
    assert allowed["site_info"]["disallow_charge_from_grid_with_solar_installed"] is False
    with pytest.raises(ValueError, match="True or False"):
        with_grid_charging(config, 0)  # type: ignore[arg-type]


def test_solar_curtailment_is_off_when_absent() -> None:
    config = _config()
    assert with_solar_curtailment(config, False) == config
    on = with_solar_curtailment(config, True)
    assert _changed(config, on) == {
        "site_info.on_grid_solar_curtailment_enabled": ("<absent>", True)
    }
    assert (
        with_solar_curtailment(on, False)["site_info"]["on_grid_solar_curtailment_enabled"] is False
    )
    with pytest.raises(ValueError, match="True or False"):
        with_solar_curtailment(config, "yes")  # type: ignore[arg-type]


def test_a_config_without_site_info_gets_one_at_the_end() -> None:
    edited = with_export_rule({"vin": "x", "meters": []}, "never")
    assert list(edited) == ["vin", "meters", "site_info"]
    assert edited["site_info"] == {"customer_preferred_export_rule": "never"}


def test_a_site_info_that_is_not_an_object_is_not_edited() -> None:
    with pytest.raises(ResponseFormatError, match="not an object"):
        with_export_rule({"site_info": [1]}, "never")


def test_site_limits_are_kw_with_export_negative() -> None:
    config = _config()
    both = with_site_limits(config, import_kw=11.5, export_kw=-5)
    assert _changed(config, both) == {
        "site_info.max_site_meter_power_ac": ("<absent>", 11.5),
        "site_info.min_site_meter_power_ac": ("<absent>", -5),
    }
    only_export = with_site_limits(both, export_kw=0)
    assert _changed(both, only_export) == {"site_info.min_site_meter_power_ac": (-5, 0)}
    assert with_site_limits(config, import_kw=0)["site_info"]["max_site_meter_power_ac"] == 0


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({}, "import_kw=, export_kw= or both"),
        ({"export_kw": 5}, r"-5 allows 5 kW of export"),
        ({"import_kw": -3}, "0 kW or more"),
        ({"import_kw": math.nan}, "finite number of kW"),
        ({"export_kw": -math.inf}, "finite number of kW"),
        ({"import_kw": math.inf}, "finite number of kW"),
        ({"import_kw": "7"}, "finite number of kW"),
        ({"export_kw": False}, "finite number of kW"),
    ],
)
def test_bad_site_limits_say_what_is_allowed(kwargs: dict[str, Any], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        with_site_limits(_config(), **kwargs)
