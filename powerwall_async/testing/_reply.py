"""One answer of the simulated gateway, and the gateway's stock answers."""

from __future__ import annotations

import json

import attrs

__all__ = [
    "Reply",
    "api_error",
    "bad_gateway",
    "bad_request",
    "busy",
    "empty",
    "forbidden",
    "json_headers",
    "json_reply",
    "not_found",
]

Headers = tuple[tuple[str, str], ...]


def json_headers() -> Headers:
    """The headers the gateway sends with JSON."""
    return (
        ("content-type", "application/json"),
        ("cache-control", "no-cache, no-store"),
        ("x-content-type-options", "nosniff"),
    )


@attrs.frozen
class Reply:
    """Status, headers (a header may repeat, like ``set-cookie``) and body."""

    status: int
    headers: Headers = ()
    body: bytes = attrs.field(default=b"", repr=False)

    def json(self) -> object:
        """The body decoded as JSON."""
        return json.loads(self.body)


def json_reply(value: object, status: int = 200, extra: Headers = ()) -> Reply:
    """A JSON answer, compact as the gateway writes it."""
    body = json.dumps(value, separators=(",", ":")).encode()
    return Reply(status, json_headers() + extra, body)


def api_error(status: int, error: str, message: str) -> Reply:
    """The gateway's error body: ``{"code": ..., "error": ..., "message": ...}``."""
    return json_reply({"code": status, "error": error, "message": message}, status)


def empty(status: int) -> Reply:
    """An answer without a body (202 from sitemaster/run, 204 from logout)."""
    return Reply(status, (("cache-control", "no-cache, no-store"),))


def bad_gateway() -> Reply:
    """502 with an empty body: what a stopped system answers for live data."""
    return empty(502)


def not_found() -> Reply:
    """What the gateway's Go HTTP server answers for a path it does not serve."""
    headers = (
        ("content-type", "text/plain; charset=utf-8"),
        ("x-content-type-options", "nosniff"),
    )
    return Reply(404, headers, b"404 page not found\n")


def forbidden(method: str = "GET") -> Reply:
    """No (valid) session, or a role that may not do this."""
    return api_error(
        403, f"Unable to {method} to resource", "User does not have adequate access rights"
    )


def bad_request(error: str) -> Reply:
    """A request body the gateway cannot use."""
    return api_error(400, error, "Invalid request")


def busy() -> Reply:
    """503, as seen while the gateway applies a configuration (home-assistant/core#137847)."""
    return api_error(503, "current config mode is busy", "Service Unavailable")
