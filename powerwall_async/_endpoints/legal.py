"""``pw.legal``: the declarations of its endpoints."""

from __future__ import annotations

from ..models.equipment import Radio
from ._declare import read

__all__ = ["LEGAL_RADIO"]

LEGAL_RADIO = read(
    "legal",
    "radio",
    "/legal/radio",
    list[Radio],
    "The gateway's radios and their FCC/IC ids.",
    auth="public",
)
