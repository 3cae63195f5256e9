"""POST /api/password/change."""

from __future__ import annotations

import attrs


@attrs.frozen(kw_only=True)
class PasswordChange:
    """The answer to POST /api/password/change: the new password (kept out of the repr)."""

    password: str = attrs.field(default="", repr=False)
