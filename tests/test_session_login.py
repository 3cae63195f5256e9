"""Login and session handling against the simulator: lazy login, token reuse, one re-login for
many expired calls, bad credentials never retried, and no login at all during a lockout."""

from __future__ import annotations

import anyio
import pytest

import powerwall_async as pwa
from powerwall_async.testing import LoginLimits, Simulator, simulate

from .helpers import LOGIN, client

pytestmark = pytest.mark.anyio


async def test_first_protected_call_logs_in_once(powerwall_simulator: Simulator) -> None:
    async with client(powerwall_simulator) as pw:
        await pw.status.get()  # public: no login needed
        assert powerwall_simulator.request_log.matching(*LOGIN) == []
        await pw.meters.aggregates()
        await pw.system_status.soe()
        assert pw.token
    assert len(powerwall_simulator.request_log.matching(*LOGIN)) == 1
    protected = powerwall_simulator.request_log.matching("GET", "/api/system_status/soe")
    assert [entry.authenticated for entry in protected] == [True]


async def test_saved_token_is_reused_without_a_login(powerwall_simulator: Simulator) -> None:
    async with client(powerwall_simulator) as pw:
        await pw.login()
        saved = pw.token
    async with client(powerwall_simulator, token=saved) as pw:
        await pw.meters.aggregates()
        assert pw.token == saved
    assert len(powerwall_simulator.request_log.matching(*LOGIN)) == 1


async def test_token_alone_works_without_a_password(powerwall_simulator: Simulator) -> None:
    async with client(powerwall_simulator) as pw:
        await pw.login()
        saved = pw.token
    async with client(powerwall_simulator, password=None, token=saved) as pw:
        assert (await pw.system_status.soe()).percentage > 0
        powerwall_simulator.expire_sessions()
        with pytest.raises(pwa.AuthenticationError, match="saved token was refused"):
            await pw.system_status.soe()


async def test_protected_call_without_credentials_says_what_to_pass(
    powerwall_simulator: Simulator,
) -> None:
    async with client(powerwall_simulator, password=None) as pw:
        with pytest.raises(pwa.AuthenticationError, match="pass password="):
            await pw.meters.aggregates()


async def test_expired_session_gets_exactly_one_relogin(powerwall_simulator: Simulator) -> None:
    async with client(powerwall_simulator) as pw:
        await pw.meters.aggregates()
        first = pw.token
        powerwall_simulator.expire_sessions()
        aggregates = await pw.meters.aggregates()
        assert aggregates.load.instant_power > 0
        assert pw.token != first
    assert len(powerwall_simulator.request_log.matching(*LOGIN)) == 2


async def test_many_concurrent_expired_calls_share_one_login(
    powerwall_simulator: Simulator,
) -> None:
    async with client(powerwall_simulator, merge_requests=False, max_in_flight=4) as pw:
        await pw.login()
        powerwall_simulator.expire_sessions()
        powerwall_simulator.request_log.clear()
        calls = [pw.meters.aggregates, pw.system_status.soe, pw.operation.get, pw.sitemaster.get]

        async with anyio.create_task_group() as tg:
            for index in range(100):
                tg.start_soon(calls[index % len(calls)])
    assert len(powerwall_simulator.request_log.matching(*LOGIN)) == 1


async def test_many_concurrent_first_calls_share_one_login(powerwall_simulator: Simulator) -> None:
    async with client(powerwall_simulator, merge_requests=False) as pw:
        async with anyio.create_task_group() as tg:
            for _ in range(50):
                tg.start_soon(pw.system_status.soe)
    assert len(powerwall_simulator.request_log.matching(*LOGIN)) == 1


async def test_wrong_password_is_not_retried(powerwall_simulator: Simulator) -> None:
    async with client(powerwall_simulator, password="wrong") as pw:
        with pytest.raises(pwa.AuthenticationError, match="bad credentials") as info:
            await pw.meters.aggregates()
        assert info.value.status == 401
        with pytest.raises(pwa.AuthenticationError, match="not retried automatically"):
            await pw.system_status.soe()
        assert len(powerwall_simulator.request_log.matching(*LOGIN)) == 1
        # an explicit login() is the caller's deliberate retry
        with pytest.raises(pwa.AuthenticationError):
            await pw.login()
    assert len(powerwall_simulator.request_log.matching(*LOGIN)) == 2


async def test_lockout_stops_every_request_until_it_is_over() -> None:
    async with simulate(login_limits=LoginLimits(max_failures=1, window=60, lockout=600)) as sim:
        sim.lock_out(600)
        async with client(sim, lockout_cooldown=120) as pw:
            with pytest.raises(pwa.RateLimitedError, match="API Limit Reached") as first:
                await pw.meters.aggregates()
            assert first.value.retry_after == pytest.approx(120, abs=1)
            sim.request_log.clear()
            sim.auth.unlock()
            for call in (pw.meters.aggregates, pw.status.get, pw.login):
                with pytest.raises(pwa.RateLimitedError, match="not sent") as later:
                    await call()
                assert 0 < later.value.retry_after <= 120
            assert len(sim.request_log) == 0


async def test_login_lockout_from_repeated_failures() -> None:
    async with simulate(login_limits=LoginLimits(max_failures=2, window=60, lockout=60)) as sim:
        for _ in range(2):
            async with client(sim, password="wrong") as pw:
                with pytest.raises(pwa.AuthenticationError):
                    await pw.login()
        async with client(sim) as pw:
            with pytest.raises(pwa.RateLimitedError):
                await pw.login()
        assert [entry.status for entry in sim.request_log.matching(*LOGIN)] == [401, 401, 429]


async def test_logout_ends_the_session(powerwall_simulator: Simulator) -> None:
    async with client(powerwall_simulator) as pw:
        await pw.login()
        assert powerwall_simulator.auth.session_count == 1
        await pw.logout()
        assert pw.token is None
        assert powerwall_simulator.auth.session_count == 0
        await pw.logout()  # nothing to end: no request
    assert len(powerwall_simulator.request_log.matching("GET", "/api/logout")) == 1


async def test_stopped_system_is_named(powerwall_simulator: Simulator) -> None:
    async with client(powerwall_simulator) as pw:
        powerwall_simulator.state.stop()
        with pytest.raises(pwa.SitemasterStoppedError):
            await pw.meters.aggregates()
        assert (await pw.sitemaster.get()).running is False
        # a single 502 was retried before giving up
        assert len(powerwall_simulator.request_log.matching("GET", "/api/meters/aggregates")) == 3


async def test_hung_login_times_out_and_leaves_the_client_usable(
    powerwall_simulator: Simulator,
) -> None:
    powerwall_simulator.faults.hang_login = True
    async with client(powerwall_simulator, timeout=0.3) as pw:
        with pytest.raises(pwa.GatewayTimeoutError):
            await pw.login()
        powerwall_simulator.faults.hang_login = False
        await pw.login()  # the login lock was released
        assert (await pw.system_status.soe()).percentage > 0


async def test_cancelled_call_leaves_the_client_usable(powerwall_simulator: Simulator) -> None:
    powerwall_simulator.faults.latency = 0.5
    async with client(powerwall_simulator) as pw:
        with anyio.move_on_after(0.1) as scope:
            await pw.meters.aggregates()  # cancelled while logging in
        assert scope.cancelled_caught
        powerwall_simulator.faults.latency = 0.0
        assert (await pw.meters.aggregates()).load.instant_power > 0


async def test_the_default_password_refusal_says_what_to_do(powerwall_simulator: Simulator) -> None:
    powerwall_simulator.auth.default_password = powerwall_simulator.password  # firmware 24.36+
    async with client(powerwall_simulator) as pw:
        with pytest.raises(pwa.AuthenticationError, match="set a customer password") as info:
            await pw.meters.aggregates()
    assert info.value.error == "default password not supported"
    assert len(powerwall_simulator.request_log.matching(*LOGIN)) == 1
