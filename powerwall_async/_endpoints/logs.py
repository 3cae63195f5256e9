"""``pw.logging``: the declarations of its endpoints."""

from __future__ import annotations

from ._declare import action

__all__ = ["LOGGING_SEND"]

LOGGING_SEND = action(
    "logging", "send", "POST", "/logging", "Write a line to the gateway's log (level, log)."
)
