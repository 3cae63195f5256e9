"""The transport contract: bytes in, bytes out, no interpretation of status codes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, runtime_checkable

import attrs

__all__ = ["Request", "Response", "Transport"]


def _lower_keys(headers: Mapping[str, str]) -> Mapping[str, str]:
    return {key.lower(): value for key, value in headers.items()}


@attrs.frozen
class Request:
    """One request to the gateway. ``path`` starts with ``/api/`` and may carry a query."""

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
    """

    async def send(self, request: Request, *, timeout: float | None = None) -> Response:
        """Send one request and return the whole response."""
        ...

    async def aclose(self) -> None:
        """Release connections. Closing twice is harmless."""
        ...
