"""What a hostile peer does with each connection: one :data:`Behaviour` each."""

from __future__ import annotations

import functools
import zlib

import anyio

from ._server import Behaviour, Connection

__all__ = [
    "abort_after_request_start",
    "answer_every_request",
    "answer_ok",
    "answer_with",
    "drip",
    "endless_body",
    "gzip_bomb",
    "not_tls",
    "redirect_to",
    "swallow",
]


async def swallow(connection: Connection) -> None:
    """Read everything, answer nothing: a peer listening for what it is sent."""
    while True:
        await connection.receive()


def answer_every_request(reply: bytes) -> Behaviour:
    """Answer every request with ``reply``, a whole answer as it goes on the wire."""

    async def behaviour(connection: Connection) -> None:
        while True:
            await connection.read_request()
            await connection.send(reply)

    return behaviour


def answer_with(head: bytes, body: bytes = b"") -> Behaviour:
    """Answer every request with ``head`` (status line and headers, no blank line) and body."""
    return answer_every_request(head + b"\r\n\r\n" + body)


answer_ok = answer_with(
    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2", b"{}"
)


def redirect_to(location: str, status: int = 307) -> Behaviour:
    return answer_with(
        f"HTTP/1.1 {status} Redirect\r\nlocation: {location}\r\ncontent-length: 0".encode()
    )


async def not_tls(connection: Connection) -> None:
    """What a web server on a port that is not TLS answers to a ClientHello."""
    await connection.receive()
    await connection.send(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")


def endless_body(extra_header: bytes = b"") -> Behaviour:
    """A chunked JSON answer that never ends (with another header line, if given)."""

    async def behaviour(connection: Connection) -> None:
        await connection.read_request()
        await connection.send(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
            + extra_header
            + b"transfer-encoding: chunked\r\n\r\n"
        )
        chunk = b"[" + b" " * 65535
        while True:
            await connection.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))

    return behaviour


async def drip(connection: Connection) -> None:
    """Headers at once, then one byte of the body every 0.2 s."""
    await connection.read_request()
    await connection.send(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n"
    )
    while True:
        await connection.send(b" ")
        await anyio.sleep(0.2)


@functools.cache
def gzip_bomb(inflated: int = 256 * 1024 * 1024) -> bytes:
    """``inflated`` zero bytes, gzip-compressed (about a thousandth of the size)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1024 * 1024)
    parts = [compressor.compress(block) for _ in range(inflated // len(block))]
    return b"".join(parts) + compressor.flush()


def abort_after_request_start(limit: int = 16 * 1024) -> Behaviour:
    """Reset the connection once ``limit`` bytes of the request have arrived."""

    async def behaviour(connection: Connection) -> None:
        while connection.peer.received[connection.index] < limit:
            await connection.receive()
        await connection.abort()

    return behaviour
