"""``powerwall-async tedapi ...`` against the simulator's TEDAPI: reads over v1 with the
gateway password from each source, never printed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .cli_helpers import Cli, one_line_error, running_cli


@pytest.fixture(params=["pw2", "pw3"])
def cli(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Cli]:
    with running_cli(tmp_path, monkeypatch, profile=request.param) as running:
        yield running


@pytest.fixture
def pw3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Cli]:
    with running_cli(tmp_path, monkeypatch, profile="pw3") as running:
        yield running


def _gateway(cli: Cli) -> dict[str, str]:
    return {"POWERWALL_GATEWAY_PASSWORD": cli.sim.gateway_password}


def _tedapi_requests(cli: Cli) -> list[str]:
    return [entry.path for entry in cli.sim.request_log if entry.path.startswith("/tedapi")]


def test_reads_over_v1_with_the_password_from_the_environment(cli: Cli) -> None:
    din = cli.json("tedapi", "din", **_gateway(cli))["din"]
    assert din
    assert "--" in din
    info = cli.json("tedapi", "info", **_gateway(cli))
    assert info["din"] == din
    assert info["firmware"]
    config = cli.json("tedapi", "config", **_gateway(cli))
    assert config["din"] == din
    assert config["operation_mode"] == cli.sim.state.real_mode
    assert config["backup_reserve"]["raw"] == pytest.approx(cli.sim.state.backup_reserve_percent)
    assert config["battery_blocks"]
    status = cli.json("tedapi", "status", **_gateway(cli))
    assert status["grid_status"] == "SystemGridConnected"
    assert 0 <= status["state_of_energy"]["raw"] <= 100
    assert "/tedapi/v1" in _tedapi_requests(cli)


def test_tables_use_the_names_of_the_json(cli: Cli) -> None:
    result = cli.run("tedapi", "config", POWERWALL_GATEWAY_PASSWORD=cli.sim.gateway_password)
    assert result.exit_code == 0, result.output
    for label in ("DIN", "Operation mode", "Backup reserve", "Export rule", "Battery blocks"):
        assert label in result.stdout
    assert cli.sim.gateway_password not in result.output


def test_pw3_components_and_site(pw3: Cli) -> None:
    components = pw3.json("tedapi", "components", **_gateway(pw3))
    assert [row["string"] for row in components["pv_strings"]] == list("ABCDEF")
    assert components["din"] == pw3.json("tedapi", "din", **_gateway(pw3))["din"]
    site = pw3.json("tedapi", "site", **_gateway(pw3))
    assert site["batteries"]
    assert all(unit["reachable"] for unit in site["batteries"])
    assert site["pv_strings"]
    table = pw3.run("tedapi", "site", POWERWALL_GATEWAY_PASSWORD=pw3.sim.gateway_password)
    assert table.exit_code == 0, table.output
    assert "Batteries" in table.stdout
    assert "PV strings" in table.stdout


def test_the_password_from_the_config_file(pw3: Cli) -> None:
    config = pw3.home / "config" / "powerwall-async" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'gateway_password = "{pw3.sim.gateway_password}"\n')
    config.chmod(0o600)
    assert pw3.json("tedapi", "din")["din"]


def test_an_argument_works_but_warns_of_shell_history(pw3: Cli) -> None:
    result = pw3.run("tedapi", "din", "--gateway-password", pw3.sim.gateway_password)
    assert result.exit_code == 0, result.output
    assert "shell history" in result.stderr
    assert "Warning:" in result.stderr


def test_the_prompt_only_at_a_terminal(pw3: Cli) -> None:
    result = pw3.run("tedapi", "din", terminal=True, input=pw3.sim.gateway_password + "\n")
    assert result.exit_code == 0, result.output
    assert "Gateway password" in result.stderr
    piped = pw3.run("tedapi", "din")
    assert piped.exit_code == 5
    error = one_line_error(piped)
    assert "gateway password" in error
    assert "POWERWALL_GATEWAY_PASSWORD" in error
    assert not _tedapi_requests(pw3)[1:]  # only the prompted run reached TEDAPI


def test_a_wrong_password_is_one_error_line_without_the_password(pw3: Cli) -> None:
    result = pw3.run("tedapi", "status", POWERWALL_GATEWAY_PASSWORD="WRONGPASSWORD1")
    assert result.exit_code == 5
    assert "WRONGPASSWORD1" not in result.output
    one_line_error(result)
