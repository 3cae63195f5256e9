"""Answers are shared by merged callers and the cache: no caller can change what another gets."""

from __future__ import annotations

import copy
import json
import pickle
from collections.abc import Callable
from typing import Any

import anyio
import attrs
import pytest

import powerwall_async as pwa
from powerwall_async.models._frozen import FrozenDict

from .helpers import RECORDINGS, Script, json_answer

pytestmark = pytest.mark.anyio

RUNNING = RECORDINGS / "21.44-running"


def cached_client() -> pwa.Powerwall:
    return pwa.Powerwall.connect(f"fixture://{RUNNING}", cache_ttl=60)


async def test_cached_models_cannot_be_changed_by_a_caller() -> None:
    async with cached_client() as pw:
        cts = await pw.meters.cts("METER_SERIALsynchrometerY")
        with pytest.raises(AttributeError):
            cts[1].valid.append(True)  # type: ignore[attr-defined]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            cts[1].valid = ()  # type: ignore[misc]
        regions = await pw.site_info.grid_regions()
        with pytest.raises(TypeError):
            regions.grid_code_settings["x"] = None  # type: ignore[index]
        with pytest.raises(TypeError):
            regions.grid_code_settings.clear()  # type: ignore[attr-defined]
        again = await pw.meters.cts("METER_SERIALsynchrometerY")
    assert again[1].valid == (False, False, True, False)


async def test_a_list_answer_is_each_callers_own() -> None:
    async with cached_client() as pw:
        first = await pw.meters.get()
        first.clear()
        second = await pw.meters.get()
        assert [meter.type for meter in second] == ["synchrometerY", "synchrometerX"]
        second.append(second[0])
        assert len(await pw.meters.get()) == 2


async def test_merged_callers_get_their_own_lists_of_the_same_models() -> None:
    results: list[Any] = []
    async with pwa.Powerwall.connect(f"fixture://{RUNNING}") as pw:
        async with anyio.create_task_group() as tg:
            for _ in range(5):
                tg.start_soon(lambda: _append(results, pw.meters.get()))
    assert len({id(result) for result in results}) == 5
    assert all(result == results[0] for result in results)


async def _append(results: list[Any], call: Any) -> None:
    results.append(await call)


async def test_free_form_json_is_frozen_all_the_way_down() -> None:
    body = b'{"din": "1232100-00-E--TG1", "followers": [{"din": "F1", "parts": [1, {"x": [2]}]}]}'
    script = Script(lambda _: json_answer(body))
    async with pwa.Powerwall(script.transport(), cache_ttl=60) as pw:
        status = await pw.status.get()
        assert await pw.status.get() is status
    assert status.followers == ({"din": "F1", "parts": (1, {"x": (2,)})},)
    _assert_frozen(status.followers)
    assert len(script.requests) == 1


def _assert_frozen(value: Any) -> None:
    assert not isinstance(value, list)
    if isinstance(value, dict):
        assert isinstance(value, FrozenDict)
        for item in value.values():
            _assert_frozen(item)
    if isinstance(value, tuple):
        for item in value:
            _assert_frozen(item)


def test_a_frozen_dict_still_serialises_copies_and_pickles() -> None:
    frozen = FrozenDict({"a": (1, 2), "b": FrozenDict({"c": None})})
    assert json.loads(json.dumps(frozen)) == {"a": [1, 2], "b": {"c": None}}
    assert frozen == {"a": (1, 2), "b": {"c": None}}
    assert copy.deepcopy(frozen) == frozen
    restored = pickle.loads(pickle.dumps(frozen))
    assert restored == frozen
    assert type(restored) is FrozenDict
    changes: tuple[Callable[[], object], ...] = (
        lambda: frozen.update(x=1),
        lambda: frozen.pop("a"),
        lambda: frozen.setdefault("x", 1),
        frozen.popitem,
    )
    for change in changes:
        with pytest.raises(TypeError, match="cannot be changed"):
            change()
    with pytest.raises(TypeError):
        del frozen["a"]
