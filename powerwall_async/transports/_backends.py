"""httpcore's network backend with the gateway's TLS rules on top (the own pool, under trio).

:class:`GatewayBackend` wraps httpcore's anyio backend: it checks the pinned certificate as
soon as a TLS handshake completes — before httpcore writes a byte of the request — and marks
handshake failures, so that the transport can tell "refused the SNI name" from "cannot
connect". Under asyncio the transport does not use httpcore (``_asyncio_engine``).
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from typing import Any

import anyio
import httpcore

from ._failures import HandshakeError
from ._pin import PinMismatchError, check_pin

__all__ = ["GatewayBackend", "gateway_backend"]


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


def gateway_backend(pin: bytes | None) -> GatewayBackend:
    """httpcore's anyio backend, checking ``pin`` when a handshake completes."""
    return GatewayBackend(httpcore.AnyIOBackend(), pin)
