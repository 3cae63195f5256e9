"""``pw.generators``: the declarations of its endpoints."""

from __future__ import annotations

from ..models.equipment import Generators
from ._declare import read

__all__ = ["GENERATORS_DISCONNECT_TYPES", "GENERATORS_GET"]

GENERATORS_GET = read(
    "generators", "get", "/generators", Generators, "Generators and how they disconnect."
)
GENERATORS_DISCONNECT_TYPES = read(
    "generators",
    "disconnect_types",
    "/generators/disconnect_types",
    list[str],
    "The generator disconnect types the wizard offers.",
)
