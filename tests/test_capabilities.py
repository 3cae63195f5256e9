"""``await pw.capabilities()`` against the recorded sets and scripted gateways."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import powerwall_async as pwa
from powerwall_async.api.capabilities import probes
from powerwall_async.models.capabilities import GroupSupport
from powerwall_async.models.status import DeviceType
from powerwall_async.testing import simulate
from powerwall_async.transports import Request, Response

from .helpers import RECORDINGS, Script

pytestmark = pytest.mark.anyio

FIXTURES = Path(__file__).parent / "fixtures"


def connect(directory: Path) -> pwa.Powerwall:
    return pwa.Powerwall.connect(f"fixture://{directory}")


def test_one_probe_per_group_and_all_safe() -> None:
    groups = [endpoint.group for endpoint in probes()]
    assert len(groups) == len(set(groups))
    for endpoint in probes():
        assert endpoint.method == "GET"
        assert endpoint.retry
        assert not endpoint.side_effects
        assert not endpoint.parameters


async def test_running_gateway() -> None:
    async with connect(RECORDINGS / "21.44-running") as pw:
        capabilities = await pw.capabilities()
    assert capabilities.firmware_version == "21.44 223a56cd"
    assert capabilities.firmware_version is not None
    assert capabilities.firmware_version.parts == (21, 44)
    assert capabilities.device_type is DeviceType.TEG
    assert capabilities.device_type_raw == "teg"
    assert not capabilities.restricted
    groups = capabilities.groups
    assert groups["meters"] is GroupSupport.AVAILABLE
    assert groups["sitemaster"] is GroupSupport.AVAILABLE
    assert groups["powerwalls"] is GroupSupport.AVAILABLE
    assert groups["devices"] is GroupSupport.AVAILABLE  # 21.44 still serves vitals
    # recorded on 21.44 without these endpoints
    assert groups["solar_powerwall"] is GroupSupport.NOT_SUPPORTED
    assert groups["legal"] is GroupSupport.NOT_SUPPORTED
    assert set(groups) == {endpoint.group for endpoint in probes()}
    assert capabilities.answers("meters")
    assert not capabilities.answers("legal")
    assert "islanding" not in groups  # no safe GET to probe it with
    assert "legal" not in capabilities.available_groups
    assert "devices" in capabilities.available_groups


async def test_stopped_gateway_still_has_its_groups() -> None:
    async with connect(RECORDINGS / "21.44-stopped") as pw:
        capabilities = await pw.capabilities()
    assert capabilities.groups["meters"] is GroupSupport.FAILING  # 502 while stopped
    assert capabilities.groups["system_status"] is GroupSupport.FAILING
    assert capabilities.answers("meters")
    assert not capabilities.restricted


async def test_restricted_gateway() -> None:
    async with simulate(profile="restricted") as sim:
        async with pwa.Powerwall.connect(
            sim.url, password=sim.password, pin_sha256=sim.cert_sha256
        ) as pw:
            capabilities = await pw.capabilities()
    assert capabilities.restricted
    assert "meters" in capabilities.available_groups
    assert "system_status" in capabilities.available_groups
    assert not capabilities.answers("operation")
    assert not capabilities.answers("sitemaster")


async def test_devices_group_answers_where_vitals_is_recorded() -> None:
    async with connect(FIXTURES / "samples-misc") as pw:
        capabilities = await pw.capabilities()
    assert capabilities.groups["devices"] is GroupSupport.AVAILABLE
    assert not capabilities.restricted


async def test_unsupported_probes_are_not_sent_again() -> None:
    async with connect(RECORDINGS / "21.44-running") as pw:
        await pw.capabilities()
        transport: Any = pw._session.transport
        first = len(transport.requests)
        again = await pw.capabilities()
        sent_again = [r.path for r in transport.requests[first:]]
    assert again.groups["legal"] is GroupSupport.NOT_SUPPORTED
    assert "/api/legal/radio" not in sent_again
    assert "/api/meters/aggregates" in sent_again
    assert len(sent_again) == sum(
        1 for support in again.groups.values() if support is not GroupSupport.NOT_SUPPORTED
    )


def _gateway(request: Request) -> Response:
    """Logs in; refuses operation to the customer; answers status; 404 for the rest."""
    json_type = {"content-type": "application/json"}
    if request.path == "/api/login/Basic":
        return Response(status=200, headers=json_type, body=json.dumps({"token": "t1"}).encode())
    if request.path == "/api/operation":
        body = b'{"code":403,"error":"Unable to GET to resource","message":"User does not have adequate access rights"}'
        return Response(status=403, headers=json_type, body=body)
    if request.path == "/api/status":
        return Response(
            status=200,
            headers=json_type,
            body=b'{"version": "24.36.2 a1b2c3", "device_type": "xyz"}',
        )
    return Response(status=404, body=b"404 page not found\n")


async def test_denied_group_and_unknown_device_type() -> None:
    async with pwa.Powerwall(Script(_gateway).transport(), password="pw") as pw:
        capabilities = await pw.capabilities()
    assert capabilities.groups["operation"] is GroupSupport.DENIED
    assert not capabilities.answers("operation")
    assert capabilities.device_type is DeviceType.UNKNOWN
    assert capabilities.device_type_raw == "xyz"
    assert capabilities.firmware_version == "24.36.2 a1b2c3"
    assert not capabilities.restricted


async def test_authentication_failure_is_raised_not_summarised() -> None:
    script = Script(
        lambda _: Response(
            status=401, body=b'{"code":401,"error":"bad credentials","message":"Login Error"}'
        )
    )
    async with pwa.Powerwall(script.transport(), password="wrong") as pw:
        with pytest.raises(pwa.AuthenticationError):
            await pw.capabilities()
