"""A diagnostics dump keeps its shape and loses everything that identifies the site."""

from __future__ import annotations

import json

import pytest

import powerwall_async as pwa
from powerwall_async.redaction import redact
from powerwall_async.testing import Simulator

pytestmark = pytest.mark.anyio


async def test_a_diagnostics_dump_of_a_gateway_is_redacted(powerwall_simulator: Simulator) -> None:
    async with pwa.Powerwall.connect(
        powerwall_simulator.url,
        password=powerwall_simulator.password,
        pin_sha256=powerwall_simulator.cert_sha256,
    ) as pw:
        status = await pw.request("GET", "/api/status")
        dump = {
            "status": status,
            "site_info": await pw.request("GET", "/api/site_info"),
            "networks": await pw.request("GET", "/api/networks"),
            "token": pw.token,
        }
        token = pw.token
    assert token
    redacted = redact(dump, secrets=[powerwall_simulator.password])
    text = json.dumps(redacted)
    assert token not in text
    assert powerwall_simulator.password not in text
    assert status["din"] not in text
    assert dump["site_info"]["site_name"] not in text
    # the shape stays: same keys, same kinds of values
    assert redacted.keys() == dump.keys()
    assert redacted["site_info"].keys() == dump["site_info"].keys()
    assert redacted["status"]["version"] == status["version"]


def test_the_same_value_gets_the_same_placeholder() -> None:
    data = {
        "a": {"serial_number": "TG1234567890AB", "email": "me@example.org"},
        "b": ["seen again: TG1234567890AB", {"ip": "192.168.1.23", "latitude": 37.4}],
    }
    redacted = redact(data)
    serial = redacted["a"]["serial_number"]
    assert serial != "TG1234567890AB"
    assert redacted["b"][0] == f"seen again: {serial}"
    assert "me@example.org" not in json.dumps(redacted)
    assert redacted["b"][1]["ip"] != "192.168.1.23"
    assert redacted["b"][1]["latitude"] == 0
