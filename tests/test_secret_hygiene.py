"""No message, repr or log line carries the password, the token or a cookie value.

Every test already runs with DEBUG logging checked for secrets (tests/conftest.py); this module
drives the client through each failure it can meet and inspects what a caller can print.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

import powerwall_async as pwa
from powerwall_async._endpoint import Endpoint
from powerwall_async.testing import Faults, LoginLimits, Simulator, simulate
from powerwall_async.transports import MockTransport, Request, Response

pytestmark = pytest.mark.anyio

PASSWORD = "correct horse battery staple"


def printable(*things: object) -> str:
    parts: list[str] = []
    for thing in things:
        parts += [str(thing), repr(thing)]
        if isinstance(thing, BaseException):
            cause = thing.__cause__ or thing.__context__
            while cause is not None:
                parts += [str(cause), repr(cause)]
                cause = cause.__cause__ or cause.__context__
    return "\n".join(parts)


async def test_errors_and_reprs_never_show_secrets(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    seen: list[object] = []
    async with simulate(
        password=PASSWORD, login_limits=LoginLimits(max_failures=1, window=60, lockout=60)
    ) as sim:
        async with pwa.Powerwall.connect(
            sim.url, password=PASSWORD, pin_sha256=sim.cert_sha256, http2=True
        ) as pw:
            await pw.meters.aggregates()
            token = pw.token
            assert token
            seen += [pw, pw._session.transport, pw.meters]
            sim.expire_sessions()
            await pw.system_status.soe()  # re-login
            token_after = pw.token
            assert token_after
            sim.state.stop()
            for failing in (pw.meters.aggregates, pw.system_status.soe):
                try:
                    await failing()
                except pwa.PowerwallError as exc:
                    seen.append(exc)
            sim.state.run()
            sim.faults = Faults(truncate_rate=1.0)
            try:
                await pw.operation.get()
            except pwa.ResponseFormatError as exc:
                seen.append(exc)
            sim.faults = Faults()
            try:
                await pw.request("GET", "/api/devices/vitals")
            except pwa.EndpointNotSupportedError as exc:
                seen.append(exc)
        async with pwa.Powerwall.connect(
            sim.url, password=PASSWORD + "x", pin_sha256=sim.cert_sha256
        ) as wrong:
            for _ in range(2):
                try:
                    await wrong.login()
                except pwa.PowerwallError as exc:  # 401, then the lockout's 429
                    seen.append(exc)
        async with pwa.Powerwall.connect(sim.url, password=PASSWORD, pin_sha256="00" * 32) as pw:
            try:
                await pw.login()
            except pwa.CertificateError as exc:
                seen.append(exc)
    request = Request("GET", "/api/x", {"authorization": f"Bearer {token}"}, b"{}")
    response = Response(200, {"set-cookie": f"AuthCookie={token}"}, token.encode())
    seen += [request, response]
    text = printable(*seen) + "\n".join(r.getMessage() for r in caplog.records)
    for secret in (PASSWORD, token, token_after):
        assert secret not in text
    assert len(seen) >= 10


async def test_login_answer_model_hides_the_token(powerwall_simulator: Simulator) -> None:
    from powerwall_async.api.session import LOGIN
    from powerwall_async.models._converter import CONVERTER

    model = CONVERTER.structure(
        {"token": "s3cr3t-token-value", "roles": ["Home_Owner"]}, LOGIN.model
    )
    assert "s3cr3t-token-value" not in repr(model)


async def test_new_paths_never_show_secrets(caplog: pytest.LogCaptureFixture) -> None:
    """The gateway password (HTTP Basic), a poisoned login token, and a login answer that is
    not JSON read through pw.request: none of them reaches a message, a repr or a log line."""
    caplog.set_level(logging.DEBUG)
    json_type = {"content-type": "application/json"}
    poisoned = json.dumps({"token": "POISONED-TOKEN-VALUE\r\nX-Injected: 1"}).encode()
    not_json = b"RAW-TOKEN-0123456789"
    seen: list[object] = []
    tedapi = Endpoint[Any]("tedapi", "din", "GET", "/tedapi/din", Any, auth="tedapi")
    async with pwa.Powerwall(
        MockTransport(lambda _: Response(403, body=b"Forbidden")), gateway_password=PASSWORD
    ) as pw:
        seen.append(pw)
        try:
            await pw._session.call(tedapi)
        except pwa.AuthenticationError as exc:
            seen.append(exc)
    async with pwa.Powerwall(
        MockTransport(lambda _: Response(200, json_type, poisoned)), password=PASSWORD
    ) as pw:
        try:
            await pw.login()
        except pwa.ResponseFormatError as exc:
            seen.append(exc)
        assert pw.token is None
    async with pwa.Powerwall(
        MockTransport(lambda _: Response(200, json_type, not_json)), token="t0"
    ) as pw:
        try:
            await pw.request("POST", "/api/login/Basic", json={"password": PASSWORD})
        except pwa.ResponseFormatError as exc:
            seen.append(exc)
    assert len(seen) == 4
    text = printable(*seen) + "\n".join(r.getMessage() for r in caplog.records)
    for secret in (PASSWORD, "POISONED-TOKEN-VALUE", "RAW-TOKEN-0123456789"):
        assert secret not in text
