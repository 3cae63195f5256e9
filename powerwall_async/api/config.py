"""``pw.config``: GET /api/config and /api/config/completed."""

from __future__ import annotations

from ..models.setup import Config
from ._group import Group, action, read


class ConfigGroup(Group):
    """The gateway's configuration, and applying changes to it."""

    @read("/config")
    async def get(self) -> Config:
        """The gateway's part and serial number."""
        return await self._call(self.get)

    @action("GET", "/config/completed")
    async def completed(self) -> None:
        """Apply configuration changes (202). A GET that changes state.

        Changes such as ``operation.set()`` take effect after it. Never repeated automatically.
        """
        await self._call(self.completed)
