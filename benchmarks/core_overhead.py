"""The library's own cost per call, above the engine: no network, no TLS, no HTTP parser.

    python -m benchmarks.core_overhead [--calls 20000] [--rounds 5] [--profile]

A :class:`~powerwall_async.transports.MockTransport` answers every request at once; what is
timed is everything else: the call's deadline, the gate, the credentials, the in-flight limit,
the request and response objects, JSON and structuring into the model. Two reads: GET
/api/system_status/soe (one field: the pipeline alone) and a recorded GET
/api/meters/aggregates (six meters, about 130 fields: decoding dominates). Merging and caching
are off. CPU (process) time per call, median of the rounds.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import anyio

import powerwall_async as pwa
from powerwall_async.transports import MockTransport, Request, Response

BODY = (
    Path(__file__).resolve().parent.parent
    / "tests"
    / "fixtures"
    / "samples-misc"
    / "meters.aggregates.json"
).read_bytes()
TOKEN = "not-a-secret"  # noqa: S105
JSON = {"content-type": "application/json"}
ANSWERS = {
    "/api/meters/aggregates": Response(status=200, headers=JSON, body=BODY),
    "/api/system_status/soe": Response(status=200, headers=JSON, body=b'{"percentage": 55.5}'),
}


def _answer(request: Request) -> Response:
    return ANSWERS[request.path]


async def per_call(calls: int, rounds: int, read: str) -> float:
    """Median CPU seconds per call of ``read`` over ``rounds`` rounds of ``calls`` calls."""
    transport = MockTransport(_answer)
    async with pwa.Powerwall(transport, token=TOKEN, merge_requests=False) as pw:
        call = pw.meters.aggregates if read == "aggregates" else pw.system_status.soe
        for _ in range(200):
            await call()
        samples = []
        for _ in range(rounds):
            started = time.process_time()
            for _ in range(calls):
                await call()
            samples.append((time.process_time() - started) / calls)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print a pyinstrument profile")
    args = parser.parse_args()
    if args.profile:
        from pyinstrument import Profiler

        with Profiler(interval=0.0001) as profiler:
            anyio.run(per_call, args.calls, 1, "aggregates")
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    for read in ("soe", "aggregates"):
        seconds = anyio.run(per_call, args.calls, args.rounds, read)
        print(f"{read}: {seconds * 1e6:.1f} µs of CPU per call above the engine")
    print(f"({pwa.__file__})")


if __name__ == "__main__":
    main()
