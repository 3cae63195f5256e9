"""``pw.config``: GET /api/config and /api/config/completed."""

from __future__ import annotations

from .._endpoints import config as E  # noqa: N812 - the declarations read as E.NAME
from ..models.setup import Config
from ._group import Group


class ConfigGroup(Group):
    """The gateway's configuration, and applying changes to it."""

    async def get(self) -> Config:
        """GET /api/config: the gateway's part and serial number."""
        return await self._session.call(E.CONFIG_GET)

    async def completed(self) -> None:
        """GET /api/config/completed: apply configuration changes (such as operation.set()).

        A GET that changes state: it is never repeated automatically. The gateway answers 202.
        """
        await self._session.call(E.CONFIG_COMPLETED)
