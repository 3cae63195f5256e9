"""The TLS transport's own connection under trio: httpcore driven directly, one keep-alive
connection (under asyncio, ``_asyncio_engine``).

The network backend (``_backends``) checks the pin as soon as a handshake completes. httpcore
never follows redirects.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable
from typing import Any

import anyio.to_thread
import httpcore

from .._errors import PowerwallError
from ._backends import gateway_backend
from ._base import Request, Response
from ._body import BoundedBody
from ._guard import RequestGuard

__all__ = ["OwnPool"]


class OwnPool:
    """One keep-alive connection to one gateway, made on first use."""

    def __init__(
        self,
        *,
        http2: bool,
        pin: bytes | None,
        max_body_size: int,
        build_context: Callable[[], ssl.SSLContext],
    ) -> None:
        self._http2 = http2
        self._build_context = build_context
        self._pin = pin
        self._max_body_size = max_body_size
        self._pool: httpcore.AsyncConnectionPool | None = None
        self._closed = False

    async def _connection_pool(self) -> httpcore.AsyncConnectionPool:
        if self._closed:
            raise PowerwallError("this client is closed; open a new one")
        if self._pool is None:
            # Loading certificate files blocks: the context is made in a worker thread.
            context = await anyio.to_thread.run_sync(self._build_context)
            if self._pool is None:  # another task may have finished first
                self._pool = httpcore.AsyncConnectionPool(
                    ssl_context=context,
                    max_connections=1,
                    max_keepalive_connections=1,
                    http1=True,
                    http2=self._http2,
                    network_backend=gateway_backend(self._pin),
                )
        return self._pool

    async def exchange(
        self, request: Request, url: str, guard: RequestGuard, extensions: dict[str, Any]
    ) -> Response:
        """Send ``request``; ``extensions`` are httpcore's (timeouts, SNI name, the guard)."""
        pool = await self._connection_pool()
        async with pool.stream(
            request.method,
            url,
            headers=list(request.headers.items()),
            content=request.body or None,
            extensions=extensions,
        ) as response:
            headers = {
                name.decode("latin-1").lower(): value.decode("latin-1")
                for name, value in response.headers
            }
            body = BoundedBody(self._max_body_size, guard.where, headers)
            content = await body.read(response.aiter_stream(), response.extensions)
        if self._closed:  # closed while this request waited for the connection
            raise PowerwallError("this client was closed while the request was in flight")
        return Response(status=response.status, headers=headers, body=content)

    async def aclose(self) -> None:
        self._closed = True
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.aclose()
