"""POST /api/login/Basic."""

from __future__ import annotations

from datetime import datetime

import attrs


@attrs.frozen(kw_only=True)
class LoginResponse:
    """POST /api/login/Basic. The token is kept out of the repr."""

    email: str = ""
    firstname: str = ""
    lastname: str = ""
    roles: tuple[str, ...] = ()
    token: str = attrs.field(default="", repr=False)
    provider: str = ""
    loginTime: datetime | None = None  # noqa: N815 - the gateway's name
