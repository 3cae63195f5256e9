"""The ASGI application hypercorn serves: requests in, the gateway's answers out, with the
injected faults and an entry in the request log for every request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import anyio
import attrs
from hypercorn.typing import (
    ASGIReceiveCallable,
    ASGISendCallable,
    HTTPResponseBodyEvent,
    HTTPResponseStartEvent,
    HTTPScope,
    Scope,
)

from ..transports.fixture import recording_name
from ._faults import Faults
from ._gateway import LOGIN, Gateway, Incoming
from ._log import LoggedRequest, RequestLog
from ._reply import Reply, api_error, bad_gateway, busy, empty, forbidden
from ._tedapi import TedapiGateway

__all__ = ["SimulatorApp"]

logger = logging.getLogger("powerwall_async.testing")

MAX_BODY = 64 * 1024


_INJECTED: dict[int, Callable[[], Reply]] = {
    502: bad_gateway,
    503: busy,
    403: forbidden,
    401: lambda: api_error(401, "bad credentials", "Login Error"),
    429: lambda: api_error(429, "Api Limit reached for this endpoint", "API Limit Reached"),
}


def _injected(status: int) -> Reply:
    """An answer with ``status`` as the gateway words it."""
    stock = _INJECTED.get(status)
    if stock is not None:
        return stock()
    if status < 400:
        return empty(status)
    return api_error(status, "injected fault", "Simulated failure")


def _peer(client: object) -> tuple[str, int] | None:
    """The ASGI scope's ``client`` (host, port), when the server gave one."""
    if isinstance(client, tuple | list) and len(client) == 2:
        host, port = client
        if isinstance(host, str) and isinstance(port, int):
            return host, port
    return None


def _with_retry_after(reply: Reply, faults: Faults) -> Reply:
    if faults.retry_after is None or reply.status not in (429, 502, 503):
        return reply
    header = ("retry-after", f"{faults.retry_after:g}")
    return attrs.evolve(reply, headers=(*reply.headers, header))


def _is_login(request: Incoming) -> bool:
    try:
        return (request.method, recording_name("GET", request.path)) == LOGIN
    except ValueError:
        return False


def _incoming(scope: HTTPScope, body: bytes) -> Incoming:
    headers: dict[str, str] = {}
    for raw_name, raw_value in scope["headers"]:
        name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
        headers[name] = (
            f"{headers[name]}; {value}" if name == "cookie" and name in headers else value
        )
    path = scope["raw_path"].partition(b"?")[0].decode("latin-1") or scope["path"]
    return Incoming(
        method=scope["method"].upper(),
        path=path,
        content_type=headers.get("content-type", "").lower(),
        authorization=headers.get("authorization", ""),
        cookie=headers.get("cookie", ""),
        body=body,
    )


class SimulatorApp:
    """ASGI app around a :class:`Gateway` (and its :class:`TedapiGateway`, when it serves
    TEDAPI). ``closing`` releases requests told to hang."""

    def __init__(
        self,
        gateway: Gateway,
        faults: Faults,
        log: RequestLog,
        closing: anyio.Event,
        tedapi: TedapiGateway | None = None,
    ) -> None:
        self.gateway = gateway
        self.tedapi = tedapi
        self.faults = faults
        self.log = log
        self.closing = closing

    async def __call__(
        self, scope: Scope, receive: ASGIReceiveCallable, send: ASGISendCallable
    ) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return  # the gateway speaks no websockets
        # The whole body is read even when too large: hypercorn's HTTP/2 stream breaks if an
        # answer comes before the client finished sending.
        body, size = b"", 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            size += len(message["body"])
            if size <= MAX_BODY:
                body += message["body"]
            if not message["more_body"]:
                break
        request = _incoming(scope, body if size <= MAX_BODY else b"")
        entry = self.log.add(
            LoggedRequest(
                method=request.method,
                path=request.path,
                authenticated=self.gateway.auth.valid(request.token()),
                http_version=scope["http_version"],
                client=_peer(scope.get("client")),
            )
        )
        try:
            reply = await self._answer(request, entry)
        except Exception:  # the simulator keeps serving whatever one request did
            logger.exception("the simulator failed to answer %s %s", request.method, request.path)
            reply = api_error(500, "internal error", "Simulator failure")
        if reply is not None:
            await self._send(reply, entry, scope["http_version"], send)
        logger.debug(
            "%s %s -> %s%s",
            entry.method,
            entry.path,
            entry.status,
            f" ({entry.fault})" if entry.fault else "",
        )

    async def _answer(self, request: Incoming, entry: LoggedRequest) -> Reply | None:
        faults = self.faults
        faulty = faults.applies_to(request.path)
        if faulty and faults.latency > 0:
            await anyio.sleep(faults.latency)
        if faults.hang_login and _is_login(request):
            entry.fault = "hang"
            await self.closing.wait()
            return None
        if faulty and faults.next_statuses:
            entry.fault = "status"
            return _with_retry_after(_injected(faults.next_statuses.popleft()), faults)
        if faulty and faults.roll(faults.error_502_rate):
            entry.fault = "502"
            return _with_retry_after(bad_gateway(), faults)
        if faulty and faults.roll(faults.error_503_rate):
            entry.fault = "503"
            return _with_retry_after(busy(), faults)
        if self.tedapi is not None and self.tedapi.serves(request.path):
            return self.tedapi.handle(request)
        return self.gateway.handle(request)

    async def _send(
        self, reply: Reply, entry: LoggedRequest, http_version: str, send: ASGISendCallable
    ) -> None:
        faults = self.faults
        faulty = faults.applies_to(entry.path)
        body = reply.body
        headers = dict(reply.headers)
        is_json = headers.get("content-type") == "application/json"
        if faulty and body and is_json and faults.roll(faults.truncate_rate):
            entry.fault = "truncated"
            body = body[: len(body) // 2]
        reset = faulty and len(body) > 1 and faults.roll(faults.reset_rate)
        start: HTTPResponseStartEvent = {
            "type": "http.response.start",
            "status": reply.status,
            "headers": [
                *((name.encode(), value.encode()) for name, value in reply.headers),
                (b"content-length", str(len(body)).encode()),
            ],
        }
        entry.status = reply.status
        await send(start)
        if reset:
            entry.fault = "reset"
            # HTTP/1.1: returning with the body unfinished makes hypercorn close the
            # connection. HTTP/2: the stream ends short of its content-length.
            part: HTTPResponseBodyEvent = {
                "type": "http.response.body",
                "body": body[: len(body) // 2],
                "more_body": http_version == "1.1",
            }
            await send(part)
            return
        await send({"type": "http.response.body", "body": body, "more_body": False})
