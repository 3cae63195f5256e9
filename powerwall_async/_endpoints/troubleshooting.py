"""``pw.troubleshooting``: the declarations of its endpoints."""

from __future__ import annotations

from ..models.system import TroubleshootingProblems
from ._declare import read

__all__ = ["TROUBLESHOOTING_PROBLEMS"]

TROUBLESHOOTING_PROBLEMS = read(
    "troubleshooting",
    "problems",
    "/troubleshooting/problems",
    TroubleshootingProblems,
    "Problems the gateway reports.",
)
