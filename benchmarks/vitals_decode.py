"""How long decoding the reference vitals payload takes: median microseconds per decode.

    .venv/bin/python benchmarks/vitals_decode.py [--rounds 200]

Compares decode_vitals (wire check + betterproto2 parse + models) with its parts and with
Google's protobuf runtime (upb, C) parsing the same bytes (needs grpcio-tools, the dev extra).
``python -m benchmarks`` (``nox -s bench``) reports the first and the last line of it.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from powerwall_async._proto import vitals as pb
from powerwall_async.models import vitals

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "fixtures" / "vitals" / "api-devices-vitals.pb"


def median_us(function: Callable[[], object], rounds: int) -> float:
    function()  # warm caches (the wire check's schema, imports)
    samples = []
    for _ in range(rounds):
        start = time.perf_counter_ns()
        function()
        samples.append(time.perf_counter_ns() - start)
    return statistics.median(samples) / 1000


def _read_every_field(message: Any) -> int:
    """Touch every set field (upb makes Python objects lazily, on access): a fairer match
    for a decoder that builds everything up front."""
    count = 0
    for descriptor, value in message.ListFields():
        repeated = getattr(descriptor, "is_repeated", None)  # protobuf >= 6; `label` before
        if repeated is None:
            repeated = descriptor.label == descriptor.LABEL_REPEATED
        values = value if repeated else (value,)
        if descriptor.message_type is not None:
            count += sum(_read_every_field(item) for item in values)
        else:
            count += len(values)
    return count


def google_parsers(body: bytes) -> list[tuple[str, Callable[[], object]]]:
    try:
        from google.protobuf.internal import api_implementation  # type: ignore[import-untyped]
    except ImportError:
        return []
    script = ROOT / "scripts" / "make_golden_vitals.py"
    spec = importlib.util.spec_from_file_location("make_golden_vitals", script)
    if spec is None or spec.loader is None:
        return []
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    message_class = module.load_schema().DevicesWithVitals
    label = f"google protobuf ({api_implementation.Type()}) parse"
    return [
        (label, lambda: message_class.FromString(body)),
        (f"{label} + read every field", lambda: _read_every_field(message_class.FromString(body))),
    ]


DECODE_VITALS = "decode_vitals (all of it)"
_PRIVATE_HOMES = ("powerwall_async.models._vitals_wire", "powerwall_async.models.vitals")


def _private(name: str) -> Callable[..., object] | None:
    """A private function of the decoder, wherever it lives now (None if nowhere)."""
    for home in _PRIVATE_HOMES:
        try:
            module = importlib.import_module(home)
        except ImportError:
            continue
        found = getattr(module, name, None)
        if callable(found):
            return cast("Callable[..., object]", found)
    return None


def measure(rounds: int) -> list[tuple[str, float]]:
    """Median microseconds per decode of the golden payload: ours, its parts, Google's."""
    body = GOLDEN.read_bytes()
    message = pb.DevicesWithVitals.parse(body)
    cases: list[tuple[str, Callable[[], object]]] = [
        (DECODE_VITALS, lambda: vitals.decode_vitals(body)),
        ("  betterproto2 parse", lambda: pb.DevicesWithVitals.parse(body)),
    ]
    # The parts are private and move about: each is measured where it is found.
    check = _private("_check_message")
    if check is not None:
        cases.insert(1, ("  wire check", lambda: check(body, 0, len(body), pb.DevicesWithVitals)))
    to_models = _private("_vitals")
    if to_models is not None:
        cases.append(("  message to models", lambda: to_models(message)))
    cases.extend(google_parsers(body))
    return [(label, median_us(function, rounds)) for label, function in cases]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    rounds = parser.parse_args().rounds
    body = GOLDEN.read_bytes()
    devices = len(pb.DevicesWithVitals.parse(body).devices)
    print(f"{GOLDEN.name}: {len(body)} bytes, {devices} devices, {rounds} rounds")
    for label, microseconds in measure(rounds):
        print(f"{label:<50} {microseconds:>9.1f} µs")


if __name__ == "__main__":
    main()
