"""Setup and registration: GET /api/config, /api/customer, /api/customer/registration,
/api/auth/toggle/supported and /api/autoconfig/status."""

from __future__ import annotations

import attrs


@attrs.frozen(kw_only=True)
class Config:
    """GET /api/config."""

    vin: str = ""
    """The gateway's part and serial number (``1232100-00-E--<serial>``)."""


@attrs.frozen(kw_only=True)
class CustomerRegistration:
    """GET /api/customer/registration (answers without a login)."""

    privacy_notice: bool | None = None
    limited_warranty: bool | None = None
    grid_services: bool | None = None
    marketing: bool | None = None
    registered: bool | None = None
    timed_out_registration: bool | None = None
    emailed_registration: bool | None = None


@attrs.frozen(kw_only=True)
class Customer:
    """GET /api/customer. Older firmware also sent the customer's address fields."""

    marketing: bool | None = None
    registered: bool | None = None
    privacy_notice: bool | None = None
    grid_services: bool | None = None
    limited_warranty: bool | None = None
    emailed_registration: bool | None = None
    city: str = ""
    state: str = ""
    zip: str = ""
    country: str = ""


@attrs.frozen(kw_only=True)
class ToggleAuthSupported:
    """GET /api/auth/toggle/supported: whether a login by toggling a Powerwall's switch is
    possible (answers without a login)."""

    toggle_auth_supported: bool | None = None


@attrs.frozen(kw_only=True)
class AutoconfigStatus:
    """GET /api/autoconfig/status."""

    status: str = ""
    running: bool | None = None
    retry_possible: bool | None = None
    have_registered: bool | None = None
    have_timezone: bool | None = None
    have_gridcode: bool | None = None
    grid_availability: str = ""
