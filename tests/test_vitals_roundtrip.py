"""Round trips: models → protobuf bytes (betterproto2, and Google's encoder) → decode_vitals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from powerwall_async._proto import vitals as pb
from powerwall_async.models.vitals import (
    ConnectionParameters,
    DeviceAttribute,
    DeviceVitals,
    EcuAttributes,
    GeneratorAttributes,
    MeterAttributes,
    PvInverterAttributes,
    VitalValue,
    decode_vitals,
)

from .helpers import assert_same_values, golden_script

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
IDENTITY = ("part_number", "serial_number", "manufacturer", "firmware_version", "site_label")
TIMES = ("first_communication_time", "last_communication_time")
WRAPPED_CONNECTION = ("ip_address", "serial_port")  # google.protobuf.StringValue on the wire

texts = st.text(max_size=12)
optional_texts = st.none() | texts
int32 = st.integers(-(2**31), 2**31 - 1)
uint32 = st.integers(0, 2**32 - 1)
uint64 = st.integers(0, 2**64 - 1)
int64 = st.integers(-(2**63), 2**63 - 1)
times = st.none() | st.datetimes(
    min_value=datetime(1, 1, 1),
    max_value=datetime(9999, 12, 31, 23, 59, 59),
    timezones=st.just(UTC),
)
values: st.SearchStrategy[VitalValue] = st.one_of(st.floats(), int64, texts, st.booleans())
attributes: st.SearchStrategy[DeviceAttribute] = st.one_of(
    st.builds(
        EcuAttributes,
        ecu_type=st.none() | int32,
        pcba_id=st.none() | uint32,
        assembly_id=st.none() | uint32,
        usage_id=st.none() | uint32,
    ),
    st.builds(
        GeneratorAttributes,
        nameplate_real_power_w=st.none() | uint64,
        nameplate_apparent_power_va=st.none() | uint64,
    ),
    st.builds(PvInverterAttributes, nameplate_real_power_w=st.none() | uint64),
    st.builds(MeterAttributes, meter_location=st.lists(uint32, max_size=4).map(tuple)),
)
connections = st.none() | st.builds(
    ConnectionParameters,
    ip_address=optional_texts,
    serial_port=optional_texts,
    serial_baud=optional_texts,
    modbus_id=st.none() | uint32,
)
devices = st.builds(
    DeviceVitals,
    din=texts,
    part_number=optional_texts,
    serial_number=optional_texts,
    manufacturer=optional_texts,
    firmware_version=optional_texts,
    parent_din=optional_texts,
    site_label=optional_texts,
    first_communication_time=times,
    last_communication_time=times,
    connection=connections,
    attributes=st.lists(attributes, max_size=3).map(tuple),
    values=st.dictionaries(texts, values, max_size=8),
    alerts=st.lists(texts, max_size=3).map(tuple),
)
sites = st.lists(devices, max_size=4, unique_by=lambda device: device.din)


def assert_decodes_to(body: bytes, site: list[DeviceVitals]) -> None:
    decoded = decode_vitals(body)
    assert list(decoded.devices) == [device.din for device in site]
    for device in site:
        assert_same_values(decoded.devices[device.din], device)


# --- betterproto2 as the encoder -------------------------------------------------------------


def vital_message(name: str, value: VitalValue) -> pb.Vital:
    if isinstance(value, bool):
        return pb.Vital(name=name, bool_value=value)
    if isinstance(value, int):
        return pb.Vital(name=name, int_value=value)
    if isinstance(value, float):
        return pb.Vital(name=name, float_value=value)
    return pb.Vital(name=name, string_value=value)


def attribute_message(attribute: DeviceAttribute) -> pb.DeviceAttributes:
    if isinstance(attribute, EcuAttributes):
        hardware = pb.HardwareId(
            pcba_id=attribute.pcba_id,
            assembly_id=attribute.assembly_id,
            usage_id=attribute.usage_id,
        )
        return pb.DeviceAttributes(
            ecu=pb.EcuAttributes(ecu_type=attribute.ecu_type, hardware_id=hardware)
        )
    if isinstance(attribute, GeneratorAttributes):
        return pb.DeviceAttributes(generator=pb.GeneratorAttributes(**attrs.asdict(attribute)))
    if isinstance(attribute, PvInverterAttributes):
        return pb.DeviceAttributes(pv_inverter=pb.PvInverterAttributes(**attrs.asdict(attribute)))
    return pb.DeviceAttributes(
        meter=pb.MeterAttributes(meter_location=list(attribute.meter_location))
    )


def betterproto2_encode(site: list[DeviceVitals]) -> bytes:
    entries = []
    for device in site:
        connection = device.connection
        message = pb.Device(
            din=device.din,
            component_parent_din=device.parent_din,
            connection_parameters=None
            if connection is None
            else pb.ConnectionParameters(**attrs.asdict(connection)),
            device_attributes=[attribute_message(a) for a in device.attributes],
            **{name: getattr(device, name) for name in IDENTITY + TIMES},
        )
        entries.append(
            pb.DeviceVitals(
                device=[pb.ConnectedDevice(device=message)],
                vitals=[vital_message(name, value) for name, value in device.values.items()],
                alerts=list(device.alerts),
            )
        )
    return bytes(pb.DevicesWithVitals(devices=entries))


@settings(deadline=None)
@given(sites)
def test_betterproto2_round_trip(site: list[DeviceVitals]) -> None:
    assert_decodes_to(betterproto2_encode(site), site)


# --- Google's protobuf runtime as an independent encoder ------------------------------------


def set_vital(vital: Any, name: str, value: VitalValue) -> None:
    vital.name = name
    if isinstance(value, bool):
        vital.bool_value = value
    elif isinstance(value, int):
        vital.int_value = value
    elif isinstance(value, float):
        vital.float_value = value
    else:
        vital.string_value = value


def set_attribute(message: Any, attribute: DeviceAttribute) -> None:
    if isinstance(attribute, EcuAttributes):
        message.ecu.SetInParent()
        if attribute.ecu_type is not None:
            message.ecu.ecu_type = attribute.ecu_type
        for name in ("pcba_id", "assembly_id", "usage_id"):
            if getattr(attribute, name) is not None:
                getattr(message.ecu.hardware_id, name).value = getattr(attribute, name)
        return
    kind = {
        GeneratorAttributes: "generator",
        PvInverterAttributes: "pv_inverter",
        MeterAttributes: "meter",
    }[type(attribute)]
    target = getattr(message, kind)
    target.SetInParent()
    for name, value in attrs.asdict(attribute).items():
        if isinstance(value, tuple):
            getattr(target, name).extend(value)
        elif value is not None:
            setattr(target, name, value)


def google_encode(site: list[DeviceVitals]) -> bytes:
    schema = golden_script().load_schema()
    message = schema.DevicesWithVitals()
    for device in site:
        entry = message.devices.add()
        identity = entry.device.add().device
        identity.din.value = device.din
        if device.parent_din is not None:
            identity.component_parent_din.value = device.parent_din
        for name in IDENTITY:
            if getattr(device, name) is not None:
                getattr(identity, name).value = getattr(device, name)
        for name in TIMES:
            time: datetime | None = getattr(device, name)
            if time is not None:
                seconds, micros = divmod((time - EPOCH) // timedelta(microseconds=1), 10**6)
                getattr(identity, name).seconds = seconds
                getattr(identity, name).nanos = micros * 1000
        if device.connection is not None:
            identity.connection_parameters.SetInParent()
            for name, value in attrs.asdict(device.connection).items():
                if value is None:
                    continue
                if name in WRAPPED_CONNECTION:
                    getattr(identity.connection_parameters, name).value = value
                else:
                    setattr(identity.connection_parameters, name, value)
        for attribute in device.attributes:
            set_attribute(identity.device_attributes.add(), attribute)
        for name, value in device.values.items():
            set_vital(entry.vitals.add(), name, value)
        entry.alerts.extend(device.alerts)
    data: bytes = message.SerializeToString()
    return data


@settings(deadline=None)
@given(sites)
def test_google_protobuf_encoding_decodes_the_same(site: list[DeviceVitals]) -> None:
    pytest.importorskip("grpc_tools", reason="grpcio-tools (the dev extra) is not installed")
    assert_decodes_to(google_encode(site), site)
