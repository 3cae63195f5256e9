"""Edges of the session found in review: refused writes, garbled logins, closing with calls in
flight, logging out of ended or half-made sessions."""

from __future__ import annotations

import anyio
import pytest

import powerwall_async as pwa
from powerwall_async.testing import Faults, Simulator
from powerwall_async.transports import MockTransport, Response

from .helpers import JSON, LOGIN, client

pytestmark = pytest.mark.anyio


async def test_refused_writes_on_a_working_session_are_sent_once_each(
    powerwall_simulator: Simulator,
) -> None:
    powerwall_simulator.state.customer_writes = False
    async with client(powerwall_simulator) as pw:
        await pw.meters.aggregates()
        await pw.system_status.soe()
        for _ in range(3):
            with pytest.raises(pwa.AccessDeniedError):
                await pw.operation.set(mode="backup", backup_reserve_percent=20)
    log = powerwall_simulator.request_log
    assert len(log.matching(*LOGIN)) == 1
    assert len(log.matching("POST", "/api/operation")) == 3


async def test_a_refused_write_with_an_unproven_token_checks_the_session_once(
    powerwall_simulator: Simulator,
) -> None:
    async with client(powerwall_simulator) as pw:
        await pw.login()
        token = pw.token
    powerwall_simulator.state.customer_writes = False
    powerwall_simulator.request_log.clear()
    async with client(powerwall_simulator, token=token) as pw:
        with pytest.raises(pwa.AccessDeniedError):
            await pw.operation.set(mode="backup", backup_reserve_percent=20)
    log = powerwall_simulator.request_log
    assert log.matching(*LOGIN) == []
    assert len(log.matching("POST", "/api/operation")) == 1
    assert len(log.matching("GET", "/api/system_status/grid_status")) == 1


async def test_a_garbled_login_answer_never_shows_the_token() -> None:
    secret = "TOKEN123SECRETXYZ"
    cut = b'{"token":"' + secret.encode() + b'", "email":"a", "roles": ['  # cut off in transit
    answer = MockTransport(lambda _: Response(200, JSON, cut))
    async with pwa.Powerwall(answer, password="pw") as pw:
        with pytest.raises(pwa.ResponseFormatError) as info:
            await pw.login()
    assert secret not in str(info.value)
    assert secret not in repr(info.value)
    assert info.value.body == b""


async def test_login_answer_with_odd_fields_still_logs_in() -> None:
    body = b'{"token": "abc", "loginTime": "", "roles": "Home_Owner", "email": null}'
    answer = MockTransport(lambda _: Response(200, JSON, body))
    async with pwa.Powerwall(answer, password="pw") as pw:
        await pw.login()
        assert pw.token == "abc"


async def test_closing_cancels_calls_in_flight_and_sends_nothing_after(
    powerwall_simulator: Simulator,
) -> None:
    powerwall_simulator.faults = Faults(latency=0.5)
    pw = client(powerwall_simulator, merge_requests=False)
    await pw.login()
    errors: list[BaseException] = []

    async def read(call: object) -> None:
        assert callable(call)
        try:
            await call()
        except pwa.PowerwallError as exc:
            errors.append(exc)

    async with anyio.create_task_group() as tg:
        tg.start_soon(read, pw.meters.aggregates)
        tg.start_soon(read, pw.system_status.soe)
        await anyio.sleep(0.1)
        closed_at = len(powerwall_simulator.request_log)
        await pw.aclose()
    assert len(errors) == 2
    assert all("closed" in str(error) for error in errors)
    await anyio.sleep(0.6)
    assert len(powerwall_simulator.request_log) == closed_at
    with pytest.raises(pwa.PowerwallError, match="closed"):
        await pw.status.get()
    await pw.aclose()  # twice is harmless


async def test_logout_of_an_ended_session_does_not_log_in(powerwall_simulator: Simulator) -> None:
    async with client(powerwall_simulator) as pw:
        await pw.login()
        powerwall_simulator.faults.next_statuses.append(401)  # the session had ended
        assert await pw.logout() is False
        assert pw.token is None
        assert await pw.logout() is False  # nothing to end: nothing sent
    log = powerwall_simulator.request_log
    assert len(log.matching(*LOGIN)) == 1
    assert len(log.matching("GET", "/api/logout")) == 1


async def test_logout_waits_for_a_login_in_progress(powerwall_simulator: Simulator) -> None:
    powerwall_simulator.faults = Faults(latency=0.3, paths={"/api/login/Basic"})
    async with client(powerwall_simulator) as pw, anyio.create_task_group() as tg:
        tg.start_soon(pw.login)
        await anyio.sleep(0.1)
        assert await pw.logout() is True
        assert pw.token is None
    assert powerwall_simulator.auth.session_count == 0
