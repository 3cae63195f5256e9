"""The simulated gateway's behaviour: routes, sessions, state changes and recorded answers.

:meth:`Gateway.handle` turns one request into one :class:`Reply` without any I/O, so the
HTTP layer (:mod:`._app`) only adds transport faults. Every bad input gets the gateway's own
400/403/404 answers; nothing a client sends raises out of here.
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Callable
from datetime import datetime
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, unquote

import attrs

from ..transports.fixture import recording_name
from ._auth import Auth
from ._live_vitals import live_vitals
from ._profiles import VITALS, Profile, Recordings
from ._reply import (
    Reply,
    api_error,
    bad_gateway,
    bad_request,
    empty,
    forbidden,
    json_reply,
    not_found,
)
from ._state import ISLAND_MODES, OPERATION_MODES, GatewayState

__all__ = ["Gateway", "Incoming", "state_from_recordings"]

PUBLIC = frozenset({"status", "customer.registration", "auth.toggle.supported"})
"""GET endpoints served without a session (since 20.49 everything else needs one)."""

STOPPED_502 = frozenset(
    {"meters.aggregates", "system_status.soe", "system_status.grid_status",
     "system_status.grid_faults", "system_status"}
)  # fmt: skip
"""What a stopped system answers with an empty 502."""

LOGIN = ("POST", "login.Basic")
LOGOUT = ("GET", "logout")


@attrs.frozen
class Incoming:
    """The parts of a request the gateway looks at."""

    method: str
    path: str
    content_type: str = ""
    authorization: str = attrs.field(default="", repr=False)
    cookie: str = attrs.field(default="", repr=False)
    body: bytes = attrs.field(default=b"", repr=False)

    def token(self) -> str | None:
        """The session token from ``Authorization: Bearer`` or the ``AuthCookie`` cookie."""
        scheme, _, credentials = self.authorization.partition(" ")
        if scheme.lower() == "bearer" and credentials.strip():
            return credentials.strip()
        if self.cookie:
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(self.cookie)
            except CookieError:
                return None
            if "AuthCookie" in jar and jar["AuthCookie"].value:
                return jar["AuthCookie"].value
        return None


class _BadInputError(Exception):
    """A request body the gateway refuses with 400."""


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise _BadInputError("invalid character in request body: not JSON") from exc
    if not isinstance(value, dict):
        raise _BadInputError("request body must be a JSON object")
    return value


def _form_or_json(request: Incoming) -> dict[str, Any]:
    """Login accepts JSON (go-powerwall, tesla_powerwall) and forms (pypowerwall)."""
    if request.content_type.startswith("application/x-www-form-urlencoded"):
        try:
            return dict(parse_qsl(request.body.decode(), strict_parsing=True))
        except (ValueError, UnicodeDecodeError) as exc:
            raise _BadInputError("malformed form body") from exc
    return _json_object(request.body)


def _route(path: str) -> str | None:
    """The recording name ``path`` routes to, if any. Only a path as written names a route:
    the gateway's Go router answers 404 to ``//api//status``, ``/api/status/`` or ``/status``."""
    decoded = unquote(path)
    if not decoded.startswith("/api/") or "//" in decoded or decoded.endswith("/"):
        return None
    try:
        return recording_name("GET", path)
    except ValueError:
        return None


def _encodable(text: str) -> bool:
    """Whether ``text`` is valid Unicode (JSON's ``\\ud800`` escapes make lone surrogates)."""
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _now() -> str:
    return datetime.now().astimezone().isoformat()


def _edited(reply: Reply, edit: Callable[[dict[str, Any]], None]) -> Reply:
    """A recorded JSON object answer as ``edit`` changes it (other answers as recorded)."""
    try:
        data = reply.json()
    except ValueError:
        return reply
    if not isinstance(data, dict) or reply.status != 200:
        return reply
    edit(data)
    return json_reply(data)


def _patched(reply: Reply, **fields: Any) -> Reply:
    """A recorded JSON answer with some fields replaced."""
    return _edited(reply, lambda data: data.update(fields))


def state_from_recordings(recordings: Recordings, seed: int | None) -> GatewayState:
    """Start values (mode, reserve, charge, power) from a profile's running recordings."""
    state = GatewayState(seed=seed)

    def recorded(name: str) -> dict[str, Any]:
        reply = recordings.get(name)
        try:
            data = reply.json() if reply is not None and reply.status == 200 else {}
        except ValueError:
            data = {}
        return data if isinstance(data, dict) else {}

    operation = recorded("operation")
    if operation.get("real_mode") in OPERATION_MODES:
        state.real_mode = operation["real_mode"]
    reserve = _number(operation.get("backup_reserve_percent"))
    if reserve is not None:
        state.backup_reserve_percent = reserve
    soe = _number(recorded("system_status.soe").get("percentage"))
    if soe is not None:
        state.soe = soe
    aggregates = recorded("meters.aggregates")
    for meter in ("solar", "load", "battery"):
        reading = aggregates.get(meter)
        power = _number(reading.get("instant_power")) if isinstance(reading, dict) else None
        if power is not None:
            setattr(state, meter, power)
    return state


Handler = Callable[[Incoming], Reply]


class Gateway:
    """Answers requests the way a gateway on ``profile`` does."""

    def __init__(
        self,
        profile: Profile,
        running: Recordings,
        stopped: Recordings,
        *,
        state: GatewayState,
        auth: Auth,
        email: str = "",
    ) -> None:
        self.profile = profile
        self.state = state
        self.auth = auth
        self.email = email
        self.din: str | None = None
        """The gateway's DIN in GET /api/status (None: the recorded one)."""
        self._running = running
        self._stopped = stopped
        self._actions: dict[tuple[str, str], Handler] = {
            LOGIN: self._login,
            LOGOUT: self._logout,
            ("GET", "sitemaster.stop"): self._sitemaster_stop,
            ("GET", "sitemaster.run"): self._sitemaster_run,
            ("GET", "config.completed"): self._config_completed,
            ("POST", "operation"): self._post_operation,
            ("POST", "v2.islanding.mode"): self._post_island_mode,
        }
        self._live: dict[str, Callable[[Reply], Reply]] = {
            "status": self._status,
            "sitemaster": self._sitemaster,
            "operation": self._operation,
            "meters.aggregates": self._aggregates,
            "system_status.soe": self._soe,
            "system_status.grid_status": self._grid_status,
            "system_status": self._system_status,
            "devices.vitals": self._vitals,
        }

    @property
    def recordings(self) -> Recordings:
        """What GETs answer from in the current state."""
        return self._running if self.state.running else self._stopped

    def handle(self, request: Incoming) -> Reply:
        """The answer to ``request``."""
        route = _route(request.path)
        if route is None:
            return not_found()
        action = self._actions.get((request.method, route))
        if action is not None and not self.profile.exists(route):
            action = None
        refusal = self._refusal(request, route, known=action is not None)
        if refusal is not None:
            return refusal
        if (
            action is not None
            and request.method == "POST"
            and (request.method, route) != LOGIN
            and not self.state.customer_writes
        ):
            return forbidden(request.method)
        if action is not None:
            try:
                return action(request)
            except _BadInputError as exc:
                return bad_request(str(exc))
        recorded = self.recordings[route]
        live = self._live.get(route)
        return live(recorded) if live is not None else recorded

    def _refusal(self, request: Incoming, route: str, *, known: bool) -> Reply | None:
        """404 for what this firmware lacks, 403 without a session, 502 while stopped."""
        if route == VITALS and not self.state.vitals:
            return not_found()
        if not known and (request.method != "GET" or route not in self.recordings):
            return not_found()
        public = (request.method, route) in (LOGIN, LOGOUT) or route in PUBLIC
        if not public and not self.auth.valid(request.token()):
            return forbidden(request.method)
        if request.method == "GET" and not self.state.running and route in STOPPED_502:
            return bad_gateway()
        return None

    # -- sessions --------------------------------------------------------------------------
    def _login(self, request: Incoming) -> Reply:
        if self.auth.locked:
            return api_error(429, "Api Limit reached for this endpoint", "API Limit Reached")
        data = _form_or_json(request)
        username, password = data.get("username"), data.get("password")
        if not isinstance(username, str) or not isinstance(password, str):
            username = password = ""
        if not _encodable(username + password):
            raise _BadInputError("invalid character in username or password")
        if self.auth.refuses_default(password):
            return api_error(401, "default password not supported", "Login Error")
        token = self.auth.login(username, password)
        if token is None:
            return api_error(401, "bad credentials", "Login Error")
        user = {
            "email": self.email,
            "firstname": "Tesla",
            "lastname": "Energy",
            "roles": ["Home_Owner"],
        }
        record = base64.urlsafe_b64encode(json.dumps(user).encode()).decode()
        cookies = (
            ("set-cookie", f"AuthCookie={token}; Path=/; HttpOnly; Secure; SameSite=Strict"),
            ("set-cookie", f"UserRecord={record}; Path=/; Secure; SameSite=Strict"),
        )
        body = {**user, "token": token, "provider": "Basic", "loginTime": _now()}
        return json_reply(body, extra=cookies)

    def _logout(self, request: Incoming) -> Reply:
        self.auth.end(request.token())
        return empty(204)

    # -- state changes ---------------------------------------------------------------------
    def _sitemaster_stop(self, request: Incoming) -> Reply:
        self.state.stop()
        return empty(202)

    def _sitemaster_run(self, request: Incoming) -> Reply:
        self.state.run()
        return empty(202)

    def _config_completed(self, request: Incoming) -> Reply:
        self.state.complete_config()
        return empty(202)

    def _post_operation(self, request: Incoming) -> Reply:
        data = _json_object(request.body)
        if "mode" not in data or "backup_reserve_percent" not in data:
            raise _BadInputError("mode and backup_reserve_percent are required")
        mode = data["mode"]
        if not isinstance(mode, str) or mode not in OPERATION_MODES:
            raise _BadInputError(f"invalid mode {mode!r}: one of {', '.join(OPERATION_MODES)}")
        reserve = _number(data["backup_reserve_percent"])
        if reserve is None or not 0 <= reserve <= 100:
            raise _BadInputError("backup_reserve_percent must be a number from 0 to 100")
        self.state.post_operation(mode, reserve)
        return json_reply({"mode": mode, "backup_reserve_percent": data["backup_reserve_percent"]})

    def _post_island_mode(self, request: Incoming) -> Reply:
        island_mode = _json_object(request.body).get("island_mode")
        if not isinstance(island_mode, str) or island_mode not in ISLAND_MODES:
            raise _BadInputError(
                f"invalid island_mode {island_mode!r}: one of {', '.join(ISLAND_MODES)}"
            )
        self.state.set_island_mode(island_mode)
        return json_reply({"island_mode": island_mode})

    # -- live answers (recordings with the state's values) ---------------------------------
    def _status(self, recorded: Reply) -> Reply:
        patches = {"version": self.profile.version, "din": self.din}
        fields = {key: value for key, value in patches.items() if value is not None}
        return _patched(recorded, **fields) if fields else recorded

    def _sitemaster(self, recorded: Reply) -> Reply:
        running = self.state.running
        return _patched(recorded, running=running, status="StatusUp" if running else "StatusDown")

    def _operation(self, recorded: Reply) -> Reply:
        return _patched(
            recorded,
            real_mode=self.state.real_mode,
            backup_reserve_percent=self.state.backup_reserve_percent,
        )

    def _aggregates(self, recorded: Reply) -> Reply:
        power = attrs.asdict(self.state.step())
        try:
            data = recorded.json()
        except ValueError:
            return recorded
        if not isinstance(data, dict):
            return recorded
        now = _now()
        for meter, watts in power.items():
            if isinstance(data.get(meter), dict):
                data[meter] = {
                    **data[meter],
                    "instant_power": watts,
                    "last_communication_time": now,
                }
        return json_reply(data)

    def _soe(self, recorded: Reply) -> Reply:
        self.state.step()
        return _patched(recorded, percentage=self.state.soe)

    def _grid_status(self, recorded: Reply) -> Reply:
        return _patched(recorded, grid_status=self.state.grid_status)

    def _system_status(self, recorded: Reply) -> Reply:
        """The grid state, and the energy remaining that the state of energy implies (for the
        whole system and each battery block)."""

        def edit(data: dict[str, Any]) -> None:
            data["system_island_state"] = self.state.grid_status
            blocks = data.get("battery_blocks")
            parts = [data, *(blocks if isinstance(blocks, list) else [])]
            for part in (part for part in parts if isinstance(part, dict)):
                full = _number(part.get("nominal_full_pack_energy"))
                if full is not None:
                    part["nominal_energy_remaining"] = round(full * self.state.soe / 100)

        return _edited(recorded, edit)

    def _vitals(self, recorded: Reply) -> Reply:
        if recorded.status != 200:
            return recorded
        return attrs.evolve(recorded, body=live_vitals(recorded.body, self.state.soe))
