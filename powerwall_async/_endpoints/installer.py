"""``pw.installer``: the declarations of its endpoints."""

from __future__ import annotations

from ..models.equipment import Installer, InstallerCompany
from ._declare import read

__all__ = ["INSTALLER_COMPANIES", "INSTALLER_GET"]

INSTALLER_GET = read(
    "installer", "get", "/installer", Installer, "Who installed the system, and how."
)
INSTALLER_COMPANIES = read(
    "installer",
    "companies",
    "/installer/companies",
    list[InstallerCompany],
    "Every installer the wizard knows (a long list).",
)
