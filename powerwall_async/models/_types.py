"""Value types for the gateway's odd formats, and the enum base with an UNKNOWN member."""

from __future__ import annotations

import enum
import logging
import re
from datetime import UTC, datetime, timedelta
from typing import NewType

__all__ = [
    "EpochMilliseconds",
    "FirmwareVersion",
    "GatewayEnum",
    "GoDuration",
    "JsonScalar",
    "Nanoseconds",
    "parse_epoch_milliseconds",
    "parse_go_duration",
    "parse_timestamp",
]

logger = logging.getLogger("powerwall_async.models")

GoDuration = NewType("GoDuration", timedelta)
"""A Go duration string such as ``"230h55m59.932079901s"`` (``up_time_seconds``)."""

Nanoseconds = NewType("Nanoseconds", timedelta)
"""An integer count of nanoseconds (the meters' ``timeout: 1500000000``)."""

JsonScalar = str | float | bool | None
"""A JSON value that is not an array or object (integers arrive as floats)."""

EpochMilliseconds = NewType("EpochMilliseconds", datetime)
"""Milliseconds since 1970 as an integer (``current_time: 1640549366145``), a UTC datetime here."""

_GO_UNITS = {
    "ns": 1e-9,
    "us": 1e-6,
    "µs": 1e-6,
    "μs": 1e-6,
    "ms": 1e-3,
    "s": 1.0,
    "m": 60.0,
    "h": 3600.0,
}
_GO_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)")


def parse_go_duration(text: str) -> timedelta:
    """``"230h55m59.932079901s"`` → ``timedelta``; raises ``ValueError`` on anything else."""
    value = text.strip()
    sign = -1.0 if value.startswith("-") else 1.0
    value = value.lstrip("+-")
    if value == "0":
        return timedelta(0)
    position, seconds = 0, 0.0
    for match in _GO_PART.finditer(value):
        if match.start() != position:
            break
        seconds += float(match.group(1)) * _GO_UNITS[match.group(2)]
        position = match.end()
    if position != len(value) or not value:
        raise ValueError(f"not a Go duration: {text!r}")
    return timedelta(seconds=sign * seconds)


_TIMESTAMP_FORMATS = ("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M:%S")


def parse_timestamp(text: str) -> datetime:
    """RFC 3339 with nanoseconds, or the gateway's ``"2021-12-16 22:13:25 +0800"``.

    Times without an offset are taken as UTC; Go's zero time ``0001-01-01T00:00:00Z`` is kept
    as it is (``datetime(1, 1, 1, tzinfo=UTC)``) so callers can recognise "never".
    """
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        for pattern in _TIMESTAMP_FORMATS:
            try:
                parsed = datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
        else:
            raise ValueError(f"not a timestamp: {text!r}") from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def parse_epoch_milliseconds(value: float) -> datetime:
    """``1640549366145`` → ``datetime(2021, 12, 26, 20, 9, 26, 145000, tzinfo=UTC)``.

    Raises ``ValueError`` for a value no ``datetime`` can hold.
    """
    try:
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise ValueError(f"not a time in milliseconds since 1970: {value!r}") from exc


class FirmwareVersion(str):
    """A firmware version as the gateway writes it, ``"21.44 223a56cd"``, still a ``str``.

    ``number`` is ``"21.44"``, ``hash`` is ``"223a56cd"``, and ``parts`` (``(21, 44)``) compares
    versions: ``status.version.parts >= (23, 44)``.
    """

    __slots__ = ()

    @property
    def number(self) -> str:
        return self.split(" ", 1)[0] if self else ""

    @property
    def hash(self) -> str:
        pieces = self.split(" ", 1)
        return pieces[1].strip() if len(pieces) > 1 else ""

    @property
    def parts(self) -> tuple[int, ...]:
        numbers: list[int] = []
        for piece in self.number.split("."):
            digits = re.match(r"\d+", piece)
            if digits is None:
                break
            numbers.append(int(digits.group()))
        return tuple(numbers)


class GatewayEnum(enum.StrEnum):
    """A string enum that never fails on a value a newer firmware introduces.

    Unknown values become ``UNKNOWN``; the model that carried it keeps the raw string in its
    ``<field>_raw`` attribute. Every subclass must define ``UNKNOWN = "UNKNOWN"``.
    """

    @classmethod
    def _missing_(cls, value: object) -> GatewayEnum:
        logger.debug("%s: value %r is not known to this version", cls.__name__, value)
        return cls["UNKNOWN"]
