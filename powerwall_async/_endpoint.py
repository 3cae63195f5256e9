"""How an endpoint is declared: once, as data, read by the group methods, the docs and the tests."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, Generic, TypeVar
from urllib.parse import quote

import attrs

__all__ = ["Endpoint"]

T = TypeVar("T")

_PARAMETER = re.compile(r"\{(\w+)\}")


@attrs.frozen
class Endpoint(Generic[T]):
    """One gateway endpoint.

    ``path`` is relative to ``root`` (``/api``; ``""`` for TEDAPI's ``/tedapi/...``) and may
    hold ``{name}`` parameters. ``model`` is what the
    JSON body is structured into (``None`` for an empty answer such as 202); ``decode`` replaces
    JSON decoding for binary bodies. ``retry`` says whether repeating the call is harmless — not
    the same as "is a GET": ``GET /api/sitemaster/stop`` stops the system.
    """

    group: str
    """The namespace on the client (``meters`` for ``pw.meters``)."""
    name: str
    """The method's name in that namespace (``aggregates`` for ``pw.meters.aggregates()``)."""
    method: str
    path: str
    model: Any
    auth: str = "customer"
    """The credentials it is sent with: ``"customer"`` (a login session, all but a few since
    20.49), ``"public"`` (none needed; credentials are tried once if it is refused) or
    ``"tedapi"`` (HTTP Basic with the gateway password). Names a strategy of the session."""
    retry: bool = True
    side_effects: bool = False
    """It changes the system's state (a write, or a GET like sitemaster/stop)."""
    decode: Callable[[bytes], T] | None = None
    doc: str = ""
    firmware: str = ""
    """Notes on which firmware answers it."""
    root: str = "/api"
    """What ``path`` is relative to: ``/api`` for REST, ``""`` for TEDAPI (``/tedapi/v1``)."""

    @property
    def parameters(self) -> tuple[str, ...]:
        return tuple(_PARAMETER.findall(self.path))

    def matches(self, method: str, path: str) -> bool:
        """Whether a request (``GET``, ``/api/meters/X/cts``) is a call of this endpoint."""
        if method.upper() != self.method:
            return False
        route = path.split("?", 1)[0].rstrip("/")
        return _route_pattern(self.root, self.path).fullmatch(route) is not None

    @property
    def full_path(self) -> str:
        """The request path as documented, parameters unfilled (``/api/meters/{serial}/cts``)."""
        return self.root + self.path

    @property
    def qualified_name(self) -> str:
        """``meters.aggregates`` — the method as users call it."""
        return f"{self.group}.{self.name}"

    def url_path(self, *args: str) -> str:
        """The request path with the parameters filled in (each one percent-encoded)."""
        if not args and "{" not in self.path:  # most endpoints: nothing to fill in
            return self.root + self.path
        names = self.parameters
        if len(args) != len(names):
            raise TypeError(f"{self.qualified_name}() takes {len(names)} path argument(s)")
        values = iter(args)
        filled = _PARAMETER.sub(lambda _: quote(_checked(next(values)), safe=""), self.path)
        return self.root + filled


@functools.cache
def _route_pattern(root: str, template: str) -> re.Pattern[str]:
    parts = _PARAMETER.split(template)
    # split() alternates literal text and parameter names
    regex = "".join(re.escape(part) if i % 2 == 0 else "[^/]+" for i, part in enumerate(parts))
    return re.compile(re.escape(root) + regex)


def _checked(value: object) -> str:
    if not isinstance(value, str) or not value or value in {".", ".."}:
        raise ValueError(f"a path argument must be a non-empty string, not {value!r}")
    return value
