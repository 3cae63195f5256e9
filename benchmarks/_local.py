"""The measurements that need no gateway: import time and the vitals decode."""

from __future__ import annotations

import atexit
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import cache

from . import vitals_decode

_TIMED_IMPORT = (
    "import time; start = time.perf_counter(); import {module}; print(time.perf_counter() - start)"
)


@cache
def _bytecode_env() -> dict[str, str]:
    """The environment imports are timed in: bytecode written and read (in a directory of its
    own), as an installed wheel has it. An editable install under PYTHONDONTWRITEBYTECODE
    would otherwise compile this package's source on every import while httpx loads its
    compiled files, timing the compiler rather than the import."""
    cache_dir = tempfile.mkdtemp(prefix="powerwall-bench-pyc-")
    atexit.register(shutil.rmtree, cache_dir, ignore_errors=True)
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": cache_dir}


def _run(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter, a fixed program
        [sys.executable, *arguments],
        capture_output=True,
        text=True,
        check=True,
        env=_bytecode_env(),
    )


def import_times(modules: tuple[str, ...], runs: int) -> dict[str, float]:
    """Median seconds of ``import MODULE`` in fresh interpreters, taking turns (one unmeasured
    round first, to warm the file cache and write the bytecode)."""
    samples: dict[str, list[float]] = {module: [] for module in modules}
    for number in range(runs + 1):
        for module in modules:
            seconds = float(_run("-c", _TIMED_IMPORT.format(module=module)).stdout)
            if number:
                samples[module].append(seconds)
    return {module: statistics.median(values) for module, values in samples.items()}


def import_breakdown(module: str, top: int) -> list[tuple[str, float]]:
    """Where ``import MODULE`` spends its time, from one ``python -X importtime`` run (after
    one that writes the bytecode): the modules' own (self) times summed per package,
    ``MODULE``'s subpackages apart, so the figures add up to the whole import."""
    _run("-c", f"import {module}")
    completed = _run("-X", "importtime", "-c", f"import {module}")
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
