"""``pw.password``: the declarations of its endpoints."""

from __future__ import annotations

from ..models.password import PasswordChange
from ._declare import UNDOCUMENTED, action, action_returning

__all__ = ["PASSWORD_CHANGE", "PASSWORD_GENERATE", "PASSWORD_RESET"]

PASSWORD_CHANGE = action_returning(
    "password",
    "change",
    "POST",
    "/password/change",
    PasswordChange,
    doc="Change the customer password.",
    auth="public",
)
PASSWORD_GENERATE = action(
    "password", "generate", "POST", "/password/generate", "Generate a password."
)
PASSWORD_RESET = action(
    "password",
    "reset",
    "POST",
    "/password/reset",
    "Reset the password. " + UNDOCUMENTED,
    auth="public",
)
