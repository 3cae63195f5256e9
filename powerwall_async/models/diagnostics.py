"""The diagnostic reports the gateway attaches to Powerwalls and network tests.

Seen in GET /api/powerwalls (``commissioning_diagnostic``, ``update_diagnostic``) and
GET/POST /api/system/networks/conn_tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from ._types import GatewayEnum


class CheckStatus(GatewayEnum):
    """``status`` of one diagnostic check."""

    NOT_RUN = "not_run"
    SCHEDULED = "scheduled"
    RUNNING = "running"
    PASS = "pass"  # noqa: S105 - a test outcome, not a password
    FAIL = "fail"
    UNKNOWN = "UNKNOWN"


@attrs.frozen(kw_only=True)
class DiagnosticCheck:
    """One check of a diagnostic; checks may hold sub-checks.

    ``results`` and ``debug`` are free-form objects whose content the gateway does not fix.
    """

    name: str = ""
    status: CheckStatus = CheckStatus.UNKNOWN
    status_raw: str = ""
    start_time: datetime | None = None
    end_time: datetime | None = None
    message: str = ""
    progress: float | None = None
    results: Mapping[str, Any] | None = None
    debug: Mapping[str, Any] | None = None
    checks: tuple[DiagnosticCheck, ...] | None = None


@attrs.frozen(kw_only=True)
class Diagnostic:
    """A named group of checks (GET /api/system/networks/conn_tests, and inside
    GET /api/powerwalls)."""

    name: str = ""
    category: str = ""
    disruptive: bool | None = None
    inputs: Any = None
    """Not seen filled in any recording (``null``); kept as decoded JSON."""
    checks: tuple[DiagnosticCheck, ...] | None = None
    alert: bool | None = None

    @property
    def passed(self) -> bool:
        """True when every check passed."""
        return bool(self.checks) and all(
            check.status is CheckStatus.PASS for check in self.checks or ()
        )
