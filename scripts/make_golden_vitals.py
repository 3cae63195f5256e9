"""Make the golden vitals payload with an encoder independent of the code under test.

protos/vitals.proto is compiled with ``grpc_tools.protoc --python_out`` into a temporary
directory, and Google's protobuf runtime builds a DevicesWithVitals message from the decoded
reference (tests/fixtures/vitals/api-devices-vitals.json) and serialises it deterministically:

    .venv/bin/python scripts/make_golden_vitals.py           # (re)write the .pb fixture
    .venv/bin/python scripts/make_golden_vitals.py --check   # exit 1 if it would change

In the reference, each device maps the identity keys below to strings and every other key to a
reading; a reading's JSON type picks the protobuf value field (bool, string, integer, double).
The tests import this file for :func:`load_schema` and :func:`encode`.
"""

from __future__ import annotations

import argparse
import functools
import importlib.resources
import importlib.util
import json
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PROTO = ROOT / "protos" / "vitals.proto"
FIXTURES = ROOT / "tests" / "fixtures" / "vitals"
REFERENCE = FIXTURES / "api-devices-vitals.json"
GOLDEN = FIXTURES / "api-devices-vitals.pb"

# Identity keys of the reference (pypowerwall's names) → fields of the Device message.
IDENTITY = {
    "partNumber": "part_number",
    "serialNumber": "serial_number",
    "manufacturer": "manufacturer",
    "firmwareVersion": "firmware_version",
    "Parent": "component_parent_din",
}
LAST_COMMUNICATION = "lastCommunicationTime"  # epoch seconds, as a string
ALERTS = "alerts"  # pypowerwall's key for a device's alert names, when it has any


@functools.cache
def load_schema() -> ModuleType:
    """protos/vitals.proto compiled by grpcio-tools' protoc and imported (once per process)."""
    from grpc_tools import protoc  # type: ignore[import-untyped]  # imported only when needed

    includes = importlib.resources.files("grpc_tools") / "_proto"
    with tempfile.TemporaryDirectory() as out:
        status = protoc.main(
            [
                "protoc",
                f"-I{PROTO.parent}",
                f"-I{includes}",
                f"--python_out={out}",
                str(PROTO),
            ]
        )
        if status != 0:
            raise RuntimeError(f"protoc failed on {PROTO} (exit status {status})")
        spec = importlib.util.spec_from_file_location("vitals_pb2", Path(out) / "vitals_pb2.py")
        if spec is None or spec.loader is None:
            raise RuntimeError("protoc wrote no vitals_pb2.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return module


def _set_vital(vital: Any, name: str, value: object) -> None:
    vital.name = name
    if isinstance(value, bool):  # before int: a bool is an int in Python
        vital.bool_value = value
    elif isinstance(value, str):
        vital.string_value = value
    elif isinstance(value, int):
        vital.int_value = value
    elif isinstance(value, float):
        vital.float_value = value
    else:
        raise TypeError(f"{name}: no protobuf value type for {value!r}")


def encode(reference: Mapping[str, Mapping[str, Any]]) -> bytes:
    """The DevicesWithVitals message for a decoded reference, serialised deterministically."""
    schema = load_schema()
    message = schema.DevicesWithVitals()
    for din, fields in reference.items():
        entry = message.devices.add()
        device = entry.device.add().device
        device.din.value = din
        for key, field in IDENTITY.items():
            if key in fields:
                getattr(device, field).value = fields[key]
        if LAST_COMMUNICATION in fields:
            device.last_communication_time.seconds = int(fields[LAST_COMMUNICATION])
        for name, value in fields.items():
            if name == ALERTS:
                entry.alerts.extend(value)
            elif name not in IDENTITY and name != LAST_COMMUNICATION:
                _set_vital(entry.vitals.add(), name, value)
    data: bytes = message.SerializeToString(deterministic=True)
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the fixture")
    args = parser.parse_args(argv)
    data = encode(json.loads(REFERENCE.read_text(encoding="utf-8")))
    if args.check:
        same = GOLDEN.exists() and GOLDEN.read_bytes() == data
        print(f"{GOLDEN.relative_to(ROOT)}: {'up to date' if same else 'differs'}")
        return 0 if same else 1
    GOLDEN.write_bytes(data)
    print(f"wrote {GOLDEN.relative_to(ROOT)} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
