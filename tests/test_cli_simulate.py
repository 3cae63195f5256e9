"""``powerwall-async simulate`` as users run it: a certificate kept across restarts with
``--cert-dir``, and ``export POWERWALL_...`` lines that point the command line at it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import anyio
import anyio.to_thread
import pytest
from anyio.abc import Process
from anyio.streams.buffered import BufferedByteReceiveStream
from typer.testing import CliRunner, Result

from powerwall_async.cli import app

pytestmark = pytest.mark.anyio

COMMAND = [sys.executable, "-c", "from powerwall_async.cli import main; main()", "simulate"]


async def _announcement(process: Process) -> list[str]:
    """The lines it prints before serving, up to the Python one."""
    assert process.stdout is not None
    stream = BufferedByteReceiveStream(process.stdout)
    lines: list[str] = []
    with anyio.fail_after(30):
        while not lines or not lines[-1].startswith("Powerwall.connect("):
            lines.append((await stream.receive_until(b"\n", 65536)).decode())
    return lines


def _exports(lines: list[str]) -> dict[str, str]:
    exports = [line.removeprefix("export ") for line in lines if line.startswith("export ")]
    return dict(line.split("=", 1) for line in exports)


async def _run_simulate(*args: str) -> list[str]:
    async with await anyio.open_process(
        [*COMMAND, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        try:
            return await _announcement(process)
        finally:
            process.terminate()
            with anyio.fail_after(15):
                await process.wait()


async def test_cert_dir_keeps_the_pin_across_restarts(tmp_path: Path) -> None:
    kept = tmp_path / "simulator"
    first = await _run_simulate("--cert-dir", str(kept), "--password", "pass")
    second = await _run_simulate("--cert-dir", str(kept), "--password", "pass")
    pins = [_exports(lines)["POWERWALL_PIN"] for lines in (first, second)]
    assert pins[0] == pins[1]
    assert f"Kept in:  {kept} (the same certificate next time)" in first
    assert sorted(path.name for path in kept.iterdir()) == [".gitignore", "cert.pem", "key.pem"]


async def test_the_export_lines_point_the_command_line_at_it(tmp_path: Path) -> None:
    async with await anyio.open_process(
        [*COMMAND, "--password", "it's $secret"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        try:
            lines = await _announcement(process)
            # What a shell makes of the pasted lines: the environment the command line reads.
            shell = "; ".join(line for line in lines if line.startswith("export "))
            script = (
                f'{shell}; printf "%s\\n" "$POWERWALL_HOST" "$POWERWALL_PIN" "$POWERWALL_PASSWORD"'
            )
            printed = (await anyio.run_process(["sh", "-c", script])).stdout.decode().splitlines()
            names = ["POWERWALL_HOST", "POWERWALL_PIN", "POWERWALL_PASSWORD"]
            env = dict(zip(names, printed, strict=True))
            env |= {"XDG_CACHE_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
            result: Result = await anyio.to_thread.run_sync(
                lambda: CliRunner().invoke(app, ["soe"], env=env)
            )
        finally:
            process.terminate()
            with anyio.fail_after(15):
                await process.wait()
    assert env["POWERWALL_PASSWORD"] == "it's $secret"
    assert env["POWERWALL_HOST"].startswith("https://127.0.0.1:")
    assert len(env["POWERWALL_PIN"].split(":")) == 32
    assert result.exit_code == 0, result.output
    assert "%" in result.stdout


async def test_an_unusable_cert_dir_is_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "cert.pem").write_text("not a certificate")
    result: Result = await anyio.to_thread.run_sync(
        lambda: CliRunner().invoke(app, ["simulate", "--cert-dir", str(tmp_path)])
    )
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert f"{tmp_path / 'key.pem'} is missing: remove {tmp_path} to make a new" in lines[0]
