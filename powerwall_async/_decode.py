"""Answers into values: JSON (finite numbers only) structured into models, or a binary decoder.

JSON ``NaN``, ``Infinity`` and numbers too large for a float are not JSON (RFC 8259) and no
reading of the gateway's is one: an answer holding them is a :class:`ResponseFormatError`,
never a model with ``nan`` in it. The same goes for ``pw.request``.
"""

from __future__ import annotations

import json
from math import isfinite
from typing import TYPE_CHECKING, Any, TypeVar

import anyio.to_thread

from ._endpoint import Endpoint
from ._errors import ResponseFormatError
from .transports import Response

if TYPE_CHECKING:
    import cattrs

__all__ = ["GarbledBodyError", "decode", "json_body", "parse_json", "raw_answer"]

T = TypeVar("T")

_DECODE_ERRORS = (ValueError, TypeError, KeyError, AttributeError, RecursionError)
"""What structuring odd JSON can raise besides cattrs' own validation errors."""


class GarbledBodyError(ResponseFormatError):
    """A body that is not JSON at all where JSON was due: damaged in transit, worth a retry."""


class _NotFiniteError(ValueError):
    """A number JSON cannot hold (``NaN``, ``Infinity``, ``1e999``)."""


def _finite(text: str) -> float:
    value = float(text)
    if not isfinite(value):
        raise _NotFiniteError(text)
    return value


def _no_constant(name: str) -> float:
    raise _NotFiniteError(name)


_DECODER = json.JSONDecoder(parse_float=_finite, parse_constant=_no_constant)
"""Built once: ``json.loads`` with these arguments builds a new decoder on every call."""


def json_body(value: object) -> bytes:
    """A request body: compact JSON."""
    return json.dumps(value, separators=(",", ":"), allow_nan=False).encode()


def parse_json(body: bytes, where: str) -> Any:
    """The JSON of an answer. Not JSON at all: :class:`GarbledBodyError` (retried on safe
    calls); empty, or holding a number that is not finite: :class:`ResponseFormatError`.
    The message never quotes the body (it may hold a token); ``body`` keeps it."""
    if not body.strip():
        raise ResponseFormatError(f"{where} answered an empty body where JSON was due", body=body)
    try:
        # What json.loads does with bytes: UTF-8, -16 or -32, by the first bytes.
        return _DECODER.decode(body.decode(json.detect_encoding(body), "surrogatepass"))
    except _NotFiniteError as exc:
        raise ResponseFormatError(
            f"{where} answered JSON holding {exc} (not a finite number)", body=body
        ) from None
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise GarbledBodyError(
            f"{where} answered a body of {len(body)} bytes that is not JSON", body=body
        ) from None


def raw_answer(response: Response, where: str) -> Any:
    """``pw.request``'s value: decoded JSON, ``bytes`` for anything else, ``None`` if empty."""
    if not response.body:
        return None
    if response.headers.get("content-type", "").startswith("application/json"):
        return parse_json(response.body, where)
    if not response.body.strip():
        return response.body
    try:
        return parse_json(response.body, where)
    except GarbledBodyError:
        return response.body


async def decode(
    endpoint: Endpoint[T], response: Response, where: str, converter: cattrs.Converter
) -> T:
    """The endpoint's value from its answer. A binary decoder runs in a worker thread (vitals:
    ~3 ms); the call's deadline covers it (the thread is left to finish, bounded by the
    decoder's own size and count limits)."""
    if endpoint.model is None or (endpoint.side_effects and not response.body):
        return None  # type: ignore[return-value]
    if endpoint.decode is not None:
        return await anyio.to_thread.run_sync(
            endpoint.decode, response.body, abandon_on_cancel=True
        )
    data = parse_json(response.body, where)
    import cattrs  # loaded with the first answer, not with the package

    try:
        return converter.structure(data, endpoint.model)  # type: ignore[no-any-return]
    except (cattrs.BaseValidationError, *_DECODE_ERRORS) as exc:
        detail = (
            "; ".join(cattrs.transform_error(exc))
            if isinstance(exc, cattrs.BaseValidationError)
            else str(exc)
        )
        raise ResponseFormatError(
            f"{where} answered JSON of an unexpected shape: {detail}", body=response.body
        ) from None
