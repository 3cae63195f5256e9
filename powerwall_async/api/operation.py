"""``pw.operation``: GET/POST /api/operation."""

from __future__ import annotations

from ..models.operation import Operation, OperationMode, OperationSettings
from ._bodies import SETTABLE_MODES, operation_body
from ._group import Group, action, read

__all__ = ["SETTABLE_MODES", "OperationGroup"]


class OperationGroup(Group):
    """Operation mode and backup reserve."""

    @read("/operation")
    async def get(self) -> Operation:
        """Operation mode and backup reserve (raw scale)."""
        return await self._call(self.get)

    @action(
        "POST",
        "/operation",
        firmware="Newer firmware refuses customer writes (403, AccessDeniedError).",
    )
    async def set(
        self, *, mode: OperationMode | str, backup_reserve_percent: float
    ) -> OperationSettings | None:
        """Set the operation mode and backup reserve (raw scale); applied by config.completed().

        ``mode`` is ``self_consumption``, ``backup`` or ``autonomous`` (``scheduler`` is sent
        with a logged warning: gateways refuse it). ``backup_reserve_percent`` is on the
        gateway's raw scale, 0 to 100; for the Tesla app's scale pass
        ``from_app_percent(app_value)``. Anything else raises ``ValueError`` before sending.
        The change takes effect after ``pw.config.completed()``.
        """
        body = operation_body(mode, backup_reserve_percent)
        return await self._call(self.set, body=body)
