"""The public client: ``Powerwall`` with its endpoint groups as sub-namespaces."""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import anyio.lowlevel

from ._session import Session
from .api._namespace import Namespace
from .transports import Transport, transport_for_url

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
    from .api.troubleshooting import TroubleshootingGroup
    from .models.capabilities import Capabilities

__all__ = ["Powerwall"]

DEFAULT_TIMEOUT = 10.0
DEFAULT_LOCKOUT_COOLDOWN = 300.0


def _in_flight_for(transport: Transport) -> int:
    """Two requests in flight; four over HTTP/2, where they share one connection's streams
    (seven polled endpoints then take two round trips instead of four)."""
    return 4 if getattr(transport, "http2", False) else 2  # third-party transports may lack it


class Powerwall:
    """A client for one gateway. Use it as ``async with``; it closes what it opened.

    ``Powerwall(transport, ...)`` takes any :class:`~powerwall_async.transports.Transport`;
    :meth:`connect` builds the transport from a URL. ``token`` is a session token saved from
    an earlier run (``pw.token``): reusing it avoids a fresh login, which is what gets
    clients locked out. Logging in happens on the first call that needs it.

    Gentle by default: at most ``max_in_flight`` requests on the wire (2; 4 over HTTP/2,
    where they are streams of one connection), identical GETs in
    flight at the same time merged into one (``merge_requests``), transient failures of
    calls that are safe to repeat retried ``max_retries`` times with backoff, nothing sent
    during a rate-limit cooldown (``lockout_cooldown`` when the gateway names no time).
    ``cache_ttl`` (seconds, for all GETs, or per endpoint as ``{"meters.aggregates": 5}``)
    keeps answers for a while; any write clears it. ``timeout`` bounds each request,
    ``deadline`` a whole call with its retries.
    """

    def __init__(
        self,
        transport: Transport,
        *,
        password: str | None = None,
        email: str = "",
        token: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        deadline: float | None = None,
        max_retries: int = 2,
        lockout_cooldown: float = DEFAULT_LOCKOUT_COOLDOWN,
        max_in_flight: int | None = None,
        merge_requests: bool = True,
        cache_ttl: float | Mapping[str, float] | None = None,
        close_transport: bool = True,
        converter: cattrs.Converter | None = None,
    ) -> None:
        self._session = Session(
            transport,
            password=password,
            email=email,
            token=token,
            timeout=timeout,
            deadline=deadline,
            max_retries=max_retries,
            lockout_cooldown=lockout_cooldown,
            max_in_flight=max_in_flight if max_in_flight is not None else _in_flight_for(transport),
            merge_requests=merge_requests,
            cache_ttl=cache_ttl,
            converter=converter,
        )
        self._close_transport = close_transport

    @classmethod
    def connect(
        cls,
        url: str,
        *,
        password: str | None = None,
        email: str = "",
        token: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        deadline: float | None = None,
        max_retries: int = 2,
        lockout_cooldown: float = DEFAULT_LOCKOUT_COOLDOWN,
        max_in_flight: int | None = None,
        merge_requests: bool = True,
        cache_ttl: float | Mapping[str, float] | None = None,
        converter: cattrs.Converter | None = None,
        **transport_options: Any,
    ) -> Powerwall:
        """A client for the gateway at ``url``; the scheme picks the transport.

        ``https://HOST[:PORT]`` takes the TLS options ``pin_sha256``, ``cafile``, ``cadata``,
        ``verify``, ``sni_hostname``, ``http2`` and ``http_client``;
        ``fixture:///path/to/recordings`` replays recorded responses.
        """
        transport = transport_for_url(url, timeout=timeout, **transport_options)
        return cls(
            transport,
            password=password,
            email=email,
            token=token,
            timeout=timeout,
            deadline=deadline,
            max_retries=max_retries,
            lockout_cooldown=lockout_cooldown,
            max_in_flight=max_in_flight,
            merge_requests=merge_requests,
            cache_ttl=cache_ttl,
            converter=converter,
        )

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
        return self._session.token

    async def login(self) -> None:
        """Log in now. Optional: the first call that needs a session logs in by itself."""
        await self._session.login()

    async def logout(self) -> bool:
        """End the session on the gateway and forget the token.

        Returns True when the gateway ended a session, False when there was none or the gateway
        had already ended it. Never logs in just to log out.
        """
        return await self._session.logout()

    async def request(self, method: str, path: str, json: object = None) -> Any:
        """The escape hatch: any endpoint, with login and errors handled.

        Returns decoded JSON, ``bytes`` for binary answers, or ``None`` for an empty one.
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
