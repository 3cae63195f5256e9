"""powerwall_async: an asyncio client for the Tesla Powerwall 2 / Energy Gateway local API.

>>> async with Powerwall.connect("https://192.168.91.1", password="...", pin_sha256="...") as pw:
...     aggregates = await pw.meters.aggregates()
"""

from ._client import Powerwall
from ._errors import (
    AccessDeniedError,
    ApiError,
    AuthenticationError,
    CertificateError,
    EndpointNotSupportedError,
    GatewayBusyError,
    GatewayPasswordError,
    GatewayTimeoutError,
    GatewayUnreachableError,
    PowerwallError,
    RateLimitedError,
    ResponseFormatError,
    SitemasterStoppedError,
)
from .models._scale import from_app_percent, to_app_percent
from .tedapi._errors import (
    GatewayRefusedError,
    GraphQLQueryError,
    KeyFileError,
    V1rBusyError,
    V1rError,
    V1rFollowerUnreachableError,
    V1rKeyNotVerifiedError,
    V1rKeyRequiredError,
    V1rKeyUnknownError,
    V1rRequestExpiredError,
    V1rUnauthorizedError,
    WriteConflictError,
    WriteRejectedError,
)
from .transports import register_transport
from .transports._certs import Certificate, fetch_certificate


def __getattr__(name: str) -> str:
    # The version is the installed distribution's (pyproject.toml is the one place it is
    # written), read on first use: importlib.metadata is not worth its import time otherwise.
    if name == "__version__":
        from importlib.metadata import version

        return version("powerwall-async")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AccessDeniedError",
    "ApiError",
    "AuthenticationError",
    "Certificate",
    "CertificateError",
    "EndpointNotSupportedError",
    "GatewayBusyError",
    "GatewayPasswordError",
    "GatewayRefusedError",
    "GatewayTimeoutError",
    "GatewayUnreachableError",
    "GraphQLQueryError",
    "KeyFileError",
    "Powerwall",
    "PowerwallError",
    "RateLimitedError",
    "ResponseFormatError",
    "SitemasterStoppedError",
    "V1rBusyError",
    "V1rError",
    "V1rFollowerUnreachableError",
    "V1rKeyNotVerifiedError",
    "V1rKeyRequiredError",
    "V1rKeyUnknownError",
    "V1rRequestExpiredError",
    "V1rUnauthorizedError",
    "WriteConflictError",
    "WriteRejectedError",
    "__version__",
    "fetch_certificate",
    "from_app_percent",
    "register_transport",
    "to_app_percent",
]
