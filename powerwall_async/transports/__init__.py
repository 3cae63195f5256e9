"""Transports carry requests to a gateway, or to recorded responses.

Built in: ``https`` (:class:`~powerwall_async.transports.tls.TlsTransport`) and ``fixture``
(:class:`~powerwall_async.transports.fixture.FixtureTransport`). Others come from packages
through the ``powerwall_async.transports`` entry-point group.
"""

from ._base import Request, Response, Transport
from ._registry import ENTRY_POINT_GROUP, TransportFactory, register_transport, transport_for_url

__all__ = [
    "ENTRY_POINT_GROUP",
    "Request",
    "Response",
    "Transport",
    "TransportFactory",
    "register_transport",
    "transport_for_url",
]
