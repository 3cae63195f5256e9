"""The simulator over real TLS: certificate, SNI rule, ALPN, routing, profiles, request log."""

from __future__ import annotations

import json
import shutil
import socket
import ssl
from pathlib import Path

import anyio
import anyio.to_thread
import httpx
import pytest

from powerwall_async import (
    EndpointNotSupportedError,
    Powerwall,
    SitemasterStoppedError,
    fetch_certificate,
)
from powerwall_async.testing import PROFILES, Profile, Simulator, simulate

pytestmark = pytest.mark.anyio

RECORDINGS = Path(__file__).parent.parent / "powerwall_async" / "testing" / "recordings"


def _http(sim: Simulator, *, http2: bool = False) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=sim.url, verify=sim.client_ssl_context(), http2=http2, trust_env=False
    )


async def _login(client: httpx.AsyncClient, password: str) -> str:
    response = await client.post(
        "/api/login/Basic",
        json={"username": "customer", "password": password, "email": "", "force_sm_off": False},
    )
    assert response.status_code == 200
    token: str = response.json()["token"]
    return token


def _handshake(port: int, sni: str | None) -> str:
    """A raw TLS handshake in a worker thread; returns the negotiated ALPN protocol."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.set_alpn_protocols(["h2", "http/1.1"])
    with (
        socket.create_connection(("127.0.0.1", port), timeout=5) as raw,
        context.wrap_socket(raw, server_hostname=sni) as tls,
    ):
        return tls.selected_alpn_protocol() or ""


# -- TLS ---------------------------------------------------------------------------------------
async def test_serves_https_on_loopback_with_a_fresh_self_signed_certificate() -> None:
    async with simulate() as first, simulate() as second:
        assert first.url == f"https://127.0.0.1:{first.port}"
        assert first.port != second.port
        assert first.cert_sha256 != second.cert_sha256
        certificate = await fetch_certificate("127.0.0.1", first.port)
        assert certificate.sha256 == first.cert_sha256
        assert certificate.pem == first.cert_pem
        assert len(first.cert_sha256.split(":")) == 32
        assert first.cert_sha256 == first.cert_sha256.upper()


async def test_certificate_names_the_gateway_hosts() -> None:
    from cryptography import x509

    async with simulate() as sim:
        cert = x509.load_pem_x509_certificate(sim.cert_pem.encode())
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert set(names.get_values_for_type(x509.DNSName)) == {"teg", "powerwall", "powerpack"}
    assert [str(ip) for ip in names.get_values_for_type(x509.IPAddress)] == ["127.0.0.1"]


async def test_client_with_pin_reads_live_data() -> None:
    async with (
        simulate() as sim,
        Powerwall.connect(sim.url, password=sim.password, pin_sha256=sim.cert_sha256) as pw,
    ):
        aggregates = await pw.meters.aggregates()
        soe = await pw.system_status.soe()
    assert 0 < soe.percentage < 100
    assert aggregates.load.instant_power > 0
    assert [entry.path for entry in sim.request_log] == [
        "/api/login/Basic",
        "/api/meters/aggregates",
        "/api/system_status/soe",
    ]


async def test_client_with_exported_certificate_verifies_it() -> None:
    async with (
        simulate() as sim,
        Powerwall.connect(sim.url, password=sim.password, cadata=sim.cert_pem) as pw,
    ):
        assert (await pw.status.get()).version.startswith("21.44")


@pytest.mark.parametrize("sni", ["powerwall", "teg", "powerpack", "TEG", None])
async def test_sni_rule_accepts_gateway_names_and_none(sni: str | None) -> None:
    async with simulate() as sim:
        alpn = await anyio.to_thread.run_sync(_handshake, sim.port, sni)
    assert alpn == "h2"
    assert sim.refused_sni == []


@pytest.mark.parametrize("sni", ["example.com", "teg.local", "192-168-91-1.local"])
async def test_sni_rule_aborts_other_names_before_any_request(sni: str) -> None:
    async with simulate() as sim:
        with pytest.raises((ssl.SSLError, ConnectionError)):
            await anyio.to_thread.run_sync(_handshake, sim.port, sni)
        async with _http(sim) as client:
            with pytest.raises(httpx.ConnectError):
                await client.get("/api/status", extensions={"sni_hostname": sni})
            assert len(sim.request_log) == 0
            # ... and it keeps serving the names it accepts.
            response = await client.get("/api/status", extensions={"sni_hostname": "teg"})
            assert response.status_code == 200
    assert sim.refused_sni == [sni, sni]
    assert [entry.path for entry in sim.request_log] == ["/api/status"]


async def test_sni_rule_with_the_client_forcing_a_foreign_name() -> None:
    from powerwall_async import CertificateError

    async with (
        simulate() as sim,
        Powerwall.connect(
            sim.url, password=sim.password, pin_sha256=sim.cert_sha256, sni_hostname="example.com"
        ) as pw,
    ):
        with pytest.raises(CertificateError):
            await pw.status.get()
    assert len(sim.request_log) == 0
    assert sim.refused_sni == ["example.com"]


@pytest.mark.parametrize(("http2", "expected"), [(True, "HTTP/2"), (False, "HTTP/1.1")])
async def test_speaks_http2_and_http11(http2: bool, expected: str) -> None:
    async with simulate() as sim, _http(sim, http2=http2) as client:
        response = await client.get("/api/status")
    assert response.http_version == expected
    assert sim.request_log[0].http_version == ("2" if http2 else "1.1")


async def test_http11_only_when_http2_is_off() -> None:
    async with simulate(http2=False) as sim:
        alpn = await anyio.to_thread.run_sync(_handshake, sim.port, "powerwall")
    assert alpn == "http/1.1"


# -- routing -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path", ["/api/nothing/here", "/api/meters/aggregates/extra", "/", "/api/..%2Fsecret"]
)
async def test_unknown_paths_answer_the_go_404(path: str) -> None:
    async with simulate() as sim, _http(sim) as client:
        token = await _login(client, sim.password)
        response = await client.get(path, headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 404
    assert response.content == b"404 page not found\n"
    assert response.headers["content-type"].startswith("text/plain")


async def test_wrong_method_on_a_known_path_is_404() -> None:
    async with simulate() as sim, _http(sim) as client:
        response = await client.post("/api/status", json={})
    assert response.status_code == 404


async def test_recorded_bodies_and_errors_are_replayed() -> None:
    async with simulate() as sim, _http(sim) as client:
        headers = {"authorization": f"Bearer {await _login(client, sim.password)}"}
        site_info = await client.get("/api/site_info", headers=headers)
        phase = await client.get("/api/powerwalls/phase_usages", headers=headers)
    recorded = json.loads((RECORDINGS / "21.44-running" / "site_info.json").read_bytes())
    assert site_info.json() == recorded
    assert phase.status_code == 500
    assert phase.json()["error"] == "no phase information"
    assert phase.headers["content-type"] == "application/json"


async def test_query_strings_are_ignored() -> None:
    async with simulate() as sim, _http(sim) as client:
        response = await client.get("/api/status?foo=bar")
    assert response.status_code == 200
    assert sim.request_log[0].path == "/api/status"


async def test_live_power_is_consistent_and_drifts() -> None:
    async with (
        simulate(seed=7) as sim,
        Powerwall.connect(sim.url, password=sim.password, pin_sha256=sim.cert_sha256) as pw,
    ):
        readings = [await pw.meters.aggregates() for _ in range(5)]
    for reading in readings:
        balance = reading.site.instant_power + reading.battery.instant_power
        assert reading.load.instant_power == pytest.approx(balance + reading.solar.instant_power)
    assert len({reading.load.instant_power for reading in readings}) > 1
    assert all(abs(r.load.instant_power - 1154) < 500 for r in readings)


async def test_same_seed_same_readings() -> None:
    values = []
    for _ in range(2):
        async with simulate(seed=3) as sim, _http(sim) as client:
            headers = {"authorization": f"Bearer {await _login(client, sim.password)}"}
            body = (await client.get("/api/meters/aggregates", headers=headers)).json()
            values.append(body["solar"]["instant_power"])
    assert values[0] == values[1]


# -- profiles ----------------------------------------------------------------------------------
async def test_stopped_system_answers_502_for_live_data() -> None:
    async with (
        simulate() as sim,
        _http(sim) as client,
        Powerwall.connect(sim.url, password=sim.password, pin_sha256=sim.cert_sha256) as pw,
    ):
        headers = {"authorization": f"Bearer {await _login(client, sim.password)}"}
        sim.state.stop()
        for path in (
            "/api/meters/aggregates",
            "/api/system_status/soe",
            "/api/system_status/grid_status",
            "/api/system_status/grid_faults",
            "/api/system_status",
        ):
            response = await client.get(path, headers=headers)
            assert (response.status_code, response.content) == (502, b""), path
        sitemaster = (await client.get("/api/sitemaster", headers=headers)).json()
        assert (sitemaster["running"], sitemaster["status"]) == (False, "StatusDown")
        options = await client.get(
            "/api/synchrometer/ct_voltage_references/options", headers=headers
        )
        assert options.status_code == 200  # the stopped recordings answer it
        with pytest.raises(SitemasterStoppedError):
            await pw.meters.aggregates()
        sim.state.run()
        assert (await pw.meters.aggregates()).load.instant_power > 0


async def test_profile_23_44_reports_its_version_and_has_no_vitals(tmp_path: Path) -> None:
    profile = _with_vitals(tmp_path)
    newer = Profile(
        name="23.44-like", running=profile.running, version="23.44.0 eb113390", vitals=False
    )
    async with simulate(profile="23.44") as sim, _http(sim) as client:
        status = (await client.get("/api/status")).json()
        headers = {"authorization": f"Bearer {await _login(client, sim.password)}"}
        vitals = await client.get("/api/devices/vitals", headers=headers)
    assert status["version"] == "23.44.0 eb113390"
    assert vitals.status_code == 404
    async with simulate(profile=newer) as sim, _http(sim) as client:
        headers = {"authorization": f"Bearer {await _login(client, sim.password)}"}
        assert (await client.get("/api/devices/vitals", headers=headers)).status_code == 404


def _with_vitals(tmp_path: Path) -> Profile:
    running = tmp_path / "running"
    shutil.copytree(RECORDINGS / "21.44-running", running)
    (running / "devices.vitals.bin").write_bytes(b"\x0a\x03abc")
    return Profile.from_directory(tmp_path)


async def test_vitals_served_as_binary_when_the_profile_has_them(tmp_path: Path) -> None:
    async with simulate(profile=_with_vitals(tmp_path)) as sim, _http(sim) as client:
        headers = {"authorization": f"Bearer {await _login(client, sim.password)}"}
        vitals = await client.get("/api/devices/vitals", headers=headers)
        client.cookies.clear()
        refused = await client.get("/api/devices/vitals")
    assert vitals.status_code == 200
    assert vitals.headers["content-type"] == "application/octet-stream"
    assert vitals.content == b"\x0a\x03abc"
    assert refused.status_code == 403


async def test_directory_profile_without_stopped_recordings(tmp_path: Path) -> None:
    shutil.copytree(RECORDINGS / "21.44-running", tmp_path / "flat")
    async with simulate(profile=tmp_path / "flat") as sim, _http(sim) as client:
        headers = {"authorization": f"Bearer {await _login(client, sim.password)}"}
        sim.state.stop()
        aggregates = await client.get("/api/meters/aggregates", headers=headers)
        site_info = await client.get("/api/site_info", headers=headers)
    assert sim.profile.stopped is None
    assert aggregates.status_code == 502
    assert site_info.status_code == 200


async def test_restricted_profile_answers_only_the_basics() -> None:
    async with (
        simulate(profile="restricted") as sim,
        Powerwall.connect(sim.url, password=sim.password, pin_sha256=sim.cert_sha256) as pw,
    ):
        assert (await pw.meters.aggregates()).load.instant_power > 0
        assert (await pw.system_status.soe()).percentage > 0
        assert (await pw.system_status.grid_status()).connected
        assert (await pw.status.get()).version
        with pytest.raises(EndpointNotSupportedError):
            await pw.operation.get()
        with pytest.raises(EndpointNotSupportedError):
            await pw.site_info.get()
        with pytest.raises(EndpointNotSupportedError):
            await pw.request("POST", "/api/operation", json={"mode": "backup"})
        with pytest.raises(EndpointNotSupportedError):
            await pw.sitemaster.get()


async def test_unknown_profile_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown simulator profile"):
        async with simulate(profile="20.49"):
            pass


def test_built_in_profiles() -> None:
    assert set(PROFILES) == {"21.44", "23.44", "restricted", "pw2", "pw3"}
    assert not PROFILES["23.44"].exists("devices.vitals")
    assert PROFILES["21.44"].exists("devices.vitals")
    assert not PROFILES["restricted"].exists("site_info")
    assert [PROFILES[name].tedapi for name in ("21.44", "pw2", "pw3")] == [None, "pw2", "pw3"]
    assert not PROFILES["pw2"].exists("devices.vitals")
    assert not PROFILES["pw3"].exists("site_info")


# -- the request log ---------------------------------------------------------------------------
async def test_request_log_records_without_secrets() -> None:
    async with simulate(password="hunter2-secret") as sim, _http(sim) as client:
        await client.get("/api/operation")
        token = await _login(client, sim.password)
        await client.get("/api/operation", headers={"authorization": f"Bearer {token}"})
        client.cookies.clear()
        await client.post("/api/login/Basic", data={"username": "customer", "password": "bad"})
    log = sim.request_log
    assert [(e.method, e.path, e.authenticated, e.status) for e in log] == [
        ("GET", "/api/operation", False, 403),
        ("POST", "/api/login/Basic", False, 200),
        ("GET", "/api/operation", True, 200),
        ("POST", "/api/login/Basic", False, 401),
    ]
    assert len(log.matching("POST", "/api/login/Basic")) == 2
    assert len(log.matching(path="/api/operation", authenticated=True)) == 1
    assert log.matching(status=401)[0].method == "POST"
    assert log[0].time <= log[-1].time
    dump = repr(list(log)) + repr(log)
    assert "hunter2" not in dump
    assert token not in dump
    log.clear()
    assert len(log) == 0


async def test_never_crashes_on_bad_requests() -> None:
    async with simulate() as sim, _http(sim) as client:
        token = await _login(client, sim.password)
        auth = {"authorization": f"Bearer {token}"}
        for body in (b"\xff\xfe", b"[" * 10000, b"{}" * 3, b"null", b'{"mode": NaN}'):
            response = await client.post("/api/operation", content=body, headers=auth)
            assert response.status_code == 400
        response = await client.post(
            "/api/login/Basic",
            content=b"%zz=&&=",
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert response.status_code in (400, 401)
        for cookie in ('"; AuthCookie="', "AuthCookie=", "AuthCookie=nope; x"):
            response = await client.get("/api/operation", headers={"cookie": cookie})
            assert response.status_code == 403
        assert (await client.get("/api/meters/aggregates", headers=auth)).status_code == 200


@pytest.mark.parametrize("http2", [False, True])
async def test_oversized_bodies_are_refused_and_serving_goes_on(http2: bool) -> None:
    async with simulate() as sim, _http(sim, http2=http2) as client:
        response = await client.post("/api/login/Basic", content=b"x" * 300_000)
        assert response.status_code == 400
        assert (await client.get("/api/status")).status_code == 200
    assert sim.auth.session_count == 0
