"""Read commands against the simulator over TLS: status, soe, meters, vitals, raw, endpoints."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from powerwall_async import endpoints, to_app_percent
from powerwall_async.cli._exit import ExitCode
from powerwall_async.models.vitals import decode_vitals
from powerwall_async.testing import Faults
from powerwall_async.testing._live_vitals import live_vitals

from .cli_helpers import VITALS_SAMPLE, Cli, one_line_error, realistic_profile, running_cli

ENDPOINTS = endpoints.every()


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Cli]:
    with running_cli(tmp_path, monkeypatch) as running:
        yield running


# -- status ------------------------------------------------------------------------------------
def test_status_json_reports_what_the_gateway_says(cli: Cli) -> None:
    report = cli.json("status")
    state = cli.sim.state
    assert report["firmware"] == "21.44 223a56cd"
    assert report["device_type"] == "teg"
    assert report["uptime_seconds"] == pytest.approx(831359.93, abs=0.01)
    assert report["grid_status"] == "SystemGridConnected"
    assert report["sitemaster"] == {
        "running": True,
        "status": "StatusUp",
        "connected_to_tesla": True,
    }
    assert report["operation"]["mode"] == state.real_mode == "autonomous"
    reserve = report["operation"]["backup_reserve"]
    assert reserve == {"raw": 30.0, "app": pytest.approx(to_app_percent(30.0), abs=0.01)}
    assert report["soe"]["raw"] == round(state.soe, 2)  # every --json rounds to 2 decimals
    assert report["soe"]["app"] == pytest.approx(to_app_percent(state.soe), abs=0.01)
    assert report["unavailable"] == {}


def test_status_table(cli: Cli) -> None:
    result = cli.run("status")
    assert result.exit_code == 0, result.output
    for label in ("Firmware", "21.44 223a56cd", "Uptime", "9d 14h 55m", "SystemGridConnected"):
        assert label in result.stdout
    assert "running (StatusUp), connected to Tesla" in result.stdout
    assert "30.0 % (app 26.3 %)" in result.stdout


def test_status_of_a_stopped_system_says_so(cli: Cli) -> None:
    cli.sim.state.stop()
    report = cli.json("status")
    assert report["soe"] is None
    assert report["grid_status"] is None
    assert report["unavailable"] == {
        "soe": "the system is stopped",
        "grid_status": "the system is stopped",
    }
    assert report["sitemaster"]["running"] is False


def test_status_of_a_restricted_gateway(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with running_cli(tmp_path, monkeypatch, profile="restricted") as cli:
        report = cli.json("status")
        assert report["firmware"] == "25.10.1 0b2a6a1f"
        assert report["operation"] is None
        assert report["sitemaster"] is None
        assert report["unavailable"]["operation"] == "not offered by this gateway"
        assert report["soe"]["raw"] == round(cli.sim.state.soe, 2)
        text = cli.run("status").stdout
        assert "not offered by this gateway" in text


@pytest.mark.parametrize(
    ("faults", "part", "reason"),
    [
        ({"paths": {"/api/operation"}, "next_statuses": [200]}, "operation", "empty body"),
        ({"paths": {"/api/operation"}, "truncate_rate": 1.0}, "operation", "not JSON"),
        ({"paths": {"/api/system_status/soe"}, "error_503_rate": 1.0}, "soe", "503"),
        (
            {"paths": {"/api/system_status/grid_status"}, "next_statuses": [500] * 3},
            "grid_status",
            "500",
        ),
    ],
    ids=["empty-body", "garbled-body", "busy", "server-error"],
)
def test_status_shows_every_part_it_could_read(
    cli: Cli, faults: dict[str, Any], part: str, reason: str
) -> None:
    cli.sim.faults = Faults(**faults)
    result = cli.run("status", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report[part] is None
    assert reason in report["unavailable"][part]
    assert report["firmware"] == "21.44 223a56cd"
    assert set(report["unavailable"]) == {part}
    cli.sim.faults = Faults(**faults)
    table = cli.run("status")
    assert table.exit_code == 0, table.output
    assert "unavailable: " in table.stdout
    assert "21.44 223a56cd" in table.stdout


def test_status_fails_only_without_the_gateway_status(cli: Cli) -> None:
    cli.sim.faults = Faults(paths={"/api/status"}, next_statuses=[200])
    result = cli.run("status", "--json")
    assert result.exit_code == ExitCode.GATEWAY
    report = json.loads(result.stdout)
    assert report["firmware"] is None
    assert "status" in report["unavailable"]
    assert report["soe"]["raw"] == round(cli.sim.state.soe, 2)  # the rest was read
    assert one_line_error(result).startswith("Error: ")


# -- soe, meters -------------------------------------------------------------------------------
def test_soe_on_both_scales(cli: Cli) -> None:
    soe = cli.json("soe")
    assert soe["raw"] == round(cli.sim.state.soe, 2)
    assert soe["app"] == pytest.approx(to_app_percent(soe["raw"]), abs=0.01)
    text = cli.run("soe").stdout
    raw = cli.sim.state.soe
    assert f"{raw:.1f} % (app {to_app_percent(raw):.1f} %)" in text


def test_meters_json_and_table(cli: Cli) -> None:
    meters = cli.json("meters")
    assert set(meters) == {"site", "battery", "load", "solar"}
    power = {name: meter["instant_power"] for name, meter in meters.items()}
    assert power["load"] == pytest.approx(
        power["site"] + power["battery"] + power["solar"], abs=0.03
    )
    state = cli.sim.state
    assert power["solar"] == state.solar
    assert power["battery"] == state.battery
    text = cli.run("meters").stdout
    assert "Meters" in text
    for name in ("site", "battery", "load", "solar", "kWh", "Hz"):
        assert name in text


# -- vitals ------------------------------------------------------------------------------------
def served_vitals(cli: Cli) -> bytes:
    """The vitals sample as the simulator serves it: the site's serials, its state of energy."""
    return live_vitals(VITALS_SAMPLE.read_bytes(), cli.sim.state.soe)


def test_vitals_readable_tables_and_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    profile = realistic_profile(tmp_path / "profile")
    with running_cli(tmp_path, monkeypatch, profile=profile) as cli:
        found = cli.json("vitals")
        text = cli.run("vitals").stdout
        expected = decode_vitals(served_vitals(cli))
    assert [pod["din"] for pod in found["battery_pods"]] == [p.din for p in expected.battery_pods]
    pod = found["battery_pods"][0]
    assert pod["nom_energy_remaining"] == expected.battery_pods[0].nom_energy_remaining
    assert pod["nom_full_pack_energy"] == expected.battery_pods[0].nom_full_pack_energy
    assert len(found["devices"]) == len(expected.devices)
    assert len(found["pv_inverters"][0]["strings"]) == len(expected.pv_inverters[0].strings)
    for title in ("Devices", "Battery pods", "Battery inverters", "Solar strings", "Meters"):
        assert title in text
    first = expected.battery_pods[0]
    assert first.nom_energy_remaining is not None
    assert f"{first.nom_energy_remaining / 1000:,.2f} kWh" in text
    assert first.din in text


def test_vitals_where_the_firmware_removed_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with running_cli(tmp_path, monkeypatch, profile="23.44") as cli:
        result = cli.run("vitals")
    assert result.exit_code == 7
    message = one_line_error(result)
    assert "does not offer" in message
    assert "23.44" in message


# -- raw ---------------------------------------------------------------------------------------
def test_raw_prints_the_json_answer(cli: Cli) -> None:
    answer = cli.json("raw", "GET", "/api/operation")
    assert answer["real_mode"] == cli.sim.state.real_mode
    assert cli.json("raw", "get", "sitemaster")["running"] is True
    result = cli.run("raw", "GET", "/api/status")
    assert result.exit_code == 0
    assert "21.44 223a56cd" in result.stdout


def test_raw_asks_before_a_request_that_changes_state(cli: Cli) -> None:
    declined = cli.run("raw", "GET", "/api/sitemaster/stop", input="n\n")
    assert declined.exit_code == 1
    assert "nothing was sent" in declined.stderr
    assert cli.sim.request_log.matching("GET", "/api/sitemaster/stop") == []
    assert len(cli.sim.request_log) == 0
    assert cli.sim.state.running

    accepted = cli.run("raw", "GET", "/api/sitemaster/stop", input="y\n")
    assert accepted.exit_code == 0, accepted.output
    # CliRunner echoes the typed answer to stdout; the JSON follows it.
    assert json.loads(accepted.stdout.splitlines()[-1]) is None  # 202, no body
    assert not cli.sim.state.running


@pytest.mark.parametrize(
    "spelling",
    [
        "/api/sitemaster/%73top",
        "/api//sitemaster/./stop",
        "/api/sitemaster/run/../stop",
        "/api/sitemaster/stop?now=1",
        "sitemaster/%73top",
        "/api%2Fsitemaster%2Fstop",
    ],
)
def test_raw_asks_however_the_path_is_spelled(cli: Cli, spelling: str) -> None:
    declined = cli.run("raw", "GET", spelling, input="n\n")
    assert declined.exit_code == 1, declined.output
    assert "nothing was sent" in declined.stderr
    assert len(cli.sim.request_log) == 0
    assert cli.sim.state.running


def test_raw_post_with_a_body(cli: Cli) -> None:
    body = json.dumps({"mode": "backup", "backup_reserve_percent": 50})
    answer = cli.json("raw", "POST", "/api/operation", "--data", body, "--yes")
    assert answer == {"mode": "backup", "backup_reserve_percent": 50}
    assert cli.sim.state.pending is not None
    bad = cli.run("raw", "POST", "/api/operation", "--data", "{oops", "--yes")
    assert bad.exit_code == 2
    assert "--data is not JSON" in one_line_error(bad)


def test_raw_saves_a_binary_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with running_cli(tmp_path, monkeypatch, profile=realistic_profile(tmp_path / "p")) as cli:
        refused = cli.run("raw", "GET", "/api/devices/vitals")
        assert refused.exit_code == 2
        assert "binary" in one_line_error(refused)
        out = tmp_path / "vitals.bin"
        saved = cli.run("raw", "GET", "/api/devices/vitals", "--out", str(out))
        assert saved.exit_code == 0, saved.output
        assert out.read_bytes() == served_vitals(cli)


# -- endpoints ---------------------------------------------------------------------------------
def test_endpoints_probes_only_safe_gets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with running_cli(tmp_path, monkeypatch, profile="23.44") as cli:
        probes = cli.json("endpoints")
        sent = list(cli.sim.request_log)
    assert len(probes) == len(ENDPOINTS)
    by_path = {(probe["method"], probe["path"]): probe for probe in probes}
    for endpoint in ENDPOINTS:
        probe = by_path[(endpoint.method, "/api" + endpoint.path)]
        safe = endpoint.method == "GET" and not endpoint.side_effects and not endpoint.parameters
        safe = safe and endpoint.root == "/api"  # TEDAPI needs credentials the CLI lacks yet
        assert (probe["result"] != "not_probed") == safe, probe
    assert by_path[("GET", "/api/status")]["result"] == "answers"
    assert by_path[("GET", "/api/devices/vitals")]["result"] == "not_supported"
    assert by_path[("GET", "/api/sitemaster/stop")]["detail"] == "has side effects"
    assert by_path[("GET", "/api/meters/{serial}/cts")]["detail"] == "needs {serial}"
    assert by_path[("GET", "/api/powerwalls/phase_usages")]["result"] == "error"
    # Nothing but GETs without side effects (and the one login) reached the gateway.
    side_effects = {(e.method, "/api" + e.path) for e in ENDPOINTS if e.side_effects}
    assert [(r.method, r.path) for r in sent if r.method != "GET"] == [("POST", "/api/login/Basic")]
    assert not [r.path for r in sent if (r.method, r.path) in side_effects]
    assert len(sent) == 1 + sum(probe["result"] != "not_probed" for probe in probes)


def test_endpoints_table(cli: Cli) -> None:
    result = cli.run("endpoints")
    assert result.exit_code == 0, result.output
    assert "/api/meters/aggregates" in result.stdout
    assert "not probed: has side effects" in result.stdout
    assert f"of {len(ENDPOINTS)} endpoints answer" in result.stdout
    assert "Probed ━" in result.stderr  # the progress, on stderr as record shows it
    assert f"{len(ENDPOINTS)}/{len(ENDPOINTS)}" in result.stderr


def test_raw_never_prints_a_token(cli: Cli) -> None:
    body = json.dumps({"username": "customer", "password": cli.sim.password, "email": ""})
    result = cli.run("raw", "POST", "/api/login/Basic", "--data", body, "--yes", "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["token"] == "<redacted>"
    for token in cli.tokens():
        assert token not in result.output


def test_gateway_strings_cannot_drive_the_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = realistic_profile(tmp_path / "profile")
    status = json.loads((profile / "status.json").read_text())
    status["version"] = "\x1b]0;owned\x07\x1b[2J21.44\x9b31m"
    (profile / "status.json").write_text(json.dumps(status))
    with running_cli(tmp_path, monkeypatch, profile=profile) as cli:
        table = cli.run("status")
        as_json = cli.run("status", "--json")
    assert table.exit_code == 0, table.output
    assert "21.44" in table.stdout
    assert "owned" not in table.stdout
    assert not any(ord(c) < 32 and c not in "\n" for c in table.stdout)
    assert "\x9b" not in table.stdout
    assert "\x1b" not in as_json.stdout  # JSON escapes it
    assert json.loads(as_json.stdout)["firmware"] == status["version"]
