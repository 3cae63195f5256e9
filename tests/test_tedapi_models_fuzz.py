"""Whatever JSON a gateway or test tool sends, the TEDAPI parsers and build_site answer with a
model (or ResponseFormatError for a top level that is not an object), never another exception.

The generated objects use the keys the parsers read, so that odd values reach every reader."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from powerwall_async import ResponseFormatError
from powerwall_async.models.tedapi import (
    build_site,
    parse_components,
    parse_config,
    parse_status,
)

SOURCES = Path(__file__).parent.parent / "powerwall_async" / "models" / "tedapi"
_READS = re.compile(r"(?:\.get|path|member|objects|component_list)\(([^()]*)\)")
# The keys the parsers read (``.get("vin")``, ``read.path(x, "control", "alerts")``...), plus
# the key templates with their letters filled in.
KEYS = sorted(
    {
        key
        for path in SOURCES.glob("*.py")
        for arguments in _READS.findall(path.read_text())
        for key in re.findall(r'"([A-Za-z_][A-Za-z0-9_]*)"', arguments)
    }
    | {f"PVAC_PVMeasuredVoltage_{x}" for x in "AB"}
    | {f"PVAC_PVCurrent_{x}" for x in "AB"}
    | {"PVS_StringA_Connected", "METER_X_AcMeasurements", "METER_Z_AcMeasurements"}
    | {"METER_X_CTA_InstRealPower", "METER_X_VL1N", "ISLAND_VL1N_Main", "ISLAND_FreqL1_Main"}
    | {"pch", "bms", "hvp", "baggr", "msa", "sync", "ISLANDER", "THC", "POD", "PINV", "PVAC"}
)
SIGNALS = ["PCH_BatteryPower", "PCH_PvVoltageA", "BMS_nominalFullPackEnergy", "THC_AmbientTemp"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [
            "",
            "Powerwall3",
            "SITE",
            "ISLAND_GridConnected_Connected",
            "2024-06-22T15:18:31Z",
            *SIGNALS,
        ]
    ),
    st.text(max_size=5),
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)
    ),
    max_leaves=25,
)
objects = st.dictionaries(st.sampled_from(KEYS), json_values, max_size=6)


def parse_or_format_error(parse: Any, value: object) -> Any:
    try:
        return parse(value)
    except ResponseFormatError:
        assert not isinstance(value, dict)
        return None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(config=json_values | objects, status=json_values | objects, components=json_values | objects)
def test_any_json_gives_a_model(config: object, status: object, components: object) -> None:
    parsed_config = parse_or_format_error(parse_config, config)
    parsed_status = parse_or_format_error(parse_status, status)
    parsed_components = parse_or_format_error(parse_components, components)
    din = parsed_config.din if parsed_config is not None else ""
    site = build_site(parsed_config, parsed_status, {din: parsed_components, "other": None})
    for unit in site.batteries:
        assert unit.soe_percent is None or isinstance(unit.soe_percent, float)
        assert unit.soe_percent_app is None or 0.0 <= unit.soe_percent_app <= 100.0
