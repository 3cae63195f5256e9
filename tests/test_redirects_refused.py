"""A redirect is never a success: the core refuses 3xx answers (transports never follow them)."""

from __future__ import annotations

import pytest

import powerwall_async as pwa
from powerwall_async.transports import Request, Response

from .helpers import Script

pytestmark = pytest.mark.anyio

LOCATION = {"location": "http://127.0.0.1:9/api/login/Basic"}


def _redirect_login(request: Request) -> Response:
    if request.path == "/api/login/Basic":
        # A hostile peer: a redirect that also hands out a session cookie.
        headers = {**LOCATION, "set-cookie": "AuthCookie=stolen; Path=/"}
        return Response(status=307, headers=headers)
    return Response(status=200, headers={"content-type": "application/json"}, body=b"{}")


async def test_a_login_answered_with_a_redirect_is_not_a_login() -> None:
    script = Script(_redirect_login)
    async with pwa.Powerwall(script.transport(), password="secret-pass") as pw:
        with pytest.raises(pwa.ApiError, match="never follows") as caught:
            await pw.login()
        assert pw.token is None
    assert caught.value.status == 307
    assert "127.0.0.1:9" not in str(caught.value)  # the redirect target is not echoed
    assert script.sent() == [("POST", "/api/login/Basic")]  # sent once, never re-sent


async def test_a_read_answered_with_a_redirect_fails_once() -> None:
    script = Script(lambda _: Response(status=302, headers=LOCATION))
    async with pwa.Powerwall(script.transport(), token="t0") as pw:
        with pytest.raises(pwa.ApiError, match="redirect"):
            await pw.meters.aggregates()
    assert script.sent() == [("GET", "/api/meters/aggregates")]
