"""``pw.sitemaster``: /api/sitemaster/..."""

from __future__ import annotations

from ..models.sitemaster import Sitemaster
from ._group import Group, action, read


class SitemasterGroup(Group):
    """Whether the system runs, and starting or stopping it."""

    @read("/sitemaster")
    async def get(self) -> Sitemaster:
        """Whether the system is running and connected to Tesla."""
        return await self._call(self.get)

    @action("GET", "/sitemaster/run")
    async def run(self) -> None:
        """Start the system (202). A GET that changes state."""
        await self._call(self.run)

    @action(
        "GET",
        "/sitemaster/stop",
        firmware="500 'Unable to stop sitemaster' when it cannot stop now.",
    )
    async def stop(self) -> None:
        """Stop the system: no charging, discharging or metering. A GET that changes state.

        Never repeated automatically. When the system cannot stop now the gateway answers 500
        (``GatewayBusyError``).
        """
        await self._call(self.stop)

    @action("POST", "/sitemaster/run_for_commissioning")
    async def run_for_commissioning(self) -> None:
        """Start the system for commissioning."""
        await self._call(self.run_for_commissioning)
