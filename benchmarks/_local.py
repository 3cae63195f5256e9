"""The measurements that need no gateway: import time and the vitals decode."""

from __future__ import annotations

import statistics
import subprocess
import sys
from dataclasses import dataclass

from . import vitals_decode

_TIMED_IMPORT = (
    "import time; start = time.perf_counter(); import {module}; print(time.perf_counter() - start)"
)


def _import_seconds(module: str) -> float:
    completed = subprocess.run(  # noqa: S603 - our own interpreter, a fixed program
        [sys.executable, "-c", _TIMED_IMPORT.format(module=module)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(completed.stdout)


def import_times(modules: tuple[str, ...], runs: int) -> dict[str, float]:
    """Median seconds of ``import MODULE`` in fresh interpreters, taking turns (one unmeasured
    round first, to warm the file cache)."""
    samples: dict[str, list[float]] = {module: [] for module in modules}
    for number in range(runs + 1):
        for module in modules:
            seconds = _import_seconds(module)
            if number:
                samples[module].append(seconds)
    return {module: statistics.median(values) for module, values in samples.items()}


def import_breakdown(module: str, top: int) -> list[tuple[str, float]]:
    """Where ``import MODULE`` spends its time, from one ``python -X importtime`` run: the
    modules' own (self) times summed per package, ``MODULE``'s subpackages apart, so the
    figures add up to the whole import."""
    completed = subprocess.run(  # noqa: S603 - our own interpreter, a fixed program
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
    )
    groups: dict[str, float] = {}
    for line in completed.stderr.splitlines():
        _, _, fields = line.partition("import time:")
        parts = [part.strip() for part in fields.split("|")]
        if len(parts) != 3 or not parts[0].isdigit():
            continue
        names = parts[2].split(".")
        group = ".".join(names[:2]) if names[0] == module else names[0]
        groups[group] = groups.get(group, 0.0) + int(parts[0]) / 1e6
    return sorted(groups.items(), key=lambda item: item[1], reverse=True)[:top]


@dataclass(frozen=True, slots=True)
class VitalsDecode:
    ours: float
    google: float | None
    google_read_all: float | None
    parts: list[tuple[str, float]]


def vitals(rounds: int) -> VitalsDecode:
    """Median microseconds to decode the golden vitals payload, ours and upb's."""
    measured = vitals_decode.measure(rounds)
    by_label = dict(measured)
    google = [value for label, value in measured if label.startswith("google")]
    return VitalsDecode(
        ours=by_label[vitals_decode.DECODE_VITALS],
        google=google[0] if google else None,
        google_read_all=google[1] if len(google) > 1 else None,
        parts=measured,
    )
