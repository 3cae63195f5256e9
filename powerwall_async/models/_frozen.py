"""Immutable containers for answers: one answer is shared by merged callers and the cache.

Models hold ``tuple`` where JSON has a list, and :class:`FrozenDict` where it has an object
without a fixed set of keys; free-form JSON (``Any`` fields) is frozen the same way, all the
way down.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn, TypeVar

__all__ = ["FrozenDict", "freeze"]

K = TypeVar("K")
V = TypeVar("V")


class FrozenDict(dict[K, V]):
    """A ``dict`` that cannot be changed: every mutating method raises ``TypeError``.

    It is a ``dict`` so that ``json.dumps``, ``attrs.asdict``, equality with plain dicts,
    ``copy.deepcopy`` and pickling keep working on models.
    """

    __slots__ = ()

    def _refuse(self, *_: object, **__: object) -> NoReturn:
        raise TypeError("answers are shared and cannot be changed; copy it with dict(...)")

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __repr__(self) -> str:
        return f"FrozenDict({dict.__repr__(self)})"

    def __reduce__(self) -> tuple[type[FrozenDict[K, V]], tuple[dict[K, V]]]:
        return type(self), (dict(self),)

    def __or__(self, other: Any) -> dict[K, V]:  # type: ignore[override]
        return {**self, **other}

    def __copy__(self) -> FrozenDict[K, V]:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenDict[K, V]:
        return self


def frozen_items(items: Mapping[Any, Any]) -> FrozenDict[Any, Any]:
    """A :class:`FrozenDict` of ``items`` (itself when it already is one): the converter of
    mapping fields models build themselves."""
    return items if isinstance(items, FrozenDict) else FrozenDict(items)


def freeze(value: Any) -> Any:
    """Free-form JSON made immutable: objects become :class:`FrozenDict`, lists tuples."""
    if isinstance(value, dict) and not isinstance(value, FrozenDict):
        return FrozenDict((key, freeze(item)) for key, item in value.items())
    if isinstance(value, list):
        return tuple(freeze(item) for item in value)
    return value
