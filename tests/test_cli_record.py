"""``powerwall-async record``: record from the simulator, replay with the fixture transport.

The simulator serves a realistic site (real-looking serials, addresses, names, coordinates);
its live values are held still so that what the recorder got can be asked again and compared,
answer by answer, with what the recording replays: equal except where redaction replaced a
value, and then replaced the same way everywhere.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import anyio
import pytest

from powerwall_async import ApiError, Powerwall, endpoints
from powerwall_async.cli._exit import ExitCode
from powerwall_async.models.vitals import decode_vitals
from powerwall_async.testing import Faults, GatewayState, Simulator
from powerwall_async.testing import _gateway as simulated_gateway
from powerwall_async.transports.fixture import recording_name

from .cli_helpers import SITE_SECRETS, one_line_error, realistic_profile, running_cli

ENDPOINTS = endpoints.every()
METERS_CTS = endpoints.named("meters.cts", 1)
METERS_CT_CONFIG = endpoints.named("meters.ct_config", 1)
SOLARS_BRAND_MODELS = endpoints.named("solars.brand_models", 1)

PLACEHOLDER = re.compile(
    r"SERIAL-\d|NAME-\d|SITE-NAME-\d|WIFI-\d|PHONE-\d|HOST-\d|TOKEN-\d|REDACTED-\d"
    r"|user\d+@example\.com|192\.0\.2\.\d|2001:db8::|02:00:00:00"
)
SECRETS = [*SITE_SECRETS.values(), "EMB0012345678", "37.4419", "-122.143", "e7:12:34:56"]
COORDINATES = {"latitude", "longitude"}


def _original_paths() -> list[str]:
    """What the recorder should ask: every safe GET, with the parameters the site names."""
    meter_serials = [f"{SITE_SECRETS['<<METER_SERIAL>>']}synchrometer{x}" for x in "YX"]
    paths = [
        e.url_path()
        for e in ENDPOINTS
        if e.method == "GET" and not e.side_effects and not e.parameters
    ]
    for serial in meter_serials:
        paths += [METERS_CTS.url_path(serial), METERS_CT_CONFIG.url_path(serial)]
    paths.append(SOLARS_BRAND_MODELS.url_path("Enphase Energy"))
    return paths


async def _answers(pw: Powerwall, paths: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for path in paths:
        try:
            found[path] = await pw.request("GET", path)
        except ApiError as exc:
            found[path] = (type(exc), exc.status)
    return found


async def _served(sim: Simulator, paths: list[str]) -> dict[str, Any]:
    async with Powerwall.connect(sim.url, password=sim.password, pin_sha256=sim.cert_sha256) as pw:
        return await _answers(pw, paths)


async def _replayed(directory: Path, paths: list[str]) -> dict[str, Any]:
    async with Powerwall.connect(f"fixture://{directory}") as pw:
        return await _answers(pw, paths)


class Redactions:
    """The original → placeholder pairs seen so far; each must stay one-to-one."""

    def __init__(self) -> None:
        self.forward: dict[str, str] = {}
        self.backward: dict[str, str] = {}

    def check(self, original: str, recorded: str) -> None:
        if original == recorded:
            return
        assert PLACEHOLDER.search(recorded), f"{original!r} became {recorded!r}"
        assert self.forward.setdefault(original, recorded) == recorded, original
        assert self.backward.setdefault(recorded, original) == original, recorded

    def path(self, original: str) -> str:
        for value, placeholder in sorted(self.forward.items(), key=lambda kv: -len(kv[0])):
            original = original.replace(quote(value, safe=""), quote(placeholder, safe=""))
        return original

    def compare(self, original: Any, recorded: Any, key: str | None = None) -> None:
        if isinstance(original, dict):
            assert isinstance(recorded, dict)
            assert len(original) == len(recorded)
            for (k1, v1), (k2, v2) in zip(original.items(), recorded.items(), strict=True):
                self.check(k1, k2)
                self.compare(v1, v2, k1)
        elif isinstance(original, list):
            assert isinstance(recorded, list)
            assert len(original) == len(recorded)
            for v1, v2 in zip(original, recorded, strict=True):
                self.compare(v1, v2, key)
        elif key in COORDINATES:
            assert recorded == 0
        elif isinstance(original, str):
            assert isinstance(recorded, str)
            self.check(original, recorded)
        else:
            assert recorded == original

    def compare_vitals(self, original: bytes, recorded: bytes) -> None:
        before, after = decode_vitals(original), decode_vitals(recorded)
        assert len(before.devices) == len(after.devices)
        for one, two in zip(before.devices.values(), after.devices.values(), strict=True):
            assert PLACEHOLDER.search(two.din), two.din
            self.check(one.din, two.din)
            assert one.part_number == two.part_number
            assert one.values == two.values
            assert one.last_communication_time == two.last_communication_time
        assert [p.nom_energy_remaining for p in before.battery_pods] == [
            p.nom_energy_remaining for p in after.battery_pods
        ]


@pytest.fixture
def still_site(monkeypatch: pytest.MonkeyPatch) -> None:
    """Live values and times hold still, so an answer can be asked twice and compared."""
    monkeypatch.setattr(GatewayState, "step", GatewayState.power)
    monkeypatch.setattr(simulated_gateway, "_now", lambda: "2026-01-02T03:04:05+00:00")


@pytest.mark.usefixtures("still_site")
def test_record_then_replay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    profile = realistic_profile(tmp_path / "profile")
    out = tmp_path / "recorded"
    paths = _original_paths()
    with running_cli(tmp_path, monkeypatch, profile=profile) as cli:
        summary = cli.json("record", str(out))
        sent = [(entry.method, entry.path) for entry in cli.sim.request_log]
        token = cli.tokens()[0]
        served = anyio.run(_served, cli.sim, paths)

    # Only safe GETs (and one login) reached the gateway, each recordable path once.
    assert sorted(sent) == sorted([("POST", "/api/login/Basic"), *(("GET", p) for p in paths)])

    # Nothing identifying is left, in any file or file name.
    files = sorted(file.name for file in out.iterdir())
    for file in out.iterdir():
        content = file.read_bytes()
        for secret in [*SECRETS, cli.sim.password, token]:
            assert secret.encode() not in content, (secret, file.name)
            assert secret not in file.name

    # Replayed through the fixture transport, every answer is what the simulator served.
    redactions = Redactions()
    meters = anyio.run(_replayed, out, ["/api/meters"])["/api/meters"]
    redactions.compare(served["/api/meters"], meters)
    recorded = {redactions.path(path): path for path in paths}
    replayed = anyio.run(_replayed, out, list(recorded))
    for recorded_path, original_path in recorded.items():
        expected, got = served[original_path], replayed[recorded_path]
        if isinstance(expected, bytes):
            assert isinstance(got, bytes)
            redactions.compare_vitals(expected, got)
        else:
            redactions.compare(expected, got)

    # The same serial has the same placeholder in file names and inside the answers.
    serial = f"{SITE_SECRETS['<<METER_SERIAL>>']}synchrometerX"
    placeholder = redactions.forward[serial]
    assert f"meters.{placeholder}.cts.json" in files
    readings = json.loads((out / "meters.readings.json").read_text())
    assert placeholder in readings
    gateway_serial = redactions.forward[f"1232100-00-E--{SITE_SECRETS['<<GATEWAY_TSN>>']}"]
    assert json.loads((out / "config.json").read_text())["vin"] == gateway_serial

    # One file per answer, in the layout fixture:// reads, and a README.
    expected_files = {
        recording_name("GET", path) + (".bin" if "vitals" in path else ".json")
        for path in recorded
        if not isinstance(served[recorded[path]], tuple)
    }
    expected_files |= {
        recording_name("GET", path) + ".err"
        for path in recorded
        if isinstance(served[recorded[path]], tuple)
    }
    assert set(files) == expected_files | {"README.txt"}
    assert len(summary["files"]) == len(paths)
    readme = (out / "README.txt").read_text()
    assert "Firmware:  21.44 223a56cd" in readme
    assert "GET /api/solar_powerwall/{n}/power_status: its parameter cannot be discovered" in readme
    assert f"GET /api/meters/{placeholder}/cts -> meters.{placeholder}.cts.json (200)" in readme


def test_recorded_errors_replay_as_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "recorded"
    with running_cli(tmp_path, monkeypatch, profile="23.44") as cli:
        assert cli.run("record", str(out)).exit_code == 0
        # The recording answers the command line as the gateway did.
        replayed = cli.json("status", "--host", f"fixture://{out}")
        direct = cli.json("status")
        vitals = cli.run("vitals", "--host", f"fixture://{out}")
    assert replayed["firmware"] == direct["firmware"] == "23.44.0 eb113390"
    assert replayed["operation"] == direct["operation"]
    assert vitals.exit_code == 7
    raw = (out / "devices.vitals.err").read_bytes().decode()
    assert raw.startswith("HTTP/1.1 404 Not Found\r\n")
    assert "date:" not in raw.lower()
    assert "set-cookie" not in raw.lower()


def test_record_refuses_to_mix_recordings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "recorded"
    out.mkdir()
    (out / "status.json").write_text("{}")
    (out / "notes.md").write_text("mine")
    with running_cli(tmp_path, monkeypatch) as cli:
        refused = cli.run("record", str(out))
        assert refused.exit_code == 2
        assert "--force" in one_line_error(refused)
        assert cli.sim.request_log.matching() == []
        assert cli.run("record", str(out), "--force").exit_code == 0
    assert (out / "notes.md").read_text() == "mine"
    assert json.loads((out / "status.json").read_text())["version"] == "21.44 223a56cd"


def test_record_asks_for_the_password_once_and_records_each_answer_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with running_cli(tmp_path, monkeypatch) as cli:
        summary = cli.json(
            "record", str(tmp_path / "out"), password=False, input=cli.sim.password, terminal=True
        )
        assert cli.logins() == 1
    files = [item["file"] for item in summary["files"]]
    assert len(files) == len(set(files)) == len(_original_paths())
    readme = (tmp_path / "out" / "README.txt").read_text()
    assert readme.count("GET /api/status ->") == 1


def test_what_was_not_recorded_is_listed_redacted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = f"{SITE_SECRETS['<<METER_SERIAL>>']}synchrometerY"
    busy = METERS_CTS.url_path(serial)
    with running_cli(tmp_path, monkeypatch, profile=realistic_profile(tmp_path / "p")) as cli:
        cli.sim.faults.paths = frozenset({busy})
        cli.sim.faults.error_503_rate = 1.0
        summary = cli.json("record", str(tmp_path / "out"))
    # The 503 is recorded; the client then pauses, and what it did not send is listed.
    readme = (tmp_path / "out" / "README.txt").read_text()
    skipped = [reason for reason in summary["not_recorded"] if "not sent" in reason]
    assert len(skipped) == 4  # the other meter's cts, both ct_configs, the brand's models
    assert all(reason in readme for reason in skipped)
    assert "GET /api/meters/SERIAL-" in readme
    assert serial not in readme
    assert serial not in json.dumps(summary)
    raw = next((tmp_path / "out").glob("meters.SERIAL-*.cts.err")).read_bytes()
    assert raw.startswith(b"HTTP/1.1 503 Service Unavailable")


HOSTILE_SERIALS = ["%2F..%2F..%2Fpwned", "a/../../b", "CON", 'x:y<z>|?*"\\', "\x1b]0;t\x07v"]
"""Meter serials a gateway (or a machine posing as one) could name: none may steer a file."""


def test_record_keeps_every_file_inside_its_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = realistic_profile(tmp_path / "profile")
    meters = json.loads((profile / "meters.json").read_text())
    meters += [{**meters[0], "serial": serial} for serial in HOSTILE_SERIALS]
    (profile / "meters.json").write_text(json.dumps(meters))
    brands = ["..%2F..%2Fevil", 'win:do<w>s|?*"\\', "\x1b[2Jclear"]
    solars = [{"brand": brand, "model": "m", "power_rating_watts": 1} for brand in brands]
    (profile / "solars.json").write_text(json.dumps(solars))
    out = tmp_path / "deep" / "out"
    with running_cli(tmp_path, monkeypatch, profile=profile) as cli:
        result = cli.run("record", str(out))
    assert result.exit_code == 0, result.output
    everything = [path.relative_to(tmp_path) for path in tmp_path.rglob("*")]
    strays = [path for path in everything if re.search("pwned|evil", path.name)]
    assert strays
    assert all(path.parent == out.relative_to(tmp_path) for path in strays), strays
    for file in out.iterdir():
        assert file.is_file()
        assert not re.search(r'[\x00-\x1f<>:"/\\|?*]', file.name), file.name
        assert file.name.split(".")[0].upper() != "CON"
    readme = (out / "README.txt").read_text()
    assert "\x1b" not in readme
    files = {file.name for file in out.iterdir()}
    assert "solars.brands...%2F..%2Fevil.err" in files  # decoded once: a name, not a path
    assert "solars.brands.win_do_w_s_____.err" in files
    assert "solars.brands.clear.err" in files
    assert "its path cannot name a file" in readme  # "a/../../b" decodes to ".."


def test_a_failure_midway_keeps_what_was_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    with running_cli(tmp_path, monkeypatch) as cli:
        cli.sim.faults = Faults(paths={"/api/system_status/soe"}, reset_rate=1.0)
        result = cli.run("record", str(out))
    assert result.exit_code == ExitCode.CONNECTION, result.output
    error, next_step = result.stderr.splitlines()[-2:]  # after the progress bar
    assert error.startswith("Error: ")
    assert "dropped" in error
    assert next_step.startswith("Next: ")
    assert (out / "status.json").is_file()
    assert "the recording stopped early" in (out / "README.txt").read_text()
