"""The protobuf side of GET /api/devices/vitals: wire check, betterproto2 parse, conversion.

Imported only when a vitals body is decoded, so that ``import powerwall_async`` does not pay
for betterproto2 and the generated classes.
"""

from __future__ import annotations

import dataclasses
import functools
import typing
from collections.abc import Mapping
from typing import Any

import attrs
import betterproto2

from .._errors import ResponseFormatError
from .._proto import vitals as pb
from .vitals import (
    ConnectionParameters,
    DeviceAttribute,
    DeviceVitals,
    EcuAttributes,
    GeneratorAttributes,
    MeterAttributes,
    PvInverterAttributes,
    Vitals,
    VitalValue,
)

__all__ = ["parse_vitals"]

_WHERE = "GET /api/devices/vitals"


# --- Wire check -----------------------------------------------------------------------------
# betterproto2 reads past-the-end lengths as short reads and keeps values of the wrong wire
# type, so a truncated body would decode silently. One walk over the bytes, guided by the
# generated classes, rejects those before betterproto2 parses.

_WIRE_VARINT, _WIRE_FIXED64, _WIRE_LEN, _WIRE_FIXED32 = 0, 1, 2, 5
_FIXED_SIZE = {_WIRE_FIXED64: 8, _WIRE_FIXED32: 4}


MAX_BYTES = 1 << 20
"""The largest vitals body decoded: 1 MiB (a 13-device site sends 6.7 kB)."""
MAX_FIELDS = 20_000
"""The most protobuf fields decoded, nested ones included (that site sends about 700; pure
Python decoding takes tens of microseconds a field, so this bounds the decoding time)."""


class _MalformedError(Exception):
    pass


class _TooLargeError(Exception):
    pass


@attrs.frozen
class _FieldSpec:
    wire: int
    packable: bool
    message: type[betterproto2.Message] | None
    group: str | None


def _wire_type(proto_type: str) -> int:
    if proto_type in betterproto2.WIRE_VARINT_TYPES:
        return _WIRE_VARINT
    if proto_type in betterproto2.WIRE_FIXED_64_TYPES:
        return _WIRE_FIXED64
    if proto_type in betterproto2.WIRE_FIXED_32_TYPES:
        return _WIRE_FIXED32
    return _WIRE_LEN


def _message_class(annotation: Any) -> type[betterproto2.Message]:
    if isinstance(annotation, type) and issubclass(annotation, betterproto2.Message):
        return annotation
    for argument in typing.get_args(annotation):
        try:
            return _message_class(argument)
        except LookupError:
            continue
    raise LookupError(f"no message class in {annotation!r}")


@functools.cache
def _specs(cls: type[betterproto2.Message]) -> dict[int, _FieldSpec]:
    hints = typing.get_type_hints(cls)
    specs: dict[int, _FieldSpec] = {}
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        meta = betterproto2.FieldMetadata.get(field)
        message = None
        if meta.proto_type == betterproto2.TYPE_MESSAGE:
            message = meta.unwrap() if meta.unwrap else _message_class(hints[field.name])
        wire = _wire_type(meta.proto_type)
        packable = bool(meta.repeated) and wire != _WIRE_LEN
        specs[meta.number] = _FieldSpec(wire, packable, message, meta.group)
    return specs


def _varint(data: bytes, pos: int, end: int) -> tuple[int, int]:
    result = shift = 0
    while pos < end:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7
        if shift >= 70:
            raise _MalformedError(f"a varint longer than 10 bytes at byte {pos}")
    raise _MalformedError(f"a varint runs past the end at byte {pos}")


def _check_packed(data: bytes, pos: int, end: int, wire: int) -> None:
    if wire == _WIRE_VARINT:
        while pos < end:
            _, pos = _varint(data, pos, end)
    elif (end - pos) % _FIXED_SIZE[wire]:
        raise _MalformedError(f"a packed field of partial values at byte {pos}")


def _field_extent(data: bytes, pos: int, end: int, wire: int, at: int) -> tuple[int, int]:
    """Where the value of a field starts and ends (``pos`` is just after its key)."""
    if wire == _WIRE_VARINT:
        return pos, _varint(data, pos, end)[1]
    if wire == _WIRE_LEN:
        length, start = _varint(data, pos, end)
        return start, start + length
    if wire in _FIXED_SIZE:
        return pos, pos + _FIXED_SIZE[wire]
    raise _MalformedError(f"wire type {wire} at byte {at}")


def _check_message(
    data: bytes,
    pos: int,
    end: int,
    cls: type[betterproto2.Message],
    budget: list[int] | None = None,
) -> None:
    """Walk one message; ``budget`` holds the fields still allowed (decoding time is bounded
    by it and by :data:`MAX_BYTES`, before betterproto2 sees a byte)."""
    if budget is None:
        budget = [MAX_FIELDS]
    specs = _specs(cls)
    oneofs: dict[str, int] = {}
    while pos < end:
        budget[0] -= 1
        if budget[0] < 0:
            raise _TooLargeError(f"more than {MAX_FIELDS} fields")
        at = pos
        key, pos = _varint(data, pos, end)
        number, wire = key >> 3, key & 7
        start, pos = _field_extent(data, pos, end, wire, at)
        if pos > end:
            raise _MalformedError(f"field {number} at byte {at} runs past the end of its message")
        if number == 0:
            raise _MalformedError(f"field number 0 at byte {at}")
        spec = specs.get(number)
        if spec is None:
            continue  # a field this schema does not know: betterproto2 skips it
        if wire != spec.wire:
            if not (spec.packable and wire == _WIRE_LEN):
                raise _MalformedError(f"field {number} at byte {at} has wire type {wire}")
            _check_packed(data, start, pos, spec.wire)
        elif spec.message is not None:
            _check_message(data, start, pos, spec.message, budget)
        if spec.group is not None and oneofs.setdefault(spec.group, number) != number:
            raise _MalformedError(f"two members of one oneof, the second at byte {at}")


# --- Decoding -------------------------------------------------------------------------------


def _value(vital: pb.Vital) -> VitalValue | None:
    for value in (vital.float_value, vital.int_value, vital.string_value, vital.bool_value):
        if value is not None:
            return value
    return None


def _attribute(attributes: pb.DeviceAttributes) -> DeviceAttribute | None:
    if attributes.ecu is not None:
        hardware = attributes.ecu.hardware_id or pb.HardwareId()
        return EcuAttributes(
            ecu_type=attributes.ecu.ecu_type,
            pcba_id=hardware.pcba_id,
            assembly_id=hardware.assembly_id,
            usage_id=hardware.usage_id,
        )
    if attributes.generator is not None:
        return GeneratorAttributes(
            nameplate_real_power_w=attributes.generator.nameplate_real_power_w,
            nameplate_apparent_power_va=attributes.generator.nameplate_apparent_power_va,
        )
    if attributes.pv_inverter is not None:
        return PvInverterAttributes(
            nameplate_real_power_w=attributes.pv_inverter.nameplate_real_power_w
        )
    if attributes.meter is not None:
        return MeterAttributes(meter_location=tuple(attributes.meter.meter_location))
    return None  # a kind this schema does not know


def _device(
    identity: pb.Device | None, values: Mapping[str, VitalValue], alerts: tuple[str, ...]
) -> DeviceVitals:
    device = identity or pb.Device()
    connection = device.connection_parameters
    return DeviceVitals(
        din=device.din or "",
        part_number=device.part_number,
        serial_number=device.serial_number,
        manufacturer=device.manufacturer,
        firmware_version=device.firmware_version,
        parent_din=device.component_parent_din,
        site_label=device.site_label,
        first_communication_time=device.first_communication_time,
        last_communication_time=device.last_communication_time,
        connection=None
        if connection is None
        else ConnectionParameters(
            ip_address=connection.ip_address,
            serial_port=connection.serial_port,
            serial_baud=connection.serial_baud,
            modbus_id=connection.modbus_id,
        ),
        attributes=tuple(
            attribute
            for attribute in map(_attribute, device.device_attributes)
            if attribute is not None
        ),
        values=dict(values),
        alerts=alerts,
    )


def _vitals(message: pb.DevicesWithVitals) -> Vitals:
    devices: dict[str, DeviceVitals] = {}
    for entry in message.devices:
        values: dict[str, VitalValue] = {}
        for vital in entry.vitals:
            value = _value(vital)
            if value is not None:
                values[vital.name or ""] = value
        alerts = tuple(entry.alerts)
        for connected in entry.device or [pb.ConnectedDevice()]:
            device = _device(connected.device, values, alerts)
            earlier = devices.get(device.din)
            if earlier is not None:  # the same DIN again: its readings join the first entry's
                device = attrs.evolve(
                    earlier,
                    values={**earlier.values, **device.values},
                    alerts=earlier.alerts + device.alerts,
                )
            devices[device.din] = device
    return Vitals(devices=devices)


def _check_size(body: bytes) -> None:
    if len(body) > MAX_BYTES:
        raise _TooLargeError(f"{len(body)} bytes, more than {MAX_BYTES}")


def parse_vitals(body: bytes) -> Vitals:
    """Check and parse a vitals body; see :func:`powerwall_async.models.vitals.decode_vitals`."""
    try:
        _check_size(body)
        _check_message(body, 0, len(body), pb.DevicesWithVitals)
        message = pb.DevicesWithVitals.parse(body)
    except _TooLargeError as error:
        raise ResponseFormatError(
            f"{_WHERE} answered a body too large to be a gateway's vitals ({error}); not decoded"
        ) from None
    except _MalformedError as error:
        raise ResponseFormatError(
            f"{_WHERE} answered a body that is not a vitals message: {error}", body=body
        ) from None
    except Exception as error:  # betterproto2 raises whatever its internals meet
        raise ResponseFormatError(
            f"{_WHERE} answered a body that is not a vitals message: {error!r}", body=body
        ) from error
    return _vitals(message)
