"""TEDAPI v1 requests and answers, byte for byte against the reference's golden strings.

The strings are the ones the TEDAPI reference built with the community's schema (DIN
1232100-00-E--TG123456789012); a request that differs by one byte is one a gateway may refuse.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from powerwall_async._proto import tedapi as pb
from powerwall_async.tedapi._messages import (
    build_components_request,
    build_config_request,
    build_config_response,
    build_query_request,
    build_query_response,
    build_status_request,
    build_system_info_request,
    decode_v1_response,
    device_path,
    read_config,
    read_query,
)
from powerwall_async.tedapi._queries import QuerySet, load_queries

DIN = "1232100-00-E--TG123456789012"
DIN_HEX = DIN.encode().hex()
LEADER = "1707000-11-J--TG1234567890AB"

CONFIG_REQUEST = (
    "0a390801120218011a1e0a1c313233323130302d30302d452d2d5447313233343536373839303132"
    "7a110a0f0801120b636f6e6669672e6a736f6e12020801"
)
SYSTEM_INFO_REQUEST = (
    "0a2a0801120218011a1e0a1c313233323130302d30302d452d2d5447313233343536373839303132"
    "2202120012020801"
)
CONTROL_RESPONSE = (
    "0a3d0801121e0a1c313233323130302d30302d452d2d54473132333435363738393031321a021801"
    "82011412120801120e7b22636f6e74726f6c223a7b7d7d12020801"
)
# The reference's example config answer ("0a4b…7a23…1202010212020801"), whole.
CONFIG_RESPONSE = (
    "0a4b0801121e0a1c" + DIN_HEX + "1a021801"
    "7a2312210a1b0a0b636f6e6669672e6a736f6ea2060b7b2276696e223a2278227d1202010212020801"
)


def test_config_request_is_the_golden_string() -> None:
    assert build_config_request(DIN).hex() == CONFIG_REQUEST


def test_system_info_request_is_the_golden_string() -> None:
    assert build_system_info_request(DIN).hex() == SYSTEM_INFO_REQUEST


@pytest.mark.parametrize(
    ("query_set", "name", "size", "sha256"),
    [
        (
            QuerySet.V2024_06,
            "device_controller_basic",
            7167,
            "3aaacd22c81812e52fed7ad73163fc12996b7ea806fd35c93736f47d40d2ef91",
        ),
        (
            QuerySet.V2026_06,
            "DeviceControllerQuery",
            4526,
            "69988b92e437b4fc284dbe90aa555f1ea97b365b4e3e1fb99f31cddd0617d9d7",
        ),
        (
            QuerySet.V2026_06,
            "PW3Query",
            2266,
            "19ba596a55b56afae0bbda03bf818da2d1cf0224fd48698a8a0a99f16c449132",
        ),
        (
            QuerySet.V2024_06,
            "components",
            3550,
            "10bd032e302138c1cc11696aa9317b6deed53dd08229f3700d0974ca286abdbf",
        ),
    ],
)
def test_query_requests_match_the_reference_digests(
    query_set: QuerySet, name: str, size: int, sha256: str
) -> None:
    body = build_query_request(DIN, load_queries(query_set)[name])
    assert len(body) == size
    assert hashlib.sha256(body).hexdigest() == sha256


def test_basic_status_request_starts_and_ends_as_the_reference_shows() -> None:
    query = load_queries(QuerySet.V2024_06)["device_controller_basic"]
    body = build_query_request(DIN, query).hex()
    assert body.startswith(
        "0af8370801120218011a1e0a1c" + DIN_HEX + "8201ce370acb37080212b436080112af362071"
    )
    assert body.endswith("1a8901" + query.signature.hex() + "22040a027b7d" + "12020801")
    assert len(query.signature) == 137


def test_smallest_signed_query_is_the_golden_string() -> None:
    query = load_queries(QuerySet.V2026_06)["GridCodesQuery"]
    expected = (
        "0aee010801120218011a1e0a1c" + DIN_HEX + "8201c4010ac1010802122b0802122771756572792047"
        "726964436f64657351756572797b73797374656d7b67726964436f6465737d7d1a8901"
        + query.signature.hex()
        + "22040a027b7d12020801"
    )
    assert build_query_request(DIN, query).hex() == expected


def test_status_and_components_use_the_sets_device_controller_and_pw3_queries() -> None:
    for query_set, status, components in [
        (QuerySet.V2024_06, "device_controller_full", "components"),
        (QuerySet.V2026_06, "DeviceControllerQuery", "PW3Query"),
    ]:
        queries = load_queries(query_set)
        assert build_status_request(DIN, query_set) == build_query_request(DIN, queries[status])
        assert build_components_request(DIN, query_set) == build_query_request(
            DIN, queries[components]
        )


def test_follower_request_comes_from_the_leader_with_tail_2() -> None:
    body = build_components_request(DIN, leader_din=LEADER)
    local = build_components_request(DIN)
    # The reference's header: sender.din = leader, recipient.din = the unit, 3571-byte envelope.
    assert body.hex().startswith(
        "0af31b0801121e0a1c" + LEADER.encode().hex() + "1a1e0a1c" + DIN_HEX + "8201ad1b"
    )
    assert body.endswith(bytes.fromhex("12020802"))
    assert len(body) == len(local) + len(LEADER)  # din=<28 chars> replaces local=1
    assert build_config_request(DIN, leader_din=LEADER).endswith(bytes.fromhex("12020802"))
    assert build_system_info_request(DIN, leader_din=LEADER).endswith(bytes.fromhex("12020802"))
    assert device_path(DIN) == f"/tedapi/device/{DIN}/v1"


@pytest.mark.parametrize("din", ["", "../api/x", "1232100 00", "a/b", "din?x=1"])
def test_a_din_that_would_change_the_url_is_refused(din: str) -> None:
    with pytest.raises(ValueError, match="not a DIN"):
        device_path(din)
    with pytest.raises(ValueError, match="not a DIN"):
        build_config_request(DIN, leader_din=din)


def test_control_response_decodes_and_encodes_as_the_golden_string() -> None:
    result = read_query(decode_v1_response(bytes.fromhex(CONTROL_RESPONSE)))
    assert result.data == {"control": {}}
    assert result.errors == ()
    assert result.status == 1
    assert result.ok
    assert build_query_response(DIN, '{"control":{}}').hex() == CONTROL_RESPONSE


def test_config_response_decodes_and_encodes_as_the_reference_example() -> None:
    config = read_config(decode_v1_response(bytes.fromhex(CONFIG_RESPONSE)))
    assert config.text == '{"vin":"x"}'
    assert config.data == {"vin": "x"}
    assert config.hash == b"\x01\x02"
    assert build_config_response(DIN, '{"vin":"x"}', b"\x01\x02").hex() == CONFIG_RESPONSE


def test_variables_replace_the_defaults_and_leave_the_signed_query_alone() -> None:
    query = load_queries(QuerySet.V2024_06)["device_controller_full"]
    chosen = {"msaComp": {"types": ["TETHC"]}, "msaSignals": ["THC_AmbientTemp"]}
    for variables in (chosen, '{"msaComp":{"types":["TETHC"]},"msaSignals":["THC_AmbientTemp"]}'):
        message = pb.Message.parse(build_query_request(DIN, query, variables=variables))
        assert message.envelope is not None
        assert message.envelope.graphql is not None
        request = message.envelope.graphql.query_request
        assert request is not None
        assert request.variables is not None
        assert json.loads(request.variables.value) == chosen
        assert request.query == query.signed_bytes
        assert request.signature == query.signature
    default = pb.Message.parse(build_query_request(DIN, query)).envelope
    assert default is not None
    assert default.graphql is not None
    assert default.graphql.query_request is not None
    assert default.graphql.query_request.variables is not None
    assert default.graphql.query_request.variables.value == query.default_variables
    with pytest.raises(ValueError, match="not JSON text"):
        build_query_request(DIN, query, variables="{msaComp:")
