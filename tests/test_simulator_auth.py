"""The simulator's login, sessions (cookie and bearer), 401/403 answers and 429 lockouts."""

from __future__ import annotations

import base64
import json
from datetime import datetime

import anyio
import httpx
import pytest

from powerwall_async import AuthenticationError, Powerwall, RateLimitedError
from powerwall_async.testing import LoginLimits, Simulator, simulate

pytestmark = pytest.mark.anyio

FORBIDDEN = {
    "code": 403,
    "error": "Unable to GET to resource",
    "message": "User does not have adequate access rights",
}
BAD_CREDENTIALS = {"code": 401, "error": "bad credentials", "message": "Login Error"}
LOCKED = {
    "code": 429,
    "error": "Api Limit reached for this endpoint",
    "message": "API Limit Reached",
}


def _http(sim: Simulator) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=sim.url, verify=sim.client_ssl_context(), trust_env=False)


async def _post_login(client: httpx.AsyncClient, password: str) -> httpx.Response:
    response = await client.post(
        "/api/login/Basic",
        json={"username": "customer", "password": password, "email": "", "force_sm_off": False},
    )
    client.cookies.clear()  # each test decides what credentials a request carries
    return response


async def test_login_answers_like_the_gateway() -> None:
    async with simulate(email="me@example.com") as sim, _http(sim) as client:
        response = await _post_login(client, sim.password)
    assert response.status_code == 200
    body = response.json()
    token = body.pop("token")
    login_time = datetime.fromisoformat(body.pop("loginTime"))
    assert login_time.tzinfo is not None
    assert body == {
        "email": "me@example.com",
        "firstname": "Tesla",
        "lastname": "Energy",
        "roles": ["Home_Owner"],
        "provider": "Basic",
    }
    assert len(token) > 40
    cookies = response.headers.get_list("set-cookie")
    assert any(cookie.startswith(f"AuthCookie={token};") for cookie in cookies)
    record = next(c for c in cookies if c.startswith("UserRecord=")).split(";")[0].split("=", 1)[1]
    user = json.loads(base64.urlsafe_b64decode(record))
    assert user["roles"] == ["Home_Owner"]
    assert token not in record


async def test_login_accepts_a_form_body() -> None:
    async with simulate() as sim, _http(sim) as client:
        response = await client.post(
            "/api/login/Basic",
            data={"username": "customer", "password": sim.password, "force_sm_off": "false"},
        )
    assert response.status_code == 200
    assert response.json()["token"]


@pytest.mark.parametrize(
    "body",
    [
        {"username": "customer", "password": "wrong"},
        {"username": "installer", "password": "PASSWORD"},
        {"username": "customer"},
        {"username": "customer", "password": 12345},
    ],
)
async def test_bad_credentials_answer_401(body: dict[str, object]) -> None:
    async with simulate(password="PASSWORD") as sim, _http(sim) as client:
        response = await client.post("/api/login/Basic", json=body)
    assert response.status_code == 401
    assert response.json() == BAD_CREDENTIALS


async def test_malformed_login_body_answers_400() -> None:
    async with simulate() as sim, _http(sim) as client:
        response = await client.post(
            "/api/login/Basic", content=b"{not json", headers={"content-type": "application/json"}
        )
    assert response.status_code == 400
    assert set(response.json()) == {"code", "error", "message"}


async def test_protected_endpoints_need_a_session_by_cookie_or_bearer() -> None:
    async with simulate() as sim, _http(sim) as client:
        anonymous = await client.get("/api/operation")
        token = (await _post_login(client, sim.password)).json()["token"]
        bearer = await client.get("/api/operation", headers={"authorization": f"Bearer {token}"})
        cookie = await client.get("/api/operation", headers={"cookie": f"AuthCookie={token}"})
        wrong = await client.get("/api/operation", headers={"authorization": "Bearer nope"})
    assert (anonymous.status_code, anonymous.json()) == (403, FORBIDDEN)
    assert bearer.status_code == cookie.status_code == 200
    assert bearer.json()["real_mode"] == "autonomous"
    assert (wrong.status_code, wrong.json()) == (403, FORBIDDEN)


@pytest.mark.parametrize(
    "path", ["/api/status", "/api/customer/registration", "/api/auth/toggle/supported"]
)
async def test_public_endpoints_need_no_login(path: str) -> None:
    async with simulate() as sim, _http(sim) as client:
        response = await client.get(path)
    assert response.status_code == 200
    assert sim.request_log[0].authenticated is False


async def test_logout_ends_the_session() -> None:
    async with simulate() as sim, _http(sim) as client:
        token = (await _post_login(client, sim.password)).json()["token"]
        auth = {"authorization": f"Bearer {token}"}
        logout = await client.get("/api/logout", headers=auth)
        after = await client.get("/api/operation", headers=auth)
    assert logout.status_code == 204
    assert after.status_code == 403
    assert sim.auth.session_count == 0


async def test_sessions_expire_on_demand_and_by_lifetime() -> None:
    async with simulate(session_lifetime=0.3) as sim, _http(sim) as client:
        first = (await _post_login(client, sim.password)).json()["token"]
        second = (await _post_login(client, sim.password)).json()["token"]
        assert first != second
        assert sim.auth.session_count == 2
        sim.expire_sessions()
        response = await client.get("/api/operation", headers={"authorization": f"Bearer {first}"})
        assert response.status_code == 403
        third = (await _post_login(client, sim.password)).json()["token"]
        auth = {"authorization": f"Bearer {third}"}
        assert (await client.get("/api/operation", headers=auth)).status_code == 200
        await anyio.sleep(0.35)
        assert (await client.get("/api/operation", headers=auth)).status_code == 403


async def test_lockout_after_failed_logins_then_recovery() -> None:
    limits = LoginLimits(max_failures=3, window=60, lockout=0.4)
    async with simulate(login_limits=limits) as sim, _http(sim) as client:
        statuses = [(await _post_login(client, "wrong")).status_code for _ in range(3)]
        locked = await _post_login(client, sim.password)
        assert sim.auth.locked
        await anyio.sleep(0.45)
        recovered = await _post_login(client, sim.password)
    assert statuses == [401, 401, 401]
    assert (locked.status_code, locked.json()) == (429, LOCKED)
    assert recovered.status_code == 200


async def test_failures_outside_the_window_or_before_a_success_do_not_count() -> None:
    limits = LoginLimits(max_failures=2, window=0.2, lockout=60)
    async with simulate(login_limits=limits) as sim, _http(sim) as client:
        assert (await _post_login(client, "wrong")).status_code == 401
        await anyio.sleep(0.25)
        assert (await _post_login(client, "wrong")).status_code == 401
        assert (await _post_login(client, sim.password)).status_code == 200
        assert (await _post_login(client, "wrong")).status_code == 401
        assert (await _post_login(client, sim.password)).status_code == 200
        assert (await _post_login(client, "wrong")).status_code == 401
        assert (await _post_login(client, "wrong")).status_code == 401
        assert (await _post_login(client, sim.password)).status_code == 429


async def test_lockout_knob_and_unlock() -> None:
    async with simulate() as sim, _http(sim) as client:
        sim.lock_out(60)
        assert (await _post_login(client, sim.password)).status_code == 429
        sim.auth.unlock()
        assert (await _post_login(client, sim.password)).status_code == 200


async def test_password_can_change_while_running() -> None:
    async with simulate(password="old") as sim, _http(sim) as client:
        sim.password = "new"
        assert (await _post_login(client, "old")).status_code == 401
        assert (await _post_login(client, "new")).status_code == 200


def test_login_limits_are_validated() -> None:
    with pytest.raises(ValueError, match="max_failures"):
        LoginLimits(max_failures=0)
    limits = LoginLimits()
    with pytest.raises(ValueError, match="lockout"):
        limits.lockout = -1


# -- the real client against it ----------------------------------------------------------------
async def test_client_wrong_password_is_an_authentication_error() -> None:
    async with (
        simulate() as sim,
        Powerwall.connect(sim.url, password="wrong", pin_sha256=sim.cert_sha256) as pw,
    ):
        with pytest.raises(AuthenticationError):
            await pw.meters.aggregates()
        with pytest.raises(AuthenticationError):
            await pw.meters.aggregates()
    assert len(sim.request_log.matching("POST", "/api/login/Basic")) == 1


async def test_client_sends_no_login_during_a_lockout() -> None:
    async with (
        simulate() as sim,
        Powerwall.connect(sim.url, password=sim.password, pin_sha256=sim.cert_sha256) as pw,
    ):
        sim.lock_out(60)
        for _ in range(3):
            with pytest.raises(RateLimitedError):
                await pw.meters.aggregates()
    assert len(sim.request_log.matching("POST", "/api/login/Basic")) == 1
    assert sim.request_log.matching(path="/api/meters/aggregates") == []


async def test_client_reuses_a_saved_token() -> None:
    async with simulate() as sim:
        async with Powerwall.connect(
            sim.url, password=sim.password, pin_sha256=sim.cert_sha256
        ) as pw:
            await pw.system_status.soe()
            token = pw.token
        async with Powerwall.connect(
            sim.url, password=sim.password, pin_sha256=sim.cert_sha256, token=token
        ) as pw:
            await pw.system_status.soe()
    assert len(sim.request_log.matching("POST", "/api/login/Basic")) == 1
    assert all(e.authenticated for e in sim.request_log.matching(path="/api/system_status/soe"))
