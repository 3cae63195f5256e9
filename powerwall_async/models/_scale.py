"""The gateway's raw scale for state of energy and backup reserve, and the Tesla app's scale.

The gateway keeps 5 % of the battery in reserve that the app does not show:
``app = (raw - 5) / 0.95``, clamped to 0..100. Nothing converts implicitly.
"""

from __future__ import annotations

import math

__all__ = ["from_app_percent", "to_app_percent"]

_RESERVED = 5.0
_SPAN = 0.95


def _checked(value: float, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number, not {value!r}")
    return float(value)


def to_app_percent(raw: float) -> float:
    """The Tesla app's percentage for a raw gateway percentage (raw 24 → app 20)."""
    app = (_checked(raw, "raw percent") - _RESERVED) / _SPAN
    return min(100.0, max(0.0, app))


def from_app_percent(app: float) -> float:
    """The raw gateway percentage for a percentage as the Tesla app shows it (app 20 → raw 24)."""
    value = _checked(app, "app percent")
    if not 0.0 <= value <= 100.0:
        raise ValueError(f"an app percentage is between 0 and 100, not {value}")
    return value * _SPAN + _RESERVED
