"""The transport contract: bytes in, bytes out, no interpretation of status codes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, runtime_checkable

import attrs

__all__ = [
    "DEFAULT_SNI_HOSTNAME",
    "DEFAULT_TIMEOUT",
    "Request",
    "Response",
    "Traits",
    "Transport",
    "traits",
]

DEFAULT_TIMEOUT = 10.0
"""Seconds a request may take, by default (the client's and every transport's)."""
DEFAULT_SNI_HOSTNAME = "powerwall"
"""The SNI name presented to a gateway by default (it accepts ``teg``, ``powerwall``,
``powerpack``, or none when reached by IP)."""


def _lower_keys(headers: Mapping[str, str]) -> Mapping[str, str]:
    return {key.lower(): value for key, value in headers.items()}


@attrs.frozen
class Request:
    """One request to the gateway. ``path`` is absolute (``/api/...``, ``/tedapi/...``) and may
    carry a query."""

    method: str
    path: str
    headers: Mapping[str, str] = attrs.field(factory=dict, repr=False)
    body: bytes = attrs.field(default=b"", repr=False)


@attrs.frozen
class Response:
    """The gateway's answer. Header names are lower case."""

    status: int
    headers: Mapping[str, str] = attrs.field(factory=dict, converter=_lower_keys, repr=False)
    body: bytes = attrs.field(default=b"", repr=False)


@runtime_checkable
class Transport(Protocol):
    """Carries a :class:`Request` to a gateway (or a recording) and returns its :class:`Response`.

    A transport raises only :class:`~powerwall_async.PowerwallError` subclasses:
    :class:`~powerwall_async.GatewayUnreachableError`,
    :class:`~powerwall_async.GatewayTimeoutError` or :class:`~powerwall_async.CertificateError`.
    Every HTTP status, error or not, is returned as a :class:`Response`.

    Two more things the client asks of a transport, as attributes or properties (see
    :class:`Traits`; a transport without them gets the defaults, so transports written before
    they existed keep working):

    - ``http2`` (default ``False``): requests in flight are streams of one HTTP/2 connection,
      so the client allows more of them at once (7 instead of 2, see
      :attr:`Traits.max_in_flight`);
    - ``logins`` (default ``True``): the peer issues login sessions. A transport replaying
      recordings that hold no login answer says ``False``, and the client then sends
      requests without logging in.
    """

    async def send(self, request: Request, *, timeout: float | None = None) -> Response:
        """Send one request and return the whole response."""
        ...

    async def aclose(self) -> None:
        """Release connections. Closing twice is harmless."""
        ...


HTTP1_IN_FLIGHT = 2
HTTP2_IN_FLIGHT = 7


@attrs.frozen
class Traits:
    """What the client asks of a transport besides sending; the defaults are these fields'."""

    http2: bool = False
    logins: bool = True

    @property
    def max_in_flight(self) -> int:
        """The client's default limit of requests on the wire: over HTTP/2, the seven reads
        of a Home Assistant poll in one round trip (streams of one connection); otherwise 2,
        gentle with a gateway that answers one request at a time per connection."""
        return HTTP2_IN_FLIGHT if self.http2 else HTTP1_IN_FLIGHT


def traits(transport: Transport) -> Traits:
    """The transport's declared traits, each one defaulted when the transport does not say."""
    defaults = Traits()
    return Traits(
        http2=bool(getattr(transport, "http2", defaults.http2)),
        logins=bool(getattr(transport, "logins", defaults.logins)),
    )
