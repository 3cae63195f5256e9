"""The fixture transport tells TEDAPI v1 requests apart by what their body asks."""

from __future__ import annotations

import pytest

from powerwall_async.tedapi._messages import (
    build_components_request,
    build_config_request,
    build_status_request,
    build_system_info_request,
)
from powerwall_async.tedapi._queries import QuerySet
from powerwall_async.transports.fixture import recording_name

DIN = "1707000-21-K--TG124300003JZH"
FOLLOWER = "1707000-21-K--TG124300003DZE"


@pytest.mark.parametrize("query_set", list(QuerySet))
def test_each_v1_request_has_its_own_name(query_set: QuerySet) -> None:
    assert recording_name("POST", "/tedapi/v1", build_config_request(DIN)) == "tedapi.v1.config"
    assert (
        recording_name("POST", "/tedapi/v1", build_system_info_request(DIN))
        == "tedapi.v1.system_info"
    )
    assert (
        recording_name("POST", "/tedapi/v1", build_status_request(DIN, query_set))
        == "tedapi.v1.status"
    )
    assert (
        recording_name("POST", "/tedapi/v1", build_components_request(DIN, query_set))
        == "tedapi.v1.components"
    )
    follower = build_components_request(FOLLOWER, query_set, leader_din=DIN)
    path = f"/tedapi/device/{FOLLOWER}/v1"
    assert recording_name("POST", path, follower) == f"tedapi.device.{FOLLOWER}.v1.components"


def test_other_bodies_keep_the_method_name() -> None:
    assert recording_name("POST", "/tedapi/v1", b"\xff\x00garbage") == "tedapi.v1.post"
    assert recording_name("POST", "/tedapi/v1", b"") == "tedapi.v1.post"
    assert recording_name("POST", "/api/operation", b"{}") == "operation.post"
