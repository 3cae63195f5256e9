"""Request bodies for the writes, checked before anything is sent.

Every function raises ``ValueError`` for an argument the gateway would refuse or misread, so
that a wrong call never reaches the gateway. (``ValueError`` also for a value of the wrong type:
the public API promises one exception for every invalid argument, hence the ``TRY004``
exemptions.)
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ..models.islanding import IslandMode
from ..models.operation import OperationMode
from ..models.site_info import GridCode

__all__ = [
    "JsonObject",
    "client_protocols_body",
    "connect_body",
    "ct_voltage_references_body",
    "grid_code_body",
    "island_mode_body",
    "logging_body",
    "network_body",
    "operation_body",
    "passthrough_body",
    "password_change_body",
    "path_argument",
    "registration_legal_body",
    "site_name_body",
    "timezone_body",
    "verify_body",
]

logger = logging.getLogger("powerwall_async.api")

JsonObject = Mapping[str, Any]
"""A JSON object for the request body of an endpoint whose body is undocumented."""

SETTABLE_MODES = frozenset(
    {OperationMode.SELF_CONSUMPTION, OperationMode.BACKUP, OperationMode.AUTONOMOUS}
)
"""The operation modes a gateway accepts (``scheduler`` is documented, but refused)."""
SETTABLE_ISLAND_MODES = frozenset({IslandMode.OFF_GRID, IslandMode.ON_GRID})


def _text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a non-empty string, not {value!r}")
    return value


def _flag(value: object, what: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{what} must be True or False, not {value!r}")  # noqa: TRY004
    return value


def _choice(
    value: object, enum: type[OperationMode] | type[IslandMode], allowed: Iterable[str], what: str
) -> Any:
    known = sorted(str(choice) for choice in allowed)
    if isinstance(value, str) and value in known:
        return enum(value)
    raise ValueError(f"{what} must be one of {', '.join(known)}; not {value!r}")


def operation_body(mode: OperationMode | str, backup_reserve_percent: float) -> dict[str, Any]:
    """POST /api/operation: ``{"mode", "backup_reserve_percent"}``.

    The reserve is on the gateway's raw scale, 0 to 100 (``from_app_percent`` converts the
    app's). ``scheduler`` is accepted because the API document lists it, with a warning: the
    gateways seen so far refuse it.
    """
    allowed = {*SETTABLE_MODES, OperationMode.SCHEDULER}
    chosen = _choice(mode, OperationMode, allowed, "mode")
    if chosen is OperationMode.SCHEDULER:
        logger.warning(
            "operation mode 'scheduler' is documented but gateways refuse it; sending it anyway"
        )
    reserve = backup_reserve_percent
    if (
        isinstance(reserve, bool)
        or not isinstance(reserve, int | float)
        or not math.isfinite(reserve)
        or not 0 <= reserve <= 100
    ):
        raise ValueError(
            "backup_reserve_percent is a number from 0 to 100 on the gateway's raw scale "
            f"(use from_app_percent() for the app's scale), not {reserve!r}"
        )
    return {"mode": str(chosen), "backup_reserve_percent": reserve}


def island_mode_body(mode: IslandMode | str) -> dict[str, str]:
    """POST /api/v2/islanding/mode: ``{"island_mode": ...}``."""
    chosen = _choice(mode, IslandMode, SETTABLE_ISLAND_MODES, "island mode")
    return {"island_mode": str(chosen)}


def site_name_body(site_name: str) -> dict[str, str]:
    """POST /api/site_info/site_name: ``{"site_name": ...}``."""
    return {"site_name": _text(site_name, "site_name")}


def timezone_body(timezone: str) -> dict[str, str]:
    """POST /api/site_info/timezone: ``{"timezone": "Europe/London"}``."""
    text = _text(timezone, "timezone")
    if " " in text:
        raise ValueError(f"timezone is an IANA name such as 'Europe/London', not {text!r}")
    return {"timezone": text}


def grid_code_body(grid_code: GridCode) -> dict[str, Any]:
    """POST /api/site_info/grid_code: a :class:`GridCode` as the gateway lists them."""
    if not isinstance(grid_code, GridCode):
        raise ValueError(  # noqa: TRY004
            f"grid_code must be a GridCode (from site_info.grid_codes()), not {grid_code!r}"
        )
    _text(grid_code.grid_code, "grid_code.grid_code")
    return {
        key: value
        for key, value in attrs.asdict(grid_code).items()
        if value is not None and value != ""
    }


def password_change_body(old_password: str, new_password: str, toggled_pw: bool) -> dict[str, Any]:
    """POST /api/password/change: ``{"old_password", "new_password", "toggled_pw"}``."""
    return {
        "old_password": _text(old_password, "old_password"),
        "new_password": _text(new_password, "new_password"),
        "toggled_pw": _flag(toggled_pw, "toggled_pw"),
    }


def connect_body(
    network_name: str,
    password: str,
    *,
    interface: str,
    security_type: str,
    username: str,
    dns_servers: Iterable[str],
) -> dict[str, Any]:
    """POST /api/networks/connect, in the shape the gateway's own wizard sends (both the
    camelCase and the snake_case names)."""
    name = _text(network_name, "network_name")
    if not isinstance(password, str):
        raise ValueError("password must be a string (empty for an open network)")  # noqa: TRY004
    servers = [_text(server, "each DNS server") for server in dns_servers]
    if not isinstance(username, str):
        raise ValueError(f"username must be a string, not {username!r}")  # noqa: TRY004
    return {
        "networkName": name,
        "interface": _text(interface, "interface"),
        "username": username,
        "password": password,
        "securityType": _text(security_type, "security_type"),
        "network_name": name,
        "security_type": security_type,
        "dns_servers": servers,
    }


def network_body(network_name: str, *, interface: str, security_type: str) -> dict[str, str]:
    """POST /api/networks: ``{"interface", "network_name", "security_type"}``."""
    return {
        "interface": _text(interface, "interface"),
        "network_name": _text(network_name, "network_name"),
        "security_type": _text(security_type, "security_type"),
    }


def client_protocols_body(**protocols: bool | None) -> dict[str, bool]:
    """POST /api/networks/client_protocols: only the protocols given (True or False)."""
    body = {name: _flag(value, name) for name, value in protocols.items() if value is not None}
    if not body:
        raise ValueError("name at least one protocol to turn on or off")
    return body


def registration_legal_body(**choices: bool | None) -> dict[str, bool]:
    """POST /api/customer/registration/legal: the choices given (True or False)."""
    body = {name: _flag(value, name) for name, value in choices.items() if value is not None}
    if not body:
        raise ValueError("give at least one of privacy_notice, limited_warranty, ...")
    return body


def ct_voltage_references_body(**references: str | None) -> dict[str, str]:
    """POST /api/synchrometer/ct_voltage_references: ``{"ct1": "Phase1", ...}``."""
    body = {ct: _text(phase, ct) for ct, phase in references.items() if phase is not None}
    if not body:
        raise ValueError("give the phase of at least one CT (ct1=..., ct2=..., ct3=...)")
    return body


def verify_body(serial: str | None, short_id: str | None) -> dict[str, str] | None:
    """POST /api/meters/{serial}/verify: ``{"serial", "short_id"}`` (what is given)."""
    body = {}
    if serial is not None:
        body["serial"] = _text(serial, "serial")
    if short_id is not None:
        body["short_id"] = _text(short_id, "short_id")
    return body or None


def logging_body(level: str, log: str) -> dict[str, str]:
    """POST /api/logging: ``{"level", "log"}``."""
    return {"level": _text(level, "level"), "log": _text(log, "log")}


def passthrough_body(body: JsonObject | None) -> dict[str, Any] | None:
    """A caller's body for an endpoint whose body is undocumented: a JSON object, or None."""
    if body is None:
        return None
    if not isinstance(body, Mapping) or not all(isinstance(key, str) for key in body):
        raise ValueError(f"body must be a mapping with string keys, not {body!r}")
    try:
        json.dumps(body, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"body cannot be sent as JSON: {exc}") from None
    return dict(body)


def path_argument(value: object, what: str) -> str:
    """A path parameter: a non-empty string (a number is written out)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _text(value, what)
