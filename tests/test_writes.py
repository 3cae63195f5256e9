"""Writes: arguments checked before anything is sent, the bodies the gateway expects, no
automatic repeats, and the customer-role refusal of newer firmware."""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

import powerwall_async as pwa
from powerwall_async.models.islanding import IslandMode
from powerwall_async.models.operation import OperationMode, OperationSettings
from powerwall_async.models.site_info import GridCode
from powerwall_async.testing import Simulator
from powerwall_async.transports import Request, Response

from .helpers import Script

pytestmark = pytest.mark.anyio

FIXTURES = Path(__file__).parent / "fixtures"
REQUESTS = FIXTURES / "api-document" / "requests"

Call = Callable[[pwa.Powerwall], Awaitable[Any]]

INVALID_CALLS: dict[str, Call] = {
    "unknown mode": lambda pw: pw.operation.set(mode="turbo", backup_reserve_percent=20),
    "UNKNOWN mode": lambda pw: pw.operation.set(
        mode=OperationMode.UNKNOWN, backup_reserve_percent=20
    ),
    "mode not a string": lambda pw: pw.operation.set(mode=3, backup_reserve_percent=20),  # type: ignore[arg-type]
    "reserve below 0": lambda pw: pw.operation.set(mode="backup", backup_reserve_percent=-0.1),
    "reserve above 100": lambda pw: pw.operation.set(mode="backup", backup_reserve_percent=100.5),
    "reserve NaN": lambda pw: pw.operation.set(mode="backup", backup_reserve_percent=math.nan),
    "reserve infinite": lambda pw: pw.operation.set(mode="backup", backup_reserve_percent=math.inf),
    "reserve a bool": lambda pw: pw.operation.set(mode="backup", backup_reserve_percent=True),
    "reserve a string": lambda pw: pw.operation.set(mode="backup", backup_reserve_percent="50"),  # type: ignore[arg-type]
    "unknown island mode": lambda pw: pw.islanding.set_mode("off"),
    "UNKNOWN island mode": lambda pw: pw.islanding.set_mode(IslandMode.UNKNOWN),
    "empty site name": lambda pw: pw.site_info.set_site_name("  "),
    "timezone with spaces": lambda pw: pw.site_info.set_timezone("Pacific Time"),
    "grid code not a GridCode": lambda pw: pw.site_info.set_grid_code("60Hz"),  # type: ignore[arg-type]
    "grid code without a name": lambda pw: pw.site_info.set_grid_code(GridCode()),
    "empty new password": lambda pw: pw.password.change(old_password="a", new_password=""),
    "toggled_pw not a bool": lambda pw: pw.password.change(
        old_password="a",
        new_password="b",
        toggled_pw="yes",  # type: ignore[arg-type]
    ),
    "network without a name": lambda pw: pw.networks.connect("", "secret"),
    "no protocol named": lambda pw: pw.networks.set_client_protocols(),
    "protocol flag not a bool": lambda pw: pw.networks.set_client_protocols(modbus=1),  # type: ignore[arg-type]
    "no legal choice": lambda pw: pw.customer.set_registration_legal(),
    "no CT phase": lambda pw: pw.synchrometer.set_ct_voltage_references(),
    "empty log line": lambda pw: pw.logging.send(level="info", log=""),
    "body not a mapping": lambda pw: pw.customer.set(["a"]),  # type: ignore[arg-type]
    "body key not a string": lambda pw: pw.meters.add({1: "a"}),  # type: ignore[dict-item]
    "body not JSON": lambda pw: pw.meters.add({"a": object()}),
    "body with NaN": lambda pw: pw.site_info.set_offgrid({"a": math.nan}),
    "empty path argument": lambda pw: pw.meters.delete(""),
    "path argument '..'": lambda pw: pw.networks.disconnect(".."),
    "path argument a bool": lambda pw: pw.solar_powerwall.reset(True),
    "empty serial to verify": lambda pw: pw.meters.verify(""),
}


def _ok(_: Request) -> Response:
    return Response(status=200, headers={"content-type": "application/json"}, body=b"{}")


@pytest.mark.parametrize("call", INVALID_CALLS.values(), ids=INVALID_CALLS.keys())
async def test_invalid_arguments_raise_before_sending(call: Call) -> None:
    script = Script(_ok)
    async with pwa.Powerwall(script.transport(), token="t0") as pw:
        with pytest.raises(ValueError):  # noqa: PT011 - the message varies by argument
            await call(pw)
    assert script.requests == []


async def test_operation_set_sends_mode_and_raw_reserve() -> None:
    async with pwa.Powerwall.connect(f"fixture://{FIXTURES / 'samples-misc'}", token="t0") as pw:
        answer = await pw.operation.set(
            mode=OperationMode.SELF_CONSUMPTION, backup_reserve_percent=pwa.from_app_percent(20)
        )
        transport: Any = pw._session.transport
    (request,) = transport.requests
    assert (request.method, request.path) == ("POST", "/api/operation")
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.body) == {"mode": "self_consumption", "backup_reserve_percent": 24.0}
    # the recorded answer (samples/operation.post.1.json)
    assert answer == OperationSettings(
        mode=OperationMode.SELF_CONSUMPTION,
        mode_raw="self_consumption",
        backup_reserve_percent=24.6,
    )
    assert answer.backup_reserve_percent_app == pytest.approx(20.631578947)


@pytest.mark.parametrize("reserve", [0, 5.00002, 100])
async def test_reserve_bounds_are_accepted(reserve: float) -> None:
    script = Script(_ok)
    async with pwa.Powerwall(script.transport(), token="t0") as pw:
        await pw.operation.set(mode="backup", backup_reserve_percent=reserve)
    assert json.loads(script.requests[0].body)["backup_reserve_percent"] == reserve


async def test_scheduler_is_sent_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    script = Script(_ok)
    async with pwa.Powerwall(script.transport(), token="t0") as pw:
        with caplog.at_level(logging.WARNING, logger="powerwall_async"):
            await pw.operation.set(mode="scheduler", backup_reserve_percent=50)
    assert json.loads(script.requests[0].body)["mode"] == "scheduler"
    assert any("refuse" in record.getMessage() for record in caplog.records)


async def test_islanding_off_grid_answer_from_the_sample() -> None:
    async with pwa.Powerwall.connect(f"fixture://{FIXTURES / 'samples-misc'}", token="t0") as pw:
        answer = await pw.islanding.set_mode("intentional_reconnect_failsafe")
    assert answer is not None
    assert answer.island_mode is IslandMode.OFF_GRID


async def test_networks_connect_body_has_the_wizards_shape() -> None:
    sample = json.loads((REQUESTS / "networks.connect.post.json").read_text())
    script = Script(lambda _: Response(status=200))
    async with pwa.Powerwall(script.transport(), token="t0") as pw:
        await pw.networks.connect("<<WIFI_SSID>>", "<<WIFI_PASSWORD>>")
    assert json.loads(script.requests[0].body) == sample


async def test_password_change_body_and_answer() -> None:
    sample = json.loads((REQUESTS / "password.change.post.json").read_text())
    async with pwa.Powerwall.connect(f"fixture://{FIXTURES / 'samples-misc'}") as pw:
        answer = await pw.password.change(
            old_password="<<OLD_PASSWORD>>", new_password="<<NEW_PASSWORD>>"
        )
        transport: Any = pw._session.transport
    assert json.loads(transport.requests[0].body) == sample
    assert "authorization" not in transport.requests[0].headers  # no login needed
    assert answer is not None
    assert answer.password == "<<NEW_PASSWORD>>"


@pytest.mark.parametrize(
    ("call", "body"),
    [
        (lambda pw: pw.site_info.set_site_name("Home"), {"site_name": "Home"}),
        (lambda pw: pw.site_info.set_timezone("Europe/London"), {"timezone": "Europe/London"}),
        (
            lambda pw: pw.site_info.set_grid_code(
                GridCode(grid_code="50Hz_230V_1_G59:UK", grid_freq_setting=50, country="UK")
            ),
            {"grid_code": "50Hz_230V_1_G59:UK", "grid_freq_setting": 50, "country": "UK"},
        ),
        (lambda pw: pw.networks.set_client_protocols(modbus=False), {"modbus": False}),
        (
            lambda pw: pw.meters.verify("ABC1", short_id="12345"),
            {"serial": "ABC1", "short_id": "12345"},
        ),
        (lambda pw: pw.logging.send(level="info", log="hi"), {"level": "info", "log": "hi"}),
        (lambda pw: pw.synchrometer.set_ct_voltage_references(ct3="Phase2"), {"ct3": "Phase2"}),
        (lambda pw: pw.customer.set({"marketing": False}), {"marketing": False}),
    ],
)
async def test_write_bodies(call: Call, body: dict[str, Any]) -> None:
    script = Script(lambda _: Response(status=200))
    async with pwa.Powerwall(script.transport(), token="t0") as pw:
        assert await call(pw) is None
    assert json.loads(script.requests[0].body) == body


async def test_customer_role_refused_is_access_denied(powerwall_simulator: Simulator) -> None:
    powerwall_simulator.state.customer_writes = False  # newer firmware
    async with pwa.Powerwall.connect(
        powerwall_simulator.url,
        password=powerwall_simulator.password,
        pin_sha256=powerwall_simulator.cert_sha256,
    ) as pw:
        with pytest.raises(pwa.AccessDeniedError, match="customer role") as raised:
            await pw.operation.set(mode="backup", backup_reserve_percent=100)
        with pytest.raises(pwa.AccessDeniedError, match="customer role"):
            await pw.islanding.go_off_grid()
        saved = pw.token
    assert raised.value.status == 403
    assert raised.value.message == "User does not have adequate access rights"
    log = powerwall_simulator.request_log
    # fresh from its login, the client does not log in again for the refused write
    assert [(e.method, e.path) for e in log][:2] == [
        ("POST", "/api/login/Basic"),
        ("POST", "/api/operation"),
    ]
    assert len(log.matching("POST", "/api/operation")) == 1
    assert (
        powerwall_simulator.state.real_mode != "backup" or powerwall_simulator.state.pending is None
    )
    # with a saved token only, the refusal is not mistaken for an expired session
    async with pwa.Powerwall.connect(
        powerwall_simulator.url, token=saved, pin_sha256=powerwall_simulator.cert_sha256
    ) as pw:
        with pytest.raises(pwa.AccessDeniedError):
            await pw.operation.set(mode="backup", backup_reserve_percent=100)


async def test_write_answered_without_a_body_returns_none(powerwall_simulator: Simulator) -> None:
    async with pwa.Powerwall.connect(
        powerwall_simulator.url,
        password=powerwall_simulator.password,
        pin_sha256=powerwall_simulator.cert_sha256,
    ) as pw:
        settings = await pw.operation.set(mode="backup", backup_reserve_percent=40)
        assert settings is not None
        assert settings.backup_reserve_percent == 40
        await pw.config.completed()
        assert (await pw.operation.get()).backup_reserve_percent == 40


def _status(code: int) -> Callable[[Request], Response]:
    return lambda _: Response(status=code)


@pytest.mark.parametrize(
    ("call", "status", "error"),
    [
        (
            lambda pw: pw.operation.set(mode="backup", backup_reserve_percent=50),
            503,
            pwa.GatewayBusyError,
        ),
        (lambda pw: pw.sitemaster.stop(), 502, pwa.SitemasterStoppedError),
        (lambda pw: pw.sitemaster.run(), 503, pwa.GatewayBusyError),
        (lambda pw: pw.config.completed(), 502, pwa.SitemasterStoppedError),
        (lambda pw: pw.solar_powerwall.reset(1), 502, pwa.SitemasterStoppedError),
        (lambda pw: pw.request("GET", "sitemaster/stop"), 502, pwa.SitemasterStoppedError),
    ],
)
async def test_state_changes_are_sent_once(call: Call, status: int, error: type[Exception]) -> None:
    script = Script(_status(status))
    async with pwa.Powerwall(script.transport(), token="t0", max_retries=2) as pw:
        with pytest.raises(error):
            await call(pw)
    assert len(script.requests) == 1


async def test_a_safe_get_is_retried() -> None:
    script = Script(_status(502))
    async with pwa.Powerwall(script.transport(), token="t0", max_retries=2) as pw:
        with pytest.raises(pwa.SitemasterStoppedError):
            await pw.sitemaster.get()
    assert len(script.requests) == 3


async def test_accepted_empty_answers_are_not_decoded() -> None:
    script = Script(_status(202))  # no body: decoding one would fail
    async with pwa.Powerwall(script.transport(), token="t0") as pw:
        await pw.sitemaster.run()
        await pw.config.completed()
    assert [r.path for r in script.requests] == ["/api/sitemaster/run", "/api/config/completed"]
