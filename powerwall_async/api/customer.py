"""``pw.customer``: /api/customer/..."""

from __future__ import annotations

from ..models.setup import Customer, CustomerRegistration
from ._bodies import JsonObject, passthrough_body, registration_legal_body
from ._group import Group, action, read


class CustomerGroup(Group):
    """The customer's registration."""

    @read("/customer")
    async def get(self) -> Customer:
        """Registration choices."""
        return await self._call(self.get)

    @action("POST", "/customer")
    async def set(self, body: JsonObject) -> None:
        """Update the customer record. Undocumented: the request body is passed through as
        given."""
        await self._call(self.set, body=passthrough_body(body))

    @read("/customer/registration", auth="public")
    async def registration(self) -> CustomerRegistration:
        """Registration status."""
        return await self._call(self.registration)

    @action("POST", "/customer/registration/legal")
    async def set_registration_legal(
        self,
        *,
        privacy_notice: bool | None = None,
        limited_warranty: bool | None = None,
        grid_services: bool | None = None,
        marketing: bool | None = None,
    ) -> None:
        """Accept (or not) the privacy notice, warranty, grid services and marketing.

        Only the choices given are sent.
        """
        body = registration_legal_body(
            privacy_notice=privacy_notice,
            limited_warranty=limited_warranty,
            grid_services=grid_services,
            marketing=marketing,
        )
        await self._call(self.set_registration_legal, body=body)

    @action("POST", "/customer/registration/skip", firmware="404 on some firmware.")
    async def skip_registration(self) -> None:
        """Skip registration in the wizard."""
        await self._call(self.skip_registration)
