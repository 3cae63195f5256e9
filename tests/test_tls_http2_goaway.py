"""HTTP/2 GOAWAY below a write that was already sent: httpcore would send the write again on a
new connection. A write is never sent twice: the call fails and says the change may or may not
have been applied. A read may be repeated."""

from __future__ import annotations

from collections.abc import AsyncIterator

import anyio
import httpx
import pytest

import powerwall_async as pwa
from powerwall_async.transports import Request
from powerwall_async.transports.tls import TlsTransport

from .hostile import H2Exchange, Peer, h2_server

pytestmark = pytest.mark.anyio

WRITE = Request(
    "POST", "/api/operation", {"content-type": "application/json"}, b'{"real_mode":"backup"}'
)


async def goaway_on_the_second_request(exchange: H2Exchange) -> None:
    """Answers the first request of a connection; for the second, only a GOAWAY naming the
    first as the last one handled (as if the second had never arrived). A new connection is
    answered normally: the write would succeed there if it were sent again."""
    first = await exchange.next_request()
    if first is None:
        return
    await exchange.answer(first[0], b"{}")
    second = await exchange.next_request()
    if second is None:
        return
    if exchange.peer.connections > 1:
        await exchange.answer(second[0], b"{}")
        return
    exchange.h2.close_connection(last_stream_id=first[0])
    while True:  # keep the connection until the client drops it
        await exchange.events()


@pytest.fixture(params=["own pool", "app client"])
async def client(request: pytest.FixtureRequest) -> AsyncIterator[httpx.AsyncClient | None]:
    if request.param == "own pool":
        yield None
    else:
        async with httpx.AsyncClient(verify=False, http2=True) as app_client:
            yield app_client


def transport_to(peer: Peer, client: httpx.AsyncClient | None) -> TlsTransport:
    return TlsTransport(
        "127.0.0.1", peer.port, pin_sha256=peer.sha256, http2=True, http_client=client
    )


async def test_a_write_cut_by_goaway_is_not_sent_again(client: httpx.AsyncClient | None) -> None:
    async with h2_server(goaway_on_the_second_request) as peer:
        transport = transport_to(peer, client)
        with anyio.fail_after(20):
            assert (await transport.send(Request("GET", "/api/status"))).status == 200
            with pytest.raises(pwa.GatewayUnreachableError, match="may or may not"):
                await transport.send(WRITE)
        await transport.aclose()
    assert peer.requests == [b"GET /api/status", b"POST /api/operation"]


async def test_a_read_cut_by_goaway_is_sent_again(client: httpx.AsyncClient | None) -> None:
    async with h2_server(goaway_on_the_second_request) as peer:
        transport = transport_to(peer, client)
        with anyio.fail_after(20):
            await transport.send(Request("GET", "/api/status"))
            response = await transport.send(Request("GET", "/api/system_status/soe"))
        await transport.aclose()
    assert response.status == 200
    assert peer.requests.count(b"GET /api/system_status/soe") == 2
