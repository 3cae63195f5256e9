"""The simulator as users run it, over real TLS: a certificate kept across restarts, one
made-up site identity with no redaction placeholders, vitals that agree with the state of
energy, and the gateway's answers to odd requests."""

from __future__ import annotations

import json
import logging
import stat
from pathlib import Path

import httpx
import pytest

from powerwall_async import Powerwall
from powerwall_async.testing import Simulator, simulate

pytestmark = pytest.mark.anyio

GATEWAY_DIN = "1232100-00-E--TG121234567890"


def _percent(remaining: float | None, full: float | None) -> float:
    assert remaining is not None
    assert full
    return remaining / full * 100


def _client(sim: Simulator) -> Powerwall:
    return Powerwall.connect(sim.url, password=sim.password, pin_sha256=sim.cert_sha256)


def _http(sim: Simulator) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=sim.url, verify=sim.client_ssl_context(), trust_env=False)


async def _bearer(client: httpx.AsyncClient, password: str) -> dict[str, str]:
    response = await client.post(
        "/api/login/Basic", json={"username": "customer", "password": password}
    )
    return {"authorization": f"Bearer {response.json()['token']}"}


# -- the certificate ---------------------------------------------------------------------------
async def test_a_kept_certificate_survives_restarts(tmp_path: Path) -> None:
    kept = tmp_path / "sim"
    async with simulate(cert_dir=kept) as first:
        pin = first.cert_sha256
    async with simulate(cert_dir=kept) as second:
        async with Powerwall.connect(second.url, password=second.password, pin_sha256=pin) as pw:
            assert (await pw.status.get()).din == GATEWAY_DIN
    assert second.cert_sha256 == pin
    assert stat.S_IMODE((kept / "key.pem").stat().st_mode) == 0o600
    assert stat.S_IMODE(kept.stat().st_mode) == 0o700
    assert (kept / ".gitignore").read_text().splitlines()[-1] == "*"  # git never adds the key
    async with simulate() as fresh:
        assert fresh.cert_sha256 != pin


async def test_a_kept_certificate_that_cannot_be_used_is_named(tmp_path: Path) -> None:
    async with simulate(cert_dir=tmp_path / "a"), simulate(cert_dir=tmp_path / "b"):
        pass
    key = tmp_path / "a" / "key.pem"
    key.chmod(0o644)
    with pytest.raises(ValueError, match=r"key\.pem is readable by other users: chmod 600"):
        async with simulate(cert_dir=tmp_path / "a"):
            pass
    key.chmod(0o600)
    (tmp_path / "b" / "key.pem").replace(key)  # another run's key
    with pytest.raises(ValueError, match=r"key\.pem is not the key of .*cert\.pem"):
        async with simulate(cert_dir=tmp_path / "a"):
            pass
    key.unlink()
    with pytest.raises(ValueError, match=r"key\.pem is missing: remove .* to make a new"):
        async with simulate(cert_dir=tmp_path / "a"):
            pass
    (tmp_path / "b" / "key.pem").write_text("not a key")
    (tmp_path / "b" / "key.pem").chmod(0o600)
    with pytest.raises(ValueError, match="cannot use the certificate in"):
        async with simulate(cert_dir=tmp_path / "b"):
            pass


# -- one made-up identity ----------------------------------------------------------------------
async def test_every_answer_carries_the_made_up_identity_and_no_placeholder() -> None:
    async with simulate() as sim, _http(sim) as client:
        auth = await _bearer(client, sim.password)
        recordings = sim.profile.running
        paths = sorted(f"/api/{file.stem.replace('.', '/')}" for file in recordings.iterdir())
        meters = (await client.get("/api/meters", headers=auth)).json()
        serial = meters[0]["serial"]
        paths.append(f"/api/meters/{serial}/cts")
        bodies = {path: (await client.get(path, headers=auth)).text for path in paths}
        async with _client(sim) as pw:
            status = await pw.status.get()
            powerwalls = await pw.powerwalls.get()
            vitals = await pw.devices.vitals()
            cts = await pw.meters.cts(serial)
    for path, body in bodies.items():
        assert "<<" not in body, path
        assert "TTTTTTTTTTTTTT" not in body, path
    assert status.din == GATEWAY_DIN
    assert powerwalls.gateway_din == GATEWAY_DIN
    assert {meter["short_id"] for meter in meters} == {GATEWAY_DIN}
    assert serial.startswith("OBB3364102752")
    assert cts  # the meter's own path answers under its made-up serial
    controllers = [din for din in vitals.devices if din.startswith("STSTSM--")]
    assert controllers == [f"STSTSM--{GATEWAY_DIN}"]
    parents = {device.parent_din for device in vitals.devices.values()}
    assert f"STSTSM--{GATEWAY_DIN}" in parents
    assert not any(set(din.rpartition("--")[2]) <= set("TSGCV47") for din in vitals.devices)


# -- the state of energy -----------------------------------------------------------------------
@pytest.mark.parametrize("soe", [42.4, 87.5])
async def test_vitals_and_system_status_agree_with_the_state_of_energy(soe: float) -> None:
    async with simulate() as sim, _client(sim) as pw:
        sim.state.soe = soe
        vitals = await pw.devices.vitals()
        system = await pw.system_status.get()
    pods = vitals.battery_pods
    assert len(pods) == 2
    for pod in pods:
        share = _percent(pod.nom_energy_remaining, pod.nom_full_pack_energy)
        assert share == pytest.approx(soe, abs=0.01)
        to_be_charged = (pod.nom_full_pack_energy or 0) - (pod.nom_energy_remaining or 0)
        assert pod.nom_energy_to_be_charged == to_be_charged
    share = _percent(system.nominal_energy_remaining, system.nominal_full_pack_energy)
    assert share == pytest.approx(soe, abs=0.01)
    for block in system.battery_blocks:
        assert block.nominal_energy_remaining == system.nominal_energy_remaining


async def test_the_vitals_follow_the_charge_as_it_drifts() -> None:
    async with simulate() as sim, _client(sim) as pw:
        before = (await pw.devices.vitals()).battery_pods
        sim.state.battery = -3000.0  # charging hard
        for _ in range(30):
            await pw.meters.aggregates()  # each reading moves the charge a little
        pods = (await pw.devices.vitals()).battery_pods
    raw = sim.state.soe
    assert [pod.nom_energy_remaining or 0 for pod in pods] > [
        pod.nom_energy_remaining or 0 for pod in before
    ]
    for pod in pods:
        share = _percent(pod.nom_energy_remaining, pod.nom_full_pack_energy)
        assert share == pytest.approx(raw, abs=0.01)


# -- odd requests ------------------------------------------------------------------------------
async def test_a_lone_surrogate_password_is_a_400_not_a_crash(
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = '{"username": "customer", "password": "\\ud800x"}'
    async with simulate() as sim, _http(sim) as client:
        refused = await client.post(
            "/api/login/Basic", content=body, headers={"content-type": "application/json"}
        )
        accepted = await client.post(
            "/api/login/Basic", json={"username": "customer", "password": sim.password}
        )
    assert refused.status_code == 400
    assert json.loads(refused.text)["code"] == 400
    assert accepted.status_code == 200
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize(
    "path",
    ["//api//status", "/api//status", "/api/status/", "//api/status", "/api/%2Fstatus", "/status"],
)
async def test_paths_that_are_not_written_as_a_route_are_404(path: str) -> None:
    async with simulate() as sim, _http(sim) as client:
        request = client.build_request("GET", "/")
        request.url = request.url.copy_with(raw_path=path.encode())  # sent as written
        answer = await client.send(request)
        status = await client.get("/api/status")
    assert answer.status_code == 404
    assert answer.content == b"404 page not found\n"
    assert status.status_code == 200
