"""The simulator's TEDAPI data: GraphQL answers exactly the selected fields, and the numbers
come from the state the REST answers use."""

from __future__ import annotations

from typing import Any

import pytest

from powerwall_async.testing import GatewayState
from powerwall_async.testing._graphql import GraphQLSyntaxError, execute
from powerwall_async.testing._tedapi_data import config_json, device_data, stored_config
from powerwall_async.testing._tedapi_site import SITES, pw2_site, pw3_site, sample

COMPONENTS = """query ComponentsQuery($bmsFilter: ComponentFilter, $bmsSignals: [String!],) {
  # a comment, and commas, as in Tesla's texts
  components { bms: components(filter: $bmsFilter) { signals(names: $bmsSignals) {
    name value textValue } activeAlerts { name } } }
}"""


def _signals(component: dict[str, Any]) -> dict[str, Any]:
    return {signal["name"]: signal for signal in component["signals"]}


def test_a_query_gets_exactly_its_selection_with_variables_choosing_components() -> None:
    site = pw3_site()
    state = GatewayState(soe=50.0)
    variables = {"bmsFilter": {"types": ["PW3BMS"]}, "bmsSignals": ["BMS_nominalFullPackEnergy"]}
    data = execute(COMPONENTS, device_data(site, state, site.din), variables)
    bms = data["components"]["bms"]
    assert len(bms) == 2  # the leader's own pack, then its DC expansion
    assert bms[0] == {
        "signals": [{"name": "BMS_nominalFullPackEnergy", "value": 13.5, "textValue": None}],
        "activeAlerts": [],
    }


def test_fields_the_gateway_does_not_fill_answer_null() -> None:
    data = execute("{ ieee20305 { longFormDeviceID } system { noSuchField } }", {"system": {}}, {})
    assert data == {"ieee20305": None, "system": {"noSuchField": None}}


@pytest.mark.parametrize("text", ["{ a ", "query Q { a(x: ) }", "{ a } { b }", "{ a % }"])
def test_unreadable_query_text_is_a_syntax_error(text: str) -> None:
    with pytest.raises(GraphQLSyntaxError):
        execute(text, {}, {})


@pytest.mark.parametrize("name", sorted(SITES))
def test_state_of_energy_and_power_flows_are_the_shared_states(name: str) -> None:
    site = SITES[name]()
    state = GatewayState(soe=63.5, solar=2400.0, load=900.0, battery=-1000.0)
    control = device_data(site, state, site.din)["control"]
    energy = control["systemStatus"]
    soe = energy["nominalEnergyRemainingWh"] / energy["nominalFullPackEnergyWh"] * 100
    assert soe == pytest.approx(63.5)
    flows = {item["location"]: item["realPowerW"] for item in control["meterAggregates"]}
    power = state.power()
    assert (flows["SITE"], flows["BATTERY"], flows["LOAD"], flows["SOLAR"]) == (
        power.site,
        power.battery,
        power.load,
        power.solar,
    )
    assert [block["din"] for block in control["batteryBlocks"]] == [u.din for u in site.units]


def test_grid_status_follows_the_shared_state() -> None:
    site = pw2_site()
    state = GatewayState()
    connected = device_data(site, state, site.din)
    state.set_island_mode("intentional_reconnect_failsafe")
    islanded = device_data(site, state, site.din)
    assert connected["control"]["alerts"]["active"] == ["SystemConnectedToGrid"]
    assert islanded["control"]["alerts"]["active"] == []
    assert islanded["control"]["islanding"]["contactorClosed"] is False
    grid = islanded["esCan"]["bus"]["ISLANDER"]["ISLAND_GridConnection"]["ISLAND_GridConnected"]
    assert grid == "ISLAND_GridConnected_Island"


def test_powerwall2_bus_has_per_powerwall_energy_and_the_solar_inverters_strings() -> None:
    site = pw2_site()
    state = GatewayState(soe=40.0, solar=1000.0)
    bus = device_data(site, state, site.din)["esCan"]["bus"]
    pods = [pod["POD_EnergyStatus"] for pod in bus["POD"]]
    assert [pod["POD_nom_full_pack_energy"] for pod in pods] == [13_650.0, 13_550.0]
    assert [pod["POD_nom_energy_remaining"] for pod in pods] == [5460, 5420]
    (pvac,) = bus["PVAC"]
    logging = pvac["PVAC_Logging"]
    watts = sum(
        logging[f"PVAC_PVMeasuredVoltage_{letter}"] * logging[f"PVAC_PVCurrent_{letter}"]
        for letter in "ABCD"
    )
    assert watts == pytest.approx(1000.0, rel=0.01)  # currents in centiamps
    assert pvac["PVAC_Status"]["PVAC_Pout"] == 1000.0


def test_a_follower_answers_with_its_own_components_only() -> None:
    site = pw3_site()
    follower = site.units[1]
    data = device_data(site, GatewayState(), follower.din)
    assert "control" not in data
    pch = execute(
        '{ components { pch: components(filter: {types: [PCH]}) { signals(names: ["PCH_PvVoltageA"'
        ' "PCH_PvState_F"]) { name value textValue } } } }',
        data,
        {},
    )["components"]["pch"]
    assert len(pch) == 1
    assert _signals(pch[0])["PCH_PvState_F"]["textValue"] == "Pv_Standby"


def test_config_carries_the_live_operation_settings() -> None:
    site = pw3_site()
    state = GatewayState(real_mode="backup", backup_reserve_percent=80.0)
    config = config_json(site, state, stored_config(site))
    assert config["vin"] == site.din
    assert config["default_real_mode"] == "backup"
    assert config["site_info"]["backup_reserve_percent"] == 80.0
    types = [block["type"] for block in config["battery_blocks"]]
    assert types == ["Powerwall3", "Powerwall3Follower", "Powerwall3Follower"]


def test_served_shapes_are_the_recorded_ones() -> None:
    site = pw3_site()
    data = device_data(site, GatewayState(), site.din)
    recorded_status = sample("pwdash-387-status.json")
    control = data["control"]
    assert set(recorded_status["control"]) <= set(control)
    assert [row["location"] for row in control["meterAggregates"]] == [
        row["location"] for row in recorded_status["control"]["meterAggregates"]
    ]
    assert set(control["islanding"]) >= set(recorded_status["control"]["islanding"])
    recorded_pch = sample("pwdash-616-components.json")["components"]["pch"][0]
    served_pch = execute(
        "{ components { pch: components(filter: {types: [PCH]}) { activeAlerts { name } "
        "signals { name value textValue boolValue timestamp } } } }",
        data,
        {},
    )["components"]["pch"][0]
    assert set(served_pch) == set(recorded_pch)
    assert {tuple(sorted(signal)) for signal in served_pch["signals"]} == {
        tuple(sorted(signal)) for signal in recorded_pch["signals"]
    }
    states = _signals(served_pch)
    assert [states[f"PCH_PvState_{letter}"]["textValue"] for letter in "ABCD"] == [
        _signals(recorded_pch)[f"PCH_PvState_{letter}"]["textValue"] for letter in "ABCD"
    ]
    config = config_json(site, GatewayState(), stored_config(site))
    assert config["battery_blocks"] == sample("pypowerwall-227-config-battery_blocks.json")
    assert config["meters"] == sample("pwdash-387-config.json")["meters"]
