"""The two signed query sets and GraphQL errors, against purpose-built gateways: one that
refuses the 2024 set (as a firmware that dropped it would), and ones answering errors."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import powerwall_async as pwa
from powerwall_async.tedapi._messages import (
    GraphQLErrorEntry,
    build_query_response,
    decode_v1_response,
)
from powerwall_async.tedapi._queries import QuerySet, identify_query
from powerwall_async.transports import MockTransport, Request, Response

pytestmark = pytest.mark.anyio

DIN = "1707000-21-K--TG124300003JZH"
REFUSED = GraphQLErrorEntry(message="unauthorized", code=2, path=())
STATUS = (
    '{"control":{"systemStatus":{"nominalEnergyRemainingWh":6750,"nominalFullPackEnergyWh":13500}}}'
)


def gateway(answer: Callable[[QuerySet], bytes], asked: list[QuerySet]) -> MockTransport:
    """A TEDAPI gateway answering each query with ``answer(its set)``."""

    def handle(request: Request) -> Response:
        if request.path == "/tedapi/din":
            return Response(status=200, body=DIN.encode())
        envelope = decode_v1_response(request.body)
        assert envelope.graphql is not None
        assert envelope.graphql.query_request is not None
        query = identify_query(envelope.graphql.query_request.query)
        assert query is not None
        asked.append(query.query_set)
        return Response(status=200, body=answer(query.query_set))

    return MockTransport(handle)


async def test_a_refused_query_set_falls_back_to_the_other_and_is_remembered() -> None:
    asked: list[QuerySet] = []

    def only_2026(query_set: QuerySet) -> bytes:
        if query_set is QuerySet.V2024_06:
            return build_query_response(DIN, "", status=3, errors=(REFUSED,))
        return build_query_response(DIN, STATUS)

    async with pwa.Powerwall(gateway(only_2026, asked), gateway_password="pw") as pw:
        before = pw.tedapi.query_set
        first = await pw.tedapi.status()
        second = await pw.tedapi.status()
        after = pw.tedapi.query_set
    assert (before, after) == (QuerySet.V2024_06, QuerySet.V2026_06)
    assert asked == [QuerySet.V2024_06, QuerySet.V2026_06, QuerySet.V2026_06]
    assert first.energy is not None
    assert first.energy.soe_percent == 50
    assert second == first


async def test_a_query_no_set_can_run_is_a_typed_error() -> None:
    def refuse(_: QuerySet) -> bytes:
        return build_query_response(DIN, "", status=3, errors=(REFUSED,))

    asked: list[QuerySet] = []
    async with pwa.Powerwall(gateway(refuse, asked), gateway_password="pw") as pw:
        with pytest.raises(pwa.GraphQLQueryError, match="unauthorized") as raised:
            await pw.tedapi.status()
    assert raised.value.errors == ((2, "unauthorized"),)
    assert asked == [QuerySet.V2024_06, QuerySet.V2026_06]


async def test_graphql_errors_without_data_are_a_typed_error() -> None:
    busy = GraphQLErrorEntry(message="resolver unresponsive", code=3, path=("control",))

    def unresponsive(_: QuerySet) -> bytes:
        return build_query_response(DIN, "", status=3, errors=(busy,))

    asked: list[QuerySet] = []
    async with pwa.Powerwall(gateway(unresponsive, asked), gateway_password="pw") as pw:
        with pytest.raises(pwa.GraphQLQueryError, match="resolver unresponsive"):
            await pw.tedapi.components()
    assert asked == [QuerySet.V2024_06]  # not a refusal: the other set is not tried


async def test_a_partial_answer_reads_as_absent_fields() -> None:
    missing = GraphQLErrorEntry(message="field not found", code=1, path=("esCan",))

    def partial(_: QuerySet) -> bytes:
        return build_query_response(DIN, STATUS, status=2, errors=(missing,))

    async with pwa.Powerwall(gateway(partial, []), gateway_password="pw") as pw:
        status = await pw.tedapi.status()
    assert status.energy is not None
    assert status.can is None


async def test_a_body_that_is_not_a_tedapi_message_is_a_response_format_error() -> None:
    def html(request: Request) -> Response:
        if request.path == "/tedapi/din":
            return Response(status=200, body=DIN.encode())
        return Response(status=200, body=b"<html>captive portal</html>")

    async with pwa.Powerwall(MockTransport(html), gateway_password="pw") as pw:
        with pytest.raises(pwa.ResponseFormatError, match="TEDAPI gateway"):
            await pw.tedapi.system_info()


async def test_v1r_busy_fault_cools_down_the_whole_client() -> None:
    from cryptography.hazmat.primitives.asymmetric import rsa

    from powerwall_async.tedapi._v1r import Fault, build_v1r_response

    sent: list[str] = []

    def busy_gateway(request: Request) -> Response:
        sent.append(request.path)
        if request.path == "/api/login/Basic":
            return Response(status=200, body=b'{"token": "t1"}')
        if request.path == "/tedapi/din":
            return Response(status=200, body=DIN.encode())
        return Response(status=200, body=build_v1r_response(fault=Fault.BUSY))

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    async with pwa.Powerwall(MockTransport(busy_gateway), tedapi_key=key, password="12345") as pw:
        with pytest.raises(pwa.V1rBusyError, match="busy"):
            await pw.tedapi.status()
        before = len(sent)
        with pytest.raises(pwa.RateLimitedError, match="cooldown"):
            await pw.system_status.soe()
    assert len(sent) == before  # REST held back by the busy answer that came with HTTP 200
