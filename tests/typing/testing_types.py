"""Type-checked by mypy and pyright, never run: the static types of the simulator's API."""

from __future__ import annotations

from typing import assert_type

from powerwall_async.testing import Faults, GatewayState, Simulator, simulate


async def typed_simulator() -> None:
    async with simulate(profile="23.44", faults=Faults(latency=0.1), cert_dir="sim") as sim:
        assert_type(sim, Simulator)
        assert_type(sim.url, str)
        assert_type(sim.cert_sha256, str)
        assert_type(sim.password, str)
        assert_type(sim.state, GatewayState)
        assert_type(sim.faults, Faults)
