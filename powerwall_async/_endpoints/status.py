"""``pw.status``: the declarations of its endpoints."""

from __future__ import annotations

from ..models.status import Status
from ._declare import read

__all__ = ["STATUS_GET"]

STATUS_GET = read(
    "status",
    "get",
    "/status",
    Status,
    "Gateway identity, firmware version and uptime.",
    auth="public",
)
