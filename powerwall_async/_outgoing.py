"""What leaves the client: each request's headers and body, and how many may be on the wire."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import anyio
import attrs

from ._decode import json_body
from .transports import Request

if TYPE_CHECKING:
    from ._auth import Auth

__all__ = ["USER_AGENT", "Binary", "InFlight", "build_request"]

USER_AGENT = "powerwall-async"
_HEADERS = {"user-agent": USER_AGENT, "accept": "application/json"}
"""What every request carries; each request gets its own copy, which credentials extend."""


@attrs.frozen
class Binary:
    """A request body that is not JSON (TEDAPI's protobuf), with its content type."""

    data: bytes = attrs.field(repr=False)
    content_type: str


def build_request(
    method: str, path: str, body: object, auth: Auth | None
) -> tuple[object, Request]:
    """The request, and the credentials ``auth`` applied to it (to tell later whether they
    were the ones refused)."""
    headers = _HEADERS.copy()
    content = b""
    if isinstance(body, Binary):
        content = body.data
        headers["content-type"] = body.content_type
    elif body is not None:
        content = body if isinstance(body, bytes) else json_body(body)
        headers["content-type"] = "application/json"
    used = auth.apply(headers) if auth is not None else None
    return used, Request(method=method, path=path, headers=headers, body=content)


class InFlight:
    """The limits on requests on the wire: ``limit`` in all, and fewer for the paths of a
    family (``{"/tedapi/": 1}``). A family's slot is taken before a general one, always in
    that order, so that no two requests can wait on each other."""

    def __init__(self, limit: int, families: Mapping[str, int] | None = None) -> None:
        if limit < 1:
            raise ValueError("max_in_flight must be at least 1")
        # fast_acquire: a free slot is taken without a trip through the event loop (the
        # transport's send is the call's next checkpoint).
        self.all = anyio.Semaphore(limit, fast_acquire=True)
        self._families: dict[str, anyio.Semaphore] = {}
        for prefix, family_limit in (families or {}).items():
            if family_limit < 1:
                raise ValueError(f"the in-flight limit of {prefix}* must be at least 1")
            self._families[prefix] = anyio.Semaphore(family_limit)

    def family(self, path: str) -> anyio.Semaphore | None:
        """The family limit ``path`` is under, if any."""
        for prefix, limit in self._families.items():
            if path.startswith(prefix):
                return limit
        return None
