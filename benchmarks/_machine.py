"""What the figures were measured on: the machine, the interpreter and the packages."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PACKAGES = (
    "powerwall-async",
    "httpx",
    "httpcore",
    "h11",
    "h2",
    "anyio",
    "cattrs",
    "attrs",
    "betterproto2",
    "hypercorn",
    "tesla-powerwall",
    "aiohttp",
    "pypowerwall",
    "requests",
    "urllib3",
    "protobuf",
    "pyinstrument",
)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                name = line.partition("=")[2].strip('"')
                return f"{name}, {platform.system()} {platform.release()}"
    except OSError:
        pass
    return platform.platform()


def revision() -> str:
    """The commit measured, with ``-dirty`` when the work tree had changes."""
    try:
        completed = subprocess.run(
            ["git", "describe", "--always", "--dirty"],  # noqa: S607 - git from PATH
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return completed.stdout.strip()


def machine() -> list[tuple[str, str]]:
    return [
        ("CPU", cpu_model()),
        ("Cores", str(os.cpu_count())),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("OS", os_name()),
        ("Revision", revision()),
    ]


def versions() -> list[tuple[str, str]]:
    found = []
    for name in PACKAGES:
        try:
            found.append((name, importlib.metadata.version(name)))
        except importlib.metadata.PackageNotFoundError:
            found.append((name, "not installed"))
    return found
