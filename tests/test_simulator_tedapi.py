"""The simulator serves TEDAPI v1 over real TLS from the state its REST answers use: requests
built by the library's own TEDAPI message functions, sent with plain httpx."""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
from typing import Any

import httpx
import pytest

from powerwall_async._proto.tedapi import MessageEnvelope
from powerwall_async.tedapi._errors import GatewayRefusedError
from powerwall_async.tedapi._messages import (
    build_components_request,
    build_config_request,
    build_query_request,
    build_status_request,
    build_system_info_request,
    decode_v1_response,
    device_path,
    read_config,
    read_query,
    read_system_info,
)
from powerwall_async.tedapi._queries import QuerySet, status_query
from powerwall_async.testing import Simulator, simulate

pytestmark = pytest.mark.anyio

USER = "Tesla_Energy_Device"


@pytest.fixture(autouse=True)
def quiet_httpcore(caplog: pytest.LogCaptureFixture) -> None:
    """These raw httpx requests log in; httpcore's debug lines would show the session token."""
    caplog.set_level(logging.INFO, logger="httpcore")


def http_client(sim: Simulator) -> httpx.AsyncClient:
    """A raw httpx client trusting the simulator's certificate."""
    return httpx.AsyncClient(base_url=sim.url, verify=sim.client_ssl_context(), trust_env=False)


def _basic(sim: Simulator) -> tuple[str, str]:
    return (USER, sim.gateway_password)


async def session_headers(client: httpx.AsyncClient, sim: Simulator) -> dict[str, str]:
    """The header of a fresh customer session (REST, and v1r's DIN lookup)."""
    login = await client.post(
        "/api/login/Basic",
        json={"username": "customer", "password": sim.password, "email": ""},
    )
    assert login.status_code == 200
    return {"authorization": f"Bearer {login.json()['token']}"}


async def rest_get(client: httpx.AsyncClient, sim: Simulator, path: str) -> Any:
    """GET ``path`` over REST with a fresh customer session."""
    answer = await client.get(path, headers=await session_headers(client, sim))
    assert answer.status_code == 200
    return answer.json()


async def _post(
    client: httpx.AsyncClient, sim: Simulator, body: bytes, path: str = "/tedapi/v1"
) -> MessageEnvelope:
    answer = await client.post(path, content=body, auth=_basic(sim))
    assert answer.status_code == 200
    return decode_v1_response(answer.content)


async def _status(client: httpx.AsyncClient, sim: Simulator, query_set: QuerySet) -> Any:
    din = sim.tedapi.site.din if sim.tedapi else ""
    result = read_query(await _post(client, sim, build_status_request(din, query_set)))
    assert result.errors == ()
    return result.data


async def test_din_needs_the_full_gateway_password() -> None:
    async with (
        simulate(profile="pw3", gateway_password="ABCDEFGHIJ") as sim,
        http_client(sim) as client,
    ):
        refused = await client.get("/tedapi/din", auth=(USER, "FGHIJ"))
        anonymous = await client.get("/tedapi/din")
        answer = await client.get("/tedapi/din", auth=(USER, "ABCDEFGHIJ"))
        status = await rest_get(client, sim, "/api/status")
    assert refused.status_code == anonymous.status_code == 403
    assert answer.status_code == 200
    assert answer.text == status["din"] == "1707000-21-K--TG124300003JZH"
    assert answer.headers["content-type"].startswith("text/plain")
    assert sim.password == "FGHIJ"  # the customer login: the last five characters
    shown = f"{sim!r} {sim.tedapi!r} {list(sim.request_log)!r}"
    assert "ABCDEFGHIJ" not in shown


async def test_a_wrong_password_is_refused_on_queries_too() -> None:
    async with simulate(profile="pw2") as sim, http_client(sim) as client:
        body = build_config_request(sim.tedapi.site.din if sim.tedapi else "")
        answer = await client.post("/tedapi/v1", content=body, auth=(USER, "WRONGWRONG"))
    assert answer.status_code == 403


async def test_config_is_the_stored_json_with_its_hash_and_the_live_settings() -> None:
    async with simulate(profile="pw3") as sim, http_client(sim) as client:
        din = await (await client.get("/tedapi/din", auth=_basic(sim))).aread()
        before = read_config(await _post(client, sim, build_config_request(din.decode())))
        sim.state.backup_reserve_percent = 55.0
        after = read_config(await _post(client, sim, build_config_request(din.decode())))
    assert before.data is not None
    assert after.data is not None
    assert before.data["vin"] == din.decode()
    assert [block["type"] for block in before.data["battery_blocks"]] == [
        "Powerwall3",
        "Powerwall3Follower",
        "Powerwall3Follower",
    ]
    assert before.data["battery_blocks"][0]["battery_expansions"] == [
        {"din": "1807000-10-B--TG125035000A5E"}
    ]
    assert before.hash == hashlib.sha256(before.text.encode()).digest()
    assert after.data["site_info"]["backup_reserve_percent"] == 55.0
    assert after.hash != before.hash


@pytest.mark.parametrize("query_set", list(QuerySet))
async def test_status_agrees_with_rest_soe_power_and_grid(query_set: QuerySet) -> None:
    async with simulate(profile="pw2") as sim, http_client(sim) as client:
        status = await _status(client, sim, query_set)
        soe = await rest_get(client, sim, "/api/system_status/soe")
        sim.state.set_island_mode("intentional_reconnect_failsafe")
        islanded = await _status(client, sim, query_set)
        grid = await rest_get(client, sim, "/api/system_status/grid_status")
    energy = status["control"]["systemStatus"]
    tedapi_soe = energy["nominalEnergyRemainingWh"] / energy["nominalFullPackEnergyWh"] * 100
    assert tedapi_soe == pytest.approx(soe["percentage"], abs=0.1)  # one reading of drift
    assert status["control"]["alerts"]["active"] == ["SystemConnectedToGrid"]
    assert grid["grid_status"] == "SystemIslandedActive"
    assert islanded["control"]["islanding"]["gridOK"] is False
    flows = {row["location"]: row["realPowerW"] for row in islanded["control"]["meterAggregates"]}
    assert flows["SITE"] == 0.0  # off grid, as REST's aggregates say
    assert flows["LOAD"] == pytest.approx(flows["BATTERY"] + flows["SOLAR"])


async def test_powerwall2_gateway_has_can_buses_strings_and_two_pods_but_no_rest_vitals() -> None:
    async with simulate(profile="pw2") as sim, http_client(sim) as client:
        vitals = await client.get("/api/devices/vitals", headers=await session_headers(client, sim))
        status = await _status(client, sim, QuerySet.V2024_06)
    assert vitals.status_code == 404
    bus = status["esCan"]["bus"]
    assert len(bus["POD"]) == len(bus["THC"]) == len(bus["PINV"]) == 2
    (pvac,) = bus["PVAC"]
    assert {f"PVAC_PVMeasuredVoltage_{letter}" for letter in "ABCD"} <= set(pvac["PVAC_Logging"])
    temperatures = [
        signal["value"]
        for component in status["components"]["msa"]
        for signal in component["signals"]
        if signal["name"] == "THC_AmbientTemp"
    ]
    assert temperatures == [24.3, 26.1]


async def test_each_powerwall3_unit_answers_its_components_on_its_device_path() -> None:
    async with simulate(profile="pw3") as sim, http_client(sim) as client:
        assert sim.tedapi is not None
        leader, follower = sim.tedapi.site.units[0].din, sim.tedapi.site.units[1].din
        own = read_query(await _post(client, sim, build_components_request(leader)))
        routed = build_components_request(follower, leader_din=leader)
        other = read_query(await _post(client, sim, routed, device_path(follower)))
        stranger = await client.post(
            device_path("1707000-21-K--TG000000000000"), content=routed, auth=_basic(sim)
        )
    assert own.data is not None
    assert other.data is not None
    assert len(own.data["components"]["bms"]) == 2  # the unit and its DC expansion
    assert len(other.data["components"]["bms"]) == 1
    names = {signal["name"] for signal in other.data["components"]["pch"][0]["signals"]}
    assert {f"PCH_PvVoltage{letter}" for letter in "ABCDEF"} <= names
    assert stranger.status_code == 404


async def test_system_info_names_the_firmware() -> None:
    async with simulate(profile="pw3") as sim, http_client(sim) as client:
        assert sim.tedapi is not None
        din = sim.tedapi.site.din
        info = read_system_info(await _post(client, sim, build_system_info_request(din)))
    assert info.din == din
    assert info.firmware_version == "24.12.6-PW3-AFCI 008bf6ff"
    assert info.device_type == 4


async def test_gzip_knob_compresses_din_and_messages_without_saying_so() -> None:
    async with simulate(profile="pw3") as sim, http_client(sim) as client:
        assert sim.tedapi is not None
        sim.tedapi.gzip = True
        din = await client.get("/tedapi/din", auth=_basic(sim))
        config = await client.post(
            "/tedapi/v1", content=build_config_request(sim.tedapi.site.din), auth=_basic(sim)
        )
    assert din.content[:2] == config.content[:2] == b"\x1f\x8b"
    assert "content-encoding" not in config.headers
    assert gzip.decompress(din.content).decode() == sim.tedapi.site.din
    assert read_config(decode_v1_response(config.content)).data is not None


async def test_an_altered_or_unsigned_query_gets_an_unauthorized_graphql_error() -> None:
    query = status_query(QuerySet.V2026_06)
    async with simulate(profile="pw3") as sim, http_client(sim) as client:
        assert sim.tedapi is not None
        din = sim.tedapi.site.din
        signed = build_query_request(din, query)
        altered = signed.replace(b"gridOK", b"gridOk")
        assert altered != signed
        answers = [read_query(await _post(client, sim, body)) for body in (signed, altered)]
    good, refused = answers
    assert good.data is not None
    assert good.errors == ()
    assert refused.data is None
    assert [error.code for error in refused.errors] == [2]


async def test_firmware_25_10_refuses_requests_from_outside_its_wifi_with_the_same_403() -> None:
    async with simulate(profile="pw3") as sim, http_client(sim) as client:
        assert sim.tedapi is not None
        sim.tedapi.off_wifi_subnet = True
        routed = await client.get("/tedapi/din", auth=_basic(sim))
        wrong = await client.get("/tedapi/din", auth=(USER, "WRONGWRONG"))
        sim.tedapi.off_wifi_subnet = False
        sim.tedapi.rate_limited = True
        limited = await client.get("/tedapi/din", auth=_basic(sim))
    assert routed.status_code == wrong.status_code == 403
    assert routed.content == wrong.content
    assert limited.status_code == 429


async def test_profiles_without_tedapi_do_not_serve_it() -> None:
    async with simulate() as sim, http_client(sim) as client:
        answer = await client.get("/tedapi/din", auth=(USER, "ABCDEFGHIJ"))
    assert answer.status_code == 404
    assert sim.tedapi is None
    with pytest.raises(AttributeError, match="serves no TEDAPI"):
        _ = sim.gateway_password


async def test_a_message_for_another_device_is_refused() -> None:
    async with simulate(profile="pw2") as sim, http_client(sim) as client:
        answer = await client.post(
            "/tedapi/v1",
            content=build_config_request("1232100-00-E--TG000000000000"),
            auth=_basic(sim),
        )
        garbage = await client.post("/tedapi/v1", content=b"\xff\xff\xff", auth=_basic(sim))
    with pytest.raises(GatewayRefusedError, match="not this device"):
        read_config(decode_v1_response(answer.content))
    assert garbage.status_code == 400


def test_data_is_json_serializable_for_every_query_of_both_sets() -> None:
    from powerwall_async.tedapi._queries import load_queries
    from powerwall_async.testing import GatewayState
    from powerwall_async.testing._graphql import execute
    from powerwall_async.testing._tedapi_data import device_data
    from powerwall_async.testing._tedapi_site import SITES

    for site in (build() for build in SITES.values()):
        for query_set in QuerySet:
            for query in load_queries(query_set).values():
                data = device_data(site, GatewayState(), site.din)
                variables = json.loads(query.default_variables or "{}")
                json.dumps(execute(query.text, data, variables))


async def test_rest_vitals_can_disappear_at_run_time_as_after_a_firmware_update() -> None:
    async with simulate() as sim, http_client(sim) as client:
        headers = await session_headers(client, sim)
        before = await client.get("/api/devices/vitals", headers=headers)
        sim.state.vitals = False
        after = await client.get("/api/devices/vitals", headers=headers)
    assert before.status_code == 200
    assert after.status_code == 404
    assert after.text == "404 page not found\n"
