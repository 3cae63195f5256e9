"""Fault injection: latency, 502/503, dropped connections, truncated bodies, hung logins."""

from __future__ import annotations

import anyio
import httpx
import pytest

from powerwall_async import (
    GatewayBusyError,
    GatewayTimeoutError,
    GatewayUnreachableError,
    Powerwall,
    ResponseFormatError,
    SitemasterStoppedError,
)
from powerwall_async.testing import Faults, Simulator, simulate

pytestmark = pytest.mark.anyio


def _http(sim: Simulator) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=sim.url, verify=sim.client_ssl_context(), trust_env=False)


def _client(sim: Simulator, *, timeout: float = 10.0, max_retries: int = 2) -> Powerwall:
    return Powerwall.connect(
        sim.url,
        password=sim.password,
        pin_sha256=sim.cert_sha256,
        timeout=timeout,
        max_retries=max_retries,
    )


async def test_no_faults_by_default() -> None:
    async with simulate() as sim, _http(sim) as client:
        statuses = [(await client.get("/api/status")).status_code for _ in range(20)]
    assert statuses == [200] * 20
    assert all(entry.fault is None for entry in sim.request_log)


async def test_latency_delays_answers_on_the_chosen_paths() -> None:
    faults = Faults(latency=0.3, paths={"/api/status"})
    async with simulate(faults=faults) as sim, _http(sim) as client:
        await client.get("/api/customer/registration")  # connect outside the measurement
        started = anyio.current_time()
        await client.get("/api/customer/registration")
        fast = anyio.current_time() - started
        started = anyio.current_time()
        await client.get("/api/status")
        slow = anyio.current_time() - started
        sim.faults.latency = 0
        started = anyio.current_time()
        await client.get("/api/status")
        again = anyio.current_time() - started
    assert slow >= 0.3
    assert fast < slow - 0.15
    assert again < slow - 0.15


@pytest.mark.parametrize(
    ("faults", "status"), [(Faults(error_502_rate=1.0), 502), (Faults(error_503_rate=1.0), 503)]
)
async def test_error_rates_answer_like_the_gateway(faults: Faults, status: int) -> None:
    async with simulate(faults=faults) as sim, _http(sim) as client:
        response = await client.get("/api/status")
    assert response.status_code == status
    if status == 502:
        assert response.content == b""
    else:
        assert response.json()["error"] == "current config mode is busy"
    assert sim.request_log[0].fault == str(status)


async def test_injected_errors_have_no_effect() -> None:
    async with simulate() as sim, _http(sim) as client:
        login = await client.post(
            "/api/login/Basic", json={"username": "customer", "password": sim.password}
        )
        auth = {"authorization": f"Bearer {login.json()['token']}"}
        sim.faults.error_503_rate = 1.0
        response = await client.get("/api/sitemaster/stop", headers=auth)
    assert response.status_code == 503
    assert sim.state.running


async def test_faults_can_be_replaced_while_running() -> None:
    async with simulate() as sim, _http(sim) as client:
        assert (await client.get("/api/status")).status_code == 200
        sim.faults = Faults(error_503_rate=1.0)
        assert (await client.get("/api/status")).status_code == 503
        sim.faults.clear()
        assert (await client.get("/api/status")).status_code == 200


async def test_random_faults_are_seeded() -> None:
    sequences = []
    for _ in range(2):
        faults = Faults(error_502_rate=0.5, seed=42)
        async with simulate(faults=faults) as sim, _http(sim) as client:
            sequences.append([(await client.get("/api/status")).status_code for _ in range(20)])
    assert sequences[0] == sequences[1]
    assert set(sequences[0]) == {200, 502}


async def test_next_statuses_fail_once_then_recover() -> None:
    async with simulate() as sim, _client(sim) as pw:
        await pw.login()
        sim.faults.next_statuses.extend([502])
        aggregates = await pw.meters.aggregates()
    assert aggregates.load.instant_power > 0
    assert [e.status for e in sim.request_log.matching(path="/api/meters/aggregates")] == [502, 200]


async def test_client_gives_up_on_persistent_502_and_503() -> None:
    async with simulate() as sim, _client(sim, max_retries=1) as pw:
        await pw.login()
        sim.faults.error_502_rate = 1.0
        with pytest.raises(SitemasterStoppedError):
            await pw.system_status.soe()
        sim.faults.error_502_rate = 0.0
        sim.faults.error_503_rate = 1.0
        with pytest.raises(GatewayBusyError):
            await pw.system_status.grid_status()
    assert len(sim.request_log.matching(path="/api/system_status/soe")) == 2


async def test_reset_drops_the_connection_mid_body() -> None:
    async with simulate(faults=Faults(reset_rate=1.0)) as sim:
        async with _http(sim) as client:
            with pytest.raises(httpx.RemoteProtocolError):
                await client.get("/api/status")
        sim.faults.reset_rate = 0.0
        async with _http(sim) as client:
            assert (await client.get("/api/status")).status_code == 200
    assert [(e.status, e.fault) for e in sim.request_log] == [(200, "reset"), (200, None)]


async def test_reset_write_takes_effect_and_is_not_sent_twice() -> None:
    async with simulate() as sim, _client(sim) as pw:
        await pw.login()
        sim.faults.reset_rate = 1.0
        sim.faults.paths = frozenset({"/api/sitemaster/stop", "/api/status"})
        with pytest.raises(GatewayUnreachableError):
            await pw.request("GET", "/api/status")
        sim.faults.paths = frozenset({"/api/operation"})
        with pytest.raises(GatewayUnreachableError):
            await pw.request(
                "POST", "/api/operation", json={"mode": "backup", "backup_reserve_percent": 40}
            )
    assert sim.state.pending is not None
    assert sim.state.pending.backup_reserve_percent == 40
    assert len(sim.request_log.matching("POST", "/api/operation")) == 1


async def test_truncated_json_body() -> None:
    async with simulate(faults=Faults(truncate_rate=1.0, paths={"/api/status"})) as sim:
        async with _http(sim) as client:
            response = await client.get("/api/status")
        async with _client(sim) as pw:
            with pytest.raises(ResponseFormatError):
                await pw.status.get()
    assert response.status_code == 200
    assert response.content.startswith(b"{")
    assert not response.content.rstrip().endswith(b"}")
    assert sim.request_log[0].fault == "truncated"


async def test_hung_login_times_out_and_the_simulator_still_stops() -> None:
    started = anyio.current_time()
    async with simulate(faults=Faults(hang_login=True)) as sim, _client(sim, timeout=0.5) as pw:
        with pytest.raises(GatewayTimeoutError):
            await pw.meters.aggregates()
        status = await pw.status.get()  # other requests are still answered
    assert anyio.current_time() - started < 5
    assert status.version
    login = sim.request_log.matching("POST", "/api/login/Basic")
    assert [(e.status, e.fault) for e in login] == [(None, "hang")]


def test_faults_are_validated() -> None:
    with pytest.raises(ValueError, match="error_502_rate"):
        Faults(error_502_rate=1.5)
    faults = Faults()
    with pytest.raises(ValueError, match="latency"):
        faults.latency = -1
    faults.paths = {"/api/status"}  # type: ignore[assignment]  # converted on assignment
    assert faults.paths == frozenset({"/api/status"})


def test_clear_turns_every_fault_off() -> None:
    faults = Faults(latency=1, error_502_rate=1, reset_rate=1, hang_login=True, next_statuses=[503])
    faults.clear()
    assert faults == Faults()
