"""Logging in and out: the two endpoints the client itself calls (``pw.login()``,
``pw.logout()``), declared here because they belong to no group."""

from __future__ import annotations

from .._endpoint import Endpoint
from ..models.login import LoginResponse

__all__ = ["LOGIN", "LOGOUT"]

LOGIN = Endpoint[LoginResponse](
    "",
    "login",
    "POST",
    "/login/Basic",
    LoginResponse,
    auth="public",
    retry=False,
    doc="Log in as the customer; the answer carries the session token.",
)
LOGOUT = Endpoint[None](
    "",
    "logout",
    "GET",
    "/logout",
    None,
    retry=False,
    side_effects=True,
    doc="End the session (204).",
)
