"""The one cattrs converter: built once, with every hook for the gateway's formats.

Production is lenient (unknown keys ignored, unknown enum values become ``UNKNOWN``); the
project's fixture tests also run :func:`make_converter` with ``strict=True`` so that a field a
new firmware adds fails a test instead of being lost silently.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import list_structure_factory, mapping_structure_factory
from cattrs.gen import make_dict_structure_fn, override
from cattrs.preconf.json import make_converter as make_json_converter

from ._frozen import FrozenDict, freeze
from ._metadata import JSON_EMBEDDED, JSON_KEY, JSON_ROOT, RAW_SUFFIX, SCALAR_FIELD
from ._types import (
    EpochMilliseconds,
    FirmwareVersion,
    GatewayEnum,
    GoDuration,
    JsonScalar,
    Nanoseconds,
    parse_epoch_milliseconds,
    parse_go_duration,
    parse_timestamp,
)

_UNIONS = (typing.Union, types.UnionType)
_EXACT_JSON = (str, float, int, bool)
"""Types whose hooks below return a JSON value of exactly that type unchanged."""
# Tuples, not `int | float`: a union written in a function is built anew on every call.
_NUMBERS = (int, float)
_SCALARS = (str, bool, float)

__all__ = [
    "CONVERTER",
    "JSON_EMBEDDED",
    "JSON_KEY",
    "JSON_ROOT",
    "RAW_SUFFIX",
    "SCALAR_FIELD",
    "make_converter",
]


def _structure_enum(value: Any, cls: type[GatewayEnum]) -> GatewayEnum:
    if value is None:
        return cls["UNKNOWN"]
    if not isinstance(value, str):
        raise TypeError(f"{cls.__name__} must be a string, not {type(value).__name__}")
    return cls(value)


def _structure_raw(value: Any, _: type) -> str:
    return value if isinstance(value, str) else "" if value is None else json.dumps(value)


# The hooks below run once per field of every answer: the exact JSON type is tested first
# (`type(value) is float`), the slower isinstance checks only for what remains.


def _structure_str(value: Any, _: type) -> str:
    if type(value) is str or isinstance(value, str):
        return value
    raise TypeError(f"expected a string, got {type(value).__name__}")


def _structure_float(value: Any, _: type) -> float:
    if type(value) is float:
        return value
    if type(value) is int or (isinstance(value, _NUMBERS) and not isinstance(value, bool)):
        try:
            return float(value)
        except OverflowError:
            raise ValueError(f"number too large for a float: {value}") from None
    raise TypeError(f"expected a number, got {type(value).__name__}")


def _structure_int(value: Any, _: type) -> int:
    if type(value) is int or (isinstance(value, int) and not isinstance(value, bool)):
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
    try:
        if isinstance(value, _NUMBERS) and not isinstance(value, bool):
            return timedelta(seconds=value)
        if not isinstance(value, str):
            raise TypeError(f"expected a Go duration string, got {type(value).__name__}")
        return parse_go_duration(value)
    except OverflowError:
        raise ValueError(f"duration out of range: {value!r}") from None


def _structure_nanoseconds(value: Any, _: type) -> timedelta:
    if isinstance(value, _NUMBERS) and not isinstance(value, bool):
        try:
            return timedelta(microseconds=value / 1000)
        except OverflowError:
            raise ValueError(f"duration out of range: {value!r}") from None
    raise TypeError(f"expected nanoseconds as a number, got {type(value).__name__}")


def _structure_epoch_ms(value: Any, _: type) -> datetime:
    if isinstance(value, _NUMBERS) and not isinstance(value, bool):
        try:
            return parse_epoch_milliseconds(value)
        except OverflowError:  # int / 1000 of a huge int
            raise ValueError(f"time out of range: {value!r}") from None
    raise TypeError(f"expected milliseconds since 1970, got {type(value).__name__}")


def _structure_scalar(value: Any, _: type) -> str | float | bool | None:
    if value is None or isinstance(value, _SCALARS):
        scalar: str | float | bool | None = value
        return scalar
    if isinstance(value, int):
        return _structure_float(value, float)
    raise TypeError(f"expected a string, number, true/false or null, got {type(value).__name__}")


def _structure_version(value: Any, _: type) -> FirmwareVersion:
    return FirmwareVersion(_structure_str(value, str))


def _optional_of(type_: Any) -> Any:
    """``X`` of ``X | None`` (or ``Optional[X]``); ``None`` for any other type."""
    arguments = get_args(type_)
    if len(arguments) == 2 and type(None) in arguments and get_origin(type_) in _UNIONS:
        return arguments[0] if arguments[1] is type(None) else arguments[1]
    return None


def _is_list_type(type_: Any) -> bool:
    return get_origin(type_) is list


def _is_tuple_type(type_: Any) -> bool:
    """``tuple[X, ...]``: what a model holds where JSON has a list."""
    arguments = get_args(type_)
    return get_origin(type_) is tuple and len(arguments) == 2 and arguments[1] is Ellipsis


def _is_mapping_type(type_: Any) -> bool:
    return get_origin(type_) in (Mapping, dict)


def _structure_any(value: Any, _: Any) -> Any:
    return freeze(value)


def _register_immutable(converter: cattrs.Converter) -> None:
    """Answers are shared by merged callers and the cache, so models hold only immutable
    values: ``tuple[X, ...]`` from JSON lists, :class:`FrozenDict` from objects, and free-form
    JSON (``Any``) frozen all the way down."""

    def tuple_hook(cls: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
        as_list: Any = list[get_args(cls)[0]]  # type: ignore[misc]
        structure = list_structure_factory(as_list, converter)

        def structure_tuple(value: Any, _: Any) -> tuple[Any, ...]:
            if not isinstance(value, list):
                raise TypeError(f"expected a list, got {type(value).__name__}")
            return tuple(structure(value, as_list))

        return structure_tuple

    def mapping_hook(cls: Any) -> Callable[[Any, Any], FrozenDict[Any, Any]]:
        key, item = get_args(cls) or (Any, Any)
        as_dict: Any = dict[key, item]  # type: ignore[valid-type]
        structure = mapping_structure_factory(as_dict, converter)

        def structure_mapping(value: Any, _: Any) -> FrozenDict[Any, Any]:
            if not isinstance(value, dict):
                raise TypeError(f"expected a JSON object, got {type(value).__name__}")
            return FrozenDict(structure(value, as_dict))

        return structure_mapping

    converter.register_structure_hook_factory(_is_tuple_type, tuple_hook)
    converter.register_structure_hook_factory(_is_mapping_type, mapping_hook)
    converter.register_structure_hook_func(lambda t: t is Any, _structure_any)


def _register_optional(converter: cattrs.Converter) -> None:
    """``X | None``: cattrs' own hook looks the hook of ``X`` up on every value; this one
    finds it once, when the model's structuring function is built."""

    def optional_hook(cls: Any) -> Callable[[Any, Any], Any]:
        inner = _optional_of(cls)
        structure = converter.get_structure_hook(inner)
        if inner in _EXACT_JSON:
            # The JSON value of exactly the field's type is the field's value: no call.
            def structure_exact_or_none(value: Any, _: Any) -> Any:
                if value is None or type(value) is inner:
                    return value
                return structure(value, inner)

            return structure_exact_or_none

        def structure_optional(value: Any, _: Any) -> Any:
            return None if value is None else structure(value, inner)

        return structure_optional

    converter.register_structure_hook_factory(lambda t: _optional_of(t) is not None, optional_hook)


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
    converter.register_structure_hook(EpochMilliseconds, _structure_epoch_ms)
    converter.register_structure_hook_func(lambda t: t == JsonScalar, _structure_scalar)

    def list_hook(cls: Any) -> Callable[[Any, Any], list[Any]]:
        # cattrs would iterate a string or an object's keys into a list; JSON lists only.
        structure = list_structure_factory(cls, converter)

        def structure_list(value: Any, type_: Any) -> list[Any]:
            if not isinstance(value, list):
                raise TypeError(f"expected a list, got {type(value).__name__}")
            items: list[Any] = structure(value, type_)
            return items

        return structure_list

    converter.register_structure_hook_factory(_is_list_type, list_hook)
    _register_optional(converter)

    _register_immutable(converter)

    def root_hook(cls: Any, field: attrs.Attribute[Any]) -> Callable[[Any, Any], Any]:
        embedded = field.metadata.get(JSON_EMBEDDED, False)
        name = field.alias or field.name
        field_type: Any = field.type

        def structure_root(value: Any, _: Any) -> Any:
            if embedded:
                if value is None:
                    return cls()
                if isinstance(value, str):
                    value = json.loads(value)
            return cls(**{name: converter.structure(value, field_type)})

        return structure_root

    def attrs_hook(cls: type) -> Any:
        attrs.resolve_types(cls)
        roots = [field for field in attrs.fields(cls) if field.metadata.get(JSON_ROOT)]
        if roots:
            return root_hook(cls, roots[0])
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
        structure: Callable[[Any, Any], Any] = make_dict_structure_fn(
            cls,
            converter,
            _cattrs_forbid_extra_keys=strict,
            **overrides,  # type: ignore[arg-type]
        )
        scalar_field = getattr(cls, SCALAR_FIELD, None)

        def structure_object(value: Any, type_: Any) -> Any:
            # cattrs would read a string or a list as an object without any of the keys and
            # return the defaults; a JSON object only (or the bare string a class allows).
            if isinstance(value, dict):
                return structure(value, type_)
            if scalar_field is not None and isinstance(value, str):
                return cls(**{scalar_field: value})
            raise TypeError(
                f"expected a JSON object for {cls.__name__}, got {type(value).__name__}"
            )

        return structure_object

    converter.register_structure_hook_factory(attrs.has, attrs_hook)
    return converter


CONVERTER = make_converter()
