"""``pw.solars``: the declarations of its endpoints."""

from __future__ import annotations

from ..models.equipment import SolarInverter
from ._declare import read

__all__ = ["SOLARS_BRANDS", "SOLARS_BRAND_MODELS", "SOLARS_GET"]

SOLARS_GET = read("solars", "get", "/solars", list[SolarInverter], "The installed solar inverters.")
SOLARS_BRANDS = read(
    "solars", "brands", "/solars/brands", list[str], "The inverter brands the wizard offers."
)
SOLARS_BRAND_MODELS = read(
    "solars",
    "brand_models",
    "/solars/brands/{brand}",
    list[SolarInverter],
    "The inverter models of one brand.",
)
