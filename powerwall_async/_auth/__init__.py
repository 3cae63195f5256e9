"""Authentication as a strategy: how each family of endpoints is sent credentials.

Every endpoint names its family (``Endpoint.auth``): ``"customer"`` (a login session),
``"public"`` (nothing; refused, it is re-sent once with the customer session), ``"tedapi"``
(HTTP Basic with the gateway's Wi-Fi password) or ``"v1r"`` (no header: the body is signed
with the owner's RSA key). The session asks the family's :class:`Auth`
for credentials, and after a refusal whether re-authenticating may help: it knows no login
path and no header name.

A new family is a subclass of :class:`Auth` (in a module of this package) and one entry in
:func:`strategies`; endpoints then name it in their ``auth``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._base import Auth, Channel, Refusal
from .basic import GATEWAY_USERNAME, GatewayBasic
from .customer import CustomerLogin, PublicAuth, check_token
from .signed import SignedRequests

if TYPE_CHECKING:
    from ..tedapi._keys import KeySource

__all__ = [
    "GATEWAY_USERNAME",
    "Auth",
    "Channel",
    "CustomerLogin",
    "GatewayBasic",
    "PublicAuth",
    "Refusal",
    "SignedRequests",
    "check_token",
    "strategies",
]


def strategies(
    customer: CustomerLogin, *, gateway_password: str | None, tedapi_key: KeySource | None = None
) -> dict[str, Auth]:
    """The strategy of each endpoint family for one client, by ``Endpoint.auth``."""
    return {
        "customer": customer,
        "public": PublicAuth(customer),
        "tedapi": GatewayBasic(gateway_password),
        "v1r": SignedRequests(tedapi_key),
    }
