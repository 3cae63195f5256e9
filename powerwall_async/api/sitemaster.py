"""``pw.sitemaster``: /api/sitemaster/..."""

from __future__ import annotations

from .._endpoints import sitemaster as E  # noqa: N812 - the declarations read as E.NAME
from ..models.sitemaster import Sitemaster
from ._group import Group


class SitemasterGroup(Group):
    """Whether the system runs, and starting or stopping it."""

    async def get(self) -> Sitemaster:
        """GET /api/sitemaster: running, connected to Tesla, can reboot."""
        return await self._session.call(E.SITEMASTER_GET)

    async def run(self) -> None:
        """GET /api/sitemaster/run: start the system (202). Never repeated automatically."""
        await self._session.call(E.SITEMASTER_RUN)

    async def stop(self) -> None:
        """GET /api/sitemaster/stop: stop the system — no charging, discharging or metering.

        A GET that changes state: never repeated automatically. When the system cannot stop
        now the gateway answers 500 (``GatewayBusyError``, "Unable to stop sitemaster").
        """
        await self._session.call(E.SITEMASTER_STOP)

    async def run_for_commissioning(self) -> None:
        """POST /api/sitemaster/run_for_commissioning: start the system for commissioning."""
        await self._session.call(E.SITEMASTER_RUN_FOR_COMMISSIONING)
