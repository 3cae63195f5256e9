"""Settings changed in ``config.json``: pure edits, validated before anything is sent.

A v1r setting is written by reading ``config.json``, changing a few keys and writing the whole
file back with the hash of the read. Each ``with_*`` function here takes the parsed file and
returns a new one in which only its own keys differ: every other key, known or not, keeps its
value and its place. Bad arguments raise ``ValueError`` saying what is allowed;
:func:`config_blob` serializes the result for the update.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Mapping
from typing import Any

from .._errors import ResponseFormatError
from ..api._bodies import _flag
from ..models._scale import _checked, from_app_percent

__all__ = [
    "EXPORT_RULES",
    "OPERATION_MODES",
    "config_blob",
    "with_backup_reserve",
    "with_export_rule",
    "with_grid_charging",
    "with_operation_mode",
    "with_site_limits",
    "with_solar_curtailment",
]

OPERATION_MODES = ("self_consumption", "autonomous", "backup")
"""``default_real_mode`` values: self-powered, time-based control, backup only."""
EXPORT_RULES = ("battery_ok", "pv_only", "never")
"""``site_info.customer_preferred_export_rule`` values: export from battery and solar, from
solar only, or not at all."""

_RESERVE = "backup_reserve_percent"
_MODE = "default_real_mode"
_EXPORT_RULE = "customer_preferred_export_rule"
_NO_GRID_CHARGING = "disallow_charge_from_grid_with_solar_installed"
_CURTAILMENT = "on_grid_solar_curtailment_enabled"
_IMPORT_LIMIT = "max_site_meter_power_ac"
_EXPORT_LIMIT = "min_site_meter_power_ac"


def _edited(config: Mapping[str, Any], site_info: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy of ``config`` whose ``site_info`` has ``site_info``'s keys set."""
    new = copy.deepcopy(dict(config))
    current = new.setdefault("site_info", {})
    if not isinstance(current, dict):
        raise ResponseFormatError(
            f"config.json's site_info is {type(current).__name__}, not an object: this "
            "firmware lays the file out differently, so it is not changed"
        )
    current.update(site_info)
    return new


def _number(value: float) -> float | int:
    """``value`` as JSON writes it best: whole numbers without ``.0``, no binary noise."""
    value = round(value, 6)
    return int(value) if value.is_integer() else value


def with_backup_reserve(
    config: Mapping[str, Any], *, app: float | None = None, raw: float | None = None
) -> dict[str, Any]:
    """``config`` with the backup reserve set, given on exactly one scale.

    ``app`` is the percentage as the Tesla app shows it, ``raw`` the gateway's own
    (``raw = app * 0.95 + 5``), each from 0 to 100; the file stores the raw one.
    """
    if app is not None and raw is None:
        value = from_app_percent(app)
    elif raw is not None and app is None:
        value = _checked(raw, "a raw backup reserve")
        if not 0.0 <= value <= 100.0:
            raise ValueError(
                f"a raw backup reserve is between 0 and 100 (the gateway's scale), not {value}"
            )
    else:
        raise ValueError(
            "give the backup reserve on exactly one scale: app= (as the Tesla app shows it, "
            "0-100) or raw= (the gateway's scale, 0-100; raw = app * 0.95 + 5)"
        )
    return _edited(config, {_RESERVE: _number(value)})


def with_operation_mode(config: Mapping[str, Any], mode: str) -> dict[str, Any]:
    """``config`` with the operation mode set: one of :data:`OPERATION_MODES`
    (an ``OperationMode`` member is accepted too)."""
    if not isinstance(mode, str) or mode not in OPERATION_MODES:
        raise ValueError(f"the operation mode is one of {', '.join(OPERATION_MODES)}; not {mode!r}")
    new = copy.deepcopy(dict(config))
    new[_MODE] = str(mode)
    return new


def with_export_rule(config: Mapping[str, Any], rule: str) -> dict[str, Any]:
    """``config`` with the export rule set: one of :data:`EXPORT_RULES`."""
    if not isinstance(rule, str) or rule not in EXPORT_RULES:
        raise ValueError(f"the export rule is one of {', '.join(EXPORT_RULES)}; not {rule!r}")
    return _edited(config, {_EXPORT_RULE: str(rule)})


def with_grid_charging(config: Mapping[str, Any], allowed: bool) -> dict[str, Any]:
    """``config`` with charging the battery from the grid allowed or not.

    The file says it the other way round (``disallow_...``, absent = allowed): an absent key
    stays absent when charging is allowed.
    """
    disallow = not _flag(allowed, "allowed")
    site_info = config.get("site_info")
    if not disallow and not (isinstance(site_info, Mapping) and _NO_GRID_CHARGING in site_info):
        return copy.deepcopy(dict(config))
    return _edited(config, {_NO_GRID_CHARGING: disallow})


def with_solar_curtailment(config: Mapping[str, Any], enabled: bool) -> dict[str, Any]:
    """``config`` with on-grid solar curtailment on or off (absent = off, and stays absent)."""
    enabled = _flag(enabled, "enabled")
    site_info = config.get("site_info")
    if not enabled and not (isinstance(site_info, Mapping) and _CURTAILMENT in site_info):
        return copy.deepcopy(dict(config))
    return _edited(config, {_CURTAILMENT: enabled})


def _limit(value: float, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"the {what} limit is a finite number of kW, not {value!r}")
    return float(value)


def with_site_limits(
    config: Mapping[str, Any],
    *,
    import_kw: float | None = None,
    export_kw: float | None = None,
) -> dict[str, Any]:
    """``config`` with the site's grid limits set, in kW; one of them or both.

    ``import_kw`` is the most the site may draw from the grid (0 or more); ``export_kw`` the
    most it may send, as the meter counts it: negative (``-5`` allows 5 kW of export, ``0``
    none).
    """
    changes: dict[str, Any] = {}
    if import_kw is not None:
        value = _limit(import_kw, "import")
        if value < 0:
            raise ValueError(
                f"the import limit is 0 kW or more (power drawn from the grid), not {value}"
            )
        changes[_IMPORT_LIMIT] = _number(value)
    if export_kw is not None:
        value = _limit(export_kw, "export")
        if value > 0:
            raise ValueError(
                "the export limit is 0 kW or less: the meter counts power sent to the grid "
                f"as negative, so -{value:g} allows {value:g} kW of export (not {value:g})"
            )
        changes[_EXPORT_LIMIT] = _number(value)
    if not changes:
        raise ValueError("give import_kw=, export_kw= or both")
    return _edited(config, changes)


def config_blob(config: Mapping[str, Any]) -> bytes:
    """``config`` as the compact UTF-8 JSON an update carries."""
    try:
        text = json.dumps(config, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as error:
        raise ValueError(f"the configuration cannot be written as JSON: {error}") from None
    return text.encode("utf-8")
