"""The recorded-fixture transport replays a directory in the API document's sample layout."""

from __future__ import annotations

from pathlib import Path

import pytest

import powerwall_async as pwa
from powerwall_async.models import OperationMode
from powerwall_async.transports import Request
from powerwall_async.transports.fixture import (
    FixtureTransport,
    parse_recorded_response,
    recording_name,
)

from .helpers import RECORDINGS

pytestmark = pytest.mark.anyio

RUNNING = RECORDINGS / "21.44-running"
STOPPED = RECORDINGS / "21.44-stopped"


def test_recording_names_follow_the_sample_layout() -> None:
    assert recording_name("GET", "/api/meters/aggregates") == "meters.aggregates"
    assert recording_name("GET", "/api/status?x=1") == "status"
    assert recording_name("POST", "/api/operation") == "operation.post"
    assert recording_name("GET", "/api/solars/brands/SolarEdge%20Technologies") == (
        "solars.brands.SolarEdge Technologies"
    )
    with pytest.raises(ValueError, match="not a recordable"):
        recording_name("GET", "/api/../secrets")


def test_recorded_error_responses_keep_status_headers_and_body() -> None:
    raw = (STOPPED / "powerwalls.phase_usages.err").read_bytes()
    response = parse_recorded_response(raw)
    assert response.status == 500
    assert response.headers["content-type"] == "application/json"
    assert b"no phase information" in response.body
    empty = parse_recorded_response((STOPPED / "meters.aggregates.err").read_bytes())
    assert (empty.status, empty.body) == (502, b"")
    with pytest.raises(ValueError, match="not a recorded HTTP response"):
        parse_recorded_response(b"garbage\r\n\r\n")


async def test_replays_bodies_and_errors_and_answers_404_otherwise() -> None:
    transport = FixtureTransport(RUNNING)
    status = await transport.send(Request("GET", "/api/status"))
    assert status.status == 200
    assert status.body == (RUNNING / "status.json").read_bytes()
    error = await transport.send(Request("GET", "/api/powerwalls/phase_usages"))
    assert error.status == 500
    missing = await transport.send(Request("GET", "/api/solar_powerwall/power_status"))
    assert missing.status == 404
    traversal = await transport.send(Request("GET", "/api/../../etc/passwd"))
    assert traversal.status == 404
    assert [request.path for request in transport.requests][:2] == [
        "/api/status",
        "/api/powerwalls/phase_usages",
    ]
    await transport.aclose()


async def test_a_missing_directory_is_a_powerwall_error(tmp_path: Path) -> None:
    transport = FixtureTransport(tmp_path / "nope")
    with pytest.raises(pwa.GatewayUnreachableError, match="cannot read the recordings"):
        await transport.send(Request("GET", "/api/status"))


async def test_client_reads_typed_models_from_recordings() -> None:
    async with pwa.Powerwall.connect(f"fixture://{RUNNING}") as pw:
        status = await pw.status.get()
        assert status.din.startswith("1232100-00-E")
        assert status.version.number == "21.44"
        assert status.version.parts == (21, 44)
        assert status.up_time is not None
        assert status.up_time.total_seconds() == pytest.approx(831359.932, abs=0.001)
        aggregates = await pw.meters.aggregates()
        assert aggregates.site.instant_power == 72
        assert aggregates.battery.instant_power == -60
        assert aggregates.site.timeout is not None
        assert aggregates.site.timeout.total_seconds() == 1.5
        soe = await pw.system_status.soe()
        assert soe.percentage == pytest.approx(42.415, abs=0.001)
        assert soe.percentage_app == pytest.approx((42.415190953701725 - 5) / 0.95)
        grid = await pw.system_status.grid_status()
        assert grid.connected
        operation = await pw.operation.get()
        assert operation.real_mode is OperationMode.AUTONOMOUS
        assert operation.backup_reserve_percent == 30
        site = await pw.site_info.get()
        assert site.grid_code is not None
        assert site.grid_code.utility == "Pacific Gas and Electric Company"
        sitemaster = await pw.sitemaster.get()
        assert sitemaster.running is True
        assert sitemaster.reboot_allowed


async def test_stopped_system_raises_sitemaster_stopped_after_retries() -> None:
    transport = FixtureTransport(STOPPED)
    async with pwa.Powerwall(transport, max_retries=2) as pw:
        with pytest.raises(pwa.SitemasterStoppedError, match="system is stopped"):
            await pw.meters.aggregates()
    # one request and two retries: a single 502 is retried before giving up
    assert [r.path for r in transport.requests] == ["/api/meters/aggregates"] * 3


async def test_raw_request_returns_json_or_none() -> None:
    async with pwa.Powerwall.connect(f"fixture://{RUNNING}") as pw:
        networks = await pw.request("GET", "/api/networks")
        assert isinstance(networks, list)
        assert networks[0]["network_name"] == "ethernet_tesla_internal_default"
        assert await pw.request("get", "status") == await pw.request("GET", "/api/status")


async def test_meter_serials_listed_by_the_gateway_reach_their_recordings() -> None:
    # The sample recorder kept <<METER_SERIAL>> in bodies but dropped the brackets in file
    # names; the serials GET /api/meters lists must still find their per-meter recordings.
    async with pwa.Powerwall.connect(f"fixture://{RUNNING}") as pw:
        meters = await pw.meters.get()
        serials = {meter.serial for meter in meters if meter.serial}
        assert "<<METER_SERIAL>>synchrometerX" in serials
        for serial in serials:
            cts = await pw.meters.cts(serial)
            assert cts is not None


async def test_recordings_replay_with_a_password_given_by_habit() -> None:
    transport = FixtureTransport(RUNNING)
    async with pwa.Powerwall(transport, password="not needed") as pw:
        assert (await pw.meters.aggregates()).load.instant_power > 0
        assert (await pw.system_status.soe()).percentage > 0
        with pytest.raises(pwa.EndpointNotSupportedError):
            await pw.login()  # asked for explicitly, the missing login is reported
    logins = [r for r in transport.requests if r.path == "/api/login/Basic"]
    assert len(logins) == 1  # only the explicit one: the recordings hold no login answer
