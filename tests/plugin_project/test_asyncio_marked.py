"""Tests marked for pytest-asyncio, as a strict-mode project writes them."""

import asyncio

import pytest

from powerwall_async import Powerwall
from powerwall_async.testing import Simulator

pytestmark = pytest.mark.asyncio


async def test_client_on_the_tests_loop(
    powerwall_simulator: Simulator, powerwall_client: Powerwall
) -> None:
    flows = await asyncio.gather(*(powerwall_client.meters.aggregates() for _ in range(3)))
    assert all(flow.load.instant_power > 0 for flow in flows)
    assert len(powerwall_simulator.request_log.matching("POST", "/api/login/Basic")) == 1


@pytest.mark.powerwall_simulator(password="strict")
async def test_marker_applies(powerwall_simulator: Simulator, powerwall_client: Powerwall) -> None:
    assert powerwall_simulator.password == "strict"
    assert (await powerwall_client.status.get()).din


@pytest.mark.asyncio(loop_scope="module")
async def test_on_a_module_scoped_loop(powerwall_client: Powerwall) -> None:
    assert (await powerwall_client.meters.aggregates()).load.instant_power > 0
