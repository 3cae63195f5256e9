"""Credential headers kept out of the DEBUG logs of httpcore and hpack.

Both log every header they send or receive, session cookies and bearer tokens included; a
library that promises no secrets in logs cannot leave that to its users to notice. The filter
is installed when the first TLS transport is made, not when the package is imported.
"""

from __future__ import annotations

import logging
import re

__all__ = ["guard_third_party_logs"]

# A header is logged as the repr of a (name, value) tuple of bytes or str. A value holding
# both quote kinds is quoted with ' and its inner ' escaped, so the value ends at the first
# quote that is not escaped.
_SECRET_HEADER = re.compile(
    r"""(b?['"](?:set-cookie|cookie|authorization)['"]\s*[,=:]\s*)"""
    r"""b?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""",
    re.IGNORECASE,
)
_THIRD_PARTY_LOGGERS = (
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "hpack.hpack",
    "hpack.table",
)


class SecretHeaderFilter(logging.Filter):
    """Replaces the value of Cookie, Set-Cookie and Authorization headers in a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        redacted = _SECRET_HEADER.sub(r"\1'<redacted>'", text)
        if redacted != text:
            record.msg, record.args = redacted, ()
        return True


def guard_third_party_logs() -> None:
    """Install the filter on each engine logger (a logger's filters see only its own records)."""
    secret_filter = SecretHeaderFilter()
    for name in _THIRD_PARTY_LOGGERS:
        target = logging.getLogger(name)
        if not any(isinstance(f, SecretHeaderFilter) for f in target.filters):
            target.addFilter(secret_filter)
