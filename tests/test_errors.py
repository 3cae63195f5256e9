"""HTTP answers become the error a caller can act on, in one place."""

from __future__ import annotations

import pytest

import powerwall_async as pwa
from powerwall_async._errors import error_for_status, parse_error_body


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (
            401,
            b'{"code":401,"error":"bad credentials","message":"Login Error"}',
            pwa.AuthenticationError,
        ),
        (
            403,
            b'{"code":403,"error":"Unable to GET to resource","message":"User does not have adequate access rights"}',
            pwa.AccessDeniedError,
        ),
        (404, b"404 page not found\n", pwa.EndpointNotSupportedError),
        (
            429,
            b'{"code":429,"error":"Api Limit reached for this endpoint","message":"API Limit Reached"}',
            pwa.RateLimitedError,
        ),
        (502, b"", pwa.SitemasterStoppedError),
        (502, b'{"code":502,"error":"bad gateway"}', pwa.GatewayBusyError),
        (
            503,
            b'{"code":503,"error":"current config mode is busy","message":""}',
            pwa.GatewayBusyError,
        ),
        (
            500,
            b'{"code":500,"error":"no phase information","message":"Failed getting phase detection information"}',
            pwa.GatewayBusyError,
        ),
        (409, b'{"code":409,"error":"Sitemaster is current running","message":""}', pwa.ApiError),
        (400, b"not json at all", pwa.ApiError),
    ],
)
def test_each_status_maps_to_its_error(
    status: int, body: bytes, expected: type[pwa.ApiError]
) -> None:
    error = error_for_status(status, body, method="GET", path="/api/x")
    assert type(error) is expected
    assert isinstance(error, pwa.PowerwallError)
    assert error.status == status
    assert f"GET /api/x answered {status}" in str(error)


def test_gateway_error_json_is_parsed_into_the_exception() -> None:
    error = error_for_status(
        500,
        b'{"code":500,"error":"meter type must be Neurio (synchrometerX)","message":"Unable to get Amp configuration"}',
        method="GET",
        path="/api/meters/X/ct_config",
    )
    assert error.code == 500
    assert error.error == "meter type must be Neurio (synchrometerX)"
    assert error.message == "Unable to get Amp configuration"
    assert error.path == "/api/meters/X/ct_config"
    assert "meter type must be Neurio" in str(error)


def test_default_password_rejection_says_what_to_do() -> None:
    error = error_for_status(
        401,
        b'{"code":401,"error":"default password not supported","message":"Login Error"}',
        method="POST",
        path="/api/login/Basic",
    )
    assert isinstance(error, pwa.AuthenticationError)
    assert "set a customer password" in str(error)


def test_rate_limit_carries_retry_after() -> None:
    error = error_for_status(429, b"", method="POST", path="/api/login/Basic", retry_after=120)
    assert isinstance(error, pwa.RateLimitedError)
    assert error.retry_after == 120
    assert "120 s" in str(error)


def test_timeout_is_also_a_builtin_timeout_error() -> None:
    assert issubclass(pwa.GatewayTimeoutError, TimeoutError)
    assert issubclass(pwa.GatewayTimeoutError, pwa.GatewayUnreachableError)


@pytest.mark.parametrize(
    ("body", "parsed"),
    [
        (b"", (None, "", "")),
        (b"[1, 2]", (None, "", "")),
        (b'{"code": true, "error": null}', (None, "", "")),
        (b'{"code": 400, "error": "e", "message": "m"}', (400, "e", "m")),
        (b"plain text", (None, "plain text", "")),
    ],
)
def test_error_bodies_of_any_shape_are_read_safely(
    body: bytes, parsed: tuple[int | None, str, str]
) -> None:
    assert parse_error_body(body) == parsed
