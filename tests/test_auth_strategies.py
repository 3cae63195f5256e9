"""Authentication is a strategy per endpoint family: the session knows no login and no header.

The HTTP Basic strategy (TEDAPI: fixed username, the gateway's Wi-Fi password) is proven
through an endpoint declared here with ``auth="tedapi"``, answered by a MockTransport.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

import powerwall_async as pwa
from powerwall_async._endpoint import Endpoint
from powerwall_async.transports import MockTransport, Request, Response

from .helpers import JSON, Script, json_answer

pytestmark = pytest.mark.anyio

GATEWAY_PASSWORD = "ABCDEFGHIJ-wifi"
TEDAPI_DIN = Endpoint[Any]("tedapi", "din", "GET", "/tedapi/din", Any, auth="tedapi")
"""A fake declaration of the family TEDAPI will use (the real ones are another issue's)."""


def _basic(password: str) -> str:
    return "Basic " + base64.b64encode(f"Tesla_Energy_Device:{password}".encode()).decode()


def tedapi_gateway(request: Request) -> Response:
    """Answers /tedapi/din to the right Basic credentials only; has no login."""
    assert request.path == TEDAPI_DIN.url_path(), request.path
    assert "cookie" not in request.headers
    if request.headers.get("authorization") != _basic(GATEWAY_PASSWORD):
        return Response(403, {"content-type": "text/plain"}, b"Forbidden")
    return json_answer(b'"1232100-00-E--TG123456789ABC"')


async def test_basic_credentials_reach_a_tedapi_endpoint() -> None:
    script = Script(tedapi_gateway)
    async with pwa.Powerwall(
        script.transport(), password="customer-pw", gateway_password=GATEWAY_PASSWORD
    ) as pw:
        assert await pw._session.call(TEDAPI_DIN) == "1232100-00-E--TG123456789ABC"
        assert pw.token is None  # no customer login for it
    assert script.sent() == [("GET", TEDAPI_DIN.url_path())]


async def test_a_refused_gateway_password_names_both_causes_and_is_sent_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    script = Script(tedapi_gateway)
    async with pwa.Powerwall(script.transport(), gateway_password="wrong-one") as pw:
        with pytest.raises(pwa.GatewayPasswordError) as info:
            await pw._session.call(TEDAPI_DIN)
        assert GATEWAY_PASSWORD not in repr(pw)
    message = str(info.value)
    assert "gateway password was refused" in message
    assert "wrong" in message
    assert "25.10" in message
    assert "Wi-Fi" in message
    assert info.value.status == 403
    assert "wrong-one" not in message
    assert script.sent() == [("GET", TEDAPI_DIN.url_path())]  # re-sending it cannot help
    for record in caplog.records:
        assert "wrong-one" not in record.getMessage()
        assert _basic("wrong-one").split()[1] not in record.getMessage()


async def test_without_a_gateway_password_nothing_is_sent() -> None:
    script = Script(tedapi_gateway)
    async with pwa.Powerwall(script.transport(), password="customer-pw") as pw:
        with pytest.raises(pwa.GatewayPasswordError, match="pass gateway_password="):
            await pw._session.call(TEDAPI_DIN)
    assert script.requests == []


def test_the_gateway_password_is_not_shown() -> None:
    pw = pwa.Powerwall(MockTransport(tedapi_gateway), gateway_password=GATEWAY_PASSWORD)
    assert GATEWAY_PASSWORD not in repr(pw)
    assert GATEWAY_PASSWORD not in repr(pw._session.auths)


# -- "public" endpoints refused: once more with the customer session ---------------------------

STATUS = b'{"din": "1232100-00-E--TG1", "version": "24.36.2 46e1b5e3"}'


def moved_behind_login(request: Request) -> Response:
    """A firmware that put /api/status behind the login (as 20.49 did to others)."""
    if request.path == "/api/login/Basic":
        return json_answer(b'{"token": "t1"}')
    if request.headers.get("authorization") != "Bearer t1":
        return json_answer(b'{"code":401,"error":"bad credentials"}', status=401)
    if request.path == "/api/status":
        return json_answer(STATUS)
    return Response(404, body=b"404 page not found\n")


async def test_a_refused_public_endpoint_is_sent_again_with_the_session() -> None:
    script = Script(moved_behind_login)
    async with pwa.Powerwall(script.transport(), password="pw") as pw:
        assert (await pw.status.get()).din == "1232100-00-E--TG1"
        assert (await pw.status.get()).din == "1232100-00-E--TG1"
    assert script.sent() == [
        ("GET", "/api/status"),
        ("POST", "/api/login/Basic"),
        ("GET", "/api/status"),
        ("GET", "/api/status"),  # public: sent without the session first, every time
        ("GET", "/api/status"),
    ]


async def test_a_public_endpoint_refused_even_with_a_session_is_access_denied() -> None:
    def refuses_status(request: Request) -> Response:
        if request.path == "/api/status":
            return json_answer(b'{"code":403,"error":"Unable to GET to resource"}', status=403)
        return moved_behind_login(request)

    script = Script(refuses_status)
    async with pwa.Powerwall(script.transport(), password="pw") as pw:
        await pw.login()
        with pytest.raises(pwa.AccessDeniedError) as info:
            await pw.status.get()
    assert not isinstance(info.value, pwa.AuthenticationError)
    assert "check the customer password" not in str(info.value)
    assert script.sent().count(("GET", "/api/status")) == 2


async def test_capabilities_are_not_voided_by_a_public_endpoint_behind_the_login() -> None:
    script = Script(moved_behind_login)
    async with pwa.Powerwall(script.transport(), password="pw") as pw:
        capabilities = await pw.capabilities()
    assert capabilities.firmware_version == "24.36.2 46e1b5e3"


# -- tokens ----------------------------------------------------------------------------------


@pytest.mark.parametrize("token", ["abc\r\nX-Evil: 1", "t\u00f6ken-SECRET", "tok en", 'a"b'])
async def test_a_login_token_that_cannot_travel_in_a_header_is_refused(token: str) -> None:
    body = json.dumps({"token": token}).encode()
    script = Script(lambda _: Response(200, JSON, body))
    async with pwa.Powerwall(script.transport(), password="pw") as pw:
        with pytest.raises(pwa.ResponseFormatError) as info:
            await pw.meters.aggregates()
        assert pw.token is None
    assert token not in str(info.value)
    assert token not in repr(info.value)
    assert script.sent() == [("POST", "/api/login/Basic")]


def test_a_saved_token_that_cannot_travel_in_a_header_is_refused() -> None:
    with pytest.raises(ValueError, match="header") as info:
        pwa.Powerwall(MockTransport(moved_behind_login), token="abc\r\nSECRET")
    assert "SECRET" not in str(info.value)


async def test_a_login_answer_that_is_not_json_is_not_quoted_by_request(
    caplog: pytest.LogCaptureFixture,
) -> None:
    secret = b"TOKEN-1234567890-SECRET"
    script = Script(lambda _: Response(200, JSON, secret + b" not json"))
    async with pwa.Powerwall(script.transport(), token="t0") as pw:
        with pytest.raises(pwa.ResponseFormatError) as info:
            await pw.request("POST", "/api/login/Basic", json={"password": "p"})
    assert secret.decode() not in str(info.value)
    assert secret.decode() not in repr(info.value)
    assert all(secret.decode() not in record.getMessage() for record in caplog.records)


# -- transports written before the traits existed keep working ---------------------------------


class PlainTransport:
    """A transport of the original contract: send and aclose, no traits."""

    async def send(self, request: Request, *, timeout: float | None = None) -> Response:
        if request.path == "/api/login/Basic":
            return json_answer(b'{"token": "t1"}')
        return json_answer(b'{"percentage": 55}')

    async def aclose(self) -> None:
        return None


async def test_a_transport_without_traits_gets_the_defaults() -> None:
    async with pwa.Powerwall(PlainTransport(), password="pw") as pw:
        assert (await pw.system_status.soe()).percentage == 55
        assert pw.token == "t1"  # logins: True by default


async def test_a_peer_without_logins_is_sent_requests_without_a_session() -> None:
    script = Script(lambda _: json_answer(b'{"percentage": 55}'))
    async with pwa.Powerwall(script.transport(logins=False), password="pw") as pw:
        assert (await pw.system_status.soe()).percentage == 55
    assert script.sent() == [("GET", "/api/system_status/soe")]


async def test_an_async_handler_and_a_raised_failure() -> None:
    calls = 0

    async def flaky(request: Request) -> Response:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise pwa.GatewayUnreachableError("dropped")
        return json_answer(b'{"percentage": 55}')

    async with pwa.Powerwall(MockTransport(flaky), token="t0") as pw:
        assert (await pw.system_status.soe()).percentage == 55
    assert calls == 2
