"""httpcore network backends: asyncio's own streams, and the gateway's TLS rules on top.

httpcore's default backend on asyncio runs TLS through anyio's memory-BIO stream and wraps
every read in a cancel scope; asyncio's native SSL transport does the same work with far less
Python per call (it is what aiohttp rides on). On trio, httpcore's own backend is used.

:class:`GatewayBackend` wraps either one: it checks the pinned certificate as soon as a TLS
handshake completes — before httpcore writes a byte of the request — and marks handshake
failures, so that the transport can tell "refused the SNI name" from "cannot connect".
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Iterable
from typing import Any

import anyio
import httpcore

from ._failures import HandshakeError
from ._pin import PinMismatchError, check_pin

__all__ = ["AsyncioBackend", "GatewayBackend", "backend_for_current_loop"]

_READ_ERRORS = (OSError, EOFError, asyncio.IncompleteReadError, ssl.SSLError)
_CLOSE_TIMEOUT = 1.0


class AsyncioStream(httpcore.AsyncNetworkStream):
    """A TCP (or TLS) connection on asyncio's streams."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            async with asyncio.timeout(timeout):
                return await self._reader.read(max_bytes)
        except TimeoutError as exc:
            raise httpcore.ReadTimeout(str(exc)) from exc
        except _READ_ERRORS as exc:
            raise httpcore.ReadError(str(exc) or type(exc).__name__) from exc

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        try:
            async with asyncio.timeout(timeout):
                self._writer.write(buffer)
                await self._writer.drain()
        except TimeoutError as exc:
            raise httpcore.WriteTimeout(str(exc)) from exc
        except _READ_ERRORS as exc:
            raise httpcore.WriteError(str(exc) or type(exc).__name__) from exc

    async def aclose(self) -> None:
        # A polite TLS close waits for the peer; a silent or vanished gateway gets a reset.
        self._writer.close()
        # anyio's scope, not asyncio.timeout: httpcore closes inside anyio's shielded scopes.
        with anyio.move_on_after(_CLOSE_TIMEOUT) as waited:
            try:
                await self._writer.wait_closed()
            except (OSError, ssl.SSLError):
                self._abort()
        if waited.cancelled_caught:
            self._abort()

    def _abort(self) -> None:
        self._writer.transport.abort()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                await self._writer.start_tls(ssl_context, server_hostname=server_hostname)
        except TimeoutError as exc:
            self._abort()
            raise httpcore.ConnectTimeout(str(exc)) from exc
        except (*_READ_ERRORS, ConnectionError) as exc:
            self._abort()
            raise httpcore.ConnectError(str(exc) or type(exc).__name__) from exc
        except BaseException:  # cancelled mid-handshake: do not leave the socket behind
            self._abort()
            raise
        return self

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            # Anything arriving on an idle keep-alive connection (data or EOF) means the
            # server is done with it; asyncio has already read what the socket had.
            return self._reader.at_eof() or self._writer.is_closing()
        if info == "client_addr":
            return self._writer.get_extra_info("sockname")
        if info == "server_addr":
            return self._writer.get_extra_info("peername")
        if info in ("ssl_object", "socket"):
            return self._writer.get_extra_info(info)
        return None


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    """Connections through ``asyncio.open_connection``."""

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_connection(
                    host, port, local_addr=(local_address, 0) if local_address else None
                )
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(str(exc)) from exc
        except OSError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            for option in socket_options or ():
                sock.setsockopt(*option)
        return AsyncioStream(reader, writer)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("a gateway is reached over TCP, not a Unix socket")

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class _GatewayStream(httpcore.AsyncNetworkStream):
    """Delegates to a TCP stream; its ``start_tls`` enforces the pin and marks failures."""

    def __init__(self, inner: httpcore.AsyncNetworkStream, pin: bytes | None) -> None:
        self._inner = inner
        self._pin = pin

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            stream = await self._inner.start_tls(ssl_context, server_hostname, timeout)
        except httpcore.ConnectTimeout:
            raise
        except Exception as exc:
            raise HandshakeError(str(exc)) from exc
        except BaseException:
            # Cancelled mid-handshake: httpcore's anyio backend closes the socket only on
            # errors, so close it here rather than leave it to the garbage collector.
            with anyio.CancelScope(shield=True):
                await self._inner.aclose()
            raise
        if self._pin is not None:
            try:
                check_pin(stream.get_extra_info("ssl_object"), self._pin)
            except PinMismatchError:
                await stream.aclose()
                raise
        return stream  # the TLS stream itself: reads no longer go through this wrapper

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GatewayBackend(httpcore.AsyncNetworkBackend):
    """Any backend, with the pin checked during connection setup."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend, pin: bytes | None) -> None:
        self._inner = inner
        self._pin = pin

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return _GatewayStream(stream, self._pin)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("a gateway is reached over TCP, not a Unix socket")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def backend_for_current_loop(pin: bytes | None) -> GatewayBackend:
    """asyncio's native streams under asyncio; httpcore's anyio backend elsewhere (trio)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return GatewayBackend(httpcore.AnyIOBackend(), pin)
    return GatewayBackend(AsyncioBackend(), pin)
