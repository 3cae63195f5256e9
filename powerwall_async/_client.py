"""The public client: ``Powerwall`` with its endpoint groups as sub-namespaces."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import anyio.lowlevel

from ._auth import CustomerLogin, strategies
from ._session import Session
from .api._namespace import Namespace
from .transports import Transport, traits, transport_for_url
from .transports._base import DEFAULT_TIMEOUT
from .transports._limits import check_seconds

if TYPE_CHECKING:
    import cattrs

    from .api.auth import AuthGroup
    from .api.autoconfig import AutoconfigGroup
    from .api.config import ConfigGroup
    from .api.customer import CustomerGroup
    from .api.devices import DevicesGroup
    from .api.generators import GeneratorsGroup
    from .api.installer import InstallerGroup
    from .api.islanding import IslandingGroup
    from .api.legal import LegalGroup
    from .api.logging import LoggingGroup
    from .api.meters import MetersGroup
    from .api.networks import NetworksGroup
    from .api.operation import OperationGroup
    from .api.password import PasswordGroup
    from .api.powerwalls import PowerwallsGroup
    from .api.site_info import SiteInfoGroup
    from .api.sitemaster import SitemasterGroup
    from .api.solar_powerwall import SolarPowerwallGroup
    from .api.solars import SolarsGroup
    from .api.status import StatusGroup
    from .api.synchrometer import SynchrometerGroup
    from .api.system import SystemGroup
    from .api.system_status import SystemStatusGroup
    from .api.tedapi import TedapiGroup
    from .api.troubleshooting import TroubleshootingGroup
    from .models.capabilities import Capabilities
    from .tedapi._keys import KeySource

__all__ = ["Powerwall"]

DEFAULT_LOCKOUT_COOLDOWN = 300.0
TEDAPI_CONFIG_TTL = 60.0
"""Seconds ``pw.tedapi.config()`` is kept by default (it rarely changes; any write clears it)."""
TEDAPI_PREFIX = "/tedapi/"


@functools.cache
def _client_options() -> frozenset[str]:
    """The keyword arguments of :class:`Powerwall` that :meth:`Powerwall.connect` forwards."""
    import inspect

    parameters = inspect.signature(Powerwall.__init__).parameters.values()
    names = {p.name for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY}
    return frozenset(names - {"close_transport"})


class Powerwall:
    """A client for one gateway. Use it as ``async with``; it closes what it opened.

    ``Powerwall(transport, ...)`` takes any :class:`~powerwall_async.transports.Transport`;
    :meth:`connect` builds the transport from a URL. ``token`` is a session token saved from
    an earlier run (``pw.token``): reusing it avoids a fresh login, which is what gets
    clients locked out. Logging in happens on the first call that needs it.

    ``gateway_password`` is the gateway's Wi-Fi password (on its label), the credentials of
    the endpoints reached with HTTP Basic (TEDAPI v1); ``tedapi_key`` the RSA key registered
    for the signed path v1r (a path, PEM bytes or a loaded key; it needs the ``v1r`` extra).
    With a key and no ``password``, the customer login (which v1r needs to read the DIN)
    uses the last five characters of ``gateway_password``. Neither is ever logged nor shown
    in a repr. ``pw.tedapi.path`` says which TEDAPI path reads take.

    Gentle by default: at most ``max_in_flight`` requests on the wire (2 over HTTP/1.1; 7
    when the transport offers HTTP/2, as the TLS transport does by default: they are then
    streams of one connection, and Home Assistant's seven polled reads take one round trip;
    TEDAPI requests at most ``tedapi_in_flight``, 1: the Powerwall 3's access point is
    fragile), identical GETs in flight at the same time merged into one (``merge_requests``),
    transient failures of calls that are safe to repeat retried ``max_retries`` times with
    backoff, nothing sent during a rate-limit cooldown (``lockout_cooldown`` when the gateway
    names no time).
    ``cache_ttl`` (seconds, for all GETs, or per endpoint as ``{"meters.aggregates": 5}``)
    keeps answers for a while; any write clears it. ``pw.tedapi.config()`` is kept for
    60 s unless ``cache_ttl`` names ``"tedapi.config"``. ``timeout`` bounds each request,
    ``deadline`` a whole call with its retries (both more than 0 and at most a day). A call
    sends at most ``1 + max_retries`` requests, plus one re-authentication and one re-send
    after it (the tuning guide explains the budget).
    """

    def __init__(
        self,
        transport: Transport,
        *,
        password: str | None = None,
        email: str = "",
        token: str | None = None,
        gateway_password: str | None = None,
        tedapi_key: KeySource | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        deadline: float | None = None,
        max_retries: int = 2,
        lockout_cooldown: float = DEFAULT_LOCKOUT_COOLDOWN,
        max_in_flight: int | None = None,
        tedapi_in_flight: int = 1,
        merge_requests: bool = True,
        cache_ttl: float | Mapping[str, float] | None = None,
        close_transport: bool = True,
        converter: cattrs.Converter | None = None,
    ) -> None:
        peer = traits(transport)
        if password is None and tedapi_key is not None and gateway_password:
            password = gateway_password[-5:]  # the customer password set at the factory
        self._customer = CustomerLogin(
            password=password, email=email, token=token, enabled=peer.logins
        )
        ttls = {"*": cache_ttl} if isinstance(cache_ttl, int | float) else dict(cache_ttl or {})
        ttls.setdefault("tedapi.config", TEDAPI_CONFIG_TTL)
        self._session = Session(
            transport,
            strategies(self._customer, gateway_password=gateway_password, tedapi_key=tedapi_key),
            timeout=timeout,
            deadline=deadline,
            max_retries=max_retries,
            lockout_cooldown=lockout_cooldown,
            max_in_flight=max_in_flight if max_in_flight is not None else peer.max_in_flight,
            family_in_flight={TEDAPI_PREFIX: tedapi_in_flight},
            merge_requests=merge_requests,
            cache_ttl=ttls,
            converter=converter,
        )
        self._close_transport = close_transport

    @classmethod
    def connect(cls, url: str, **options: Any) -> Powerwall:
        """A client for the gateway at ``url``; the scheme picks the transport.

        ``options`` are this class's keyword arguments (``password``, ``timeout``, ...; all but
        ``close_transport``: the client closes the transport it made) and the transport's:
        ``https://HOST[:PORT]`` takes the TLS options ``pin_sha256``, ``cafile``, ``cadata``,
        ``verify``, ``sni_hostname``, ``http2`` and ``http_client``;
        ``fixture:///path/to/recordings`` replays recorded responses. The transport is also
        given ``timeout``.
        """
        client = {name: options.pop(name) for name in _client_options() if name in options}
        timeout = check_seconds("timeout", client.get("timeout", DEFAULT_TIMEOUT))
        transport = transport_for_url(url, timeout=timeout, **options)
        return cls(transport, **client)

    def __repr__(self) -> str:
        logged_in = "with a session" if self.token else "no session"
        return f"<Powerwall via {self._session.transport!r}, {logged_in}>"

    # -- lifecycle -------------------------------------------------------------------------
    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Cancel the calls in flight (they raise ``PowerwallError``), then close the transport
        (unless it was handed in with ``close_transport=False``). Closing twice is harmless."""
        self._session.close()
        await anyio.lowlevel.checkpoint()  # let the cancelled calls leave the transport
        if self._close_transport:
            await self._session.transport.aclose()

    # -- session ---------------------------------------------------------------------------
    @property
    def token(self) -> str | None:
        """The session token; save it and pass it back as ``token=`` next time."""
        return self._customer.token

    async def login(self) -> None:
        """Log in now. Optional: the first call that needs a session logs in by itself."""
        await self._session.run(self._customer.login(self._session))

    async def logout(self) -> bool:
        """End the session on the gateway and forget the token.

        Returns True when the gateway ended a session, False when there was none or the gateway
        had already ended it. Never logs in just to log out.
        """
        return await self._session.run(self._customer.logout(self._session))

    async def request(self, method: str, path: str, json: object = None) -> Any:
        """The escape hatch: any endpoint, with login and errors handled.

        ``path`` starting with ``/`` is sent as given (``/api/status``, ``/tedapi/din``); a
        relative one goes under ``/api/`` (``meters/aggregates``). Returns decoded JSON,
        ``bytes`` for binary answers, or ``None`` for an empty one.
        """
        return await self._session.request(method, path, json_body=json)

    async def capabilities(self) -> Capabilities:
        """What this gateway offers: firmware version, device type, whether it is restricted
        (answers only meters/aggregates, system_status/soe and grid_status, as Powerwall 3
        does), and which endpoint groups answer.

        Sends one cheap, safe GET per group, one at a time (about twenty requests); 404s are
        remembered by the client and not asked again.
        """
        from .api.capabilities import probe_capabilities

        return await probe_capabilities(self)

    # -- endpoint groups: each imports its module (and models) on first use ------------------
    # This list is the one list of groups: the endpoint registry and the docs read it.
    status: Namespace[StatusGroup] = Namespace()
    meters: Namespace[MetersGroup] = Namespace()
    system_status: Namespace[SystemStatusGroup] = Namespace()
    operation: Namespace[OperationGroup] = Namespace()
    config: Namespace[ConfigGroup] = Namespace()
    sitemaster: Namespace[SitemasterGroup] = Namespace()
    islanding: Namespace[IslandingGroup] = Namespace()
    site_info: Namespace[SiteInfoGroup] = Namespace()
    powerwalls: Namespace[PowerwallsGroup] = Namespace()
    networks: Namespace[NetworksGroup] = Namespace()
    solars: Namespace[SolarsGroup] = Namespace()
    generators: Namespace[GeneratorsGroup] = Namespace()
    devices: Namespace[DevicesGroup] = Namespace()
    customer: Namespace[CustomerGroup] = Namespace()
    installer: Namespace[InstallerGroup] = Namespace()
    system: Namespace[SystemGroup] = Namespace()
    auth: Namespace[AuthGroup] = Namespace()
    autoconfig: Namespace[AutoconfigGroup] = Namespace()
    logging: Namespace[LoggingGroup] = Namespace()
    password: Namespace[PasswordGroup] = Namespace()
    solar_powerwall: Namespace[SolarPowerwallGroup] = Namespace()
    synchrometer: Namespace[SynchrometerGroup] = Namespace()
    troubleshooting: Namespace[TroubleshootingGroup] = Namespace()
    legal: Namespace[LegalGroup] = Namespace()
    tedapi: Namespace[TedapiGroup] = Namespace()
