"""Installed equipment: GET /api/solars, /api/solars/brands/{brand}, /api/generators,
/api/installer, /api/installer/companies and /api/legal/radio."""

from __future__ import annotations

from typing import Any

import attrs


@attrs.frozen(kw_only=True)
class SolarInverter:
    """A solar inverter: one entry of GET /api/solars (what is installed) or of
    GET /api/solars/brands/{brand} (the models the wizard offers)."""

    brand: str = ""
    model: str = ""
    description: str = ""
    power_rating_watts: float | None = None


@attrs.frozen(kw_only=True)
class Generators:
    """GET /api/generators.

    ``generators`` was empty in every recording; its entries are kept as decoded JSON.
    """

    disconnect_type: str = ""
    generators: tuple[Any, ...] = ()


@attrs.frozen(kw_only=True)
class Installer:
    """GET /api/installer: who installed the system, and how."""

    company: str = ""
    customer_id: str = ""
    phone: str = ""
    email: str = ""
    location: str = ""
    mounting: str = ""
    wiring: str = ""
    backup_configuration: str = ""
    solar_installation: str = ""
    solar_installation_type: str = ""
    has_cellular_modem_to_wifi: bool | None = None
    run_sitemaster: bool | None = None
    verified_config: bool | None = None
    installation_types: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class InstallerCompany:
    """One entry of GET /api/installer/companies."""

    company: str = ""
    customer_id: str = ""
    country: str = ""


@attrs.frozen(kw_only=True)
class Radio:
    """One radio module of the gateway and its certification ids (GET /api/legal/radio)."""

    manufacturer: str = ""
    model: str = ""
    fcc_id: str = ""
    ic_id: str = ""
