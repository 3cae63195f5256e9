"""``pw.auth``: the declarations of its endpoints."""

from __future__ import annotations

from ..models.setup import ToggleAuthSupported
from ._declare import UNDOCUMENTED, action, read

__all__ = [
    "AUTH_DELETE_TOGGLE_LOGIN",
    "AUTH_START_TOGGLE",
    "AUTH_TOGGLE_LOGIN",
    "AUTH_TOGGLE_SUPPORTED",
]

AUTH_TOGGLE_SUPPORTED = read(
    "auth",
    "toggle_supported",
    "/auth/toggle/supported",
    ToggleAuthSupported,
    "Whether the toggle login is possible.",
    auth="public",
)
AUTH_START_TOGGLE = action(
    "auth", "start_toggle", "POST", "/auth/toggle/start", "Start a toggle login.", auth="public"
)
AUTH_TOGGLE_LOGIN = action(
    "auth",
    "toggle_login",
    "POST",
    "/auth/toggle/login",
    "Complete a toggle login. " + UNDOCUMENTED,
    auth="public",
)
AUTH_DELETE_TOGGLE_LOGIN = action(
    "auth",
    "delete_toggle_login",
    "DELETE",
    "/auth/toggle/login",
    "Cancel a toggle login.",
    auth="public",
)
