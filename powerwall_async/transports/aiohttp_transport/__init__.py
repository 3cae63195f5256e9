"""The aiohttp transport (``pip install 'powerwall-async[aiohttp]'``, asyncio only).

Chosen with ``Powerwall.connect(url, transport="aiohttp", ...)``, or by handing in an
application's session as ``aiohttp_session=``. It is registered through the
``powerwall_async.transports`` entry point, as a third-party transport would be; this package
imports aiohttp only when the transport is built, so that a missing extra is reported as such.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._transport import AiohttpTransport

__all__ = ["AiohttpTransport", "make_transport"]


def _transport_class() -> type[AiohttpTransport]:
    try:
        from ._transport import AiohttpTransport
    except ModuleNotFoundError as exc:
        if exc.name != "aiohttp":
            raise
        raise ValueError(
            "the aiohttp transport needs aiohttp: pip install 'powerwall-async[aiohttp]'"
        ) from None
    return AiohttpTransport


def make_transport(url: str, **options: Any) -> AiohttpTransport:
    """The entry point's factory: ``AiohttpTransport.from_url(url, **options)``."""
    return _transport_class().from_url(url, **options)


def __getattr__(name: str) -> Any:
    if name == "AiohttpTransport":
        return _transport_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
