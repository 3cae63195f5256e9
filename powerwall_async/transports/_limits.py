"""The bounds every transport to a gateway keeps: a whole request's time, an answer's size."""

from __future__ import annotations

import math

__all__ = ["DEFAULT_MAX_BODY_SIZE", "check_max_body_size", "check_timeout"]

DEFAULT_MAX_BODY_SIZE = 8 * 1024 * 1024
"""8 MiB: far above any gateway answer (the largest, vitals, is tens of kilobytes)."""


def check_timeout(value: float) -> float:
    """A timeout must be a finite number of seconds above zero (``inf`` would never end)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"timeout must be a number of seconds, not {value!r}")
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"timeout must be a finite number of seconds above 0, not {value!r}")
    return float(value)


def check_max_body_size(value: int) -> int:
    """A size cap must be a whole number of bytes above zero."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"max_body_size must be a positive number of bytes, not {value!r}")
    return value
