"""``pw.tedapi``: the gateway's protobuf API, over v1 (Wi-Fi, gateway password) or v1r (signed).

Every call sends protobuf bodies built by :mod:`powerwall_async.tedapi` through the client's
session: one gateway, one cooldown (a 429 or 503 here keeps REST back too, and the other way
round), at most ``tedapi_in_flight`` TEDAPI requests at a time (1 by default), answers decoded
in a worker thread within the call's deadline. The path is chosen once per client
(:attr:`TedapiGroup.path`): v1 when ``gateway_password`` is given, v1r when only
``tedapi_key`` is.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import anyio.to_thread
import attrs

from .._endpoint import Endpoint
from .._errors import ApiError, AuthenticationError, RateLimitedError, ResponseFormatError
from .._outgoing import Binary
from .._sharing import SingleFlight
from ..models.tedapi import (
    BatteryType,
    Components,
    DeviceStatus,
    GatewayConfig,
    Site,
    SystemInfo,
    build_site,
    parse_components,
    parse_status,
)
from ..tedapi import _commands, _edits
from ..tedapi._commands import AuthorizedClient, BackupEvent
from ..tedapi._edits import EXPORT_RULES, OPERATION_MODES
from ..tedapi._errors import (
    GatewayRefusedError,
    GraphQLQueryError,
    V1rBusyError,
    V1rError,
    V1rFollowerUnreachableError,
    V1rKeyRequiredError,
)
from ..tedapi._messages import (
    DIN_PATH,
    V1_CONTENT_TYPE,
    V1_PATH,
    ConfigFile,
    QueryResult,
    build_config_request,
    build_query_request,
    build_system_info_request,
    decode_din_response,
    decode_v1_response,
    query_envelope,
    read_config,
    read_query,
    system_info_envelope,
)
from ..tedapi._queries import QuerySet, SignedQuery, components_query, status_query
from ..tedapi._v1r import V1R_PATH
from . import _tedapi_answers as answers
from ._group import Group, action, read

if TYPE_CHECKING:
    from .._auth import GatewayBasic, SignedRequests
    from .._proto import tedapi as pb

__all__ = [
    "DEFAULT_QUERY_SET",
    "DIN",
    "EXPORT_RULES",
    "OPERATION_MODES",
    "AuthorizedClient",
    "BackupEvent",
    "TedapiGroup",
    "TedapiPath",
]

T = TypeVar("T")
TedapiPath = Literal["v1", "v1r"]

logger = logging.getLogger("powerwall_async")

DEFAULT_QUERY_SET = QuerySet.V2024_06
"""The query set tried first: accepted by every firmware seen through 2026, and its variables
select more data than the 2026 set. A gateway that refuses it gets the other set, and the
client keeps to the set that answered."""
_CONFIG_KEY = "tedapi:config.json"
_PW3 = (BatteryType.POWERWALL_3, BatteryType.POWERWALL_3_FOLLOWER)
_NOT_SERVED = (
    "404 (EndpointNotSupportedError) where the gateway does not serve TEDAPI (Gateway 1, or a "
    "device that is not a Tesla energy gateway or Powerwall 3)."
)
_V1R_ONLY = "v1r only (tedapi_key=): v1 offers no writes."
_ISLAND = (
    "v1r only. Reports disagree on whether every firmware acts on it: the result says whether "
    "the islanding state changed."
)
_FOLLOWER = (
    "Powerwall 3 followers, over v1 only (v1r reaches the leader alone); 404 on firmware that "
    "does not route to units."
)


DIN = Endpoint[str](
    "tedapi",
    "din",
    "GET",
    DIN_PATH,
    str,
    auth="tedapi",
    root="",
    doc="The DIN of the gateway (or leading Powerwall 3), as plain text.",
    firmware=_NOT_SERVED,
)
"""``GET /tedapi/din``: the first request of every TEDAPI conversation. Declared here rather
than on the group: the recorder and the prober ask every declared GET, and this one needs
TEDAPI's credentials."""


class TedapiGroup(Group):
    """TEDAPI: system information, configuration, status and Powerwall 3 components.

    Reads go over v1 (``POST /tedapi/v1``, HTTP Basic with ``gateway_password``, only from
    the gateway's Wi-Fi since firmware 25.10) when a gateway password is given, otherwise
    over v1r (``POST /tedapi/v1r`` signed with ``tedapi_key``, over the wired LAN too).
    """

    __slots__ = ("_din", "_flights", "_query_set")

    def __init__(self, session: Any) -> None:
        super().__init__(session)
        self._din: str | None = None
        self._query_set: QuerySet | None = None
        self._flights: SingleFlight[str, Any] = SingleFlight()
        """Concurrent first reads of the DIN, or of the config, share one request."""

    # -- which path ------------------------------------------------------------------------
    @property
    def path(self) -> TedapiPath:
        """``"v1"`` or ``"v1r"``: the path reads take (v1 whenever a gateway password is
        given; v1r with only ``tedapi_key=``)."""
        basic: GatewayBasic = self._session.auths["tedapi"]  # type: ignore[assignment]
        if basic.missing() and self._signer().configured:
            return "v1r"
        return "v1"

    @property
    def query_set(self) -> QuerySet:
        """The signed query set this client sends (the one the gateway last accepted)."""
        return self._query_set or DEFAULT_QUERY_SET

    def _signer(self) -> SignedRequests:
        signer: SignedRequests = self._session.auths["v1r"]  # type: ignore[assignment]
        return signer

    # -- reads -----------------------------------------------------------------------------
    async def din(self) -> str:
        """The DIN of the gateway (or leading Powerwall 3): ``<part number>--<serial>``.

        ``GET /tedapi/din``, read once per client (over v1r with the customer login's session).
        """
        if self._din is None:
            endpoint = DIN if self.path == "v1" else attrs.evolve(DIN, auth="customer")

            async def fetch() -> str:
                return await self._session.exchange(endpoint, DIN_PATH, None, decode_din_response)

            self._din = await self._flights.run("din", fetch)
        return self._din

    @read(V1_PATH, root="", method="POST", auth="tedapi", firmware=_NOT_SERVED)
    async def system_info(self) -> SystemInfo:
        """Firmware version and git hash, DIN, device type and update state."""
        din = await self.din()
        return await self._ask(
            self.declaration("system_info"),
            lambda: build_system_info_request(din),
            lambda: system_info_envelope(din),
            answers.system_info,
        )

    @read(V1_PATH, root="", method="POST", auth="tedapi", firmware=_NOT_SERVED)
    async def config(self) -> GatewayConfig:
        """The gateway's configuration (``config.json``) typed, with the file hash writes need.

        Kept 60 s by default (``cache_ttl={"tedapi.config": seconds}``); any write clears it.
        """
        cached: GatewayConfig | None = self._session.cached(_CONFIG_KEY)
        if cached is not None:
            return cached
        din = await self.din()
        from ..tedapi._v1r import build_v1r_config_envelope

        async def fetch() -> GatewayConfig:
            value = await self._ask(
                self.declaration("config"),
                lambda: build_config_request(din),
                lambda: build_v1r_config_envelope(din),
                answers.gateway_config,
            )
            self._session.keep(_CONFIG_KEY, "tedapi.config", value)
            return value

        config: GatewayConfig = await self._flights.run("config", fetch)
        return config

    @read(V1_PATH, root="", method="POST", auth="tedapi", firmware=_NOT_SERVED)
    async def status(self) -> DeviceStatus:
        """The DeviceController answer: energy, meters, islanding, alerts, CAN buses."""
        din = await self.din()
        data = await self._query(self.declaration("status"), din, status_query, "status")
        return parse_status(data)

    @read(V1_PATH, root="", method="POST", auth="tedapi", firmware=_NOT_SERVED)
    @read("/tedapi/device/{din}/v1", root="", method="POST", auth="tedapi", firmware=_FOLLOWER)
    async def components(self, din: str | None = None) -> Components:
        """Powerwall 3 components (PCH with PV strings A-F, BMS, HVP, BAGGR) of the leader, or
        of the unit ``din`` (a follower: over v1 only).

        Over v1r a follower raises :class:`V1rFollowerUnreachableError` without sending: the
        leader answers every v1r request with its own data.
        """
        leader = await self.din()
        if din is None or din == leader:
            declared = self.declaration("components")
            data = await self._query(declared, leader, components_query, "components")
        elif self.path == "v1r":
            raise V1rFollowerUnreachableError(
                f"the Powerwall {din} is a follower, which v1r cannot reach (the leader "
                "answers for itself only): read it over the Wi-Fi path with gateway_password="
            )
        else:
            declared = self.declaration("components", 1)
            data = await self._query(
                declared, din, components_query, "components", leader_din=leader, args=(din,)
            )
        return parse_components(data)

    async def site(self) -> Site:
        """Every battery unit, PV string, inverter and meter, the grid state and alerts, from
        ``config()``, ``status()`` and each Powerwall 3's ``components()``.

        A unit that does not answer (any follower over v1r) is in the site with
        ``reachable=False`` and its values ``None``; never another unit's data.
        """
        config = await self.config()
        status = await self.status()
        leader = await self.din()
        answers: dict[str, Components | None] = {}
        notes: list[str] = []
        for block in config.battery_blocks:
            if block.type in _PW3 and block.din not in answers:
                answers[block.din] = await self._unit(block.din, leader, notes)
        return attrs.evolve(build_site(config, status, answers), notes=tuple(notes))

    async def _unit(self, din: str, leader: str, notes: list[str]) -> Components | None:
        """A Powerwall 3's components, or ``None`` (and a note) when it cannot be read."""
        if din != leader and self.path == "v1r":
            notes.append(
                f"the follower {din} is not reachable over v1r (the leader answers for itself "
                "only): read it over the Wi-Fi path with gateway_password="
            )
            return None
        try:
            return await self.components(None if din == leader else din)
        except (AuthenticationError, RateLimitedError):
            raise
        except (
            ApiError,
            ResponseFormatError,
            GatewayRefusedError,
            GraphQLQueryError,
            V1rError,
        ) as error:
            logger.info("the Powerwall %s did not answer its components: %s", din, error)
            notes.append(f"the Powerwall {din} did not answer ({type(error).__name__})")
            return None

    # -- the exchanges -----------------------------------------------------------------------
    async def _query(
        self,
        declared: Endpoint[Any],
        din: str,
        which: Callable[[QuerySet], SignedQuery],
        what: str,
        *,
        leader_din: str | None = None,
        args: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        """Run the signed query ``which`` picks, in this client's set first, then the other
        set if the gateway refuses it (and keep to the set that answered)."""
        first = self.query_set
        sets = (first, *(other for other in QuerySet if other is not first))
        result: QueryResult | None = None
        for query_set in sets:
            query = which(query_set)
            result = await self._ask(
                declared,
                functools.partial(build_query_request, din, query, leader_din=leader_din),
                functools.partial(query_envelope, din, query),
                answers.read_with(read_query),
                args=args,
                follower=leader_din and din,
            )
            if answers.refused(result):
                logger.info("the gateway refused the %s queries; trying the next set", query_set)
                continue
            self._query_set = query_set
            if result.data is None:
                raise answers.query_error(result, what)
            if result.errors:
                logger.debug("the %s query answered in part: %s", what, result.errors)
            return result.data
        assert result is not None
        raise answers.query_error(result, what)

    async def _ask(
        self,
        declared: Endpoint[Any],
        v1_body: Callable[[], bytes],
        v1r_envelope: Callable[[], pb.MessageEnvelope],
        read_answer: Callable[[pb.MessageEnvelope, str], T],
        *,
        args: tuple[str, ...] = (),
        follower: str | None = None,
    ) -> T:
        """One exchange over this client's path: the request built, sent, decoded and read."""
        if self.path == "v1":
            path = declared.url_path(*args)
            where = f"POST {path}"

            def decoded(data: bytes) -> T:
                return read_answer(decode_v1_response(data, where=where), where)

            body = Binary(v1_body(), V1_CONTENT_TYPE)
            return await self._session.exchange(declared, path, body, decoded)
        return await self._signed(declared, v1r_envelope(), read_answer, follower=follower)

    async def _signed(
        self,
        declared: Endpoint[Any],
        envelope: pb.MessageEnvelope,
        read_answer: Callable[[pb.MessageEnvelope, str], T],
        *,
        follower: str | None = None,
    ) -> T:
        """One v1r exchange: ``envelope`` signed with the owner's key (in a worker thread: a
        4096-bit signature takes milliseconds), sent, its faults raised as typed errors."""
        from ..tedapi._v1r import (
            V1R_CONTENT_TYPE,
            V1R_PATH,
            build_v1r_request,
            decode_v1r_response,
        )

        signer = self._signer()
        leader = await self.din()
        body = await anyio.to_thread.run_sync(
            lambda: build_v1r_request(envelope, din=leader, key=signer.key())
        )
        endpoint = attrs.evolve(declared, path=V1R_PATH, auth="v1r")
        where = f"POST {V1R_PATH}"

        def decoded(data: bytes) -> T:
            answer = decode_v1r_response(
                data, follower_din=follower, key_fingerprint=signer.fingerprint
            )
            return read_answer(answer, where)

        try:
            return await self._session.exchange(
                endpoint, V1R_PATH, Binary(body, V1R_CONTENT_TYPE), decoded
            )
        except V1rBusyError as error:
            self._session.gate.back_off(error, error.retry_after or 0.0)
            raise

    # -- controls (v1r) --------------------------------------------------------------------
    @action("POST", V1R_PATH, root="", auth="v1r", firmware=_V1R_ONLY)
    async def set_backup_reserve(
        self, *, app: float | None = None, raw: float | None = None
    ) -> GatewayConfig:
        """Set the backup reserve, on exactly one scale: ``app=`` (as the Tesla app shows it)
        or ``raw=`` (the gateway's); returns the configuration read back.

        Like every setting, a read-modify-write of ``config.json`` with its hash: a change
        made by someone else in between raises :class:`WriteConflictError` (nothing is
        overwritten, nothing retried).
        """
        return await self._write_config(
            self.set_backup_reserve,
            functools.partial(_edits.with_backup_reserve, app=app, raw=raw),
        )

    @action("POST", V1R_PATH, root="", auth="v1r", firmware=_V1R_ONLY)
    async def set_operation_mode(self, mode: str) -> GatewayConfig:
        """Set the operation mode: ``self_consumption``, ``autonomous`` or ``backup``."""
        edit = functools.partial(_edits.with_operation_mode, mode=mode)
        return await self._write_config(self.set_operation_mode, edit)

    @action("POST", V1R_PATH, root="", auth="v1r", firmware=_V1R_ONLY)
    async def set_export_rule(self, rule: str) -> GatewayConfig:
        """Set what may be exported: ``battery_ok``, ``pv_only`` or ``never``."""
        edit = functools.partial(_edits.with_export_rule, rule=rule)
        return await self._write_config(self.set_export_rule, edit)

    @action("POST", V1R_PATH, root="", auth="v1r", firmware=_V1R_ONLY)
    async def set_grid_charging(self, allowed: bool) -> GatewayConfig:
        """Allow or forbid charging the battery from the grid."""
        edit = functools.partial(_edits.with_grid_charging, allowed=allowed)
        return await self._write_config(self.set_grid_charging, edit)

    @action("POST", V1R_PATH, root="", auth="v1r", firmware=_V1R_ONLY)
    async def set_solar_curtailment(self, enabled: bool) -> GatewayConfig:
        """Turn on-grid solar curtailment on or off."""
        edit = functools.partial(_edits.with_solar_curtailment, enabled=enabled)
        return await self._write_config(self.set_solar_curtailment, edit)

    @action("POST", V1R_PATH, root="", auth="v1r", firmware=_V1R_ONLY)
    async def set_site_limits(
        self, *, import_kw: float | None = None, export_kw: float | None = None
    ) -> GatewayConfig:
        """Set the site's grid limits in kW: ``import_kw`` 0 or more, ``export_kw`` 0 or
        less (the meter counts export as negative: ``-5`` allows 5 kW)."""
        edit = functools.partial(_edits.with_site_limits, import_kw=import_kw, export_kw=export_kw)
        return await self._write_config(self.set_site_limits, edit)

    @action("POST", V1R_PATH, root="", auth="v1r", firmware=_ISLAND)
    async def go_off_grid(self) -> bool:
        """Take the site off the grid; ``True`` when the islanding state then shows it off
        the grid, ``False`` when the gateway took the command but the state did not change
        (a warning is logged)."""
        return await self._island(self.go_off_grid, off_grid=True)

    @action("POST", V1R_PATH, root="", auth="v1r", firmware=_ISLAND)
    async def go_on_grid(self) -> bool:
        """Reconnect the site to the grid; ``True`` when the islanding state then shows it
        connected, ``False`` when it did not change (a warning is logged)."""
        return await self._island(self.go_on_grid, off_grid=False)

    @read(V1R_PATH, root="", method="POST", auth="v1r", firmware=_V1R_ONLY)
    async def backup_events(self) -> tuple[BackupEvent, ...]:
        """The backup events the gateway holds, the manual one first."""
        din = await self._writable_din()
        from ..tedapi._v1r import build_v1r_backup_events_envelope

        return await self._signed(
            self.declaration("backup_events"),
            build_v1r_backup_events_envelope(din),
            answers.read_with(_commands.read_backup_events),
        )

    @action("POST", V1R_PATH, root="", auth="v1r", firmware=_V1R_ONLY)
    async def schedule_backup(self, start: dt.datetime, duration: dt.timedelta | int) -> None:
        """Schedule the manual backup event from ``start`` (a datetime with a time zone) for
        ``duration`` (a timedelta, or seconds). A gateway holds one: cancel it first."""
        if isinstance(duration, dt.timedelta):
            seconds = duration.total_seconds()
            if not seconds.is_integer():
                raise ValueError(f"a backup event lasts whole seconds, not {seconds} s")
            duration = int(seconds)
        din = await self._writable_din()
        envelope = _commands.build_v1r_schedule_backup_envelope(din, start, duration)
        await self._signed(
            self.declaration("schedule_backup"),
            envelope,
            answers.read_with(_commands.read_backup_scheduled),
        )

    @action("POST", V1R_PATH, root="", auth="v1r", firmware=_V1R_ONLY)
    async def cancel_backup(self) -> None:
        """Cancel the manual backup event."""
        din = await self._writable_din()
        await self._signed(
            self.declaration("cancel_backup"),
            _commands.build_v1r_cancel_backup_envelope(din),
            answers.read_with(_commands.read_backup_cancelled),
        )

    @read(V1R_PATH, root="", method="POST", auth="v1r", firmware=_V1R_ONLY)
    async def authorized_clients(self) -> tuple[AuthorizedClient, ...]:
        """The keys authorized to send signed requests: the Tesla app's, yours, vehicles'."""
        din = await self._writable_din()
        return await self._signed(
            self.declaration("authorized_clients"),
            _commands.build_v1r_authorized_clients_envelope(din),
            answers.read_with(_commands.read_authorized_clients),
        )

    @action("POST", V1R_PATH, root="", auth="v1r", firmware=_V1R_ONLY)
    async def remove_authorized_client(self, client: AuthorizedClient | bytes) -> None:
        """Remove an authorized client (one of :meth:`authorized_clients`, or its public
        key's DER bytes). Removing your own key ends your v1r access."""
        public_key = client.public_key if isinstance(client, AuthorizedClient) else client
        din = await self._writable_din()
        await self._signed(
            self.declaration("remove_authorized_client"),
            _commands.build_v1r_remove_client_envelope(din, public_key),
            answers.read_with(_commands.read_client_removed),
        )

    # -- how controls are sent -------------------------------------------------------------
    async def _writable_din(self) -> str:
        if not self._signer().configured:
            raise V1rKeyRequiredError(
                "TEDAPI settings and commands go over v1r: pass tedapi_key= (the RSA key "
                "registered for this site); v1 with the gateway password only reads",
                status=401,
                path=V1R_PATH,
            )
        return await self.din()

    async def _read_config_file(self, din: str) -> ConfigFile:
        from ..tedapi._v1r import build_v1r_config_envelope

        declared = self.declaration("config")
        envelope = build_v1r_config_envelope(din)
        return await self._signed(declared, envelope, answers.read_with(read_config))

    async def _write_config(
        self, method: Callable[..., Any], edit: Callable[[Mapping[str, Any]], dict[str, Any]]
    ) -> GatewayConfig:
        """Read ``config.json`` with its hash, apply ``edit``, write it back under that hash;
        a refused write is told apart (conflict or rejection) by the hash read again."""
        edit({})  # the arguments are checked before anything is sent
        din = await self._writable_din()
        file = await self._read_config_file(din)
        blob = _edits.config_blob(edit(file.data))
        answer = await self._signed(
            self.declaration(method.__name__),
            _commands.build_v1r_config_update_envelope(din, blob, file.hash),
            lambda envelope, _: _commands.read_config_update(envelope),
        )
        if not answer.accepted:
            current = await self._read_config_file(din)
            raise _commands.failed_write_error(file.hash, current.hash, detail=answer.detail)
        return await self.config()  # the write cleared the cached one: read back

    async def _island(self, method: Callable[..., Any], *, off_grid: bool) -> bool:
        din = await self._writable_din()
        await self._signed(
            self.declaration(method.__name__),
            _commands.build_v1r_island_mode_envelope(din, off_grid=off_grid),
            answers.read_with(_commands.read_island_mode),
        )
        grid = (await self.status()).grid_status
        if not answers.island_confirmed(grid, off_grid=off_grid):
            logger.warning(
                "the gateway accepted the island-mode command, but its grid status is %s: "
                "this firmware may not act on it",
                grid,
            )
            return False
        return True
