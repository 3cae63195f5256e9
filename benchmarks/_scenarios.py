"""The measurements that talk to the simulated gateway.

Each returns plain numbers; ``__main__`` turns them into tables. Clients measured against each
other take turns: every round runs each client once, in a rotating order, so that a noisy
neighbour slows them all alike, and ratios are taken round by round.
"""

from __future__ import annotations

import contextlib
import gc
import statistics
import time
import tracemalloc
from collections.abc import Sequence
from dataclasses import dataclass, field

import anyio

from ._clients import (
    AGGREGATES,
    LOGIN,
    SNAPSHOT,
    Client,
    PowerwallAsync,
    PyPowerwall,
    Spec,
    Target,
    TeslaPowerwall,
    fresh_cache_dir,
)
from ._gateway import Gateway

LATENCY = 0.1
"""The simulated gateway latency of the snapshot, in seconds (one gateway round trip)."""


def _rotated(count: int, shift: int) -> list[int]:
    return [(index + shift) % count for index in range(count)]


def ratio(numerators: Sequence[float], denominators: Sequence[float]) -> float:
    """The median of round-by-round ratios."""
    return statistics.median(a / b for a, b in zip(numerators, denominators, strict=True))


@dataclass(slots=True)
class Tally:
    """Calls that failed once and were made again (the second failure ends the run)."""

    errors: int = 0
    kinds: set[str] = field(default_factory=set)


async def _call(client: Client, path: str, tally: Tally, *, concurrently: bool = False) -> None:
    """One call; a failure is counted and the call made once more, inside the same timing.

    The simulator (hypercorn) ends a connection after 1,000 requests (HTTP/2: GOAWAY;
    httpcore then fails the request in flight) and closes connections idle for 5 s; what a
    client does about that is part of its time, and the failures are reported.
    """
    call = client.call_concurrently if concurrently else client.call
    try:
        await call(path)
    except Exception as exc:  # any failure: counted, then the call is made once more
        tally.errors += 1
        tally.kinds.add(type(exc).__name__)
        await call(path)


async def _renew(client: Client, path: str) -> None:
    """An untimed call that renews an idle keep-alive connection, allowed to fail.

    The simulator (hypercorn) closes connections idle for 5 s, and a client reusing one just
    as it closes may lose that call (pypowerwall then returns None). A client's turn comes
    back after the others' turns, so each timed batch is preceded by calls like this.
    """
    with contextlib.suppress(Exception):
        await client.call_concurrently(path)


def _seen_protocol(gateway: Gateway) -> str:
    seen = gateway.requests()
    return f"HTTP/{seen[-1].http_version}" if seen else "?"


# -- per call -----------------------------------------------------------------------------------


@dataclass(slots=True)
class PerCall:
    """Sequential keep-alive calls of one client."""

    spec: Spec
    seen_protocol: str
    samples: list[float] = field(default_factory=list)
    round_medians: list[float] = field(default_factory=list)
    cpu_per_call: list[float] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p90(self) -> float:
        return statistics.quantiles(self.samples, n=10)[-1]

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpu_per_call)


async def per_call(
    gateway: Gateway, specs: Sequence[Spec], *, rounds: int, calls: int, warmup: int
) -> list[PerCall]:
    """GET /api/meters/aggregates, logged in, one call at a time, each timed on its own."""
    target = Target(gateway.url, gateway)
    clients: list[Client] = []
    results: list[PerCall] = []
    try:
        for spec in specs:
            gateway.clear()
            client = await spec.open(target)
            clients.append(client)
            for _ in range(warmup):
                await client.call(AGGREGATES)
            results.append(PerCall(spec, _seen_protocol(gateway)))
        for round_number in range(rounds):
            gateway.clear()
            for index in _rotated(len(clients), round_number):
                client, result = clients[index], results[index]
                times: list[float] = []
                await _renew(client, AGGREGATES)
                gc.collect()
                cpu_start = time.process_time()
                for _ in range(calls):
                    start = time.perf_counter()
                    await _call(client, AGGREGATES, result.tally)
                    times.append(time.perf_counter() - start)
                result.cpu_per_call.append((time.process_time() - cpu_start) / calls)
                result.samples.extend(times)
                result.round_medians.append(statistics.median(times))
    finally:
        for client in clients:
            await client.aclose()
    return results


# -- 50 tasks x 10 calls ---------------------------------------------------------------------


@dataclass(slots=True)
class Burst:
    """Wall times of ``tasks`` concurrent tasks making ``calls`` calls each."""

    spec: Spec
    walls: list[float] = field(default_factory=list)
    connections: int = 0
    tally: Tally = field(default_factory=Tally)

    @property
    def median(self) -> float:
        return statistics.median(self.walls)


async def _burst(client: Client, tasks: int, calls: int, tally: Tally) -> float:
    async def worker(task: int) -> None:
        for call in range(calls):
            path = SNAPSHOT[(task + call) % len(SNAPSHOT)]
            await _call(client, path, tally, concurrently=True)

    start = time.perf_counter()
    async with anyio.create_task_group() as group:
        for task in range(tasks):
            group.start_soon(worker, task)
    return time.perf_counter() - start


async def bursts(
    gateway: Gateway, specs: Sequence[Spec], *, rounds: int, tasks: int, calls: int
) -> list[Burst]:
    """Each client's wall time for the burst (warmed up first, so connections are open), then
    one more burst by a fresh client through the relay to count the connections it opens
    (its login included)."""
    clients: list[Client] = []
    results = [Burst(spec) for spec in specs]
    try:
        for spec in specs:
            client = await spec.open(Target(gateway.url, gateway))
            clients.append(client)
            await _burst(client, tasks, calls, Tally())
        for round_number in range(rounds):
            gateway.clear()
            for index in _rotated(len(clients), round_number):
                async with anyio.create_task_group() as group:
                    for task in range(tasks):
                        group.start_soon(_renew, clients[index], SNAPSHOT[task % len(SNAPSHOT)])
                gc.collect()
                result = results[index]
                result.walls.append(await _burst(clients[index], tasks, calls, result.tally))
    finally:
        for client in clients:
            await client.aclose()
    for result in results:
        gateway.clear()
        client = await result.spec.open(Target(gateway.relay_url, gateway))
        try:
            await _burst(client, tasks, calls, result.tally)
            result.connections = gateway.connections()
        finally:
            await client.aclose()
    return results


# -- the Home Assistant snapshot -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SnapshotCase:
    spec: Spec
    concurrent: bool
    note: str = ""


@dataclass(slots=True)
class Snapshot:
    case: SnapshotCase
    walls: list[float] = field(default_factory=list)
    connections: int = 0
    requests: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.walls)

    @property
    def round_trips(self) -> float:
        return self.median / LATENCY


async def _snapshot(client: Client, concurrent: bool) -> float:
    start = time.perf_counter()
    if concurrent:
        async with anyio.create_task_group() as group:
            for path in SNAPSHOT:
                group.start_soon(client.call, path)
    else:
        for path in SNAPSHOT:
            await client.call(path)
    return time.perf_counter() - start


async def snapshots(
    gateway: Gateway, cases: Sequence[SnapshotCase], *, repeats: int
) -> list[Snapshot]:
    """The 7 reads of a Home Assistant poll with ``LATENCY`` s added to every answer.

    Through the relay, each client: log in, one snapshot to warm up, ``repeats`` timed ones.
    Connections are those opened over all of it (login included).
    """
    gateway.set_latency(LATENCY)
    results: list[Snapshot] = []
    try:
        for case in cases:
            result = Snapshot(case)
            gateway.clear()
            client = await case.spec.open(Target(gateway.relay_url, gateway))
            try:
                await _snapshot(client, case.concurrent)
                for _ in range(repeats):
                    result.walls.append(await _snapshot(client, case.concurrent))
            finally:
                await client.aclose()
            result.connections = gateway.connections()
            result.requests = sum(1 for seen in gateway.requests() if seen.path != LOGIN)
            results.append(result)
    finally:
        gateway.set_latency(0.0)
    return results


# -- requests and logins -----------------------------------------------------------------------


async def identical_calls(gateway: Gateway, client: Client, count: int) -> int:
    """Gateway requests seen for ``count`` concurrent calls of GET /api/meters/aggregates."""
    gateway.clear()
    async with anyio.create_task_group() as group:
        for _ in range(count):
            group.start_soon(client.call, AGGREGATES)
    return sum(1 for seen in gateway.requests() if seen.path == AGGREGATES)


async def merged_requests(gateway: Gateway, count: int) -> dict[str, int]:
    """powerwall_async with its defaults (merging on) against tesla-powerwall."""
    target = Target(gateway.url, gateway)
    counts: dict[str, int] = {}
    makers: dict[str, Spec] = {
        "powerwall_async": Spec(
            "powerwall_async",
            "HTTP/1.1",
            lambda t: PowerwallAsync(t, http2=False, merge_requests=True),
        ),
        "tesla-powerwall": Spec("tesla-powerwall", "HTTP/1.1", TeslaPowerwall),
    }
    for label, spec in makers.items():
        client = await spec.open(target)
        try:
            counts[label] = await identical_calls(gateway, client, count)
        finally:
            await client.aclose()
    return counts


def _logins(gateway: Gateway) -> int:
    return sum(1 for seen in gateway.requests() if seen.path == LOGIN)


async def saved_session_logins(gateway: Gateway) -> dict[str, int]:
    """Logins in a second run that reuses what the first one saved, reading the snapshot."""
    target = Target(gateway.url, gateway)
    result: dict[str, int] = {}

    first = PowerwallAsync(target, http2=False, merge_requests=True)
    await first.start()
    token = first.pw.token
    await first.aclose()
    gateway.clear()
    second = PowerwallAsync(target, http2=False, merge_requests=True, token=token)
    try:
        for path in SNAPSHOT:
            await second.call(path)
    finally:
        await second.aclose()
    result["powerwall_async (token=)"] = _logins(gateway)

    cache_dir = fresh_cache_dir()
    first_pp = PyPowerwall(target, cache_dir=cache_dir)
    await first_pp.start()
    await first_pp.aclose()
    gateway.clear()
    second_pp = PyPowerwall(target, cache_dir=cache_dir)
    try:
        for path in SNAPSHOT:
            await second_pp.call(path)
    finally:
        await second_pp.aclose()
    result["pypowerwall (its cache file)"] = _logins(gateway)

    gateway.clear()
    tesla = TeslaPowerwall(target)
    try:
        await tesla.start()  # it has no way to reuse a session: every run logs in
        for path in SNAPSHOT:
            await tesla.call(path)
    finally:
        await tesla.aclose()
    result["tesla-powerwall (no saved session)"] = _logins(gateway)
    return result


# -- memory ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Memory:
    """Traced bytes still allocated after so many calls, and the lines that hold the most."""

    checkpoints: list[tuple[int, int]] = field(default_factory=list)
    top_sites: list[tuple[str, int]] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)

    @property
    def growth(self) -> int:
        return self.checkpoints[-1][1]


def _site(stat: tracemalloc.StatisticDiff) -> str:
    frame = stat.traceback[0]
    parts = frame.filename.replace("\\", "/").split("/")
    short = "/".join(parts[-2:])
    return f"{short}:{frame.lineno}"


async def memory_growth(
    gateway: Gateway, *, http2: bool, calls: int, warmup: int, checkpoints: int = 4
) -> Memory:
    """Bytes still allocated after ``calls`` sequential calls (cycling the snapshot's paths)
    that were not before them, traced by tracemalloc, at ``checkpoints`` points on the way
    (a leak grows with the calls; a one-off cost does not); powerwall_async with its
    defaults."""
    result = Memory()
    every = max(1, calls // checkpoints)
    client = PowerwallAsync(Target(gateway.url, gateway), http2=http2, merge_requests=True)
    try:
        await client.start()
        for number in range(warmup):
            await client.call(SNAPSHOT[number % len(SNAPSHOT)])
        gateway.clear()
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            start = tracemalloc.take_snapshot()
            for number in range(1, calls + 1):
                await _call(client, SNAPSHOT[number % len(SNAPSHOT)], result.tally)
                if number % every == 0 or number == calls:
                    gc.collect()
                    result.checkpoints.append((number, tracemalloc.get_traced_memory()[0] - before))
            end = tracemalloc.take_snapshot()
        finally:
            tracemalloc.stop()
    finally:
        await client.aclose()
    ignored = (tracemalloc.Filter(inclusive=False, filename_pattern=tracemalloc.__file__),)
    diff = end.filter_traces(ignored).compare_to(start.filter_traces(ignored), "lineno")
    result.top_sites = [(_site(stat), stat.size_diff) for stat in diff[:3]]
    return result
