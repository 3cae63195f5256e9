"""Unmarked async tests and fixtures, as under Home Assistant's harness (pytest-asyncio, auto).

Like that harness, every test checks that it left no thread running (threads told to stop get
a moment to do so).
"""

import threading
from collections.abc import AsyncIterator, Iterator

import pytest

from powerwall_async import Powerwall
from powerwall_async.testing import Simulator


@pytest.fixture(autouse=True)
def no_thread_left_behind() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    for thread in set(threading.enumerate()) - before:
        thread.join(timeout=2)
    left = {thread for thread in threading.enumerate() if thread not in before}
    assert not left, f"threads still running after the test: {left}"


@pytest.fixture
async def own_client(powerwall_simulator: Simulator) -> AsyncIterator[Powerwall]:
    """A client an integration builds itself from the simulator's details."""
    async with Powerwall.connect(
        powerwall_simulator.url,
        password=powerwall_simulator.password,
        pin_sha256=powerwall_simulator.cert_sha256,
    ) as client:
        yield client


async def test_plugin_client(powerwall_client: Powerwall) -> None:
    assert (await powerwall_client.meters.aggregates()).load.instant_power > 0


async def test_own_client(powerwall_simulator: Simulator, own_client: Powerwall) -> None:
    powerwall_simulator.state.grid_status = "SystemIslandedActive"
    assert not (await own_client.system_status.grid_status()).connected


async def test_session_expiry(powerwall_simulator: Simulator, powerwall_client: Powerwall) -> None:
    await powerwall_client.meters.aggregates()
    powerwall_simulator.expire_sessions()
    await powerwall_client.meters.aggregates()
    assert len(powerwall_simulator.request_log.matching("POST", "/api/login/Basic")) == 2
