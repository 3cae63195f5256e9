"""Connection parameters in vitals: ``ip_address`` and ``serial_port`` are wrapped strings
(google.protobuf.StringValue) on the wire; a real gateway's bytes for field 1 are
``0a 0f 0a 0d "PWRview-73533"``, which a plain-string schema misreads as ``"\\n\\rPWRview-73533"``
(issue 13, item 11)."""

from __future__ import annotations

import pytest

from powerwall_async._proto import vitals as pb
from powerwall_async.models.vitals import ConnectionParameters, decode_vitals
from powerwall_async.redaction import Redactor, redact_vitals, vitals_as_json

from .helpers import golden_script

DIN = "NEURIO--VVVVVVVVVVVVV"  # the placeholder DIN of the vitals fixture's Neurio meter

# DevicesWithVitals{devices: [{device: [{device: Device{
#     din (1): StringValue{DIN},
#     connection_parameters (10): {
#         ip_address (1): StringValue{"PWRview-73533"},   0a 0f | 0a 0d PWRview-73533
#         serial_port (2): StringValue{"/dev/ttyUSB0"},   12 0e | 0a 0c /dev/ttyUSB0
#         serial_baud (3): "115200",                       1a 06 115200
#         modbus_id (4): 3}}}]}]}                         20 03
GOLDEN = bytes.fromhex(
    "0a4a0a480a460a170a154e455552494f2d2d56565656565656565656565656"
    "522b0a0f0a0d505752766965772d3733353333"
    "120e0a0c2f6465762f74747955534230"
    "1a06313135323030"
    "2003"
)
FILLED = ConnectionParameters(
    ip_address="PWRview-73533", serial_port="/dev/ttyUSB0", serial_baud="115200", modbus_id=3
)


def test_wrapped_connection_parameters_decode_to_plain_strings() -> None:
    device = decode_vitals(GOLDEN).devices[DIN]
    assert device.connection == FILLED


def test_encoding_writes_the_wrappers() -> None:
    message = pb.DevicesWithVitals(
        devices=[
            pb.DeviceVitals(
                device=[
                    pb.ConnectedDevice(
                        device=pb.Device(
                            din=DIN,
                            connection_parameters=pb.ConnectionParameters(
                                ip_address="PWRview-73533",
                                serial_port="/dev/ttyUSB0",
                                serial_baud="115200",
                                modbus_id=3,
                            ),
                        )
                    )
                ]
            )
        ]
    )
    assert bytes(message) == GOLDEN


def google_schema() -> object:
    pytest.importorskip("grpc_tools", reason="grpcio-tools (the dev extra) is not installed")
    return golden_script().load_schema()


def test_googles_runtime_reads_the_golden_bytes_with_our_schema() -> None:
    schema: object = google_schema()
    message = schema.DevicesWithVitals.FromString(GOLDEN)  # type: ignore[attr-defined]
    connection = message.devices[0].device[0].device.connection_parameters
    assert connection.ip_address.value == "PWRview-73533"
    assert connection.serial_port.value == "/dev/ttyUSB0"
    assert connection.modbus_id == 3


def test_the_recorder_redacts_inside_the_wrapper() -> None:
    redactor = Redactor()
    redactor.learn(vitals_as_json(GOLDEN))  # as the recorder does for every capture first
    redacted = redact_vitals(GOLDEN, redactor)
    assert b"PWRview-73533" not in redacted
    assert b"VVVVVVVVVVVVV" not in redacted
    device = next(iter(decode_vitals(redacted).devices.values()))
    assert device.connection is not None
    ip_address = device.connection.ip_address
    assert ip_address is not None
    assert ip_address.startswith("HOST-")
    # An independent parser of the same schema accepts the re-encoded file.
    schema: object = google_schema()
    message = schema.DevicesWithVitals.FromString(redacted)  # type: ignore[attr-defined]
    assert message.devices[0].device[0].device.connection_parameters.ip_address.value == ip_address
    assert device.connection.modbus_id == 3
