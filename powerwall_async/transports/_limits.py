"""The bounds every transport to a gateway keeps: a whole request's time, an answer's size."""

from __future__ import annotations

import math

__all__ = [
    "DEFAULT_MAX_BODY_SIZE",
    "MAX_SECONDS",
    "check_max_body_size",
    "check_seconds",
    "check_timeout",
]

DEFAULT_MAX_BODY_SIZE = 8 * 1024 * 1024
"""8 MiB: far above any gateway answer (the largest, vitals, is tens of kilobytes)."""


MAX_SECONDS = 86_400.0
"""The longest ``timeout`` or ``deadline`` accepted: a day."""


def check_seconds(name: str, value: float) -> float:
    """``value`` when it is a usable number of seconds (``inf`` would never end, ``nan``
    compares false with everything); ``ValueError`` saying why not."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if not number or not (math.isfinite(value) and 0 < value <= MAX_SECONDS):
        raise ValueError(
            f"{name} must be a finite number of seconds above 0 and at most "
            f"{MAX_SECONDS:g}, not {value!r}"
        )
    return float(value)


def check_timeout(value: float) -> float:
    """A request's timeout: see :func:`check_seconds`."""
    return check_seconds("timeout", value)


def check_max_body_size(value: int) -> int:
    """A size cap must be a whole number of bytes above zero."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"max_body_size must be a positive number of bytes, not {value!r}")
    return value
