"""``pw.islanding``: the declarations of its endpoints."""

from __future__ import annotations

from ..models.islanding import IslandingMode
from ._declare import action_returning

__all__ = ["ISLANDING_SET_MODE"]

ISLANDING_SET_MODE = action_returning(
    "islanding",
    "set_mode",
    "POST",
    "/v2/islanding/mode",
    IslandingMode,
    doc="Go off the grid (intentional_reconnect_failsafe) or back on it (backup).",
    firmware="Newer firmware refuses customer writes (403, AccessDeniedError).",
)
