"""The CPU cost of a TEDAPI status read on the client's side, without the network.

    python -m benchmarks.tedapi_status [--rounds 200]

The simulator (profile ``pw3``) answers one status query over HTTPS; then, many times over,
the client's part is timed: building the request (``build_status_request``) and decoding the
simulator's answer (``decode_v1_response``, ``read_query``, ``models.tedapi.parse_status``).
"""

from __future__ import annotations

import argparse
import statistics
import time

import anyio
import httpx

from powerwall_async.models.tedapi import parse_status
from powerwall_async.tedapi._messages import (
    build_status_request,
    decode_v1_response,
    read_query,
)
from powerwall_async.testing import simulate

USER = "Tesla_Energy_Device"


async def answer() -> tuple[str, bytes]:
    """The gateway's DIN and the simulator's answer to a status query."""
    async with (
        simulate(profile="pw3") as sim,
        httpx.AsyncClient(
            base_url=sim.url, verify=sim.client_ssl_context(), trust_env=False
        ) as client,
    ):
        din = sim.tedapi.site.din if sim.tedapi else ""
        answer = await client.post(
            "/tedapi/v1", content=build_status_request(din), auth=(USER, sim.gateway_password)
        )
        answer.raise_for_status()
        return din, answer.content


def measure(din: str, body: bytes, rounds: int) -> tuple[float, float, int]:
    """Median seconds to build a status request and to decode ``body`` (the answer from
    :func:`answer`); the answer's size."""
    builds, decodes = [], []
    for _ in range(rounds):
        started = time.process_time()
        build_status_request(din)
        built = time.process_time()
        status = parse_status(read_query(decode_v1_response(body)).data)
        decoded = time.process_time()
        builds.append(built - started)
        decodes.append(decoded - built)
    assert status.battery_blocks is not None
    return statistics.median(builds), statistics.median(decodes), len(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    build, decode, size = measure(*anyio.run(answer), args.rounds)
    print(f"build {build * 1e6:,.1f} µs, decode {decode * 1e6:,.1f} µs (answer: {size:,} bytes)")


if __name__ == "__main__":
    main()
