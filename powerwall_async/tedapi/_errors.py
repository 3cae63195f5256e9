"""Errors of the TEDAPI wire layer, each a subclass of the library's error tree.

v1r answers a refused signed request with HTTP 200 and a fault code (or a "not verified"
text), so these carry ``status = 200`` and the raw ``fault`` number; each message says what
to do. Nothing here formats a key, password or signature into a message.
"""

from __future__ import annotations

from .._errors import ApiError, AuthenticationError, PowerwallError, RateLimitedError

__all__ = [
    "GatewayRefusedError",
    "GraphQLQueryError",
    "KeyFileError",
    "KeyFilePermissionWarning",
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
]

V1R_PATH = "/tedapi/v1r"


class GatewayRefusedError(PowerwallError):
    """The gateway answered a TEDAPI request with an error payload instead of a result.

    ``code`` and ``detail`` are the gateway's own (a google.rpc status code and its text).
    """

    def __init__(self, text: str, *, code: int, detail: str) -> None:
        super().__init__(text)
        self.code = code
        self.detail = detail


class V1rKeyRequiredError(AuthenticationError):
    """A setting or command was asked for without a v1r key: they go over signed v1r only
    (``tedapi_key=``); the gateway password of v1 only reads. Nothing was sent."""


class KeyFileError(PowerwallError, ValueError):
    """The v1r private key cannot be used: missing, unreadable, not RSA, or too small."""


class KeyFilePermissionWarning(UserWarning):
    """The v1r private key file can be read by other users of this computer."""


class V1rError(ApiError):
    """The gateway refused a signed v1r request; ``fault`` is its fault number, if it sent one."""

    def __init__(self, text: str, *, fault: int | None = None, path: str = V1R_PATH) -> None:
        super().__init__(text, status=200, path=path)
        self.fault = fault


class V1rUnauthorizedError(V1rError, AuthenticationError):
    """The gateway does not accept this key (yet): see the subclasses for the cases it names."""


class V1rKeyUnknownError(V1rUnauthorizedError):
    """The gateway does not know the key: it was never registered, or was removed."""


class V1rKeyNotVerifiedError(V1rUnauthorizedError):
    """The key is registered but its owner has not proven presence at the Powerwall yet."""


class V1rRequestExpiredError(V1rError):
    """The request's expiry time had passed when the gateway read it: the clocks disagree."""


class V1rFollowerUnreachableError(V1rError):
    """v1r cannot reach a Powerwall 3 follower: the leader answers for itself only."""


class V1rBusyError(V1rError, RateLimitedError):
    """The gateway is busy; nothing is sent to it for ``retry_after`` seconds."""

    def __init__(
        self, text: str, *, retry_after: float, fault: int | None = None, path: str = V1R_PATH
    ) -> None:
        RateLimitedError.__init__(self, text, retry_after=retry_after, status=200, path=path)
        self.fault = fault


class WriteConflictError(PowerwallError):
    """A config write lost a race: the file changed on the gateway after it was read.

    Nothing was overwritten and nothing is retried: read the config again and decide whether
    the change still applies.
    """


class WriteRejectedError(PowerwallError):
    """The gateway did not accept a write, for a reason other than a concurrent change."""


class GraphQLQueryError(PowerwallError):
    """A signed query answered GraphQL errors and no data.

    ``errors`` holds the gateway's ``(code, message)`` pairs: code 1 a field not found, 2
    unauthorized (a query this firmware does not accept), 3 a resolver that did not answer,
    4 an answer too big.
    """

    def __init__(self, text: str, *, errors: tuple[tuple[int | None, str], ...] = ()) -> None:
        super().__init__(text)
        self.errors = errors
