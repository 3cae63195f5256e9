"""Running the simulator: hypercorn over real TLS on 127.0.0.1, under asyncio or trio."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
import ssl
from collections.abc import AsyncIterator
from pathlib import Path

import anyio
import anyio.to_thread
import sniffio
from hypercorn.config import Config, Sockets

from ..transports._certs import GATEWAY_SNI_NAMES
from ._app import SimulatorApp
from ._auth import Auth, LoginLimits
from ._cert import ServerCertificate, generate_certificate, kept_certificate
from ._faults import Faults
from ._gateway import Gateway, state_from_recordings
from ._log import RequestLog
from ._profiles import DEFAULT_PROFILE, Profile, profile_for
from ._state import GatewayState
from ._tedapi import TedapiGateway
from ._tedapi_site import SITES

__all__ = ["Simulator", "simulate"]

logger = logging.getLogger("powerwall_async.testing.server")

SHUTDOWN_TIMEOUT = 5.0

_STICKER_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
"""What a random gateway password is made of (upper-case letters, as on the stickers)."""


class _SimulatorConfig(Config):
    """hypercorn's config, serving one pre-bound socket with an in-memory certificate and the
    gateway's SNI rule."""

    def __init__(
        self,
        listener: socket.socket,
        certificate: ServerCertificate,
        *,
        http2: bool,
        refused_sni: list[str],
    ) -> None:
        super().__init__()
        self._listener = listener
        self._certificate = certificate
        self._refused_sni = refused_sni
        self.alpn_protocols = ["h2", "http/1.1"] if http2 else ["http/1.1"]
        self.errorlog = logger
        self.accesslog = None
        self.include_server_header = False
        self.graceful_timeout = 1.0

    @property
    def ssl_enabled(self) -> bool:
        return True

    def create_sockets(self) -> Sockets:
        return Sockets(secure_sockets=[self._listener], insecure_sockets=[], quic_sockets=[])

    def create_ssl_context(self) -> ssl.SSLContext:
        context = super().create_ssl_context()
        assert context is not None  # ssl_enabled is always True here
        self._certificate.load_into(context)
        context.sni_callback = self._check_sni
        return context

    def _check_sni(
        self, ssl_object: ssl.SSLObject, server_name: str | None, context: ssl.SSLContext
    ) -> int | None:
        """The gateway's rule: no SNI, or teg/powerwall/powerpack; any other name is refused."""
        if server_name is None or server_name.lower() in GATEWAY_SNI_NAMES:
            return None
        self._refused_sni.append(server_name)
        return ssl.ALERT_DESCRIPTION_UNRECOGNIZED_NAME


class Simulator:
    """A running simulated gateway (what :func:`simulate` yields).

    Connect with ``Powerwall.connect(sim.url, password=sim.password,
    pin_sha256=sim.cert_sha256)``. Change its behaviour while it runs through ``state``
    (:class:`GatewayState`), ``faults`` (:class:`Faults`), ``auth`` (password, login limits,
    session lifetime) and the methods below; read ``request_log`` to see what reached it and
    ``refused_sni`` for the SNI names whose handshakes it aborted.
    """

    def __init__(
        self,
        *,
        host: str,
        port: int,
        certificate: ServerCertificate,
        profile: Profile,
        app: SimulatorApp,
        request_log: RequestLog,
        refused_sni: list[str],
    ) -> None:
        self.host = host
        self.port = port
        self.profile = profile
        self.state: GatewayState = app.gateway.state
        self.auth: Auth = app.gateway.auth
        self.tedapi: TedapiGateway | None = app.tedapi
        """The TEDAPI side (its knobs: ``gzip``, ``off_wifi_subnet``, ``rate_limited``), or
        None when the profile serves no TEDAPI."""
        self._app = app
        self.request_log = request_log
        self.refused_sni = refused_sni
        self._certificate = certificate

    def __repr__(self) -> str:
        return f"<Simulator {self.url} profile={self.profile.name!r}>"

    @property
    def url(self) -> str:
        """``https://127.0.0.1:PORT``: what ``Powerwall.connect`` takes."""
        netloc = f"[{self.host}]" if ":" in self.host else self.host
        return f"https://{netloc}:{self.port}"

    @property
    def faults(self) -> Faults:
        """The injected faults; change them, or assign a new :class:`Faults`, at any time."""
        return self._app.faults

    @faults.setter
    def faults(self, value: Faults) -> None:
        self._app.faults = value

    @property
    def cert_sha256(self) -> str:
        """The certificate's SHA-256 fingerprint, colon-separated upper-case hex (for the pin)."""
        return self._certificate.certificate.sha256

    @property
    def cert_pem(self) -> str:
        """The certificate in PEM form (for ``cadata=``)."""
        return self._certificate.certificate.pem

    @property
    def password(self) -> str:
        """The customer password the simulator accepts."""
        return self.auth.password

    @password.setter
    def password(self, value: str) -> None:
        self.auth.password = value

    @property
    def gateway_password(self) -> str:
        """The full gateway (Wi-Fi/QR sticker) password TEDAPI's Basic auth accepts."""
        if self.tedapi is None:
            raise AttributeError(f"profile {self.profile.name!r} serves no TEDAPI")
        return self.tedapi.password

    @gateway_password.setter
    def gateway_password(self, value: str) -> None:
        if self.tedapi is None:
            raise AttributeError(f"profile {self.profile.name!r} serves no TEDAPI")
        self.tedapi.password = value

    def client_ssl_context(self) -> ssl.SSLContext:
        """A client context trusting this simulator's certificate (for raw HTTP clients)."""
        return ssl.create_default_context(cadata=self.cert_pem)

    def expire_sessions(self) -> None:
        """End every session now: the next protected request answers 403."""
        self.auth.expire_sessions()

    def lock_out(self, seconds: float | None = None) -> None:
        """Answer every login with 429 for ``seconds`` (default: ``auth.limits.lockout``)."""
        self.auth.lock_out(seconds)


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.create_server((host, port), family=family, backlog=100)
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    listener.setblocking(False)
    return listener


async def _serve(
    app: SimulatorApp, config: Config, shutdown: anyio.Event, done: anyio.Event
) -> None:
    try:
        if sniffio.current_async_library() == "trio":
            from hypercorn.trio import serve as trio_serve

            await trio_serve(app, config, shutdown_trigger=shutdown.wait, mode="asgi")
        else:
            from hypercorn.asyncio import serve as asyncio_serve

            try:
                await asyncio_serve(app, config, shutdown_trigger=shutdown.wait, mode="asgi")
            except asyncio.InvalidStateError:
                # hypercorn (0.17, 0.18) reads the result of its connection tasks before they
                # are done when a client still holds a keep-alive connection at shutdown (an
                # application's own httpx client outliving the simulator): the server has
                # stopped all the same.
                logger.debug("hypercorn stopped with client connections still open")
    finally:
        done.set()


@contextlib.asynccontextmanager
async def simulate(
    *,
    profile: str | os.PathLike[str] | Profile = DEFAULT_PROFILE,
    password: str | None = None,
    gateway_password: str | None = None,
    email: str = "",
    host: str = "127.0.0.1",
    port: int = 0,
    faults: Faults | None = None,
    login_limits: LoginLimits | None = None,
    session_lifetime: float | None = None,
    seed: int | None = 0,
    http2: bool = True,
    cert_dir: str | os.PathLike[str] | None = None,
) -> AsyncIterator[Simulator]:
    """Run a simulated gateway over HTTPS until the block ends (under asyncio or trio).

    - ``profile``: ``"21.44"`` (default), ``"23.44"``, ``"restricted"``, a recordings
      directory, or a :class:`Profile`.
    - ``password``: the customer password (default: a random one, in ``sim.password``; on
      profiles serving TEDAPI, the last five characters of the gateway password, as set at the
      factory).
    - ``gateway_password``: on profiles serving TEDAPI (``pw2``, ``pw3``), the full gateway
      password its Basic auth accepts (default: a random one, in ``sim.gateway_password``).
    - ``host``/``port``: where to listen (default 127.0.0.1 on a free port, in ``sim.port``).
    - ``faults``: injected faults (all off by default; change ``sim.faults`` at run time).
    - ``login_limits``: failed logins before a 429 lockout, and its durations.
    - ``session_lifetime``: seconds a session lasts (default: until expired or logged out).
    - ``seed``: seeds the drift of the live values (None: different on every run).
    - ``http2``: offer HTTP/2 by ALPN besides HTTP/1.1, as the gateway does.
    - ``cert_dir``: keep the certificate in this directory (made on first use, its key
      readable by you only), so that its fingerprint stays the same across runs (default: a
      fresh certificate each time, never written anywhere).
    """
    chosen = profile_for(profile)
    running, stopped = await anyio.to_thread.run_sync(chosen.load)
    if cert_dir is None:
        certificate = await anyio.to_thread.run_sync(generate_certificate, host)
    else:
        certificate = await anyio.to_thread.run_sync(kept_certificate, Path(cert_dir), host)
    site = await anyio.to_thread.run_sync(SITES[chosen.tedapi]) if chosen.tedapi else None
    if gateway_password is None:
        gateway_password = "".join(secrets.choice(_STICKER_LETTERS) for _ in range(10))
    if password is None and site is not None:
        password = gateway_password[-5:]
    auth = Auth(
        password if password is not None else secrets.token_urlsafe(9),
        limits=login_limits or LoginLimits(),
        session_lifetime=session_lifetime,
    )
    gateway = Gateway(
        chosen, running, stopped, state=state_from_recordings(running, seed), auth=auth, email=email
    )
    tedapi = None
    if site is not None:
        tedapi = TedapiGateway(site, gateway.state, password=gateway_password, auth=auth)
        gateway.din = site.din
    request_log = RequestLog()
    refused_sni: list[str] = []
    closing, shutdown, done = anyio.Event(), anyio.Event(), anyio.Event()
    app = SimulatorApp(
        gateway, faults if faults is not None else Faults(), request_log, closing, tedapi
    )
    listener = _listen(host, port)
    try:
        config = _SimulatorConfig(listener, certificate, http2=http2, refused_sni=refused_sni)
        simulator = Simulator(
            host=host,
            port=listener.getsockname()[1],
            certificate=certificate,
            profile=chosen,
            app=app,
            request_log=request_log,
            refused_sni=refused_sni,
        )
        body_error: BaseException | None = None
        async with anyio.create_task_group() as task_group:
            task_group.start_soon(_serve, app, config, shutdown, done)
            try:
                yield simulator
            except BaseException as exc:  # re-raised below, as it was
                # Left to the task group, it would come out wrapped in an ExceptionGroup.
                body_error = exc
            finally:
                with anyio.CancelScope(shield=True):
                    closing.set()
                    shutdown.set()
                    with anyio.move_on_after(SHUTDOWN_TIMEOUT):
                        await done.wait()
                task_group.cancel_scope.cancel()
        if body_error is not None:
            raise body_error
    finally:
        listener.close()
