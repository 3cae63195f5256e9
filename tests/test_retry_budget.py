"""One retry budget per call: at most ``1 + max_retries`` requests, plus one login and one
re-send after it, whatever mix of failures the gateway and the network produce."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import pytest

import powerwall_async as pwa
from powerwall_async.transports import Request, Response

from .helpers import JSON, Script, json_answer

pytestmark = pytest.mark.anyio

AGGREGATES = b'{"site": {"instant_power": 10}, "load": {"instant_power": 20}}'


def _drop(_: Request) -> Response:
    raise pwa.GatewayUnreachableError("the connection was reset")


def _timeout(_: Request) -> Response:
    raise pwa.GatewayTimeoutError("no answer in time")


FAILURES: dict[str, Callable[[Request], Response]] = {
    "dropped": _drop,
    "timed out": _timeout,
    "garbled": lambda _: Response(200, JSON, b'{"site": {"instant_po'),
    "502": lambda _: Response(502),
    "503": lambda _: json_answer(b'{"code":503,"error":"busy"}', status=503),
    "401": lambda _: json_answer(b'{"code":401,"error":"bad credentials"}', status=401),
    "403": lambda _: json_answer(b'{"code":403,"error":"Unable to GET"}', status=403),
}


def failing_in_turn(offset: int) -> Script:
    """Answers logins; every other request fails, each time in the next way of FAILURES."""
    ways = itertools.cycle(list(FAILURES.values())[offset:] + list(FAILURES.values())[:offset])

    def answer(request: Request) -> Response:
        if request.path == "/api/login/Basic":
            return json_answer(b'{"token": "fresh"}')
        return next(ways)(request)

    return Script(answer)


@pytest.mark.parametrize("max_retries", [0, 1, 2, 3])
@pytest.mark.parametrize("offset", range(len(FAILURES)), ids=list(FAILURES))
async def test_a_call_never_sends_more_than_its_budget(max_retries: int, offset: int) -> None:
    script = failing_in_turn(offset)
    async with pwa.Powerwall(
        script.transport(), password="pw", token="saved", max_retries=max_retries
    ) as pw:
        with pytest.raises(pwa.PowerwallError):
            await pw.meters.aggregates()
    logins = script.sent().count(("POST", "/api/login/Basic"))
    sends = len(script.requests) - logins
    assert logins <= 1
    assert sends <= 1 + max_retries + 1  # the re-send after a login is the "+ 1"
    if not logins:
        assert sends <= 1 + max_retries


async def test_each_way_of_failing_spends_the_same_budget() -> None:
    # dropped, garbled, refused (login, re-send), busy: 4 sends, 1 login, with max_retries=2
    answers: Iterator[Callable[[Request], Response]] = iter(
        [
            FAILURES["dropped"],
            FAILURES["garbled"],
            FAILURES["401"],
            lambda _: json_answer(b'{"token": "fresh"}'),
            FAILURES["502"],
            lambda _: json_answer(AGGREGATES),
        ]
    )

    def answer(request: Request) -> Response:
        return next(answers)(request)

    script = Script(answer)
    async with pwa.Powerwall(script.transport(), password="pw", token="saved") as pw:
        with pytest.raises(pwa.SitemasterStoppedError):
            await pw.meters.aggregates()
    assert script.sent() == [("GET", "/api/meters/aggregates")] * 3 + [
        ("POST", "/api/login/Basic"),
        ("GET", "/api/meters/aggregates"),
    ]


async def test_a_write_is_sent_once_and_after_a_refusal_once_more() -> None:
    script = failing_in_turn(list(FAILURES).index("401"))
    async with pwa.Powerwall(script.transport(), password="pw", token="saved") as pw:
        with pytest.raises(pwa.PowerwallError):
            await pw.operation.set(mode="backup", backup_reserve_percent=20)
    # refused: the session is checked (one cheap GET, answered 403), one login, one re-send
    assert script.sent().count(("POST", "/api/operation")) <= 2
    assert script.sent().count(("POST", "/api/login/Basic")) <= 1
