"""Odd answers and odd options: each one a PowerwallError (or a ValueError at construction)
with a message a person can act on, sent no more often than it should be."""

from __future__ import annotations

import email.utils
import math
import time
from typing import Any

import anyio
import pytest

import powerwall_async as pwa
from powerwall_async._endpoint import Endpoint
from powerwall_async._errors import copy_error, error_for_status, retry_after_seconds
from powerwall_async._proto import vitals as pb
from powerwall_async.transports import MockTransport, Request, Response

from .helpers import JSON, Script, json_answer

pytestmark = pytest.mark.anyio


# -- numbers JSON cannot hold -------------------------------------------------------------------


@pytest.mark.parametrize("number", [b"NaN", b"Infinity", b"-Infinity", b"1e999"])
async def test_non_finite_numbers_never_reach_a_model(number: bytes) -> None:
    body = b'{"percentage": ' + number + b"}"
    script = Script(lambda _: json_answer(body))
    async with pwa.Powerwall(script.transport(), token="t0") as pw:
        with pytest.raises(pwa.ResponseFormatError, match="not a finite number"):
            await pw.system_status.soe()
        with pytest.raises(pwa.ResponseFormatError, match="not a finite number"):
            await pw.request("GET", "/api/system_status/soe")
    assert len(script.requests) == 2  # not taken for damage in transit: not fetched again


@pytest.mark.parametrize(
    "body",
    [
        b'\xef\xbb\xbf{"percentage": 55.5}',  # UTF-8 with a byte order mark
        '{"percentage": 55.5}'.encode("utf-16"),
        '{"percentage": 55.5}'.encode("utf-32-le"),
    ],
)
async def test_json_in_any_encoding_json_allows_is_read(body: bytes) -> None:
    async with pwa.Powerwall(MockTransport(lambda _: json_answer(body)), token="t0") as pw:
        assert (await pw.system_status.soe()).percentage == 55.5
        assert await pw.request("GET", "/api/system_status/soe") == {"percentage": 55.5}


async def test_an_empty_body_where_json_is_due_is_a_format_error_fetched_once() -> None:
    script = Script(lambda _: Response(200, JSON, b""))
    async with pwa.Powerwall(script.transport(), token="t0") as pw:
        with pytest.raises(pwa.ResponseFormatError, match="empty body") as info:
            await pw.system_status.soe()
    assert type(info.value) is pwa.ResponseFormatError
    assert len(script.requests) == 1


# -- statuses -------------------------------------------------------------------------------

HTML = b"<html><head><title>501 Not Implemented</title></head><body><h1>Nope</h1></body></html>"


async def test_501_is_not_supported_and_its_web_page_stays_out_of_the_message() -> None:
    script = Script(lambda _: Response(501, {"content-type": "text/html"}, HTML))
    async with pwa.Powerwall(script.transport(), token="t0") as pw:
        with pytest.raises(pwa.EndpointNotSupportedError) as info:
            await pw.system_status.soe()
        with pytest.raises(pwa.EndpointNotSupportedError, match="not sent again"):
            await pw.system_status.soe()
    assert "<" not in str(info.value)
    assert "Nope" not in str(info.value)
    assert info.value.status == 501
    assert len(script.requests) == 1  # a 501 is not retried, and remembered


def test_an_api_error_keeps_the_method() -> None:
    error = error_for_status(409, b"", method="POST", path="/api/sitemaster/run")
    assert (error.method, error.path, error.status) == ("POST", "/api/sitemaster/run", 409)


def test_a_date_retry_after_is_honoured() -> None:
    soon = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert retry_after_seconds({"retry-after": soon}) == pytest.approx(30, abs=2)
    past = email.utils.formatdate(time.time() - 30, usegmt=True)
    assert retry_after_seconds({"retry-after": past}) == 0.0
    assert retry_after_seconds({"retry-after": "Wed, 99 Foo 2026"}) is None


async def test_a_date_retry_after_starts_the_cooldown() -> None:
    later = email.utils.formatdate(time.time() + 120, usegmt=True)
    script = Script(lambda _: Response(429, {"retry-after": later}))
    async with pwa.Powerwall(script.transport(), token="t0") as pw:
        with pytest.raises(pwa.RateLimitedError) as info:
            await pw.system_status.soe()
    assert info.value.retry_after == pytest.approx(120, abs=2)


# -- errors copied to every waiter -------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (403, pwa.AuthenticationError),  # the saved token refused, no password to log in with
        (404, pwa.EndpointNotSupportedError),
        (502, pwa.SitemasterStoppedError),
        (429, pwa.RateLimitedError),
    ],
)
async def test_merged_calls_each_get_a_proper_error(status: int, error: type[pwa.ApiError]) -> None:
    release = anyio.Event()

    async def slow(_: Request) -> Response:
        await release.wait()
        return Response(status, body=b"" if status == 502 else b'{"code": 1, "error": "no"}')

    caught: list[BaseException] = []

    async def read(pw: pwa.Powerwall) -> None:
        try:
            await pw.system_status.grid_status()
        except BaseException as exc:
            caught.append(exc)

    async with pwa.Powerwall(MockTransport(slow), token="t0", max_retries=0) as pw:
        async with anyio.create_task_group() as tg:
            for _ in range(200):
                tg.start_soon(read, pw)
            await anyio.wait_all_tasks_blocked()
            release.set()
    assert len(caught) == 200
    assert all(type(exc) is error for exc in caught), {type(exc) for exc in caught}
    assert len({id(exc) for exc in caught}) == 200
    assert {(exc.status, exc.method) for exc in caught} == {(status, "GET")}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "original",
    [
        pwa.RateLimitedError("r", retry_after=3, path="/api/x", method="GET"),
        pwa.AuthenticationError("a", status=401, code=401, error="e", message="m"),
        pwa.ResponseFormatError("f", body=b"x"),
        pwa.CertificateError("c", sha256="AA:BB"),
        pwa.GatewayTimeoutError("t"),
    ],
)
def test_copy_error_keeps_everything(original: pwa.PowerwallError) -> None:
    clone = copy_error(original)
    assert clone is not original
    assert type(clone) is type(original)
    assert clone.args == original.args
    assert vars(clone) == vars(original)


# -- options -------------------------------------------------------------------------------

BAD_SECONDS = [math.inf, 1e308, math.nan, 0, -1.0, "10", True]


@pytest.mark.parametrize("value", BAD_SECONDS, ids=repr)
@pytest.mark.parametrize("option", ["timeout", "deadline"])
def test_unusable_seconds_are_refused_at_construction(option: str, value: Any) -> None:
    with pytest.raises(ValueError, match=option):
        pwa.Powerwall(MockTransport(lambda _: Response(200)), **{option: value})
    with pytest.raises(ValueError, match=option):
        pwa.Powerwall.connect("https://192.168.91.1", verify=False, **{option: value})


def test_connect_forwards_every_client_option() -> None:
    pw = pwa.Powerwall.connect(
        "fixture:///nowhere", timeout=3, deadline=7, max_retries=5, token="t", max_in_flight=3
    )
    session = pw._session
    assert (session.timeout, session.deadline, session.max_retries) == (3, 7, 5)
    assert pw.token == "t"
    with pytest.raises(TypeError):
        pwa.Powerwall.connect("https://192.168.91.1", pin_sha256="AA" * 32, no_such_option=1)


def test_the_version_is_the_installed_distributions() -> None:
    from importlib.metadata import version

    assert pwa.__version__ == version("powerwall-async")


# -- vitals: bounded before decoding -------------------------------------------------------------


def _vitals_with(count: int) -> bytes:
    device = pb.DeviceVitals(vitals=[pb.Vital(name="v", int_value=1)] * count)
    return bytes(pb.DevicesWithVitals(devices=[device]))


@pytest.mark.parametrize(
    ("body", "reason"),
    [(b"\x0a\x00" * 10_000_000, "bytes"), (_vitals_with(10_000), "fields")],
    ids=["20 MB", "30,000 fields"],
)
async def test_an_oversized_vitals_body_is_refused_before_decoding(
    body: bytes, reason: str
) -> None:
    answer = Response(200, {"content-type": "application/octet-stream"}, body)
    async with pwa.Powerwall(MockTransport(lambda _: answer), token="t0") as pw:
        started = time.monotonic()
        with pytest.raises(pwa.ResponseFormatError, match=f"too large.*{reason}"):
            await pw.devices.vitals()
    assert time.monotonic() - started < 2


async def test_the_deadline_covers_decoding() -> None:
    def slow_decoder(body: bytes) -> bytes:
        time.sleep(1.0)  # a worker thread busy decoding
        return body

    slow = Endpoint[bytes]("devices", "slow", "GET", "/devices/vitals", bytes, decode=slow_decoder)
    answer = Response(200, {"content-type": "application/octet-stream"}, b"\x00")
    async with pwa.Powerwall(MockTransport(lambda _: answer), token="t0", deadline=0.2) as pw:
        started = time.monotonic()
        with pytest.raises(pwa.GatewayTimeoutError, match="deadline"):
            await pw._session.call(slow)
        assert time.monotonic() - started < 0.8
