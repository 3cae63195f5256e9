"""``pw.operation``: GET/POST /api/operation."""

from __future__ import annotations

from .._endpoints import operation as E  # noqa: N812 - the declarations read as E.NAME
from ..models.operation import Operation, OperationMode, OperationSettings
from ._bodies import operation_body
from ._group import Group


class OperationGroup(Group):
    """Operation mode and backup reserve."""

    async def get(self) -> Operation:
        """GET /api/operation: mode (``real_mode``) and reserve on the raw scale."""
        return await self._session.call(E.OPERATION_GET)

    async def set(
        self, *, mode: OperationMode | str, backup_reserve_percent: float
    ) -> OperationSettings | None:
        """POST /api/operation: set the mode and the backup reserve.

        ``mode`` is ``self_consumption``, ``backup`` or ``autonomous`` (``scheduler`` is sent
        with a logged warning: gateways refuse it). ``backup_reserve_percent`` is on the
        gateway's raw scale, 0 to 100; for the Tesla app's scale pass
        ``from_app_percent(app_value)``. Anything else raises ``ValueError`` before sending.
        The change takes effect after ``pw.config.completed()``. Newer firmware refuses this
        to the customer: ``AccessDeniedError``.
        """
        body = operation_body(mode, backup_reserve_percent)
        return await self._session.call(E.OPERATION_SET, body=body)
