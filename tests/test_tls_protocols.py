"""HTTP/2 by default, HTTP/1.1 when the gateway picks it or the caller asks for it: what the
simulator saw on the wire, and the limit of requests in flight the client chose."""

from __future__ import annotations

import anyio
import pytest

import powerwall_async as pwa
from powerwall_async.testing import Simulator, simulate

pytestmark = pytest.mark.anyio


def _versions(sim: Simulator) -> set[str]:
    return {entry.http_version for entry in sim.request_log}


async def _read_status(sim: Simulator, **options: object) -> None:
    async with pwa.Powerwall.connect(
        sim.url, password=sim.password, pin_sha256=sim.cert_sha256, **options
    ) as pw:
        await pw.status.get()
        await pw.meters.aggregates()


async def test_http2_is_spoken_by_default(powerwall_simulator: Simulator) -> None:
    await _read_status(powerwall_simulator)
    assert _versions(powerwall_simulator) == {"2"}


async def test_a_gateway_offering_only_http11_is_spoken_to_in_http11() -> None:
    async with simulate(http2=False) as sim:
        await _read_status(sim)
        assert _versions(sim) == {"1.1"}


async def test_http2_false_forces_http11(powerwall_simulator: Simulator) -> None:
    await _read_status(powerwall_simulator, http2=False)
    assert _versions(powerwall_simulator) == {"1.1"}


@pytest.mark.parametrize("http2", [True, False])
async def test_seven_reads_gathered_over_http11_fallback_all_arrive(http2: bool) -> None:
    # The client allows 7 in flight (it offered HTTP/2); an HTTP/1.1 answer queues them on
    # the one connection, which takes turns: all arrive, none fails on the wait.
    async with simulate(http2=http2) as sim:
        sim.faults.latency = 0.05
        async with pwa.Powerwall.connect(
            sim.url, password=sim.password, pin_sha256=sim.cert_sha256, merge_requests=False
        ) as pw:
            await pw.login()
            results: list[object] = []

            async def read() -> None:
                results.append(await pw.system_status.soe())

            async with anyio.create_task_group() as tg:
                for _ in range(7):
                    tg.start_soon(read)
        assert len(results) == 7
        assert _versions(sim) == ({"2"} if http2 else {"1.1"})
