"""The one cattrs converter: built once, with every hook for the gateway's formats.

Production is lenient (unknown keys ignored, unknown enum values become ``UNKNOWN``); the
project's fixture tests also run :func:`make_converter` with ``strict=True`` so that a field a
new firmware adds fails a test instead of being lost silently.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, override
from cattrs.preconf.json import make_converter as make_json_converter

from ._types import (
    FirmwareVersion,
    GatewayEnum,
    GoDuration,
    Nanoseconds,
    parse_go_duration,
    parse_timestamp,
)

__all__ = ["CONVERTER", "JSON_KEY", "RAW_SUFFIX", "make_converter"]

RAW_SUFFIX = "_raw"
"""A field ``<name>_raw: str`` next to an enum field ``<name>`` receives the raw string."""

JSON_KEY = "json_key"
"""Field metadata naming the JSON key when it cannot be the field's name
(``attrs.field(default="", metadata={JSON_KEY: "from"})``)."""


def _structure_enum(value: Any, cls: type[GatewayEnum]) -> GatewayEnum:
    if value is None:
        return cls["UNKNOWN"]
    if not isinstance(value, str):
        raise TypeError(f"{cls.__name__} must be a string, not {type(value).__name__}")
    return cls(value)


def _structure_raw(value: Any, _: type) -> str:
    return value if isinstance(value, str) else "" if value is None else json.dumps(value)


def _structure_str(value: Any, _: type) -> str:
    if isinstance(value, str):
        return value
    raise TypeError(f"expected a string, got {type(value).__name__}")


def _structure_float(value: Any, _: type) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise TypeError(f"expected a number, got {type(value).__name__}")


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise TypeError(f"expected an integer, got {type(value).__name__}")


def _structure_bool(value: Any, _: type) -> bool:
    if isinstance(value, bool):
        return value
    raise TypeError(f"expected true or false, got {type(value).__name__}")


def _structure_datetime(value: Any, _: type) -> datetime:
    if not isinstance(value, str):
        raise TypeError(f"expected a timestamp string, got {type(value).__name__}")
    return parse_timestamp(value)


def _structure_go_duration(value: Any, _: type) -> timedelta:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return timedelta(seconds=value)
    if not isinstance(value, str):
        raise TypeError(f"expected a Go duration string, got {type(value).__name__}")
    return parse_go_duration(value)


def _structure_nanoseconds(value: Any, _: type) -> timedelta:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return timedelta(microseconds=value / 1000)
    raise TypeError(f"expected nanoseconds as a number, got {type(value).__name__}")


def _structure_version(value: Any, _: type) -> FirmwareVersion:
    return FirmwareVersion(_structure_str(value, str))


def make_converter(*, strict: bool = False) -> cattrs.Converter:
    """A converter for every model; ``strict`` forbids keys the models do not declare."""
    converter = make_json_converter(forbid_extra_keys=strict, prefer_attrib_converters=False)
    # JSON gives exactly these types; refuse the silent coercions cattrs would otherwise do
    # ("12" → 12, 1 → "1").
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(datetime, _structure_datetime)
    converter.register_structure_hook(GoDuration, _structure_go_duration)
    converter.register_structure_hook(Nanoseconds, _structure_nanoseconds)
    converter.register_structure_hook(FirmwareVersion, _structure_version)
    converter.register_structure_hook(GatewayEnum, _structure_enum)

    def attrs_hook(cls: type) -> Any:
        # `<name>_raw` fields read the same key as the enum field `<name>`, as a plain string.
        # Fields may name their JSON key in metadata.
        fields = attrs.fields_dict(cls)
        keys = {name: field.metadata.get(JSON_KEY, name) for name, field in fields.items()}
        overrides = {
            name: override(rename=keys[name])
            for name in fields
            if keys[name] != name and not name.endswith(RAW_SUFFIX)
        }
        for name in fields:
            enum_name = name[: -len(RAW_SUFFIX)]
            if name.endswith(RAW_SUFFIX) and enum_name in fields:
                overrides[name] = override(rename=keys[enum_name], struct_hook=_structure_raw)
        return make_dict_structure_fn(
            cls,
            converter,
            _cattrs_forbid_extra_keys=strict,
            **overrides,  # type: ignore[arg-type]
        )

    converter.register_structure_hook_factory(attrs.has, attrs_hook)
    return converter


CONVERTER = make_converter()
