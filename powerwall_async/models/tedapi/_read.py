"""Lenient readers for TEDAPI JSON: one wrong value gives ``None``, never an exception.

The answers come from GraphQL on the gateway and drift between firmware versions and test
tools: states as strings or as ints/bools, ``null`` or ``[]`` for empty lists, integers or
floats with noise (``32800.00000000001``), git hashes as arrays of byte values. Each reader
takes one JSON value and returns the Python value it stands for, or ``None`` (or an empty
tuple) when the value is missing or of another shape.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

from ..._errors import ResponseFormatError
from .._types import parse_timestamp

__all__ = [
    "enum_of",
    "flag",
    "githash",
    "integer",
    "member",
    "number",
    "objects",
    "path",
    "state",
    "strings",
    "text",
    "timestamp",
    "top_object",
]

JsonObject = Mapping[str, Any]
E = TypeVar("E", bound=enum.Enum)


def top_object(data: object, what: str) -> JsonObject:
    """The top level of an answer, which must be a JSON object."""
    if isinstance(data, Mapping):
        return data
    raise ResponseFormatError(
        f"the gateway's TEDAPI {what} is not a JSON object (got {type(data).__name__}); "
        "this firmware may answer differently: record it with `powerwall-async record` and "
        "report it"
    )


def path(data: object, *keys: str) -> Any:
    """``data[k1][k2]...`` or ``None`` when any step is missing or not an object."""
    for key in keys:
        if not isinstance(data, Mapping):
            return None
        data = data.get(key)
    return data


def member(data: object, key: str) -> JsonObject | None:
    """The object under ``key``; ``None`` if absent or not an object."""
    value = path(data, key)
    return value if isinstance(value, Mapping) else None


def objects(value: object) -> tuple[JsonObject, ...]:
    """The objects of a JSON array (``null`` or any other shape: none); a lone object is one."""
    if isinstance(value, Mapping):
        return (value,)
    if not isinstance(value, list):
        return ()
    return tuple(item for item in value if isinstance(item, Mapping))


def number(value: object) -> float | None:
    """A finite JSON number as a float (``5134.25``, ``1``); anything else ``None``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        result = float(value)
    except OverflowError:
        return None
    return result if math.isfinite(result) else None


def integer(value: object) -> int | None:
    """A count: an int, or a float within rounding noise of one (``2.0000000001`` → 2)."""
    result = number(value)
    if result is None:
        return None
    nearest = round(result)
    return nearest if abs(result - nearest) < 1e-6 else None


def text(value: object) -> str | None:
    """A JSON string; anything else ``None``."""
    return value if isinstance(value, str) else None


def flag(value: object) -> bool | None:
    """``true``/``false``; test tools' ``0``/``1`` read as the same."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    return None


def state(value: object) -> str | None:
    """A state as real firmware sends it (``"PVAC_Active"``); ints and bools from test tools
    are kept as their text (``8`` → ``"8"``, ``false`` → ``"false"``)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return None


def strings(value: object) -> tuple[str, ...]:
    """The strings of a JSON array; ``null`` (2024 firmware) and ``[]`` (2025) are both empty."""
    if not isinstance(value, list):
        return ()
    return tuple(item for item in value if isinstance(item, str))


def githash(value: object) -> str | None:
    """A git hash: a string as is, or an array of byte values as lower-case hex.

    An all-zero array (a device that is missing) reads as ``None``.
    """
    if isinstance(value, str):
        return value or None
    if not isinstance(value, list) or not value:
        return None
    if not all(isinstance(b, int) and not isinstance(b, bool) and 0 <= b <= 255 for b in value):
        return None
    if not any(value):
        return None
    return bytes(value).hex()


def enum_of(cls: type[E], value: object) -> tuple[E, str]:
    """``(member, raw)``: the enum member for a JSON string, ``UNKNOWN`` for anything else."""
    raw = value if isinstance(value, str) else ""
    try:
        return cls(raw), raw
    except ValueError:
        return cls["UNKNOWN"], raw


def timestamp(value: object) -> datetime | None:
    """An RFC 3339 time (``"2024-06-22T15:18:31-06:00"``); anything else ``None``."""
    if not isinstance(value, str):
        return None
    try:
        return parse_timestamp(value)
    except ValueError:
        return None
