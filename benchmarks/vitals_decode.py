"""How long decoding the reference vitals payload takes: median microseconds per decode.

    .venv/bin/python benchmarks/vitals_decode.py [--rounds 200]

Compares decode_vitals (wire check + betterproto2 parse + models) with its parts and with
Google's protobuf runtime (upb, C) parsing the same bytes (needs grpcio-tools, the dev extra).
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import time
from collections.abc import Callable
from pathlib import Path

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


def google_parser(body: bytes) -> tuple[str, Callable[[], object]] | None:
    try:
        from google.protobuf.internal import api_implementation  # type: ignore[import-untyped]
    except ImportError:
        return None
    script = ROOT / "scripts" / "make_golden_vitals.py"
    spec = importlib.util.spec_from_file_location("make_golden_vitals", script)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    message_class = module.load_schema().DevicesWithVitals
    label = f"google protobuf ({api_implementation.Type()}) parse"
    return label, lambda: message_class.FromString(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    rounds = parser.parse_args().rounds
    body = GOLDEN.read_bytes()
    message = pb.DevicesWithVitals.parse(body)
    cases: list[tuple[str, Callable[[], object]]] = [
        ("decode_vitals (all of it)", lambda: vitals.decode_vitals(body)),
        (
            "  wire check",
            lambda: vitals._check_message(body, 0, len(body), pb.DevicesWithVitals),
        ),
        ("  betterproto2 parse", lambda: pb.DevicesWithVitals.parse(body)),
        ("  message to models", lambda: vitals._vitals(message)),
    ]
    google = google_parser(body)
    if google is not None:
        cases.append(google)
    print(f"{GOLDEN.name}: {len(body)} bytes, {len(message.devices)} devices, {rounds} rounds")
    for label, function in cases:
        print(f"{label:<36} {median_us(function, rounds):>9.1f} µs")


if __name__ == "__main__":
    main()
