"""``powerwall-async watch``: a few refreshes on one session."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .cli_helpers import Cli, running_cli


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Cli]:
    with running_cli(tmp_path, monkeypatch) as running:
        yield running


def _readings(cli: Cli, *args: str) -> list[dict[str, object]]:
    result = cli.run("watch", "--interval", "0", "--json", *args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_watch_refreshes_with_one_login(cli: Cli) -> None:
    readings = _readings(cli, "--count", "3")
    assert len(readings) == 3
    for reading in readings:
        power = reading["power_w"]
        assert isinstance(power, dict)
        assert power["load"] == pytest.approx(power["site"] + power["battery"] + power["solar"])
        assert reading["error"] is None
    assert readings[0]["power_w"] != readings[-1]["power_w"]  # live values drift
    assert len(cli.sim.request_log.matching("GET", "/api/meters/aggregates")) == 3
    assert cli.logins() == 1
    # The next run reuses the saved session: no login at all.
    assert len(_readings(cli, "--count", "2")) == 2
    assert cli.logins() == 1


def test_watch_table(cli: Cli) -> None:
    result = cli.run("watch", "--interval", "0.01", "--count", "2")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Power flow at") == 2
    for label in ("Solar", "Battery", "Home", "Grid", "Charge"):
        assert label in result.stdout


def test_watch_outlasts_a_stopped_system(cli: Cli) -> None:
    cli.sim.state.stop()
    [reading] = _readings(cli, "--count", "1")
    assert reading["power_w"] is None
    assert "502" in str(reading["error"])
    table = cli.run("watch", "--interval", "0", "--count", "1")
    assert table.exit_code == 0
    assert "Unavailable" in table.stdout


def test_watch_on_a_terminal_updates_one_live_view(cli: Cli) -> None:
    result = cli.run("watch", "--interval", "0", "--count", "3", TTY_COMPATIBLE="1")
    assert result.exit_code == 0, result.output
    assert "Power flow at" in result.stdout
    assert "\x1b[1A\x1b[2K" in result.stdout  # redrawn in place: cursor up, erase line
    assert len(cli.sim.request_log.matching("GET", "/api/meters/aggregates")) == 3


def test_ctrl_c_ends_watch_cleanly(cli: Cli) -> None:
    command = [sys.executable, "-c", "from powerwall_async.cli import main; main()"]
    env = {**os.environ, **cli.env()}
    with subprocess.Popen(
        [*command, "watch", "--interval", "0.1", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    ) as process:
        assert process.stdout is not None
        first = json.loads(process.stdout.readline())
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=30)
    assert first["power_w"] is not None
    assert process.returncode == 0
    assert "Traceback" not in errors
    assert cli.logins() == 1
    assert cli.tokens()  # the session was saved on the way out
