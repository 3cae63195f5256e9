"""The simulator's state: sitemaster, operation settings with config/completed, islanding."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from powerwall_async import Powerwall
from powerwall_async.testing import Simulator, simulate

pytestmark = pytest.mark.anyio


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with simulate() as simulator:
        yield simulator


@pytest.fixture
async def client(sim: Simulator) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        base_url=sim.url, verify=sim.client_ssl_context(), trust_env=False
    ) as http:
        response = await http.post(
            "/api/login/Basic", json={"username": "customer", "password": sim.password}
        )
        http.headers["authorization"] = f"Bearer {response.json()['token']}"
        http.cookies.clear()
        yield http


async def test_sitemaster_stop_and_run_are_gets_that_change_state(
    sim: Simulator, client: httpx.AsyncClient
) -> None:
    stop = await client.get("/api/sitemaster/stop")
    stopped = (await client.get("/api/sitemaster")).json()
    run = await client.get("/api/sitemaster/run")
    running = (await client.get("/api/sitemaster")).json()
    assert (stop.status_code, stop.content) == (202, b"")
    assert (stopped["running"], stopped["status"]) == (False, "StatusDown")
    assert (run.status_code, run.content) == (202, b"")
    assert (running["running"], running["status"]) == (True, "StatusUp")
    assert sim.state.running


async def test_sitemaster_needs_a_session(sim: Simulator) -> None:
    async with httpx.AsyncClient(
        base_url=sim.url, verify=sim.client_ssl_context(), trust_env=False
    ) as anonymous:
        assert (await anonymous.get("/api/sitemaster/stop")).status_code == 403
    assert sim.state.running


async def test_operation_applies_only_after_config_completed(
    sim: Simulator, client: httpx.AsyncClient
) -> None:
    posted = await client.post(
        "/api/operation", json={"mode": "self_consumption", "backup_reserve_percent": 24.6}
    )
    before = (await client.get("/api/operation")).json()
    completed = await client.get("/api/config/completed")
    after = (await client.get("/api/operation")).json()
    assert posted.status_code == 200
    assert posted.json() == {"mode": "self_consumption", "backup_reserve_percent": 24.6}
    assert (before["real_mode"], before["backup_reserve_percent"]) == ("autonomous", 30)
    assert (completed.status_code, completed.content) == (202, b"")
    assert (after["real_mode"], after["backup_reserve_percent"]) == ("self_consumption", 24.6)
    assert after["freq_shift_load_shed_soe"] == 75  # the rest of the recording stays
    assert sim.state.pending is None


@pytest.mark.parametrize(
    "body",
    [
        {"mode": "scheduler", "backup_reserve_percent": 20},
        {"mode": "Backup", "backup_reserve_percent": 20},
        {"mode": "backup", "backup_reserve_percent": 100.5},
        {"mode": "backup", "backup_reserve_percent": -1},
        {"mode": "backup", "backup_reserve_percent": "20"},
        {"mode": "backup", "backup_reserve_percent": True},
        {"mode": "backup", "backup_reserve_percent": None},
        {"mode": 3, "backup_reserve_percent": 20},
        {"mode": "backup"},
        {"backup_reserve_percent": 20},
        [],
        "backup",
    ],
)
async def test_operation_rejects_bad_input_with_400(
    sim: Simulator, client: httpx.AsyncClient, body: object
) -> None:
    response = await client.post("/api/operation", json=body)
    assert response.status_code == 400
    error = response.json()
    assert error["code"] == 400
    assert error["error"]
    assert error["message"]
    assert sim.state.pending is None
    await client.get("/api/config/completed")
    assert sim.state.real_mode == "autonomous"


@pytest.mark.parametrize("reserve", [0, 100, 5.00002])
async def test_operation_accepts_the_whole_reserve_range(
    sim: Simulator, client: httpx.AsyncClient, reserve: float
) -> None:
    response = await client.post(
        "/api/operation", json={"mode": "backup", "backup_reserve_percent": reserve}
    )
    assert response.status_code == 200
    await client.get("/api/config/completed")
    assert (await client.get("/api/operation")).json()["backup_reserve_percent"] == reserve


async def test_operation_needs_a_session(sim: Simulator) -> None:
    async with httpx.AsyncClient(
        base_url=sim.url, verify=sim.client_ssl_context(), trust_env=False
    ) as anonymous:
        response = await anonymous.post(
            "/api/operation", json={"mode": "backup", "backup_reserve_percent": 50}
        )
    assert response.status_code == 403
    assert sim.state.pending is None


@pytest.mark.parametrize(
    ("island_mode", "grid_status"),
    [("intentional_reconnect_failsafe", "SystemIslandedActive"), ("backup", "SystemGridConnected")],
)
async def test_islanding_changes_grid_status(
    sim: Simulator, client: httpx.AsyncClient, island_mode: str, grid_status: str
) -> None:
    if island_mode == "backup":
        sim.state.grid_status = "SystemIslandedActive"
    response = await client.post("/api/v2/islanding/mode", json={"island_mode": island_mode})
    grid = (await client.get("/api/system_status/grid_status")).json()
    system = (await client.get("/api/system_status")).json()
    assert response.json() == {"island_mode": island_mode}
    assert grid["grid_status"] == grid_status
    assert system["system_island_state"] == grid_status


async def test_off_grid_the_site_meter_reads_zero(
    sim: Simulator, client: httpx.AsyncClient
) -> None:
    await client.post(
        "/api/v2/islanding/mode", json={"island_mode": "intentional_reconnect_failsafe"}
    )
    aggregates = (await client.get("/api/meters/aggregates")).json()
    power = {meter: aggregates[meter]["instant_power"] for meter in ("site", "battery", "load")}
    solar = aggregates["solar"]["instant_power"]
    assert power["site"] == 0
    assert power["load"] == pytest.approx(power["battery"] + solar)


@pytest.mark.parametrize("body", [{"island_mode": "off_grid"}, {"island_mode": 1}, {}, [1]])
async def test_islanding_rejects_bad_input(
    sim: Simulator, client: httpx.AsyncClient, body: object
) -> None:
    response = await client.post("/api/v2/islanding/mode", json=body)
    assert response.status_code == 400
    assert sim.state.grid_status == "SystemGridConnected"


async def test_state_knobs_show_through_the_client(sim: Simulator) -> None:
    sim.state.soe = 80.0
    sim.state.grid_status = "SystemIslandedReady"
    async with Powerwall.connect(sim.url, password=sim.password, pin_sha256=sim.cert_sha256) as pw:
        soe = await pw.system_status.soe()
        grid = await pw.system_status.grid_status()
    assert soe.percentage == pytest.approx(80.0, abs=0.5)
    assert grid.grid_status_raw == "SystemIslandedReady"


async def test_soe_stays_in_range_and_holds_the_reserve() -> None:
    async with simulate(seed=11) as sim:
        sim.state.backup_reserve_percent = 20.0
        sim.state.soe = 20.0
        sim.state.battery = 3000.0  # discharging hard at the reserve
        for _ in range(50):
            flow = sim.state.step()
            assert 0.0 <= sim.state.soe <= 100.0
            assert flow.battery <= 0 or sim.state.soe > 20.0
            assert flow.load == pytest.approx(flow.site + flow.battery + flow.solar)
