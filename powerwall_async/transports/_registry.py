"""URL scheme → transport factory, open to other packages through entry points.

A third-party package adds a scheme by declaring, in its own ``pyproject.toml``::

    [project.entry-points."powerwall_async.transports"]
    myscheme = "my_package.transport:make_transport"

where ``make_transport(url: str, **options) -> Transport``. The options are the keyword
arguments given to :meth:`Powerwall.connect` that are not the client's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from ._base import Transport

__all__ = ["ENTRY_POINT_GROUP", "TransportFactory", "register_transport", "transport_for_url"]

ENTRY_POINT_GROUP = "powerwall_async.transports"

TransportFactory = Callable[..., Transport]

_registered: dict[str, TransportFactory] = {}
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")


def _builtin(scheme: str) -> TransportFactory | None:
    # Imported on demand so that the fixture transport never imports httpx.
    if scheme == "https":
        from .tls import TlsTransport

        return TlsTransport.from_url
    if scheme == "fixture":
        from .fixture import FixtureTransport

        return FixtureTransport.from_url
    return None


def register_transport(scheme: str, factory: TransportFactory) -> None:
    """Make ``Powerwall.connect("<scheme>://...")`` use ``factory``. Overrides built-ins."""
    if not _SCHEME.fullmatch(scheme):
        raise ValueError(f"not a URL scheme: {scheme!r}")
    _registered[scheme.lower()] = factory


def _from_entry_points(scheme: str) -> TransportFactory | None:
    import importlib.metadata  # only for schemes that are not built in

    for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if entry_point.name.lower() == scheme:
            factory: TransportFactory = entry_point.load()
            _registered[scheme] = factory
            return factory
    return None


def transport_for_url(url: str, *, transport: str | None = None, **options: Any) -> Transport:
    """Build the transport for ``url`` from the registered factory of its scheme.

    ``transport`` names another registered factory to build it with (``"aiohttp"`` for an
    ``https://`` URL); an ``aiohttp_session`` option implies ``"aiohttp"``.
    """
    scheme = urlsplit(url).scheme.lower()
    if not scheme:
        raise ValueError(
            f"{url!r} has no scheme: use https://HOST for a gateway "
            "or fixture:///path/to/recordings for recorded responses"
        )
    if scheme == "http":
        raise ValueError(
            f"{url!r}: the gateway only serves HTTPS (plain HTTP answers 301 since firmware "
            "1.20); use https:// instead"
        )
    if transport is None and options.get("aiohttp_session") is not None:
        transport = "aiohttp"
    name = scheme if transport is None else transport.lower()
    factory = _registered.get(name) or _builtin(name) or _from_entry_points(name)
    if factory is None and transport is not None:
        raise ValueError(
            f"no transport named {transport!r}: built in are https and fixture; other packages "
            f"add transports through the {ENTRY_POINT_GROUP!r} entry points"
        )
    if factory is None:
        raise ValueError(
            f"no transport for the URL scheme {scheme!r}: built in are https and fixture; "
            f"other packages add schemes through the {ENTRY_POINT_GROUP!r} entry points"
        )
    return factory(url, **options)
