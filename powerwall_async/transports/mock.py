"""A transport answering from a function, for tests (the shape of ``httpx.MockTransport``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from ._base import Request, Response

__all__ = ["Handler", "MockTransport"]

Handler = Callable[[Request], Response | Awaitable[Response]]


class MockTransport:
    """A :class:`~powerwall_async.transports.Transport` whose answers come from ``handler``.

    ``handler(request)`` returns the :class:`Response` (plain or ``async def``), or raises a
    :class:`~powerwall_async.PowerwallError` to simulate a failure (``GatewayUnreachableError``
    for a dropped connection, ``GatewayTimeoutError``, ``CertificateError``). ``http2`` and
    ``logins`` are the transport's traits (see :class:`Transport`)::

        def handler(request: Request) -> Response:
            return Response(200, {"content-type": "application/json"}, b'{"percentage": 55}')

        async with Powerwall(MockTransport(handler), token="t") as pw:
            assert (await pw.system_status.soe()).percentage == 55

    It records nothing: a handler that wants to count or keep requests does so itself.
    """

    def __init__(self, handler: Handler, *, http2: bool = False, logins: bool = True) -> None:
        self.handler = handler
        self.http2 = http2
        self.logins = logins

    def __repr__(self) -> str:
        return f"MockTransport({getattr(self.handler, '__name__', self.handler)!r})"

    async def send(self, request: Request, *, timeout: float | None = None) -> Response:
        answer = self.handler(request)
        return answer if isinstance(answer, Response) else await answer

    async def aclose(self) -> None:
        """Nothing to release."""
