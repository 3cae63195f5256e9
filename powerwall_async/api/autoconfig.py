"""``pw.autoconfig``: /api/autoconfig/..."""

from __future__ import annotations

from ..models.setup import AutoconfigStatus
from ._group import Group, action, read


class AutoconfigGroup(Group):
    """The wizard's automatic configuration."""

    @read("/autoconfig/status")
    async def status(self) -> AutoconfigStatus:
        """Automatic configuration: whether it runs and what it found."""
        return await self._call(self.status)

    @action("POST", "/autoconfig/run")
    async def run(self) -> None:
        """Start autoconfiguration."""
        await self._call(self.run)

    @action("POST", "/autoconfig/cancel")
    async def cancel(self) -> None:
        """Cancel autoconfiguration."""
        await self._call(self.cancel)

    @action("POST", "/autoconfig/retry")
    async def retry(self) -> None:
        """Retry autoconfiguration."""
        await self._call(self.retry)
