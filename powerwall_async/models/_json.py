"""Models as plain JSON values, for diagnostics dumps and ``--json`` output."""

from __future__ import annotations

import enum
import functools
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

import attrs

__all__ = ["to_json"]


@functools.singledispatch
def to_json(value: Any) -> Any:
    """``value`` (a model, a list or mapping of them, or a plain value) as values
    :func:`json.dumps` takes: attrs classes become objects of their fields (the gateway's
    names), enums their value, times ISO 8601 text, durations seconds, tuples lists.

    >>> json.dumps(to_json(await pw.meters.aggregates()))
    """
    if attrs.has(type(value)):
        return {f.name: to_json(getattr(value, f.name)) for f in attrs.fields(type(value))}
    return value


@to_json.register
def _(value: enum.Enum) -> Any:
    return to_json(value.value)


@to_json.register
def _(value: datetime) -> Any:
    return value.isoformat()


@to_json.register
def _(value: timedelta) -> Any:
    return value.total_seconds()


@to_json.register
def _(value: Mapping) -> Any:  # type: ignore[type-arg]
    return {str(key): to_json(item) for key, item in value.items()}


@to_json.register(list)
@to_json.register(tuple)
def _(value: list[Any] | tuple[Any, ...]) -> Any:
    return [to_json(item) for item in value]
