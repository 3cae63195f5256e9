"""Tests marked for anyio's plugin: run on asyncio and trio (or by pytest-asyncio in auto mode)."""

import pytest

from powerwall_async import EndpointNotSupportedError, Powerwall, SitemasterStoppedError
from powerwall_async.testing import Faults, Simulator

pytestmark = pytest.mark.anyio


async def test_client_reads_the_simulator(
    powerwall_client: Powerwall, powerwall_simulator: Simulator
) -> None:
    aggregates = await powerwall_client.meters.aggregates()
    assert aggregates.load.instant_power > 0
    assert powerwall_simulator.url.startswith("https://127.0.0.1:")
    assert powerwall_simulator.request_log.matching("POST", "/api/login/Basic")


async def test_stopped_system(powerwall_simulator: Simulator, powerwall_client: Powerwall) -> None:
    powerwall_simulator.state.stop()
    with pytest.raises(SitemasterStoppedError):
        await powerwall_client.system_status.soe()


@pytest.mark.powerwall_simulator(
    profile="restricted", password="downstream", faults=Faults(latency=0.01)
)
async def test_marker_configures_the_simulator(
    powerwall_simulator: Simulator, powerwall_client: Powerwall
) -> None:
    assert powerwall_simulator.password == "downstream"
    assert powerwall_simulator.profile.name == "restricted"
    assert powerwall_simulator.faults.latency == 0.01
    with pytest.raises(EndpointNotSupportedError):
        await powerwall_client.operation.get()


async def test_each_test_gets_a_fresh_simulator(powerwall_simulator: Simulator) -> None:
    assert len(powerwall_simulator.request_log) == 0
    assert powerwall_simulator.state.running
