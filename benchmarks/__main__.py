"""Run the whole benchmark suite, print the tables, write docs/performance.md.

    python -m benchmarks [--quick] [--output docs/performance.md | --no-write]

``nox -s bench`` runs this. ``--quick`` runs a few calls of everything (a smoke test of the
harness; its figures mean little) and writes nothing unless ``--output`` is given.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import anyio

from . import _clients as c
from . import _local, _machine, _scenarios, framing, tedapi_status
from ._gateway import Gateway, running_gateway
from ._report import Target, kb, ms, table, targets_table, times, us

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "performance.md"
COMMAND = "nox -s bench"
MEGABYTE = 1_000_000


@dataclass(frozen=True, slots=True)
class Settings:
    rounds: int = 7
    calls: int = 300
    warmup: int = 100
    burst_rounds: int = 5
    burst_tasks: int = 50
    burst_calls: int = 10
    snapshot_repeats: int = 3
    identical: int = 100
    memory_calls: int = 10_000
    memory_warmup: int = 700
    import_runs: int = 15
    vitals_rounds: int = 200
    framing_requests: int = 3000


QUICK = Settings(
    rounds=2,
    calls=20,
    warmup=5,
    burst_rounds=1,
    burst_tasks=10,
    burst_calls=3,
    snapshot_repeats=1,
    identical=20,
    memory_calls=200,
    memory_warmup=20,
    import_runs=2,
    vitals_rounds=5,
    framing_requests=50,
)

PER_CALL = (
    c.HTTPX_H1,
    c.HTTPX_H2,
    c.HTTPCORE_H1,
    c.AIOHTTP_RAW,
    c.PW_H1,
    c.PW_H2,
    c.PW_AIOHTTP,
    c.TESLA,
    c.PYPOWERWALL,
)
PW_H2_WIDE = c.Spec(
    "powerwall_async, max_in_flight=50",
    "HTTP/2",
    lambda t: c.PowerwallAsync(t, http2=True, max_in_flight=50),
)


def _pw_h2_limited(target: c.Target, *, max_in_flight: int) -> c.Client:
    return c.PowerwallAsync(target, http2=True, max_in_flight=max_in_flight)


BURST = (
    c.HTTPX_H1,
    c.HTTPX_H2,
    c.PW_H1,
    c.PW_H2,
    PW_H2_WIDE,
    c.PW_AIOHTTP,
    c.TESLA,
    c.PYPOWERWALL,
)
SNAPSHOT = (
    _scenarios.SnapshotCase(c.TESLA, concurrent=False, note="serially, as Home Assistant"),
    _scenarios.SnapshotCase(c.PYPOWERWALL, concurrent=False, note="serially"),
    _scenarios.SnapshotCase(c.PW_H1, concurrent=False, note="serially"),
    _scenarios.SnapshotCase(c.PW_H1, concurrent=True, note="gathered"),
    _scenarios.SnapshotCase(c.PW_H2, concurrent=True, note="gathered"),
    _scenarios.SnapshotCase(c.PW_AIOHTTP, concurrent=True, note="gathered"),
    *(
        _scenarios.SnapshotCase(
            c.Spec(
                f"powerwall_async, max_in_flight={limit}",
                "HTTP/2",
                functools.partial(_pw_h2_limited, max_in_flight=limit),
            ),
            concurrent=True,
            note="gathered",
        )
        for limit in (2, 4)
    ),
    _scenarios.SnapshotCase(c.HTTPX_H2, concurrent=True, note="gathered"),
)


def failures(tally: _scenarios.Tally) -> str:
    if not tally.errors:
        return "0"
    return f"{tally.errors} ({', '.join(sorted(tally.kinds))})"


RETRIED = (
    "Failed calls: calls that raised (or, for pypowerwall, returned None) and were made once "
    "more inside the same timing. The simulator (hypercorn's defaults) ends a connection "
    "after 1,000 requests (HTTP/2: GOAWAY) and closes connections idle for 5 s; a client "
    "that reuses a connection as it ends may fail that call."
)


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


class Report:
    def __init__(self) -> None:
        self.targets: list[Target] = []
        self.sections: list[str] = []

    def section(self, title: str, intro: str, lines: list[str], notes: str = "") -> None:
        self.sections += [f"## {title}", "", intro, "", *lines, ""]
        if notes:
            self.sections += [notes, ""]


async def per_call(gateway: Gateway, settings: Settings, report: Report) -> None:
    progress("per call: sequential keep-alive GET /api/meters/aggregates")
    results = await _scenarios.per_call(
        gateway, PER_CALL, rounds=settings.rounds, calls=settings.calls, warmup=settings.warmup
    )
    by_key = {(r.spec.label, r.spec.protocol): r for r in results}
    httpx_h1, httpx_h2 = by_key["raw httpx", "HTTP/1.1"], by_key["raw httpx", "HTTP/2"]
    tesla = by_key["tesla-powerwall", "HTTP/1.1"]
    rows = []
    for result in results:
        floor = httpx_h2 if result.spec.protocol == "HTTP/2" else httpx_h1
        rows.append(
            [
                result.spec.label,
                result.seen_protocol,
                us(result.median),
                us(result.p90),
                us(result.cpu),
                times(_scenarios.ratio(result.round_medians, floor.round_medians)),
                times(_scenarios.ratio(result.round_medians, tesla.round_medians)),
                failures(result.tally),
            ]
        )
    headers = [
        "Client",
        "Protocol (seen)",
        "Median",
        "p90",
        "Client CPU",
        "vs httpx",
        "vs tesla",
        "Failed calls",
    ]
    report.section(
        "Per call",
        f"Sequential calls of GET /api/meters/aggregates on a keep-alive connection, logged in; "
        f"{settings.rounds} rounds of {settings.calls} calls per client, taking turns. Median "
        "and p90 are wall time per call; client CPU is the benchmark process's CPU time per "
        "call (the simulator runs in another process, so this is the client's own cost). "
        "'vs httpx' compares with raw httpx over the same protocol; ratios are medians of "
        "round-by-round ratios. powerwall_async runs with merging and caching off.",
        table(headers, rows),
        RETRIED,
    )
    for spec, floor in ((c.PW_H1, httpx_h1), (c.PW_H2, httpx_h2)):
        ours = by_key[spec.label, spec.protocol]
        vs_httpx = _scenarios.ratio(ours.round_medians, floor.round_medians)
        report.targets.append(
            Target(
                f"Per call, {spec.label} / raw httpx ({spec.protocol}), wall",
                f"{times(vs_httpx)} ({us(ours.median)} vs {us(floor.median)})",
                "≤ 1.10x",
                vs_httpx <= 1.10,
            )
        )
    for spec, bound in ((c.PW_H2, 1.5), (c.PW_H1, 1.5), (c.PW_AIOHTTP, 1.2)):
        ours = by_key[spec.label, spec.protocol]
        cpu = ours.cpu / tesla.cpu
        report.targets.append(
            Target(
                f"Client CPU per call, {spec.label} ({spec.protocol}) / tesla-powerwall",
                f"{times(cpu)} ({us(ours.cpu)} vs {us(tesla.cpu)})",
                f"≤ {bound}x",
                cpu <= bound,
            )
        )


async def bursts(gateway: Gateway, settings: Settings, report: Report) -> None:
    tasks, calls = settings.burst_tasks, settings.burst_calls
    progress(f"{tasks} tasks x {calls} calls")
    results = await _scenarios.bursts(
        gateway, BURST, rounds=settings.burst_rounds, tasks=tasks, calls=calls
    )
    tesla = next(r for r in results if r.spec is c.TESLA)
    rows = [
        [
            r.spec.label,
            r.spec.protocol,
            ms(r.median),
            times(_scenarios.ratio(r.walls, tesla.walls)),
            str(r.connections),
            failures(r.tally),
        ]
        for r in results
    ]
    report.section(
        f"{tasks} concurrent tasks x {calls} calls",
        f"{tasks} tasks, each making {calls} calls one after another, cycling through the 7 "
        f"snapshot endpoints (task i, call j reads endpoint (i + j) mod 7); no added latency. "
        f"Wall time for all {tasks * calls} calls, median of {settings.burst_rounds} runs after "
        "one warm-up run. powerwall_async: merging and caching off, its defaults otherwise "
        "(one connection; at most 7 requests in flight over HTTP/2, 2 over HTTP/1.1 and with "
        "the aiohttp transport) unless the label says. "
        "pypowerwall runs in worker threads, one per task. Connections: opened during one "
        "more run through the counting relay.",
        table(["Client", "Protocol", "Wall", "vs tesla", "Connections", "Failed calls"], rows),
        RETRIED,
    )
    for spec in (c.PW_AIOHTTP, c.PW_H2, c.PW_H1):
        ours = next(r for r in results if r.spec is spec)
        relative = _scenarios.ratio(ours.walls, tesla.walls)
        report.targets.append(
            Target(
                f"{tasks}x{calls} wall, {spec.label} ({spec.protocol}) / tesla-powerwall",
                f"{times(relative)} ({ms(ours.median)} vs {ms(tesla.median)})",
                "≤ 1.00x",
                relative <= 1.0,
            )
        )


async def snapshots(gateway: Gateway, settings: Settings, report: Report) -> None:
    progress("snapshot with 100 ms of gateway latency")
    results = await _scenarios.snapshots(gateway, SNAPSHOT, repeats=settings.snapshot_repeats)
    rows = [
        [
            r.case.spec.label,
            r.case.spec.protocol,
            r.case.note,
            ms(r.median),
            f"{r.round_trips:.2f}",
            str(r.connections),
        ]
        for r in results
    ]
    report.section(
        "Home Assistant snapshot",
        f"The 7 reads of a Home Assistant poll ({', '.join(c.SNAPSHOT)}) with "
        f"{_scenarios.LATENCY * 1000:.0f} ms of simulated gateway latency on every answer. "
        f"Wall time: median of {settings.snapshot_repeats} snapshots after one warm-up "
        "snapshot; round trips = wall / 0.1 s (the excess over a whole number is the "
        "client's and the simulator's own time). Connections: opened by the client over its "
        "login and all its snapshots, counted by the relay in front of the simulator (the "
        "simulator's request log does not record client ports). powerwall_async sends at most "
        "`max_in_flight` requests at a time (by default 7 over HTTP/2, 2 over HTTP/1.1).",
        table(["Client", "Protocol", "Reads", "Wall", "Round trips", "Connections"], rows),
    )
    ours = next(r for r in results if r.case.spec is c.PW_H2 and r.case.concurrent)
    serial = [r for r in results if r.case.spec in (c.TESLA, c.PYPOWERWALL)]
    peers = ", ".join(f"{r.case.spec.label} {r.round_trips:.2f}" for r in serial)
    report.targets.append(
        Target(
            "Snapshot, defaults (HTTP/2), gathered: gateway round trips",
            f"{ours.round_trips:.2f} ({peers})",
            "≤ 1.2 (serial peers: 7)",
            ours.round_trips <= 1.2,
        )
    )


async def requests_and_logins(gateway: Gateway, settings: Settings, report: Report) -> None:
    progress("merged requests and saved-session logins")
    merged = await _scenarios.merged_requests(gateway, settings.identical)
    logins = await _scenarios.saved_session_logins(gateway)
    rows = [
        [f"{settings.identical} concurrent identical calls: {label}", str(count)]
        for label, count in merged.items()
    ]
    rows += [[f"Logins, second run: {label}", str(count)] for label, count in logins.items()]
    report.section(
        "Gateway requests and logins",
        f"Requests the gateway saw for {settings.identical} concurrent calls of GET "
        "/api/meters/aggregates (powerwall_async with its defaults: merging on), and logins "
        "in a second run that reuses what a first run saved, reading the 7 snapshot endpoints.",
        table(["Measure", "Count"], rows),
    )
    ours = merged["powerwall_async"]
    report.targets.append(
        Target(
            f"Gateway requests for {settings.identical} identical concurrent calls",
            str(ours),
            "1",
            ours == 1,
        )
    )
    saved = logins["powerwall_async (token=)"]
    report.targets.append(Target("Logins with a saved token", str(saved), "0", saved == 0))


async def memory(gateway: Gateway, settings: Settings, report: Report) -> None:
    progress(f"memory over {settings.memory_calls:,} calls (tracemalloc)")
    rows = []
    growth: dict[str, int] = {}
    for protocol, http2 in (("HTTP/1.1", False), ("HTTP/2", True)):
        result = await _scenarios.memory_growth(
            gateway, http2=http2, calls=settings.memory_calls, warmup=settings.memory_warmup
        )
        growth[protocol] = result.growth
        rows.append(
            [
                f"powerwall_async, {protocol}",
                ", ".join(f"{kb(size)} at {calls:,}" for calls, size in result.checkpoints),
                "; ".join(f"{site} {kb(size)}" for site, size in result.top_sites),
                failures(result.tally),
            ]
        )
    report.section(
        "Memory",
        f"Memory still allocated after so many of {settings.memory_calls:,} sequential calls "
        f"(cycling the 7 snapshot endpoints) that was not before them, after "
        f"{settings.memory_warmup} warm-up calls, traced by tracemalloc in the client process "
        "(the simulator is in another); a leak keeps growing from checkpoint to checkpoint. "
        "powerwall_async with its defaults. Lines: the three source lines whose live "
        "allocations grew the most over the run.",
        table(["Client", "Growth", "Lines", "Failed calls"], rows),
        RETRIED,
    )
    worst = max(growth.values())
    report.targets.append(
        Target(
            f"Memory growth over {settings.memory_calls:,} calls",
            f"{kb(worst)} (worse of HTTP/1.1, HTTP/2)",
            "< 1 MB",
            worst < MEGABYTE,
        )
    )


def local_measures(settings: Settings, report: Report, tedapi: tuple[str, bytes]) -> None:
    progress("import time and vitals decode")
    imports = _local.import_times(("powerwall_async", "httpx"), settings.import_runs)
    relative = imports["powerwall_async"] / imports["httpx"]
    breakdown = _local.import_breakdown("powerwall_async", 8)
    report.section(
        "Import time",
        f"`import MODULE` timed inside fresh interpreters, median of {settings.import_runs} "
        "runs each, taking turns, both loading compiled bytecode as an installed wheel does. "
        "powerwall_async imports httpx only when a client connects.",
        table(["Module", "Import"], [[name, ms(value)] for name, value in imports.items()]),
        "Where `import powerwall_async` spends its time (one `python -X importtime` run; "
        "each module's own time, summed per package; the top 8): "
        + ", ".join(f"{name} {ms(value)}" for name, value in breakdown)
        + ".",
    )
    report.targets.append(
        Target(
            "import powerwall_async / import httpx",
            f"{times(relative)} ({ms(imports['powerwall_async'])} vs {ms(imports['httpx'])})",
            "≤ 1.3x",
            relative <= 1.3,
        )
    )
    framed = framing.measure(settings.framing_requests)
    report.section(
        "HTTP framing",
        "The client's CPU for the protocol alone, without the network or TLS "
        "(benchmarks/framing.py): writing one GET the way the TLS transport's engine does and "
        "reading the recorded meters answer, in memory; median of "
        f"{settings.framing_requests:,} requests. The difference between the two is most of "
        "the difference between the HTTP/2 and HTTP/1.1 rows of the per-call table.",
        table(["Protocol", "Median"], [[label, us(value)] for label, value in framed.items()]),
    )
    report.targets.append(
        Target(
            "HTTP framing alone, per request: h2 / h11",
            " / ".join(us(value) for value in framed.values()),
            "(no target: reported)",
            None,
        )
    )
    build, decoded, size = tedapi_status.measure(*tedapi, settings.vitals_rounds)
    report.section(
        "TEDAPI status",
        f"The client's CPU for one TEDAPI status read, without the network "
        f"(benchmarks/tedapi_status.py): building the v1 request of the signed status query, "
        f"and decoding the simulator's answer ({size:,} bytes; protobuf, the GraphQL JSON in "
        f"it, then `models.tedapi.parse_status`). Median of {settings.vitals_rounds} rounds.",
        table(["Step", "Median"], [["build the request", us(build)], ["decode", us(decoded)]]),
    )
    report.targets.append(
        Target(
            "TEDAPI status: build the request + decode the answer",
            f"{us(build + decoded)} ({us(build)} + {us(decoded)})",
            "(no target: reported)",
            None,
        )
    )
    decode = _local.vitals(settings.vitals_rounds)
    rows = [[label.strip(), f"{value:,.1f} µs"] for label, value in decode.parts]
    report.section(
        "Vitals decode",
        f"Decoding the reference payload (tests/fixtures/vitals/api-devices-vitals.pb), median "
        f"of {settings.vitals_rounds} decodes (benchmarks/vitals_decode.py). upb builds Python "
        "objects lazily, on access; the last row reads every field to match a decoder that "
        "builds everything up front.",
        table(["Decoder", "Median"], rows),
    )
    if decode.google is not None:
        report.targets.append(
            Target(
                "Vitals decode: decode_vitals / google protobuf (upb)",
                f"{decode.ours / decode.google:,.0f}x parse only, "
                f"{decode.ours / (decode.google_read_all or decode.google):,.1f}x with every "
                f"field read ({decode.ours:,.0f} µs)",
                "(no target: reported)",
                None,
            )
        )


async def run(settings: Settings, report: Report) -> None:
    with running_gateway() as gateway:
        await per_call(gateway, settings, report)
        await bursts(gateway, settings, report)
        await snapshots(gateway, settings, report)
        await requests_and_logins(gateway, settings, report)
        await memory(gateway, settings, report)
    local_measures(settings, report, await tedapi_status.answer())


GAPS = [
    "## Where the gaps come from",
    "",
    "From `python -m benchmarks.profile_call` (pyinstrument, 1,500 sequential calls of GET "
    "/api/meters/aggregates; shares of the client's own work, the time not spent waiting for "
    "the simulator). Default transport (HTTP/2): powerwall_async 26 % (its call pipeline, the "
    "engine's glue and the structuring hooks), h2 21 %, asyncio 13 % (the event loop and its "
    "native TLS), hpack 10 %, hyperframe 9 %, cattrs 5 %, anyio 4 %, json 3 %. aiohttp "
    "transport (`--transport aiohttp`): powerwall_async 34 %, aiohttp 26 %, asyncio 13 %, "
    "json 10 %, anyio 6 %, cattrs 5 %. Above the engine, `python -m benchmarks.core_overhead` "
    "(no network) puts the library's own cost at about 33 µs per call for a one-field answer "
    "and 140 µs for the 130-field meters answer, most of it decoding and structuring.",
    "",
    "- Client CPU per call, default (HTTP/2): under asyncio the transport runs its own "
    "connection (h2 on asyncio's native TLS, no httpcore); HTTP/2 itself is what remains "
    "above the target. h2, hpack and hyperframe are pure Python: the HTTP framing table shows "
    "HTTP/2's framing alone costing more per request than HTTP/1.1's (h11, also pure Python), "
    "and tesla-powerwall parses HTTP/1.1 in aiohttp's compiled parser. The simulator's HTTP/2 "
    "server (hypercorn) also sends an answer's HEADERS and DATA in separate writes, so the "
    "client wakes about 1.9 times per HTTP/2 answer against 1.4 per HTTP/1.1 answer, and "
    "each wake-up costs a TLS read and a trip through the event loop. The http2=False row is "
    "the same engine over HTTP/1.1: the difference is HTTP/2's share. HTTP/2 stays the "
    "default: on a real gateway a call "
    "costs round trips (tens of milliseconds on Wi-Fi), not a fraction of a millisecond of "
    "client CPU, and HTTP/2 turns the seven-read poll into one round trip (the snapshot "
    "table).",
    "- Client CPU per call, aiohttp transport: both clients run on aiohttp; what "
    "powerwall_async adds is its call pipeline (deadline, gate, credentials, in-flight limit: "
    "about 33 µs) and structuring the 130-field meters answer into typed, immutable models "
    "with every value checked, where tesla-powerwall copies seven fields per meter into a "
    "dataclass, unchecked. Counted in instructions (valgrind, client process only), a whole "
    "call is 1.16 M instructions against tesla-powerwall's 0.72 M, of which about 0.30 M are "
    "structuring and 0.07 M the transport above raw aiohttp.",
    "- 50 x 10 concurrent calls over HTTP/1.1 (the aiohttp transport, http2=False): "
    "tesla-powerwall opens a connection per task (the Connections column); powerwall_async "
    "keeps one on purpose (gateways on weak Wi-Fi wedge under parallel connections, and Home "
    "Assistant went back to one), and one HTTP/1.1 connection carries one request at a time, "
    "so its wall time is the sum of the calls' round trips. On loopback, with no latency, "
    "parallel connections win; on a gateway they are what gets a client rate limited. Over "
    "HTTP/2 (the default row) the same single connection carries seven requests at a time, "
    "which brings it close to tesla-powerwall's 50 connections; the rest is the client's "
    "CPU per call, above.",
    "- Snapshot: over HTTP/2 the default allows seven requests in flight, so the seven reads "
    "leave together as streams and take one round trip; the excess over 1.0 is the client's "
    "and the simulator's own time for seven answers (the simulator answers them one after "
    "another on its one process, so a loaded machine shows here first). Over HTTP/1.1 (the "
    "aiohttp transport, "
    "http2=False) one connection carries one request at a time, as for the serial peers.",
    "- Import: the endpoint groups, their declarations and their models load on first use, as "
    "do betterproto2, cattrs, httpx/httpcore, h2, h11 and the TLS stack; what remains is "
    "anyio, attrs and the core. Both imports are timed from compiled bytecode, as installed "
    "from a wheel.",
    "",
]
"""The reading of the profiles; figures from the profiles of 2026-12-02 (after the asyncio
engine)."""


def document(report: Report, elapsed: float, quick: bool) -> str:
    machine = _machine.machine()
    lines = [
        "# Performance",
        "",
        f"<!-- Generated by `{COMMAND}` (python -m benchmarks); do not edit by hand. -->",
        "",
        f"Generated by `{COMMAND}` (`python -m benchmarks`, the code in benchmarks/); do not "
        "edit by hand. Every figure comes from one run against the project's gateway "
        "simulator (real HTTPS on 127.0.0.1, hypercorn, in a process of its own), so the "
        "ratios compare clients on the same machine at the same time. The machine is shared "
        "and noisy: read medians and ratios, not single figures.",
        "",
        f"Run on {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC in {elapsed:.0f} s"
        + (" (--quick: smoke-test counts, figures not meaningful)" if quick else "")
        + ".",
        "",
        *table(["Machine", ""], machine),
        "",
        *table(["Package", "Version"], _machine.versions()),
        "",
        "## Targets",
        "",
        *targets_table(report.targets),
        "",
        *GAPS,
        *report.sections,
        "## How the clients are driven",
        "",
        "- raw httpx / raw httpcore: one login, then the headers powerwall_async sends, SNI "
        "`powerwall`, verification through `sim.client_ssl_context()`; each call reads the "
        "body and `json.loads` it.",
        "- powerwall_async: `Powerwall.connect(url, password=, pin_sha256=, http2=, "
        "merge_requests=False, cache_ttl=None)` unless said otherwise; calls return models.",
        "- tesla-powerwall (asyncio, aiohttp): `Powerwall(url, verify_ssl=False)`, `login()`, "
        "its high-level getters (`get_meters()`, ...), which return its models; it has no "
        "cache. Verification off: the only mode it offers for a self-signed gateway.",
        "- pypowerwall (synchronous, requests): `Powerwall(host='127.0.0.1:PORT', "
        "pwcacheexpire=0, failover=False)`, `poll(path)`, which returns decoded JSON; it "
        "always sends `verify=False`. Sequential calls run as is, blocking the benchmark's "
        "thread; concurrent ones in worker threads.",
        "- The simulator runs in a child process (`benchmarks/_gateway.py`), HTTP/1.1 and "
        "HTTP/2 offered by ALPN, with hypercorn's defaults: a connection ends after 1,000 "
        "requests or 5 s idle.",
        "",
        "Where a powerwall_async call spends its time: `python -m benchmarks.profile_call "
        "[--http2 | --transport aiohttp]` (pyinstrument, against the same simulator).",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a smoke test of the harness")
    parser.add_argument("--output", type=Path, help=f"where to write (default {OUTPUT})")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    settings = QUICK if args.quick else Settings()
    output = args.output or (None if args.quick or args.no_write else OUTPUT)
    report = Report()
    started = time.perf_counter()
    anyio.run(run, settings, report)
    text = document(report, time.perf_counter() - started, args.quick)
    print(text)
    if output is not None:
        output.write_text(text)
        progress(f"wrote {output}")


if __name__ == "__main__":
    main()
