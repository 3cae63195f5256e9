"""``pw.operation``: the declarations of its endpoints."""

from __future__ import annotations

from ..models.operation import Operation, OperationSettings
from ._declare import action_returning, read

__all__ = ["OPERATION_GET", "OPERATION_SET"]

OPERATION_GET = read(
    "operation", "get", "/operation", Operation, "Operation mode and backup reserve (raw scale)."
)
OPERATION_SET = action_returning(
    "operation",
    "set",
    "POST",
    "/operation",
    OperationSettings,
    doc="Set the operation mode and backup reserve (raw scale); applied by config.completed().",
    firmware="Newer firmware refuses customer writes (403, AccessDeniedError).",
)
