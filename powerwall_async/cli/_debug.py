"""``--debug`` / ``-v``: each request sent and its answer, on stderr, without secrets.

The transport is wrapped: what goes over the wire is echoed as ``> GET /api/status`` and
``< 200 GET /api/status (1,234 bytes, 12 ms)``. Headers are never shown (they carry the
session cookie and token); a JSON body is shown with every secret-looking value replaced.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

import typer

from ..transports import Request, Response, Transport
from ._text import printable

__all__ = ["EchoingTransport"]

_SECRET_KEY = re.compile(r"pass|token|secret|cookie|auth|key", re.IGNORECASE)
REDACTED = "<redacted>"


def _without_secrets(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: REDACTED if _SECRET_KEY.search(str(key)) else _without_secrets(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_without_secrets(item) for item in value]
    return value


def shown_body(body: bytes) -> str:
    """A request body as ``--debug`` shows it: JSON without secrets, else its size."""
    if not body:
        return ""
    try:
        decoded = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return f" ({len(body):,} bytes)"
    return " " + printable(json.dumps(_without_secrets(decoded)))


class EchoingTransport:
    """Passes every request on, echoing it and its answer on stderr."""

    def __init__(self, inner: Transport) -> None:
        self.inner = inner

    def __repr__(self) -> str:
        return f"EchoingTransport({self.inner!r})"

    def __getattr__(self, name: str) -> Any:  # the inner transport's traits (http2, logins)
        return getattr(self.inner, name)

    async def send(self, request: Request, *, timeout: float | None = None) -> Response:
        where = printable(f"{request.method} {request.path}")
        typer.echo(f"> {where}{shown_body(request.body)}", err=True)
        started = time.monotonic()
        try:
            response = await self.inner.send(request, timeout=timeout)
        except Exception as exc:
            typer.echo(f"< failed {where}: {printable(str(exc))}", err=True)
            raise
        elapsed = (time.monotonic() - started) * 1000
        typer.echo(
            f"< {response.status} {where} ({len(response.body):,} bytes, {elapsed:.0f} ms)",
            err=True,
        )
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()
