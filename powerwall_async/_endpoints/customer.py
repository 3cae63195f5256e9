"""``pw.customer``: the declarations of its endpoints."""

from __future__ import annotations

from ..models.setup import Customer, CustomerRegistration
from ._declare import UNDOCUMENTED, action, read

__all__ = [
    "CUSTOMER_GET",
    "CUSTOMER_REGISTRATION",
    "CUSTOMER_SET",
    "CUSTOMER_SET_REGISTRATION_LEGAL",
    "CUSTOMER_SKIP_REGISTRATION",
]

CUSTOMER_GET = read("customer", "get", "/customer", Customer, "Registration choices.")
CUSTOMER_SET = action(
    "customer", "set", "POST", "/customer", "Update the customer record. " + UNDOCUMENTED
)
CUSTOMER_REGISTRATION = read(
    "customer",
    "registration",
    "/customer/registration",
    CustomerRegistration,
    "Registration status.",
    auth="public",
)
CUSTOMER_SET_REGISTRATION_LEGAL = action(
    "customer",
    "set_registration_legal",
    "POST",
    "/customer/registration/legal",
    "Accept (or not) the privacy notice, warranty, grid services and marketing.",
)
CUSTOMER_SKIP_REGISTRATION = action(
    "customer",
    "skip_registration",
    "POST",
    "/customer/registration/skip",
    "Skip registration in the wizard.",
    firmware="404 on some firmware.",
)
