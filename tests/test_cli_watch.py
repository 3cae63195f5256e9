"""``powerwall-async watch``: a few refreshes on one session."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from powerwall_async.cli._exit import ExitCode
from powerwall_async.testing import Faults

from .cli_helpers import (
    Cli,
    background_simulator,
    closed_port,
    one_line_error,
    running_cli,
)


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
        assert power["load"] == pytest.approx(
            power["site"] + power["battery"] + power["solar"], abs=0.03
        )
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
    for label in ("Solar", "Battery", "Home (load)", "Grid (site)", "State of energy"):
        assert label in result.stdout


def test_watch_table_with_count_does_not_say_ctrl_c(cli: Cli) -> None:
    counted = cli.run("watch", "--interval", "0", "--count", "2")
    assert "Ctrl-C" not in counted.stdout
    assert "refresh 2 of 2" in counted.stdout


def _after_first_reading(cli: Cli, then: Callable[[], None]) -> threading.Thread:
    """Run ``then`` in a thread once the simulator has answered one power reading."""

    def wait_then() -> None:
        while not cli.sim.request_log.matching("GET", "/api/system_status/soe"):
            time.sleep(0.01)
        then()

    thread = threading.Thread(target=wait_then, daemon=True)
    thread.start()
    return thread


def test_watch_keeps_the_last_values_while_the_system_is_stopped(cli: Cli) -> None:
    thread = _after_first_reading(cli, cli.sim.state.stop)
    readings = _readings(cli, "--count", "3", "--interval", "0.3")
    thread.join()
    first, *later = readings
    assert first["error"] is None
    assert first["stale"] is False
    for reading in later:
        assert reading["stale"] is True
        assert reading["power_w"] == first["power_w"]
        assert reading["as_of"] == first["time"]
        assert "the system is stopped" in str(reading["error"])


def test_watch_table_marks_stale_values(cli: Cli) -> None:
    thread = _after_first_reading(cli, cli.sim.state.stop)
    result = cli.run("watch", "--interval", "0.3", "--count", "2")
    thread.join()
    assert result.exit_code == 0, result.output
    assert result.stdout.count("State of energy") == 2  # the last values, still shown
    text = " ".join(result.stdout.split())  # the title wraps to the table's width
    assert "stale: values of" in text
    assert "the system is stopped" in text


def test_watch_exits_non_zero_when_every_refresh_failed(cli: Cli) -> None:
    cli.sim.state.stop()
    result = cli.run("watch", "--interval", "0", "--count", "2", "--json")
    assert result.exit_code == ExitCode.GATEWAY
    readings = [json.loads(line) for line in result.stdout.splitlines()]
    assert [reading["power_w"] for reading in readings] == [None, None]
    assert "502" in str(readings[0]["error"])
    assert "sitemaster run" in one_line_error(result)
    table = cli.run("watch", "--interval", "0", "--count", "1")
    assert table.exit_code == ExitCode.GATEWAY
    assert "Unavailable" in table.stdout


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--password", "wrong-password"], ExitCode.AUTHENTICATION, "customer password"),
        (["--pin", "AB" * 32], ExitCode.CERTIFICATE, "not the pinned one"),
        (["--host", f"127.0.0.1:{closed_port()}"], ExitCode.CONNECTION, "check --host"),
        (["--sni", "my-gateway.example"], ExitCode.CERTIFICATE, "--sni"),
    ],
)
def test_watch_failures_end_with_their_exit_code(
    cli: Cli, args: list[str], code: ExitCode, words: str
) -> None:
    result = cli.run("watch", "--interval", "0", "--count", "2", *args)
    assert result.exit_code == code, result.output
    assert words in one_line_error(result)


def test_watch_rate_limited(cli: Cli) -> None:
    cli.sim.lock_out(120)
    result = cli.run("watch", "--interval", "0", "--count", "2")
    assert result.exit_code == ExitCode.RATE_LIMITED
    assert "try again after" in one_line_error(result)


def test_watch_where_the_endpoint_is_not_offered(cli: Cli) -> None:
    cli.sim.faults = Faults(paths={"/api/meters/aggregates"}, next_statuses=[404])
    result = cli.run("watch", "--interval", "0", "--count", "2")
    assert result.exit_code == ExitCode.UNSUPPORTED
    assert "does not offer it" in one_line_error(result)


def test_watch_bad_usage(cli: Cli) -> None:
    result = cli.run("watch", "--interval", "0", "--count", "2", "--host", "http://x")
    assert result.exit_code == ExitCode.USAGE
    assert "HTTPS only" in one_line_error(result)
    assert cli.run("watch", "--count", "0").exit_code == ExitCode.USAGE


def test_watch_wrong_password_at_the_prompt_ends_cleanly(cli: Cli) -> None:
    typed = "wrong\n" * 3
    result = cli.run("watch", "--count", "1", password=False, input=typed, terminal=True)
    assert result.exit_code == ExitCode.AUTHENTICATION
    assert result.stderr.count("Customer password") == 3
    assert "check the customer password" in result.stderr
    assert "Traceback" not in result.output


def test_watch_when_the_certificate_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another machine (another certificate) takes the gateway's address while watching: the
    view shows the gap, then refuses the stranger with the certificate's exit code."""
    port = closed_port()
    first = background_simulator(port=port)
    contexts = [first]
    with running_cli(tmp_path, monkeypatch, port=closed_port()) as spare:
        cli = Cli(first.__enter__(), spare.home)

        def swap() -> None:
            first.__exit__(None, None, None)
            contexts.remove(first)
            stranger = background_simulator(port=port)
            stranger.__enter__()
            contexts.append(stranger)

        try:
            thread = _after_first_reading(cli, swap)
            result = cli.run("watch", "--interval", "0.2", "--count", "100", "--json")
            thread.join()
        finally:
            for context in contexts:
                context.__exit__(None, None, None)
    assert result.exit_code == ExitCode.CERTIFICATE, result.output
    assert "not the pinned one" in one_line_error(result)
    assert json.loads(result.stdout.splitlines()[0])["error"] is None


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
