"""Identical calls in flight share one outcome; a cancelled leader does not strand followers."""

from __future__ import annotations

import anyio
import pytest

from powerwall_async._sharing import ResponseCache, SingleFlight

pytestmark = pytest.mark.anyio


async def test_concurrent_callers_share_one_call() -> None:
    flights: SingleFlight[str, int] = SingleFlight()
    calls = 0
    release = anyio.Event()

    async def work() -> int:
        nonlocal calls
        calls += 1
        await release.wait()
        return 42

    results: list[int] = []

    async def caller() -> None:
        results.append(await flights.run("k", work))

    async with anyio.create_task_group() as tg:
        for _ in range(20):
            tg.start_soon(caller)
        await anyio.wait_all_tasks_blocked()
        release.set()
    assert calls == 1
    assert results == [42] * 20
    assert len(flights) == 0


async def test_errors_reach_every_caller_as_separate_objects() -> None:
    flights: SingleFlight[str, int] = SingleFlight()
    release = anyio.Event()

    async def fail() -> int:
        await release.wait()
        raise LookupError("boom")

    errors: list[BaseException] = []

    async def caller() -> None:
        try:
            await flights.run("k", fail)
        except LookupError as exc:
            errors.append(exc)

    async with anyio.create_task_group() as tg:
        for _ in range(3):
            tg.start_soon(caller)
        await anyio.wait_all_tasks_blocked()
        release.set()
    assert [str(e) for e in errors] == ["boom"] * 3
    assert len({id(e) for e in errors}) == 3


async def test_a_cancelled_leader_hands_over_to_a_waiting_caller() -> None:
    flights: SingleFlight[str, str] = SingleFlight()
    calls = 0

    async def work() -> str:
        nonlocal calls
        calls += 1
        if calls == 1:
            await anyio.sleep_forever()
        return "second try"

    async with anyio.create_task_group() as tg:
        leader = anyio.CancelScope()

        async def lead() -> None:
            with leader:
                await flights.run("k", work)

        tg.start_soon(lead)
        await anyio.wait_all_tasks_blocked()
        follower_result: list[str] = []

        async def follow() -> None:
            follower_result.append(await flights.run("k", work))

        tg.start_soon(follow)
        await anyio.wait_all_tasks_blocked()
        leader.cancel()
    assert follower_result == ["second try"]
    assert calls == 2


def test_cache_keeps_entries_for_their_ttl_only() -> None:
    cache: ResponseCache[str, int] = ResponseCache({"meters.aggregates": 60, "*": 0})
    cache.put("/api/meters/aggregates", "meters.aggregates", 1)
    cache.put("/api/status", "status.get", 2)
    assert cache.get("/api/meters/aggregates") == 1
    assert cache.get("/api/status") is None
    cache.clear()
    assert cache.get("/api/meters/aggregates") is None
    expired: ResponseCache[str, int] = ResponseCache({"*": 1e-9})
    expired.put("k", "x", 3)
    assert expired.get("k") is None
    with pytest.raises(ValueError, match="must not be negative"):
        ResponseCache({"x": -1})
