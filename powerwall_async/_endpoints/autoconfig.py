"""``pw.autoconfig``: the declarations of its endpoints."""

from __future__ import annotations

from ..models.setup import AutoconfigStatus
from ._declare import action, read

__all__ = ["AUTOCONFIG_CANCEL", "AUTOCONFIG_RETRY", "AUTOCONFIG_RUN", "AUTOCONFIG_STATUS"]

AUTOCONFIG_STATUS = read(
    "autoconfig",
    "status",
    "/autoconfig/status",
    AutoconfigStatus,
    "Automatic configuration: whether it runs and what it found.",
)
AUTOCONFIG_RUN = action("autoconfig", "run", "POST", "/autoconfig/run", "Start autoconfiguration.")
AUTOCONFIG_CANCEL = action(
    "autoconfig", "cancel", "POST", "/autoconfig/cancel", "Cancel autoconfiguration."
)
AUTOCONFIG_RETRY = action(
    "autoconfig", "retry", "POST", "/autoconfig/retry", "Retry autoconfiguration."
)
