"""``pw.password``: POST /api/password/..."""

from __future__ import annotations

from .._endpoints import password as E  # noqa: N812 - the declarations read as E.NAME
from ..models.password import PasswordChange
from ._bodies import JsonObject, passthrough_body, password_change_body
from ._group import Group


class PasswordGroup(Group):
    """The customer password."""

    async def change(
        self, *, old_password: str, new_password: str, toggled_pw: bool = False
    ) -> PasswordChange | None:
        """POST /api/password/change. The old password is not needed after a toggle login
        (``toggled_pw=True``). Log in again afterwards with the new password."""
        body = password_change_body(old_password, new_password, toggled_pw)
        return await self._session.call(E.PASSWORD_CHANGE, body=body)

    async def generate(self) -> None:
        """POST /api/password/generate."""
        await self._session.call(E.PASSWORD_GENERATE)

    async def reset(self, body: JsonObject | None = None) -> None:
        """POST /api/password/reset (the body is undocumented; sent as given)."""
        await self._session.call(E.PASSWORD_RESET, body=passthrough_body(body))
