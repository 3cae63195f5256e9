"""The gateway's odd value formats."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from powerwall_async.models._types import FirmwareVersion, parse_go_duration, parse_timestamp


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("230h55m59.932079901s", timedelta(hours=230, minutes=55, seconds=59.932079901)),
        ("1m30s", timedelta(seconds=90)),
        ("0", timedelta(0)),
        ("1.5h", timedelta(minutes=90)),
        ("250ms", timedelta(milliseconds=250)),
        ("-2s", timedelta(seconds=-2)),
        ("3us", timedelta(microseconds=3)),
    ],
)
def test_go_durations(text: str, expected: timedelta) -> None:
    assert parse_go_duration(text) == expected


@pytest.mark.parametrize("text", ["", "h", "12", "5 s", "5sx", "1d"])
def test_not_go_durations(text: str) -> None:
    with pytest.raises(ValueError, match="not a Go duration"):
        parse_go_duration(text)


def test_timestamps_in_every_form_the_gateway_writes() -> None:
    assert parse_timestamp("2021-12-16 22:13:25 +0800") == datetime(
        2021, 12, 16, 22, 13, 25, tzinfo=timezone(timedelta(hours=8))
    )
    nanos = parse_timestamp("2021-12-26T13:09:22.321056599-07:00")
    assert nanos.microsecond == 321056
    assert nanos.utcoffset() == timedelta(hours=-7)
    assert parse_timestamp("0001-01-01T00:00:00Z") == datetime(1, 1, 1, tzinfo=UTC)
    assert parse_timestamp("2023-03-25 13:10:48").tzinfo is UTC
    with pytest.raises(ValueError, match="not a timestamp"):
        parse_timestamp("yesterday")


def test_firmware_version_is_a_string_with_parts() -> None:
    version = FirmwareVersion("21.44 223a56cd")
    assert version == "21.44 223a56cd"
    assert version.number == "21.44"
    assert version.hash == "223a56cd"
    assert version.parts == (21, 44)
    assert FirmwareVersion("23.44.0").parts >= (23, 44)
    assert FirmwareVersion("").parts == ()
