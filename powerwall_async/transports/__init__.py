"""Transports carry requests to a gateway, or to recorded responses.

Built in: ``https`` (:class:`~powerwall_async.transports.tls.TlsTransport`) and ``fixture``
(:class:`~powerwall_async.transports.fixture.FixtureTransport`); for tests,
:class:`MockTransport` answers from a function. Others come from packages through the
``powerwall_async.transports`` entry-point group.
"""

from ._base import (
    DEFAULT_SNI_HOSTNAME,
    DEFAULT_TIMEOUT,
    Request,
    Response,
    Traits,
    Transport,
    traits,
)
from ._registry import ENTRY_POINT_GROUP, TransportFactory, register_transport, transport_for_url
from .mock import MockTransport

__all__ = [
    "DEFAULT_SNI_HOSTNAME",
    "DEFAULT_TIMEOUT",
    "ENTRY_POINT_GROUP",
    "MockTransport",
    "Request",
    "Response",
    "Traits",
    "Transport",
    "TransportFactory",
    "register_transport",
    "traits",
    "transport_for_url",
]
