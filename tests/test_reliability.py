"""Gentle and unbreakable: the client against a flaky simulated gateway.

A polling loop through random resets, 502s, 503s, garbled bodies and latency; merging of
identical calls; writes never sent twice; nothing sent during a lockout; nothing leaked.
"""

from __future__ import annotations

import random
from collections import Counter

import anyio
import httpx
import pytest

import powerwall_async as pwa
from powerwall_async.testing import Faults, Simulator, simulate

from .helpers import peak_connections

pytestmark = pytest.mark.anyio

READS = 1_000


async def test_polling_through_faults_succeeds_and_never_repeats_a_write() -> None:
    faults = Faults(
        reset_rate=0.02, error_502_rate=0.03, error_503_rate=0.01, truncate_rate=0.02, seed=7
    )
    rng = random.Random(7)
    outcomes: Counter[str] = Counter()
    writes_attempted = 0
    async with simulate(faults=faults, seed=7) as sim:
        async with pwa.Powerwall.connect(
            sim.url, password=sim.password, pin_sha256=sim.cert_sha256, max_retries=3
        ) as pw:
            reads = (pw.meters.aggregates, pw.system_status.soe, pw.system_status.grid_status)
            for index in range(READS):
                # a short cooldown after a final 503 must not count as a lost read
                sim.faults.latency = 0.002 if index % 50 == 0 else 0.0
                try:
                    await reads[index % len(reads)]()
                    outcomes["ok"] += 1
                except pwa.GatewayBusyError:
                    outcomes["busy"] += 1
                    pw._session.gate.cooldown_until = 0.0  # the test does not wait out 5 s
                except pwa.PowerwallError as exc:
                    outcomes[type(exc).__name__] += 1
                if index % 100 == 0:
                    writes_attempted += 1
                    reserve = float(rng.randint(10, 90))
                    try:
                        await pw.operation.set(
                            mode="self_consumption", backup_reserve_percent=reserve
                        )
                    except pwa.PowerwallError as exc:
                        outcomes[f"write {type(exc).__name__}"] += 1
        posts = sim.request_log.matching("POST", "/api/operation")
        # counted by the server: a reset connection is replaced, never joined by a second one
        assert peak_connections(sim) == 1
        assert len({entry.client for entry in sim.request_log}) > 1  # resets did happen
    assert outcomes["ok"] / READS >= 0.99, outcomes
    # writes are never retried: one request per write call, whatever happened to it
    assert len(posts) == writes_attempted


async def test_a_hundred_identical_concurrent_calls_make_one_request(
    powerwall_simulator: Simulator, powerwall_client: pwa.Powerwall
) -> None:
    await powerwall_client.login()
    powerwall_simulator.faults.latency = 0.2
    results: list[float] = []

    async def read() -> None:
        results.append((await powerwall_client.system_status.soe()).percentage)

    async with anyio.create_task_group() as tg:
        for _ in range(100):
            tg.start_soon(read)
    assert len(results) == 100
    assert len(set(results)) == 1
    assert len(powerwall_simulator.request_log.matching("GET", "/api/system_status/soe")) == 1


async def test_merging_can_be_turned_off(powerwall_simulator: Simulator) -> None:
    async with pwa.Powerwall.connect(
        powerwall_simulator.url,
        password=powerwall_simulator.password,
        pin_sha256=powerwall_simulator.cert_sha256,
        merge_requests=False,
    ) as pw:
        await pw.login()
        async with anyio.create_task_group() as tg:
            for _ in range(5):
                tg.start_soon(pw.system_status.soe)
    assert len(powerwall_simulator.request_log.matching("GET", "/api/system_status/soe")) == 5


def peak_concurrency(sim: Simulator, latency: float) -> int:
    """The most GETs the simulator was answering at once (each takes ``latency``)."""
    entries = [e for e in sim.request_log if e.method == "GET"]
    events = sorted([(e.time, 1) for e in entries] + [(e.time + latency, -1) for e in entries])
    in_flight = peak = 0
    for _, change in events:
        in_flight += change
        peak = max(peak, in_flight)
    return peak


@pytest.mark.parametrize(
    ("http2", "max_in_flight", "expected"), [(True, 2, 2), (True, None, 7), (False, None, 1)]
)
async def test_in_flight_requests_are_limited(
    powerwall_simulator: Simulator, http2: bool, max_in_flight: int | None, expected: int
) -> None:
    powerwall_simulator.faults.latency = 0.1
    async with pwa.Powerwall.connect(
        powerwall_simulator.url,
        password=powerwall_simulator.password,
        pin_sha256=powerwall_simulator.cert_sha256,
        http2=http2,
        max_in_flight=max_in_flight,
    ) as pw:
        await pw.login()
        reads = [
            pw.status.get,
            pw.meters.aggregates,
            pw.system_status.soe,
            pw.system_status.grid_status,
            pw.operation.get,
            pw.site_info.get,
            pw.sitemaster.get,
        ]
        async with anyio.create_task_group() as tg:
            for read in reads:
                tg.start_soon(read)
    # over HTTP/2 the server sees overlapping requests; never more than the limit at once
    assert peak_concurrency(powerwall_simulator, 0.1) == expected


async def test_cache_answers_repeated_reads_and_writes_clear_it(
    powerwall_simulator: Simulator,
) -> None:
    async with pwa.Powerwall.connect(
        powerwall_simulator.url,
        password=powerwall_simulator.password,
        pin_sha256=powerwall_simulator.cert_sha256,
        cache_ttl={"operation.get": 60},
    ) as pw:
        first = await pw.operation.get()
        assert await pw.operation.get() is first
        await pw.meters.aggregates()
        await pw.meters.aggregates()  # not cached: no TTL for it
        await pw.operation.set(mode="backup", backup_reserve_percent=50)
        await pw.config.completed()
        after = await pw.operation.get()
    assert after.backup_reserve_percent == 50
    log = powerwall_simulator.request_log
    assert len(log.matching("GET", "/api/operation")) == 2
    assert len(log.matching("GET", "/api/meters/aggregates")) == 2


async def test_no_login_is_sent_during_a_lockout(powerwall_simulator: Simulator) -> None:
    async with pwa.Powerwall.connect(
        powerwall_simulator.url,
        password=powerwall_simulator.password,
        pin_sha256=powerwall_simulator.cert_sha256,
        lockout_cooldown=0.5,
    ) as pw:
        await pw.login()
        powerwall_simulator.lock_out(0.4)
        powerwall_simulator.expire_sessions()
        with pytest.raises(pwa.RateLimitedError):
            await pw.meters.aggregates()
        locked_at = powerwall_simulator.request_log[-1].time
        for _ in range(20):
            with pytest.raises(pwa.RateLimitedError):
                await pw.system_status.soe()
        await anyio.sleep(0.6)
        assert (await pw.meters.aggregates()).load.instant_power > 0
    logins = powerwall_simulator.request_log.matching("POST", "/api/login/Basic")
    assert [e.status for e in logins] == [200, 429, 200]
    assert logins[2].time >= locked_at + 0.5


async def test_retry_after_is_honoured(powerwall_simulator: Simulator) -> None:
    async with pwa.Powerwall.connect(
        powerwall_simulator.url, pin_sha256=powerwall_simulator.cert_sha256
    ) as pw:
        powerwall_simulator.faults.next_statuses.extend([503, 503])
        assert (await pw.status.get()).din  # third attempt succeeds
    assert [e.status for e in powerwall_simulator.request_log] == [503, 503, 200]


async def test_busy_gateway_gets_a_short_cooldown(powerwall_simulator: Simulator) -> None:
    async with pwa.Powerwall.connect(
        powerwall_simulator.url, pin_sha256=powerwall_simulator.cert_sha256, max_retries=0
    ) as pw:
        powerwall_simulator.faults.next_statuses.append(503)
        with pytest.raises(pwa.GatewayBusyError, match="busy"):
            await pw.status.get()
        with pytest.raises(pwa.GatewayBusyError, match="not sent"):
            await pw.status.get()
    assert len(powerwall_simulator.request_log) == 1


async def test_unsupported_endpoint_is_asked_once() -> None:
    async with simulate(profile="restricted") as sim:
        async with pwa.Powerwall.connect(
            sim.url, password=sim.password, pin_sha256=sim.cert_sha256
        ) as pw:
            for _ in range(3):
                with pytest.raises(pwa.EndpointNotSupportedError):
                    await pw.operation.get()
            assert (await pw.meters.aggregates()).load.instant_power > 0
        assert len(sim.request_log.matching("GET", "/api/operation")) == 1


async def test_deadline_bounds_a_call_with_its_retries(powerwall_simulator: Simulator) -> None:
    powerwall_simulator.faults.latency = 1.0
    async with pwa.Powerwall.connect(
        powerwall_simulator.url,
        pin_sha256=powerwall_simulator.cert_sha256,
        timeout=5,
        deadline=0.3,
    ) as pw:
        with anyio.fail_after(3):
            with pytest.raises(pwa.GatewayTimeoutError, match="deadline"):
                await pw.status.get()
        powerwall_simulator.faults.latency = 0
        assert (await pw.status.get()).din


async def test_injected_client_is_not_closed_by_the_library(powerwall_simulator: Simulator) -> None:
    client = httpx.AsyncClient(verify=powerwall_simulator.client_ssl_context())
    async with pwa.Powerwall.connect(powerwall_simulator.url, http_client=client) as pw:
        await pw.status.get()
    assert not client.is_closed
    await client.aclose()


async def test_a_long_retry_after_ends_the_call_and_starts_the_cooldown(
    powerwall_simulator: Simulator,
) -> None:
    powerwall_simulator.faults = Faults(next_statuses=[503], retry_after=20)
    async with pwa.Powerwall.connect(
        powerwall_simulator.url, pin_sha256=powerwall_simulator.cert_sha256, timeout=2
    ) as pw:
        with anyio.fail_after(3):
            with pytest.raises(pwa.GatewayBusyError) as first:
                await pw.status.get()
        assert first.value.status == 503
        with pytest.raises(pwa.GatewayBusyError, match="not sent") as later:
            await pw.status.get()
        assert "cooldown" in str(later.value)
    assert len(powerwall_simulator.request_log) == 1


async def test_a_short_retry_after_is_waited_out_and_retried(
    powerwall_simulator: Simulator,
) -> None:
    powerwall_simulator.faults = Faults(next_statuses=[503, 502], retry_after=0.01)
    async with pwa.Powerwall.connect(
        powerwall_simulator.url, pin_sha256=powerwall_simulator.cert_sha256
    ) as pw:
        assert (await pw.status.get()).din
    assert [e.status for e in powerwall_simulator.request_log] == [503, 502, 200]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("120", 120.0),
        ("0", 0.0),
        ("inf", None),
        ("nan", None),
        ("-5", None),
        ("soon", None),
        ("86400", 3600.0),
    ],
)
def test_retry_after_values_are_sane(header: str, expected: float | None) -> None:
    from powerwall_async._errors import retry_after_seconds

    assert retry_after_seconds({"retry-after": header}) == expected


@pytest.mark.parametrize("http2", [False, True])
async def test_one_keep_alive_connection_carries_everything(
    powerwall_simulator: Simulator, http2: bool
) -> None:
    async with pwa.Powerwall.connect(
        powerwall_simulator.url,
        password=powerwall_simulator.password,
        pin_sha256=powerwall_simulator.cert_sha256,
        http2=http2,
        merge_requests=False,
    ) as pw:
        reads = [pw.meters.aggregates, pw.system_status.soe, pw.operation.get, pw.sitemaster.get]
        async with anyio.create_task_group() as tg:
            for index in range(40):
                tg.start_soon(reads[index % len(reads)])
        for read in reads:
            await read()
    clients = {entry.client for entry in powerwall_simulator.request_log}
    assert len(powerwall_simulator.request_log) == 1 + 40 + 4  # the login, then the reads
    assert len(clients) == 1
    assert None not in clients
