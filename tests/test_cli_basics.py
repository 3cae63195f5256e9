"""What users expect of any command line: --version, completion, flags, --debug."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from powerwall_async import __version__
from powerwall_async.cli import app

from .cli_helpers import Cli, running_cli

runner = CliRunner()


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Cli]:
    with running_cli(tmp_path, monkeypatch) as running:
        yield running


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"powerwall-async {__version__}"


def test_shell_completion() -> None:
    help_text = runner.invoke(app, ["--help"]).stdout
    assert "--install-completion" in help_text
    # The script --show-completion prints for bash, asked for the way a shell asks (its
    # own detection of the shell depends on the process that runs the tests).
    script = runner.invoke(
        app, [], env={"_POWERWALL_ASYNC_COMPLETE": "source_bash"}, prog_name="powerwall-async"
    )
    assert script.exit_code == 0, script.output
    assert "complete -o default -F _powerwall_async_completion powerwall-async" in script.stdout


@pytest.mark.parametrize("command", [["soe"], ["status"], ["watch"], ["record"], ["raw"]])
def test_boolean_options_are_shown_as_flags(command: list[str]) -> None:
    text = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "120"}).stdout
    assert "<bool>" not in text
    assert "--json " in text
    assert "--json <" not in text
    assert "--pin SHA256" in text


def test_a_flag_takes_no_value(cli: Cli) -> None:
    result = cli.run("soe", "--json", "true")
    assert result.exit_code == 2
    assert "Error:" in result.stderr


@pytest.mark.parametrize(
    ("args", "variable"), [(["-v", "soe"], ""), (["soe", "--debug"], ""), (["soe"], "1")]
)
def test_debug_shows_the_requests_without_secrets(cli: Cli, args: list[str], variable: str) -> None:
    result = cli.run(*args, POWERWALL_DEBUG=variable)
    assert result.exit_code == 0, result.output
    assert "> POST /api/login/Basic" in result.stderr
    assert '"password": "<redacted>"' in result.stderr
    assert "> GET /api/system_status/soe" in result.stderr
    assert "< 200 GET /api/system_status/soe" in result.stderr
    for secret in (cli.sim.password, *cli.tokens()):
        assert secret not in result.stderr
    assert "cookie" not in result.stderr.lower()
    assert json.loads(cli.run("soe", "--json").stdout)["raw"] > 0  # stdout untouched


def test_without_debug_nothing_is_echoed(cli: Cli) -> None:
    result = cli.run("soe")
    assert result.exit_code == 0
    assert result.stderr == ""
