"""``pw.auth``: /api/auth/toggle/... (logging in by toggling a Powerwall's switch)."""

from __future__ import annotations

from .._endpoints import auth as E  # noqa: N812 - the declarations read as E.NAME
from ..models.setup import ToggleAuthSupported
from ._bodies import JsonObject, passthrough_body
from ._group import Group


class AuthGroup(Group):
    """The toggle login: proving physical presence by switching a Powerwall off and on."""

    async def toggle_supported(self) -> ToggleAuthSupported:
        """GET /api/auth/toggle/supported (answers without a login)."""
        return await self._session.call(E.AUTH_TOGGLE_SUPPORTED)

    async def start_toggle(self) -> None:
        """POST /api/auth/toggle/start: begin a toggle login."""
        await self._session.call(E.AUTH_START_TOGGLE)

    async def toggle_login(self, body: JsonObject | None = None) -> None:
        """POST /api/auth/toggle/login (the body is undocumented; sent as given)."""
        await self._session.call(E.AUTH_TOGGLE_LOGIN, body=passthrough_body(body))

    async def delete_toggle_login(self) -> None:
        """DELETE /api/auth/toggle/login: cancel a toggle login."""
        await self._session.call(E.AUTH_DELETE_TOGGLE_LOGIN)
