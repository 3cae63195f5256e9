"""Commands that change the system: confirmation first, then what the gateway reports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from powerwall_async import to_app_percent

from .cli_helpers import Cli, one_line_error, running_cli


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Cli]:
    with running_cli(tmp_path, monkeypatch) as running:
        yield running


def _writes(cli: Cli) -> list[tuple[str, str]]:
    """Every request that reached the gateway, except logins."""
    return [
        (entry.method, entry.path)
        for entry in cli.sim.request_log
        if entry.path not in {"/api/login/Basic"}
    ]


def _running(cli: Cli) -> bool:
    """The simulated system's state, read afresh (the commands change it)."""
    return cli.sim.state.running


def test_operation_set_applies_and_reports(cli: Cli) -> None:
    report = cli.json("operation", "set", "--mode", "self_consumption", "--reserve", "20", "--yes")
    assert report == {"mode": "self_consumption", "backup_reserve": {"raw": 20.0, "app": 15.79}}
    assert cli.sim.state.real_mode == "self_consumption"
    assert cli.sim.state.backup_reserve_percent == 20.0
    assert cli.sim.state.pending is None
    assert _writes(cli) == [
        ("POST", "/api/operation"),
        ("GET", "/api/config/completed"),
        ("GET", "/api/operation"),
    ]


def test_operation_set_on_the_app_scale(cli: Cli) -> None:
    result = cli.run("operation", "set", "--mode", "backup", "--reserve", "20", "--app-scale", "-y")
    assert result.exit_code == 0, result.output
    assert cli.sim.state.backup_reserve_percent == pytest.approx(24.0)
    assert cli.sim.state.real_mode == "backup"
    assert "24.0 % (app 20.0 %)" in result.stdout
    assert cli.json("operation", "get")["backup_reserve"]["raw"] == pytest.approx(24.0)


def test_operation_set_keeps_what_is_not_given(cli: Cli) -> None:
    assert cli.sim.state.real_mode == "autonomous"
    result = cli.run("operation", "set", "--reserve", "40", "-y")
    assert result.exit_code == 0, result.output
    assert cli.sim.state.real_mode == "autonomous"
    assert cli.sim.state.backup_reserve_percent == 40.0
    result = cli.run("operation", "set", "--mode", "backup", "-y")
    assert result.exit_code == 0, result.output
    assert cli.sim.state.real_mode == "backup"
    assert cli.sim.state.backup_reserve_percent == 40.0
    neither = cli.run("operation", "set", "-y")
    assert neither.exit_code == 2
    assert "--mode, --reserve or both" in one_line_error(neither)


def test_operation_set_asks_first(cli: Cli) -> None:
    declined = cli.run("operation", "set", "--mode", "backup", "--reserve", "50", input="n\n")
    assert declined.exit_code == 1
    assert "mode backup with a backup reserve of 50.0 % (app 47.4 %)?" in declined.stderr
    assert "nothing was sent" in declined.stderr
    assert len(cli.sim.request_log) == 0  # not even a login
    assert cli.sim.state.real_mode == "autonomous"

    accepted = cli.run("operation", "set", "--mode", "backup", "--reserve", "50", input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert cli.sim.state.real_mode == "backup"
    assert cli.sim.state.backup_reserve_percent == 50.0


def test_no_answer_is_no(cli: Cli) -> None:
    result = cli.run("operation", "set", "--mode", "backup", "--reserve", "50")  # stdin is empty
    assert result.exit_code == 1
    assert len(cli.sim.request_log) == 0


def test_grid_off_and_on(cli: Cli) -> None:
    declined = cli.run("grid", "off", input="n\n")
    assert declined.exit_code == 1
    assert "OFF the grid" in declined.stderr
    assert len(cli.sim.request_log) == 0
    assert cli.sim.state.grid_status == "SystemGridConnected"

    assert cli.json("grid", "off", "--yes") == {"grid_status": "SystemIslandedActive"}
    assert cli.sim.state.grid_status == "SystemIslandedActive"
    result = cli.run("grid", "on", input="y\n")
    assert result.exit_code == 0, result.output
    assert "SystemGridConnected" in result.stdout
    assert cli.sim.state.grid_status == "SystemGridConnected"
    assert [path for method, path in _writes(cli) if method == "POST"] == [
        "/api/v2/islanding/mode",
        "/api/v2/islanding/mode",
    ]


def test_sitemaster_stop_and_run(cli: Cli) -> None:
    declined = cli.run("sitemaster", "stop", input="n\n")
    assert declined.exit_code == 1
    assert len(cli.sim.request_log) == 0
    assert _running(cli)

    assert cli.json("sitemaster", "stop", "-y") == {"running": False, "status": "StatusDown"}
    assert not _running(cli)
    result = cli.run("sitemaster", "run", "--yes")
    assert result.exit_code == 0, result.output
    assert "running (StatusUp)" in result.stdout
    assert _running(cli)
    assert len(cli.sim.request_log.matching("GET", "/api/sitemaster/stop")) == 1  # never repeated


def test_a_write_the_gateway_refuses_changes_nothing(cli: Cli) -> None:
    assert cli.run("soe").exit_code == 0  # logged in: the next request is the write
    cli.sim.faults.next_statuses.append(503)
    result = cli.run("operation", "set", "--mode", "backup", "--reserve", "40", "--yes")
    assert result.exit_code == 8
    assert len(cli.sim.request_log.matching("POST", "/api/operation")) == 1  # not retried
    assert cli.sim.request_log.matching("GET", "/api/config/completed") == []
    assert cli.sim.state.real_mode == "autonomous"
    assert to_app_percent(cli.sim.state.backup_reserve_percent) == pytest.approx(26.3, abs=0.1)


def test_firmware_that_refuses_customer_writes(cli: Cli) -> None:
    cli.sim.state.customer_writes = False
    result = cli.run("grid", "off", "--yes")
    assert result.exit_code == 5
    message = one_line_error(result)
    assert "customer may not do this" in message
    assert "Tesla app" in message
    assert cli.sim.state.grid_status == "SystemGridConnected"
    # The saved session stays: it was the role, not the session, that was refused.
    assert cli.run("soe").exit_code == 0
    assert cli.logins() == 1  # refused right after a fresh login: no second one
