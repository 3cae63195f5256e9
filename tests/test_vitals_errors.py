"""A vitals body that is truncated, corrupted or of another shape raises ResponseFormatError."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from powerwall_async import ResponseFormatError
from powerwall_async._proto import vitals as pb
from powerwall_async.models.vitals import DeviceVitals, Vitals, decode_vitals

GOLDEN = (Path(__file__).parent / "fixtures" / "vitals" / "api-devices-vitals.pb").read_bytes()
FULL = decode_vitals(GOLDEN)


def varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        if not value:
            return bytes([*out, byte])
        out.append(byte | 0x80)


def field(number: int, payload: bytes) -> bytes:
    """A length-delimited field."""
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def in_device(device: bytes) -> bytes:
    """A whole body holding one Device message with these bytes."""
    return field(1, field(1, field(1, device)))


def in_vital(vital: bytes) -> bytes:
    """A whole body holding one Vital message with these bytes."""
    return field(1, field(2, vital))


def top_level_boundaries(body: bytes) -> list[int]:
    """Offsets where a top-level field ends: truncating there leaves a complete message."""
    offsets, pos = [0], 0
    while pos < len(body):
        assert body[pos] == 0x0A  # field 1, length-delimited: one device entry
        length, size = 0, 0
        while True:
            byte = body[pos + 1 + size]
            length |= (byte & 0x7F) << (7 * size)
            size += 1
            if byte < 0x80:
                break
        pos += 1 + size + length
        offsets.append(pos)
    assert pos == len(body)
    return offsets


def assert_well_typed(vitals: Vitals) -> None:
    """Whatever a body decodes to has the declared types, and every view can be built."""
    for din, device in vitals.devices.items():
        assert isinstance(device, DeviceVitals)
        assert device.din == din
        for text in (device.part_number, device.serial_number, device.manufacturer):
            assert text is None or isinstance(text, str)
        for text in (device.firmware_version, device.parent_din, device.site_label):
            assert text is None or isinstance(text, str)
        for time in (device.first_communication_time, device.last_communication_time):
            assert time is None or (isinstance(time, datetime) and time.tzinfo is not None)
        assert all(isinstance(k, str) for k in device.values)
        assert all(isinstance(v, float | int | str | bool) for v in device.values.values())
        assert all(isinstance(alert, str) for alert in device.alerts)
        assert isinstance(device.device_type, str)
    views = (vitals.battery_pods, vitals.inverters, vitals.pv_inverters, vitals.meters)
    assert all(isinstance(view, tuple) for view in views)
    assert vitals.island_controller is None or vitals.island_controller.din in vitals.devices


def decode_or_format_error(body: bytes) -> Vitals | None:
    """The decoded body, or None after checking the ResponseFormatError it raised."""
    failure: ResponseFormatError | None = None
    try:
        decoded = decode_vitals(body)
    except ResponseFormatError as error:
        failure = error
    if failure is not None:
        assert failure.body == body
        assert "not a vitals message" in str(failure)
        return None
    assert_well_typed(decoded)
    return decoded


def test_every_truncation_of_the_golden_payload() -> None:
    boundaries = top_level_boundaries(GOLDEN)
    assert len(boundaries) == len(FULL.devices) + 1
    dins = list(FULL.devices)
    for size in range(len(GOLDEN)):
        body = GOLDEN[:size]
        if size in boundaries:
            # Cut between two device entries: a complete, shorter message.
            kept = dins[: boundaries.index(size)]
            assert decode_vitals(body).devices == {din: FULL.devices[din] for din in kept}
        else:
            with pytest.raises(ResponseFormatError) as caught:
                decode_vitals(body)
            assert caught.value.body == body


VITAL = field(1, b"POD_state")

MALFORMED = {
    "length past the end": b"\x0a\x05ab",
    "nested length past its message": field(1, b"\x0a\x09" + field(1, b"")),
    "varint past the end": b"\x0a\x80",
    "varint of 11 bytes": b"\x78" + b"\x80" * 10 + b"\x00",
    "start-group wire type": b"\x0b",
    "end-group wire type": b"\x0c",
    "wire type 6": b"\x0e",
    "wire type 7": b"\x0f",
    "field number 0": b"\x02\x00",
    "din as a varint": in_device(b"\x08\x05"),
    "top-level entry as a varint": b"\x08\x01",
    "double as fixed32": in_vital(VITAL + b"\x25\x00\x00\x80\x3f"),
    "double cut short": in_vital(VITAL + b"\x21\x00\x00"),
    "string not utf-8": in_vital(field(1, b"\xff\xfe")),
    "alert not utf-8": field(1, field(3, b"\xc3")),
    "two values of one oneof": in_vital(VITAL + b"\x18\x01" + b"\x30\x01"),
    "packed varints cut short": in_device(field(11, field(4, field(1, b"\x01\x80")))),
    "timestamp after year 9999": in_device(field(9, b"\x08" + varint(10**12))),
    "timestamp before year 1": in_device(field(9, b"\x08" + varint(2**64 - 10**12))),
    "wrapper string as fixed64": in_device(field(2, b"\x09" + bytes(8))),
}


@pytest.mark.parametrize("body", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_bodies(body: bytes) -> None:
    with pytest.raises(ResponseFormatError) as caught:
        decode_vitals(body)
    assert caught.value.body == body
    assert str(caught.value).startswith("GET /api/devices/vitals answered a body that is not")


def test_the_same_oneof_member_twice_keeps_the_last() -> None:
    body = in_vital(VITAL + b"\x18\x01" + b"\x18\x02")
    assert decode_vitals(body).devices[""].values == {"POD_state": 2}


def test_fields_this_schema_does_not_know_are_skipped() -> None:
    unknown = b"\x78\x05" + field(14, b"new") + b"\x7d\x00\x00\x00\x00" + b"\x79" + bytes(8)
    vital = pb.Vital(name="POD_state", string_value="POD_ACTIVE")
    plain = bytes(pb.DevicesWithVitals(devices=[pb.DeviceVitals(vitals=[vital])]))
    body = unknown + field(1, field(2, bytes(vital) + unknown) + unknown) + unknown
    assert decode_vitals(body) == decode_vitals(plain)


def test_packed_and_unpacked_repeated_scalars_both_decode() -> None:
    packed = in_device(field(11, field(4, field(1, b"\x01\x02"))))
    unpacked = in_device(field(11, field(4, b"\x08\x01\x08\x02")))
    assert decode_vitals(packed) == decode_vitals(unpacked)
    (attribute,) = decode_vitals(packed).devices[""].attributes
    assert attribute.meter_location == (1, 2)  # type: ignore[union-attr]


edits = st.one_of(
    st.tuples(
        st.just("replace"), st.integers(0, len(GOLDEN) - 1), st.binary(min_size=1, max_size=4)
    ),
    st.tuples(st.just("insert"), st.integers(0, len(GOLDEN)), st.binary(min_size=1, max_size=4)),
    st.tuples(st.just("delete"), st.integers(0, len(GOLDEN) - 1), st.integers(1, 16).map(bytes)),
)


def corrupt(body: bytes, changes: list[tuple[str, int, bytes]]) -> bytes:
    data = bytearray(body)
    for kind, wanted, payload in changes:
        position = min(wanted, len(data))
        if kind == "replace":
            data[position : position + len(payload)] = payload
        elif kind == "insert":
            data[position:position] = payload
        else:
            del data[position : position + len(payload)]
    return bytes(data)


@settings(max_examples=300, deadline=None)
@given(st.lists(edits, min_size=1, max_size=6))
def test_random_corruption_raises_only_response_format_error(
    changes: list[tuple[str, int, bytes]],
) -> None:
    decode_or_format_error(corrupt(GOLDEN, changes))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_raise_only_response_format_error(body: bytes) -> None:
    decode_or_format_error(body)


def test_overruns_betterproto2_reads_short_are_caught() -> None:
    # betterproto2 alone takes a length past the end as a short read and decodes on; these
    # bodies are exactly what a truncated download looks like, so the wire check must see them.
    for name in ("length past the end", "nested length past its message", "din as a varint"):
        pb.DevicesWithVitals.parse(MALFORMED[name])  # no error from betterproto2 itself
        with pytest.raises(ResponseFormatError):
            decode_vitals(MALFORMED[name])
