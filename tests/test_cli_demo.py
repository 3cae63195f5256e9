"""``powerwall-async demo`` and ``powerwall-async simulate``."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from typing import Any

import anyio
import pytest
from anyio.abc import Process
from anyio.streams.buffered import BufferedByteReceiveStream
from typer.testing import CliRunner

from powerwall_async import GatewayBusyError, Powerwall, to_app_percent
from powerwall_async.cli import app

from .cli_helpers import one_line_error

runner = CliRunner()

COMMAND = [sys.executable, "-c", "from powerwall_async.cli import main; main()", "simulate"]


def _demo_json(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["demo", "--json", *args])
    assert result.exit_code == 0, result.output
    summary: dict[str, Any] = json.loads(result.stdout)
    return summary


def test_demo_json_reads_the_simulator_through_the_tls_client() -> None:
    summary = _demo_json()
    power = summary["power_w"]
    assert power["load"] == pytest.approx(
        power["site"] + power["battery"] + power["solar"], abs=0.03
    )
    assert power["load"] > 0
    assert summary["soe"]["app"] == pytest.approx(to_app_percent(summary["soe"]["raw"]), abs=0.01)
    assert summary["grid_status"] == "SystemGridConnected"
    assert summary["operation"]["mode"] == "autonomous"
    reserve = summary["operation"]["backup_reserve"]
    assert reserve == {"raw": 30.0, "app": round(to_app_percent(30.0), 2)}
    assert summary["gateway"]["url"].startswith("https://127.0.0.1:")
    assert summary["gateway"]["version"] == "21.44 223a56cd"
    assert len(summary["gateway"]["sha256"].split(":")) == 32


def test_demo_prints_a_readable_summary() -> None:
    summary = _demo_json()  # same seed, same readings
    result = runner.invoke(app, ["demo"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    text = result.stdout
    for label in (
        "Power flow",
        "Solar",
        "Battery",
        "Home (load)",
        "Grid (site)",
        "State of energy",
    ):
        assert label in text
    assert f"{summary['soe']['raw']:.1f} %" in text
    assert f"{summary['soe']['app']:.1f} %" in text
    assert "30.0 %" in text
    assert "26.3 %" in text
    assert "SystemGridConnected" in text
    assert "autonomous" in text
    assert f"{summary['power_w']['load']:,.0f}" in text
    assert "pinned" in text


def test_demo_on_a_restricted_gateway() -> None:
    summary = _demo_json("--profile", "restricted")
    assert summary["operation"] == {"mode": None, "backup_reserve": None}
    result = runner.invoke(app, ["demo", "--profile", "restricted"])
    assert result.exit_code == 0
    assert "not available" in result.stdout


def test_demo_with_an_unknown_profile_fails_cleanly() -> None:
    result = runner.invoke(app, ["demo", "--profile", "nope"])
    assert result.exit_code == 2
    assert "unknown simulator profile" in one_line_error(result)


def test_simulate_refuses_bad_fault_settings() -> None:
    result = runner.invoke(app, ["simulate", "--error-502-rate", "2"])
    assert result.exit_code == 2
    assert "--error-502-rate" in one_line_error(result)


def test_simulate_on_a_port_in_use() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["simulate", "--port", str(port)])
    assert result.exit_code == 2
    assert "in use" in one_line_error(result)


# -- the simulate command in a real process ----------------------------------------------------
async def _lines(process: Process, count: int) -> list[str]:
    assert process.stdout is not None
    stream = BufferedByteReceiveStream(process.stdout)
    with anyio.fail_after(30):
        return [(await stream.receive_until(b"\n", 65536)).decode() for _ in range(count)]


async def _stop(process: Process) -> int:
    process.terminate()
    with anyio.fail_after(15):
        return await process.wait()


@pytest.mark.anyio
async def test_simulate_command_serves_until_terminated() -> None:
    async with await anyio.open_process(
        [*COMMAND, "--password", "sim-pass"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        try:
            lines = await _lines(process, 4)
            fields = {
                key: value.strip() for key, _, value in (line.partition(":") for line in lines[1:])
            }
            async with Powerwall.connect(
                fields["URL"], password=fields["Password"], pin_sha256=fields["SHA-256"]
            ) as pw:
                status = await pw.status.get()
                soe = await pw.system_status.soe()
        finally:
            code = await _stop(process)
    assert "profile 21.44" in lines[0]
    assert fields["Password"] == "sim-pass"
    assert fields["URL"].startswith("https://127.0.0.1:")
    assert status.version == "21.44 223a56cd"
    assert soe.percentage > 0
    assert code == 0


@pytest.mark.anyio
async def test_simulate_command_json_output_profile_and_faults() -> None:
    async with await anyio.open_process(
        [*COMMAND, "--json", "--profile", "23.44", "--error-503-rate", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        try:
            info = json.loads((await _lines(process, 1))[0])
            async with Powerwall.connect(
                info["url"], password=info["password"], pin_sha256=info["sha256"], max_retries=0
            ) as pw:
                with pytest.raises(GatewayBusyError):
                    await pw.status.get()
        finally:
            code = await _stop(process)
    assert info["profile"] == "23.44"
    assert info["port"] == int(info["url"].rsplit(":", 1)[1])
    assert len(info["password"]) >= 8
    assert code == 0
