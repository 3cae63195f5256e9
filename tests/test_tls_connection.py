"""The TLS transport's one connection: HTTP/2 streams, the gateway's limits, its ends; HTTP/1.1 turns.

Against purpose-built HTTP/2 servers on 127.0.0.1 (``tests.hostile.h2_server``), on asyncio
(the transport's own h2 engine) and trio (httpcore). What is checked is what a user relies on:
requests share one connection, the gateway's stream limit and flow control are obeyed, and a
stream or connection that ends early costs only the requests it carried.
"""

from __future__ import annotations

import anyio
import h2.errors
import h2.events
import h2.settings
import pytest

import powerwall_async as pwa
from powerwall_async.transports import Request
from powerwall_async.transports.tls import TlsTransport

from .hostile import Behaviour, Connection, H2Exchange, Peer, drip, h2_server, hostile_peer

pytestmark = pytest.mark.anyio

READ = Request("GET", "/api/status")
BIG_BODY = b"x" * 300_000  # more than HTTP/2's initial window of 65,535 bytes


def transport_to(peer: Peer, **options: object) -> TlsTransport:
    return TlsTransport("127.0.0.1", peer.port, pin_sha256=peer.sha256, **options)  # type: ignore[arg-type]


async def serve_requests(exchange: H2Exchange) -> None:
    """Answer each request with the size of its body, as JSON."""
    bodies: dict[int, int] = {}
    while True:
        for event in await exchange.events():
            if isinstance(event, h2.events.RequestReceived):
                bodies[event.stream_id] = 0
                head = {str(k): str(v) for k, v in event.headers}
                exchange.peer.requests.append(f"{head[':method']} {head[':path']}".encode())
            elif isinstance(event, h2.events.DataReceived):
                bodies[event.stream_id] += len(event.data)
                exchange.h2.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
            elif isinstance(event, h2.events.StreamEnded):
                await exchange.answer(event.stream_id, b'{"size":%d}' % bodies[event.stream_id])
            elif isinstance(event, h2.events.ConnectionTerminated):
                return


async def test_requests_in_flight_share_one_connection() -> None:
    async with h2_server(serve_requests) as peer:
        transport = transport_to(peer)
        with anyio.fail_after(20):
            async with anyio.create_task_group() as tg:
                for _ in range(7):
                    tg.start_soon(transport.send, READ)
        await transport.aclose()
    assert peer.connections == 1
    assert len(peer.requests) == 7


async def test_a_body_larger_than_the_window_waits_for_it_and_arrives_whole() -> None:
    async with h2_server(serve_requests) as peer:
        transport = transport_to(peer)
        with anyio.fail_after(20):
            response = await transport.send(Request("POST", "/api/operation", {}, BIG_BODY))
        await transport.aclose()
    assert response.body == b'{"size":%d}' % len(BIG_BODY)


async def test_the_gateways_stream_limit_is_obeyed() -> None:
    async def one_stream_at_a_time(exchange: H2Exchange) -> None:
        exchange.h2.update_settings({h2.settings.SettingCodes.MAX_CONCURRENT_STREAMS: 1})
        # h2 ends the connection (PROTOCOL_ERROR) if the client opens a second stream.
        await serve_requests(exchange)

    async with h2_server(one_stream_at_a_time) as peer:
        transport = transport_to(peer)
        await transport.send(READ)  # the settings are known from here on
        with anyio.fail_after(20):
            async with anyio.create_task_group() as tg:
                for _ in range(5):
                    tg.start_soon(transport.send, READ)
        await transport.aclose()
    assert len(peer.requests) == 6
    assert peer.connections == 1


async def test_a_reset_stream_fails_its_request_and_the_connection_carries_on() -> None:
    async def reset_the_first(exchange: H2Exchange) -> None:
        first = await exchange.next_request()
        if first is None:
            return
        exchange.h2.reset_stream(first[0], h2.errors.ErrorCodes.INTERNAL_ERROR)
        await exchange.flush()
        while (request := await exchange.next_request()) is not None:
            await exchange.answer(request[0], b"{}")

    async with h2_server(reset_the_first) as peer:
        transport = transport_to(peer)
        with anyio.fail_after(20):
            with pytest.raises(pwa.GatewayUnreachableError, match="reset"):
                await transport.send(READ)
            assert (await transport.send(READ)).status == 200
        await transport.aclose()
    assert peer.connections == 1


# Under trio the transport runs on httpcore, which learns of the GOAWAY only when it next writes
# to the connection: that read fails as dropped, and the client's retry sends it again.
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_a_connection_the_gateway_ends_is_replaced_for_the_next_request() -> None:
    async def one_request_per_connection(exchange: H2Exchange) -> None:
        request = await exchange.next_request()
        if request is not None:
            await exchange.answer(request[0], b"{}")
            exchange.h2.close_connection(last_stream_id=request[0])
            await exchange.flush()

    async with h2_server(one_request_per_connection) as peer:
        transport = transport_to(peer)
        with anyio.fail_after(20):
            for _ in range(3):
                assert (await transport.send(READ)).status == 200
                await anyio.sleep(0.05)  # the GOAWAY and the close arrive
        await transport.aclose()
    assert peer.connections == 3


@pytest.mark.parametrize("anyio_backend", ["asyncio"])  # as above: trio runs on httpcore
async def test_a_read_on_an_http2_connection_that_ends_unanswered_is_sent_again() -> None:
    async def end_as_the_second_request_arrives(exchange: H2Exchange) -> None:
        while (request := await exchange.next_request()) is not None:
            if exchange.connection.index == 0 and len(exchange.peer.requests) > 1:
                return  # the connection ends (no GOAWAY) with the request unanswered
            await exchange.answer(request[0], b"{}")

    async with h2_server(end_as_the_second_request_arrives) as peer:
        transport = transport_to(peer)
        with anyio.fail_after(20):
            for _ in range(2):
                assert (await transport.send(READ)).body == b"{}"
        await transport.aclose()
    assert peer.requests == [b"GET /api/status"] * 3


async def test_a_timed_out_request_leaves_the_others_alone() -> None:
    async def never_answer_slow(exchange: H2Exchange) -> None:
        while (request := await exchange.next_request()) is not None:
            if request[1][":path"] != "/slow":
                await exchange.answer(request[0], b"{}")

    async with h2_server(never_answer_slow) as peer:
        transport = transport_to(peer, timeout=0.3)
        with anyio.fail_after(20):
            with pytest.raises(pwa.GatewayTimeoutError):
                await transport.send(Request("GET", "/slow"))
            assert (await transport.send(READ)).status == 200
        await transport.aclose()
    assert peer.requests == [b"GET /slow", b"GET /api/status"]


# -- HTTP/1.1 (the gateway picks it, or http2=False): requests take turns on the connection --

OK = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}"


async def keep_alive(connection: Connection) -> None:
    while True:
        await connection.read_request()
        await connection.send(OK)


async def close_after_answering(connection: Connection) -> None:
    await connection.read_request()
    await connection.send(OK.replace(b"content-length", b"connection: close\r\ncontent-length"))


async def close_when_idle(connection: Connection) -> None:
    await connection.read_request()
    await connection.send(OK)  # kept alive, as far as the client knows ...
    await anyio.sleep(0.02)  # ... until the gateway ends it while idle


@pytest.mark.parametrize("http2", [True, False], ids=["offered-h2", "http2-false"])
async def test_http11_requests_take_turns_on_one_kept_alive_connection(http2: bool) -> None:
    async with hostile_peer(keep_alive) as peer:
        transport = TlsTransport("127.0.0.1", peer.port, pin_sha256=peer.sha256, http2=http2)
        with anyio.fail_after(20):
            async with anyio.create_task_group() as tg:
                for _ in range(5):
                    tg.start_soon(transport.send, READ)
            assert (await transport.send(READ)).status == 200
        await transport.aclose()
    assert len(peer.received) == 1


@pytest.mark.parametrize("behaviour", [close_after_answering, close_when_idle])
async def test_an_http11_connection_the_gateway_ends_is_replaced(behaviour: Behaviour) -> None:
    async with hostile_peer(behaviour) as peer:
        transport = TlsTransport("127.0.0.1", peer.port, pin_sha256=peer.sha256)
        with anyio.fail_after(20):
            for _ in range(3):
                assert (await transport.send(READ)).body == b"{}"
                await anyio.sleep(0.1)  # the end of the connection arrives
        await transport.aclose()
    assert len(peer.received) == 3


async def test_an_http11_request_cut_short_ends_its_connection_not_the_next_request() -> None:
    async with hostile_peer(drip) as peer:
        transport = TlsTransport("127.0.0.1", peer.port, pin_sha256=peer.sha256, timeout=0.3)
        with anyio.fail_after(20):
            for _ in range(2):  # the half-read answer is not taken for the next one's
                with pytest.raises(pwa.GatewayTimeoutError):
                    await transport.send(READ)
        await transport.aclose()
    assert len(peer.received) == 2


async def close_as_the_second_request_arrives(connection: Connection) -> None:
    """The first connection answers one request, then ends as the next one arrives (a gateway
    closing a kept-alive connection just as the client reuses it); later ones answer all."""
    if connection.index > 0:
        await keep_alive(connection)
        return
    await connection.read_request()
    await connection.send(OK)
    await connection.read_request()


# Under trio (httpcore) the read fails as dropped there, and the client's retry sends it again
# after its back-off.
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_a_read_whose_reused_connection_ends_unanswered_is_sent_again_at_once() -> None:
    async with hostile_peer(close_as_the_second_request_arrives) as peer:
        transport = TlsTransport("127.0.0.1", peer.port, pin_sha256=peer.sha256)
        with anyio.fail_after(20):
            for _ in range(2):
                assert (await transport.send(READ)).body == b"{}"
        await transport.aclose()
    assert [head.split(b" ")[0] for head in peer.requests] == [b"GET", b"GET", b"GET"]
    assert len(peer.received) == 2


async def test_a_write_whose_reused_connection_ends_unanswered_is_not_sent_again() -> None:
    write = Request("POST", "/api/operation", {"content-type": "application/json"}, b"{}")
    async with hostile_peer(close_as_the_second_request_arrives) as peer:
        transport = TlsTransport("127.0.0.1", peer.port, pin_sha256=peer.sha256)
        with anyio.fail_after(20):
            await transport.send(READ)
            # The asyncio engine says the change may have been applied; httpcore (trio) that
            # the connection dropped.
            with pytest.raises(pwa.GatewayUnreachableError, match=r"may or may not|dropped"):
                await transport.send(write)
        await transport.aclose()
    assert [head.split(b" ")[0] for head in peer.requests] == [b"GET", b"POST"]
