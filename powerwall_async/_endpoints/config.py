"""``pw.config``: the declarations of its endpoints."""

from __future__ import annotations

from ..models.setup import Config
from ._declare import action, read

__all__ = ["CONFIG_COMPLETED", "CONFIG_GET"]

CONFIG_GET = read("config", "get", "/config", Config, "The gateway's part and serial number.")
CONFIG_COMPLETED = action(
    "config",
    "completed",
    "GET",
    "/config/completed",
    "Apply configuration changes (202). A GET that changes state.",
)
