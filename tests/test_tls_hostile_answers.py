"""Hostile answers over real TLS on 127.0.0.1: redirects, huge and endless bodies, compressed
bombs and dripping servers. Each runs through both engines of the TLS transport: its own pool and
an application's httpx client (built to follow redirects and decompress, as apps do)."""

from __future__ import annotations

import gzip
import math
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import anyio
import httpx
import pytest

import powerwall_async as pwa
from powerwall_async.transports import Request
from powerwall_async.transports.tls import DEFAULT_MAX_BODY_SIZE, TlsTransport

from .hostile import (
    Behaviour,
    Connection,
    H2Exchange,
    Peer,
    answer_every_request,
    h2_server,
    hostile_peer,
)

pytestmark = pytest.mark.anyio

MiB = 1024 * 1024
LOGIN = Request(
    "POST",
    "/api/login/Basic",
    {"content-type": "application/json"},
    b'{"username":"customer","password":"hostile-test-password"}',
)


@pytest.fixture(params=["own pool", "app client"])
async def engine(request: pytest.FixtureRequest) -> AsyncIterator[Callable[..., TlsTransport]]:
    """Makes a TLS transport to a peer, pinned to it, through one engine or the other."""
    client = None
    if request.param == "app client":
        client = httpx.AsyncClient(verify=False, follow_redirects=True, http2=True)

    def make(peer: Peer, **options: object) -> TlsTransport:
        return TlsTransport(
            "127.0.0.1",
            peer.port,
            pin_sha256=peer.sha256,
            http_client=client,
            **options,  # type: ignore[arg-type]
        )

    yield make
    if client is not None:
        await client.aclose()


def answer(status: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def http11_peer(behaviour: Behaviour) -> AbstractAsyncContextManager[Peer]:
    """A TLS server offering HTTP/1.1 in ALPN; its requests are counted, not its bytes."""
    return hostile_peer(behaviour, alpn=("http/1.1",), settle=0)


def answering(reply: bytes) -> AbstractAsyncContextManager[Peer]:
    """A TLS server that answers every request with ``reply``."""
    return http11_peer(answer_every_request(reply))


# -- redirects --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "scheme"), [("307 Temporary Redirect", "https"), ("302 Found", "http")]
)
async def test_a_redirect_is_returned_not_followed(
    engine: Callable[..., TlsTransport], status: str, scheme: str
) -> None:
    async with answering(b"") as elsewhere:
        location = f"{scheme}://127.0.0.1:{elsewhere.port}/api/login/Basic"
        reply = answer(status, {"location": location, "content-length": "0"})
        async with answering(reply) as hostile:
            transport = engine(hostile)
            try:
                response = await transport.send(LOGIN)
            finally:
                await transport.aclose()
    assert response.status == int(status[:3])
    assert response.headers["location"] == location
    assert len(hostile.requests) == 1
    assert elsewhere.connections == 0  # the password went nowhere else


# -- bounded bodies ---------------------------------------------------------------------------


@asynccontextmanager
async def streaming(head: bytes, chunk: bytes, total: int) -> AsyncIterator[Peer]:
    """Answers with ``head``, then ``chunk`` again and again up to ``total`` bytes."""

    async def behaviour(connection: Connection) -> None:
        await connection.read_request()
        await connection.send(head)
        while connection.peer.sent < total:
            await connection.send(chunk)

    async with http11_peer(behaviour) as peer:
        yield peer


async def test_a_body_larger_than_announced_is_refused(engine: Callable[..., TlsTransport]) -> None:
    total = 200 * MiB
    head = answer("200 OK", {"content-type": "application/json", "content-length": str(total)})
    async with streaming(head, b" " * 65536, total) as hostile:
        transport = engine(hostile)
        with anyio.fail_after(30), pytest.raises(pwa.ResponseFormatError, match="larger than"):
            await transport.send(Request("GET", "/api/status"))
        await transport.aclose()
    assert hostile.sent < 40 * MiB  # it stopped reading; the rest was never sent


async def test_an_endless_chunked_body_is_cut_off(engine: Callable[..., TlsTransport]) -> None:
    piece = b"0," * 32768
    chunk = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    head = answer("200 OK", {"content-type": "application/json", "transfer-encoding": "chunked"})
    async with streaming(head + b"1\r\n[\r\n", chunk, 1024 * MiB) as hostile:
        transport = engine(hostile, max_body_size=MiB)
        with anyio.fail_after(30), pytest.raises(pwa.ResponseFormatError, match="1048576 bytes"):
            await transport.send(Request("GET", "/api/status"))
        await transport.aclose()
    assert hostile.sent < 40 * MiB


async def test_an_endless_http2_body_is_cut_off(engine: Callable[..., TlsTransport]) -> None:
    async def endless(exchange: H2Exchange) -> None:
        request = await exchange.next_request()
        if request is not None:
            await exchange.endless(request[0], limit=1024 * MiB)

    async with h2_server(endless) as hostile:
        transport = engine(hostile, http2=True)
        with anyio.fail_after(30), pytest.raises(pwa.ResponseFormatError, match="larger than"):
            await transport.send(Request("GET", "/api/status"))
        await transport.aclose()
    assert hostile.requests == [b"GET /api/status"]
    assert hostile.sent < 40 * MiB


def gzip_bomb_pieces() -> tuple[bytes, bytes]:
    """The start of a gzip stream of zeros, and a piece that inflates to 1 MiB more zeros."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    start = compressor.compress(b"\0" * MiB) + compressor.flush(zlib.Z_FULL_FLUSH)
    piece = compressor.compress(b"\0" * MiB) + compressor.flush(zlib.Z_FULL_FLUSH)
    return start, piece


async def test_a_gzip_bomb_inflates_only_up_to_the_cap(
    engine: Callable[..., TlsTransport],
) -> None:
    start, piece = gzip_bomb_pieces()
    inflated_per_byte = MiB / len(piece)
    assert inflated_per_byte > 500
    compressed_total = 512 * MiB / inflated_per_byte  # the whole bomb inflates to 512 MiB
    head = answer(
        "200 OK",
        {"content-type": "application/json", "content-encoding": "gzip", "connection": "close"},
    )
    async with streaming(head + start, piece, math.ceil(compressed_total)) as hostile:
        transport = engine(hostile)
        tracemalloc.start()
        try:
            with anyio.fail_after(30), pytest.raises(pwa.ResponseFormatError, match="larger than"):
                await transport.send(Request("GET", "/api/status"))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        await transport.aclose()
    assert peak < DEFAULT_MAX_BODY_SIZE + 24 * MiB  # not the 512 MiB the bomb inflates to


async def test_a_compressed_answer_within_the_cap_is_inflated(
    engine: Callable[..., TlsTransport],
) -> None:
    body = gzip.compress(b'{"din": "1232100-00-E--TG000000000000"}')
    reply = answer(
        "200 OK",
        {"content-encoding": "gzip", "content-length": str(len(body))},
        body,
    )
    async with answering(reply) as peer:
        transport = engine(peer)
        response = await transport.send(Request("GET", "/api/status"))
        await transport.aclose()
    assert response.body == b'{"din": "1232100-00-E--TG000000000000"}'


@pytest.mark.parametrize("size", [0, -1, 1.5, True])
def test_max_body_size_must_be_a_positive_integer(size: object) -> None:
    with pytest.raises(ValueError, match="max_body_size"):
        TlsTransport("10.0.0.1", max_body_size=size)  # type: ignore[arg-type]


def test_max_body_size_is_a_connect_option() -> None:
    pw = pwa.Powerwall.connect("https://10.0.0.1", verify=False, max_body_size=123)
    transport = pw._session.transport
    assert isinstance(transport, TlsTransport)
    assert transport.max_body_size == 123


# -- the timeout bounds the whole request -----------------------------------------------------


# A dripping answer ends at the timeout: the transport contract (tests/test_tls_contract.py).


@pytest.mark.parametrize("timeout", [math.inf, 1e308 * 10, math.nan, 0, -1])
def test_a_timeout_must_be_finite_and_positive(timeout: float) -> None:
    with pytest.raises(ValueError, match="finite number of seconds"):
        TlsTransport("10.0.0.1", timeout=timeout)
    with pytest.raises(ValueError, match="finite number of seconds"):
        pwa.Powerwall.connect("https://10.0.0.1", verify=False, timeout=timeout)
