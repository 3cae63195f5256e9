"""``pw.auth``: /api/auth/toggle/... (logging in by toggling a Powerwall's switch)."""

from __future__ import annotations

from ..models.setup import ToggleAuthSupported
from ._bodies import JsonObject, passthrough_body
from ._group import Group, action, read


class AuthGroup(Group):
    """The toggle login: proving physical presence by switching a Powerwall off and on."""

    @read("/auth/toggle/supported", auth="public")
    async def toggle_supported(self) -> ToggleAuthSupported:
        """Whether the toggle login is possible."""
        return await self._call(self.toggle_supported)

    @action("POST", "/auth/toggle/start", auth="public")
    async def start_toggle(self) -> None:
        """Start a toggle login."""
        await self._call(self.start_toggle)

    @action("POST", "/auth/toggle/login", auth="public")
    async def toggle_login(self, body: JsonObject | None = None) -> None:
        """Complete a toggle login. Undocumented: the request body is passed through as
        given."""
        await self._call(self.toggle_login, body=passthrough_body(body))

    @action("DELETE", "/auth/toggle/login", auth="public")
    async def delete_toggle_login(self) -> None:
        """Cancel a toggle login."""
        await self._call(self.delete_toggle_login)
