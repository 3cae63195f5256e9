"""``pw.customer``: /api/customer/..."""

from __future__ import annotations

from .._endpoints import customer as E  # noqa: N812 - the declarations read as E.NAME
from ..models.setup import Customer, CustomerRegistration
from ._bodies import JsonObject, passthrough_body, registration_legal_body
from ._group import Group


class CustomerGroup(Group):
    """The customer's registration."""

    async def get(self) -> Customer:
        """GET /api/customer."""
        return await self._session.call(E.CUSTOMER_GET)

    async def registration(self) -> CustomerRegistration:
        """GET /api/customer/registration (answers without a login)."""
        return await self._session.call(E.CUSTOMER_REGISTRATION)

    async def set(self, body: JsonObject) -> None:
        """POST /api/customer (the body is undocumented; sent as given)."""
        await self._session.call(E.CUSTOMER_SET, body=passthrough_body(body))

    async def set_registration_legal(
        self,
        *,
        privacy_notice: bool | None = None,
        limited_warranty: bool | None = None,
        grid_services: bool | None = None,
        marketing: bool | None = None,
    ) -> None:
        """POST /api/customer/registration/legal: the legal choices given."""
        body = registration_legal_body(
            privacy_notice=privacy_notice,
            limited_warranty=limited_warranty,
            grid_services=grid_services,
            marketing=marketing,
        )
        await self._session.call(E.CUSTOMER_SET_REGISTRATION_LEGAL, body=body)

    async def skip_registration(self) -> None:
        """POST /api/customer/registration/skip (404 on some firmware)."""
        await self._session.call(E.CUSTOMER_SKIP_REGISTRATION)
