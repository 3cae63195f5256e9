"""``pw.password``: POST /api/password/..."""

from __future__ import annotations

from ..models.password import PasswordChange
from ._bodies import JsonObject, passthrough_body, password_change_body
from ._group import Group, action


class PasswordGroup(Group):
    """The customer password."""

    @action("POST", "/password/change", auth="public")
    async def change(
        self, *, old_password: str, new_password: str, toggled_pw: bool = False
    ) -> PasswordChange | None:
        """Change the customer password.

        The old password is not needed after a toggle login (``toggled_pw=True``). Log in again
        afterwards with the new password.
        """
        body = password_change_body(old_password, new_password, toggled_pw)
        return await self._call(self.change, body=body)

    @action("POST", "/password/generate")
    async def generate(self) -> None:
        """Generate a password."""
        await self._call(self.generate)

    @action("POST", "/password/reset", auth="public")
    async def reset(self, body: JsonObject | None = None) -> None:
        """Reset the password. Undocumented: the request body is passed through as given."""
        await self._call(self.reset, body=passthrough_body(body))
