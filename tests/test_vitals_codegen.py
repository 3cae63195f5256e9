"""The committed code in powerwall_async/_proto/ is what protos/*.proto generates.

Runs the command of ``nox -s protos`` (grpcio-tools' protoc with the betterproto2 plugin, from
the repository root so the plugin's ruff pass reads the project's settings) into a temporary
directory and compares every file.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip(
    "betterproto2_compiler",
    reason="betterproto2-compiler (the dev extra) is not installed: cannot regenerate _proto/",
)
pytest.importorskip(
    "grpc_tools", reason="grpcio-tools (the dev extra) is not installed: cannot regenerate _proto/"
)

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "powerwall_async" / "_proto"


def tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_generated_code_matches_the_protos(tmp_path: Path) -> None:
    scripts = Path(sys.executable).parent  # the plugin and ruff live next to this interpreter
    environment = {**os.environ, "PATH": f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}"}
    sources = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "protos").glob("*.proto"))
    assert sources
    subprocess.run(
        [
            sys.executable,
            "-m",
            "grpc_tools.protoc",
            "-Iprotos",
            f"--python_betterproto2_out={tmp_path}",
            *sources,
        ],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
    )
    fresh, committed = tree(tmp_path), tree(GENERATED)
    assert sorted(fresh) == sorted(committed), "files differ: run `nox -s protos` and commit"
    for name, content in fresh.items():
        if content != committed[name]:
            diff = difflib.unified_diff(
                committed[name].decode().splitlines(),
                content.decode().splitlines(),
                f"committed/{name}",
                f"generated/{name}",
                lineterm="",
            )
            pytest.fail(f"{name} is stale: run `nox -s protos` and commit\n" + "\n".join(diff))
