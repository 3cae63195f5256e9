"""``powerwall-async tedapi ...`` against the simulator's TEDAPI: reads over v1 with the
gateway password from each source, never printed."""

from __future__ import annotations

import json
import os
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
    [follower, *_] = [unit["din"] for unit in site["batteries"] if unit["role"] == "follower"]
    unit = pw3.json("tedapi", "components", "--din", follower, **_gateway(pw3))
    assert unit["din"] == follower
    assert f"/tedapi/device/{follower}/v1" in _tedapi_requests(pw3)
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


# -- v1r: the key, and the controls -------------------------------------------------------------
@pytest.fixture(params=["pw2", "pw3"])
def v1r(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Cli]:
    """A CLI with a key made now in tmp, registered (verified) with the simulator, in
    POWERWALL_TEDAPI_KEY; its PEM lines count as secrets."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path = tmp_path / "v1r.pem"
    path.write_bytes(pem)
    path.chmod(0o600)
    monkeypatch.setenv("POWERWALL_TEDAPI_KEY", str(path))
    with running_cli(tmp_path, monkeypatch, profile=request.param) as running:
        monkeypatch.setenv("POWERWALL_TEDAPI_KEY", str(path))
        assert running.sim.tedapi is not None
        running.sim.tedapi.v1r.register(key)
        running.extra_secrets.extend(line for line in pem.decode().splitlines()[1:-1])
        yield running


def _signed(cli: Cli) -> int:
    return sum(1 for entry in cli.sim.request_log if entry.path == "/tedapi/v1r")


def test_keygen_writes_a_private_key_and_refuses_to_overwrite(tmp_path: Path, pw3: Cli) -> None:
    path = tmp_path / "new.pem"
    result = pw3.run("tedapi", "keygen", str(path))
    assert result.exit_code == 0, result.output
    assert path.stat().st_mode & 0o777 == 0o600
    pem = path.read_text()
    assert pem.startswith("-----BEGIN PRIV" + "ATE KEY-----")  # split: no key is committed
    for line in pem.splitlines()[1:-1]:
        assert line not in result.output
    from powerwall_async.tedapi._keys import load_private_key, public_key_info

    key = load_private_key(path)
    assert key.key_size == 4096
    info = public_key_info(key)
    assert info.registration in result.stdout
    assert info.fingerprint in result.stdout
    before = path.read_bytes()
    again = pw3.run("tedapi", "keygen", str(path))
    assert again.exit_code != 0
    assert "already exists" in one_line_error(again)
    assert path.read_bytes() == before


def test_reserve_asks_then_sets_and_reads_back(v1r: Cli) -> None:
    declined = v1r.run("tedapi", "reserve", "--app", "20", input="n\n")
    assert declined.exit_code == 1
    assert _signed(v1r) == 0
    report = v1r.json("tedapi", "reserve", "--app", "20", "--yes")
    assert report["backup_reserve"]["raw"] == pytest.approx(24.0)
    assert v1r.sim.state.backup_reserve_percent == pytest.approx(24.0)
    table = v1r.run("tedapi", "reserve", "--raw", "30", input="y\n")
    assert table.exit_code == 0, table.output
    assert "Set the backup reserve to 30 %" in table.stderr
    assert "30.0 % (app" in table.stdout
    assert v1r.sim.state.backup_reserve_percent == pytest.approx(30.0)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("reserve", "--app", "150"), "0 to 100"),
        (("reserve", "--app", "20", "--raw", "24"), "exactly one"),
        (("reserve",), "exactly one"),
        (("mode", "turbo"), "unknown mode"),
        (("export-rule", "always"), "unknown export rule"),
        (("grid-charging", "maybe"), "unknown setting"),
        (("clients", "remove", "not-hex"), "not a key fingerprint"),
        (("backup", "schedule", "--minutes", "0"), "more than 0"),
        (("backup", "schedule", "--minutes", "5", "--start", "tomorrow"), "not a date"),
    ],
)
def test_validation_errors_are_one_line_before_anything_is_sent(
    v1r: Cli, args: tuple[str, ...], words: str
) -> None:
    result = v1r.run("tedapi", *args, "--yes")
    assert result.exit_code == 2
    assert words in one_line_error(result)
    assert not list(v1r.sim.request_log)


def test_controls_need_the_key(pw3: Cli) -> None:
    result = pw3.run("tedapi", "mode", "backup", "--yes")
    assert result.exit_code == 2
    assert "--tedapi-key" in one_line_error(result)
    assert not list(pw3.sim.request_log)


def test_mode_export_rule_and_grid_charging(v1r: Cli) -> None:
    assert v1r.json("tedapi", "mode", "backup", "-y")["operation_mode"] == "backup"
    assert v1r.sim.state.real_mode == "backup"
    assert v1r.json("tedapi", "export-rule", "pv-only", "-y")["export_rule"] == "pv_only"
    assert v1r.json("tedapi", "grid-charging", "off", "-y")["grid_charging"] is False
    assert v1r.json("tedapi", "grid-charging", "on", "-y")["grid_charging"] is True
    assert v1r.json("tedapi", "config")["export_rule"] == "pv_only"


def test_off_grid_and_back(v1r: Cli) -> None:
    declined = v1r.run("tedapi", "off-grid", input="n\n")
    assert declined.exit_code == 1
    assert _signed(v1r) == 0
    off = v1r.json("tedapi", "off-grid", "--yes")
    assert off["changed"] is True
    assert off["grid_status"] != "SystemGridConnected"
    on = v1r.json("tedapi", "on-grid", "--yes")
    assert on["changed"] is True
    assert on["grid_status"] == "SystemGridConnected"


def test_backup_events_schedule_list_cancel(v1r: Cli) -> None:
    assert v1r.json("tedapi", "backup", "list") == {"events": []}
    scheduled = v1r.json(
        "tedapi",
        "backup",
        "schedule",
        "--minutes",
        "90",
        "--start",
        "2030-01-02T03:04:00+00:00",
        "-y",
    )
    [event] = scheduled["events"]
    assert event["manual"] is True
    assert event["start"] == "2030-01-02T03:04:00+00:00"
    assert event["duration_seconds"] == 5400
    declined = v1r.run("tedapi", "backup", "cancel", input="n\n")
    assert declined.exit_code == 1
    assert v1r.json("tedapi", "backup", "list")["events"]
    assert v1r.json("tedapi", "backup", "cancel", "--yes") == {"events": []}


def test_clients_list_and_remove(v1r: Cli) -> None:
    from cryptography.hazmat.primitives.asymmetric import rsa

    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert v1r.sim.tedapi is not None
    added = v1r.sim.tedapi.v1r.register(other, description="old phone")
    clients = v1r.json("tedapi", "clients", "list")["clients"]
    assert {client["description"] for client in clients} >= {"old phone", "powerwall-async"}
    [old] = [client for client in clients if client["description"] == "old phone"]
    assert old["state"] == "verified"
    declined = v1r.run("tedapi", "clients", "remove", old["fingerprint"][:12], input="n\n")
    assert declined.exit_code == 1
    assert added.state.name == "VERIFIED"
    after = v1r.json("tedapi", "clients", "remove", old["fingerprint"][:12], "--yes")["clients"]
    [gone] = [client for client in after if client["fingerprint"] == old["fingerprint"]]
    assert gone["state"] == "removed"  # the gateway keeps listing a removed key, as removed
    assert added.state.name == "REMOVED"
    missing = v1r.run("tedapi", "clients", "remove", "00" * 32, "--yes")
    assert missing.exit_code == 2
    assert "nothing was removed" in one_line_error(missing)


def test_reads_over_v1r_with_the_key_alone(v1r: Cli) -> None:
    status = v1r.json("tedapi", "status")
    assert status["grid_status"] == "SystemGridConnected"
    assert _signed(v1r) >= 1


# -- vitals and status with TEDAPI --------------------------------------------------------------
def test_vitals_falls_back_to_tedapi_and_says_so(pw3: Cli) -> None:
    without = pw3.run("vitals")
    assert without.exit_code == 7
    error = one_line_error(without)
    assert "POWERWALL_GATEWAY_PASSWORD" in error
    assert "/tedapi" not in " ".join(_tedapi_requests(pw3))
    result = pw3.run("vitals", "--json", POWERWALL_GATEWAY_PASSWORD=pw3.sim.gateway_password)
    assert result.exit_code == 0, result.output
    assert "over TEDAPI instead" in result.stderr
    report = json.loads(result.stdout)
    assert report["source"] == "tedapi"
    assert len(report["batteries"]) == 4
    assert report["pv_strings"]


def test_status_shows_batteries_with_tedapi(cli: Cli) -> None:
    plain = cli.json("status")
    assert "batteries" not in plain
    report = cli.json("status", POWERWALL_GATEWAY_PASSWORD=cli.sim.gateway_password)
    assert report["batteries"]
    assert all(row["state_of_energy"]["raw"] > 0 for row in report["batteries"])
    table = cli.run("status", POWERWALL_GATEWAY_PASSWORD=cli.sim.gateway_password)
    assert table.exit_code == 0, table.output
    assert "Batteries" in table.stdout
    assert report["batteries"][0]["din"] in table.stdout


def test_status_marks_batteries_unavailable_when_tedapi_fails(pw3: Cli) -> None:
    result = pw3.run("status", "--json", POWERWALL_GATEWAY_PASSWORD="WRONGPASSWORD1")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["batteries"] is None
    assert "gateway password" in report["unavailable"]["batteries"]
    assert report["firmware"]
    table = pw3.run("status", POWERWALL_GATEWAY_PASSWORD="WRONGPASSWORD1")
    assert "Batteries: unavailable:" in table.stdout


# -- record and replay ---------------------------------------------------------------------------
def test_record_captures_tedapi_redacted_and_fixture_replays_it(pw3: Cli, tmp_path: Path) -> None:
    password = pw3.sim.gateway_password
    live = pw3.json("tedapi", "site", POWERWALL_GATEWAY_PASSWORD=password)
    dins = {unit["din"] for unit in live["batteries"]}
    assert pw3.sim.tedapi is not None
    secrets = {
        *dins,
        *(din.split("--")[1] for din in dins),
        pw3.sim.tedapi.site.site_name,
        password,
    }
    directory = tmp_path / "recording"
    result = pw3.run("record", str(directory), POWERWALL_GATEWAY_PASSWORD=password)
    assert result.exit_code == 0, result.output
    names = {file.name for file in directory.iterdir()}
    for kind in ("system_info", "config", "status", "components"):
        assert f"tedapi.v1.{kind}.bin" in names
    assert "tedapi.din.txt" in names
    assert sum(name.startswith("tedapi.device.") for name in names) == 2  # the followers
    for file in directory.iterdir():
        content = file.read_bytes()
        for secret in secrets:
            assert secret.encode() not in content, (file.name, secret)
            assert secret not in file.name
    assert "POST /tedapi/v1" in (directory / "README.txt").read_text()

    replay = {"password": False, "pin": False}
    host = f"fixture://{directory}"
    site = pw3.json("tedapi", "site", "--host", host, **replay)
    assert len(site["batteries"]) == len(live["batteries"])
    assert all(unit["reachable"] for unit in site["batteries"])
    assert not dins & {unit["din"] for unit in site["batteries"]}
    assert [row["state_of_energy"]["raw"] for row in site["batteries"]] == pytest.approx(
        [row["state_of_energy"]["raw"] for row in live["batteries"]], abs=1
    )  # the simulated charge moves a little between the two reads
    info = pw3.json("tedapi", "info", "--host", host, **replay)
    assert info["din"] == site["din"]
    assert pw3.json("tedapi", "config", "--host", host, **replay)["din"] == site["din"]
    vitals = pw3.run("vitals", "--json", "--host", host, password=False, pin=False)
    assert vitals.exit_code == 0, vitals.output
    assert json.loads(vitals.stdout)["source"] == "tedapi"


def test_debug_output_shows_no_password_or_key(v1r: Cli) -> None:
    import base64

    password = v1r.sim.gateway_password  # checked by every run, as is the key's PEM
    basic = base64.b64encode(f"Tesla_Energy_Device:{password}".encode()).decode()
    v1r.extra_secrets.append(basic)
    result = v1r.run("tedapi", "status", "--debug", POWERWALL_GATEWAY_PASSWORD=password)
    assert result.exit_code == 0, result.output
    assert "POST /tedapi/v1" in result.stderr  # the requests were echoed
    signed = v1r.run("tedapi", "clients", "list", "-v")
    assert signed.exit_code == 0, signed.output
    assert "/tedapi/v1r" in signed.stderr


def test_record_with_a_refused_gateway_password_keeps_the_rest(pw3: Cli, tmp_path: Path) -> None:
    directory = tmp_path / "recording"
    result = pw3.run("record", str(directory), POWERWALL_GATEWAY_PASSWORD="WRONGPASSWORD1")
    assert result.exit_code == 0, result.output
    assert (directory / "status.json").exists()
    assert not list(directory.glob("tedapi.v1.*"))
    readme = (directory / "README.txt").read_text()
    assert "TEDAPI" in readme
    assert "WRONGPASSWORD1" not in readme


def test_key_errors_say_what_to_do(v1r: Cli, tmp_path: Path) -> None:
    missing = v1r.run("tedapi", "clients", "list", POWERWALL_TEDAPI_KEY=str(tmp_path / "no.pem"))
    assert missing.exit_code == 2
    assert "--tedapi-key" in one_line_error(missing)
    key = tmp_path / "v1r.pem"
    key.chmod(0o644)
    readable = v1r.run("tedapi", "clients", "list")
    assert readable.exit_code == 0, readable.output
    assert f"Warning: the v1r key file {key} can be read by other users" in readable.stderr
    assert "KeyFilePermissionWarning" not in readable.output


def test_a_refused_gateway_password_names_the_gateway_password(pw3: Cli) -> None:
    result = pw3.run("tedapi", "din", POWERWALL_GATEWAY_PASSWORD="WRONGPASSWORD1")
    assert result.exit_code == 5
    error, next_line = one_line_error(result).splitlines()
    assert error.startswith("Error: GET /tedapi/din answered 403: the gateway password was refused")
    assert next_line == (
        "Next: check the gateway password (POWERWALL_GATEWAY_PASSWORD or gateway_password in the "
        "config file: the full Wi-Fi password on the sticker), and that this computer is on the "
        "gateway's Wi-Fi (192.168.91.x)"
    )
    assert "WRONGPASSWORD1" not in result.output


def test_the_key_from_the_config_file(v1r: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    key = os.environ["POWERWALL_TEDAPI_KEY"]
    monkeypatch.delenv("POWERWALL_TEDAPI_KEY")
    config = v1r.home / "config" / "powerwall-async" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'tedapi_key = "{key}"\n')
    assert v1r.json("tedapi", "clients", "list")["clients"]
