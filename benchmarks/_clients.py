"""The clients under test, each behind one small interface: ``call(path)`` and ``aclose()``.

Every client reads the same gateway paths and checks that the answer arrived, so a client that
fails quietly (pypowerwall returns None on errors) cannot look fast.

- raw httpx and raw httpcore: the floor of our engine. One login, then the same headers
  powerwall_async sends, the same SNI name (``powerwall``), certificate verification through
  ``sim.client_ssl_context()``; each call reads the body and ``json.loads`` it.
- raw aiohttp: ``aiohttp.ClientSession`` with the same headers, SNI name and verification,
  the floor of the aiohttp transport.
- powerwall_async: ``Powerwall.connect`` with the certificate pinned; calls return models.
  Its default transport (HTTPS on httpcore, HTTP/2 offered), forced to HTTP/1.1 with
  ``http2=False``, and the aiohttp transport (``transport="aiohttp"``).
- tesla-powerwall (async, aiohttp): its high-level methods, which return its models; it has
  no cache. Verification off (``verify_ssl=False``), the only mode it offers for a gateway.
- pypowerwall (sync, requests): ``poll(path)``, which returns decoded JSON; its cache is off
  (``pwcacheexpire=0``), local mode only (``failover=False``), verification off (it always
  sends ``verify=False``). Sequential calls run as is, blocking the benchmark's own thread
  (the simulator is in another process); concurrent calls run in worker threads.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import anyio
import anyio.to_thread
import httpcore
import httpx

from powerwall_async import Powerwall

from ._gateway import Gateway

LOGIN = "/api/login/Basic"
AGGREGATES = "/api/meters/aggregates"
SNAPSHOT = (
    "/api/status",
    "/api/meters/aggregates",
    "/api/system_status/soe",
    "/api/system_status/grid_status",
    "/api/operation",
    "/api/site_info",
    "/api/sitemaster",
)
"""What Home Assistant's Powerwall integration reads on every poll (one at a time)."""

SNI_HOSTNAME = "powerwall"
USER_AGENT = "powerwall-async"
EMAIL = "bench@example.com"


class BenchmarkError(RuntimeError):
    """A client failed a call: the figures would not mean anything."""


class Client:
    """One client under test."""

    blocking = False
    """Whether ``call`` blocks the thread (a synchronous client)."""

    async def start(self) -> None:
        """Log in (before anything is measured)."""

    async def call(self, path: str) -> object:
        raise NotImplementedError

    async def call_concurrently(self, path: str) -> object:
        """``call`` as one of many concurrent tasks (in a worker thread for a sync client)."""
        return await self.call(path)

    async def aclose(self) -> None:
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class Target:
    """Where the clients connect: the simulator directly, or through the counting relay."""

    url: str
    gateway: Gateway


def _login_body(password: str) -> dict[str, str]:
    return {"username": "customer", "password": password, "email": EMAIL}


def _auth_headers(token: str) -> dict[str, str]:
    return {
        "user-agent": USER_AGENT,
        "accept": "application/json",
        "authorization": f"Bearer {token}",
        "cookie": f"AuthCookie={token}",
    }


def _checked(status: int, path: str) -> None:
    if status != 200:
        raise BenchmarkError(f"GET {path} answered {status}")


class RawHttpx(Client):
    """httpx.AsyncClient with nothing around it."""

    def __init__(self, target: Target, *, http2: bool) -> None:
        self._url = target.url
        self._password = target.gateway.password
        self._http = httpx.AsyncClient(
            verify=target.gateway.client_ssl_context(), http2=http2, trust_env=False
        )
        self._extensions = {"sni_hostname": SNI_HOSTNAME}
        self._headers: dict[str, str] = {}

    async def start(self) -> None:
        response = await self._http.post(
            self._url + LOGIN, json=_login_body(self._password), extensions=self._extensions
        )
        _checked(response.status_code, LOGIN)
        self._headers = _auth_headers(response.json()["token"])

    async def call(self, path: str) -> object:
        response = await self._http.get(
            self._url + path, headers=self._headers, extensions=self._extensions
        )
        _checked(response.status_code, path)
        return json.loads(response.content)

    async def aclose(self) -> None:
        await self._http.aclose()


class RawAiohttp(Client):
    """aiohttp.ClientSession with nothing around it (one connection, as the peers' default
    pool would reuse)."""

    def __init__(self, target: Target) -> None:
        self._url = target.url
        self._password = target.gateway.password
        self._context = target.gateway.client_ssl_context()
        self._session: Any = None
        self._headers: dict[str, str] = {}

    async def start(self) -> None:
        import aiohttp

        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(ssl=self._context), trust_env=False
        )
        async with self._session.post(
            self._url + LOGIN, json=_login_body(self._password), server_hostname=SNI_HOSTNAME
        ) as response:
            _checked(response.status, LOGIN)
            self._headers = _auth_headers((await response.json())["token"])

    async def call(self, path: str) -> object:
        async with self._session.get(
            self._url + path, headers=self._headers, server_hostname=SNI_HOSTNAME
        ) as response:
            _checked(response.status, path)
            return json.loads(await response.read())

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()


class RawHttpcore(Client):
    """httpcore.AsyncConnectionPool: what httpx itself sends through."""

    def __init__(self, target: Target, *, http2: bool) -> None:
        self._url = target.url
        self._password = target.gateway.password
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=target.gateway.client_ssl_context(), http1=True, http2=http2
        )
        self._extensions = {"sni_hostname": SNI_HOSTNAME}
        self._headers: list[tuple[bytes, bytes]] = []

    async def start(self) -> None:
        body = json.dumps(_login_body(self._password)).encode()
        response = await self._pool.request(
            "POST",
            self._url + LOGIN,
            headers=[(b"content-type", b"application/json")],
            content=body,
            extensions=self._extensions,
        )
        _checked(response.status, LOGIN)
        token = json.loads(response.content)["token"]
        self._headers = [(k.encode(), v.encode()) for k, v in _auth_headers(token).items()]

    async def call(self, path: str) -> object:
        response = await self._pool.request(
            "GET", self._url + path, headers=self._headers, extensions=self._extensions
        )
        _checked(response.status, path)
        return json.loads(response.content)

    async def aclose(self) -> None:
        await self._pool.aclose()


class PowerwallAsync(Client):
    """This library."""

    def __init__(
        self,
        target: Target,
        *,
        http2: bool | None = None,
        transport: str | None = None,
        merge_requests: bool = False,
        max_in_flight: int | None = None,
        token: str | None = None,
    ) -> None:
        options: dict[str, Any] = {}
        if max_in_flight is not None:
            options["max_in_flight"] = max_in_flight
        if http2 is not None:
            options["http2"] = http2
        if transport is not None:
            options["transport"] = transport
        self.pw = Powerwall.connect(
            target.url,
            password=target.gateway.password,
            pin_sha256=target.gateway.cert_sha256,
            token=token,
            merge_requests=merge_requests,
            cache_ttl=None,
            **options,
        )
        pw = self.pw
        self._calls: dict[str, Callable[[], Awaitable[object]]] = {
            "/api/status": pw.status.get,
            "/api/meters/aggregates": pw.meters.aggregates,
            "/api/system_status/soe": pw.system_status.soe,
            "/api/system_status/grid_status": pw.system_status.grid_status,
            "/api/operation": pw.operation.get,
            "/api/site_info": pw.site_info.get,
            "/api/sitemaster": pw.sitemaster.get,
        }

    async def start(self) -> None:
        if self.pw.token is None:
            await self.pw.login()

    async def call(self, path: str) -> object:
        return await self._calls[path]()

    async def aclose(self) -> None:
        await self.pw.aclose()


class TeslaPowerwall(Client):
    """tesla-powerwall (what Home Assistant's integration uses)."""

    def __init__(self, target: Target) -> None:
        from tesla_powerwall.powerwall import Powerwall as TeslaClient

        self._password = target.gateway.password
        self._pw = TeslaClient(target.url, verify_ssl=False)
        pw = self._pw
        self._calls: dict[str, Callable[[], Awaitable[object]]] = {
            "/api/status": pw.get_status,
            "/api/meters/aggregates": pw.get_meters,
            "/api/system_status/soe": pw.get_charge,
            "/api/system_status/grid_status": pw.get_grid_status,
            "/api/operation": pw.get_operation_mode,
            "/api/site_info": pw.get_site_info,
            "/api/sitemaster": pw.get_sitemaster,
        }

    async def start(self) -> None:
        await self._pw.login(self._password, EMAIL)

    async def call(self, path: str) -> object:
        return await self._calls[path]()

    async def aclose(self) -> None:
        await self._pw.close()


class PyPowerwall(Client):
    """pypowerwall in local mode (synchronous, requests)."""

    blocking = True

    def __init__(self, target: Target, *, cache_dir: str) -> None:
        import pypowerwall  # type: ignore[import-untyped]
        import urllib3

        # It always sends verify=False; the warning would be printed on every call.
        urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
        # Its pool keeps 10 connections; with 50 threads urllib3 warns on every extra one.
        logging.getLogger("urllib3").setLevel(logging.ERROR)
        host = target.url.removeprefix("https://")
        self._pw = pypowerwall.Powerwall(
            host=host,
            password=target.gateway.password,
            email=EMAIL,
            pwcacheexpire=0,
            cachefile=os.path.join(cache_dir, ".powerwall"),
            failover=False,
        )
        if self._pw.mode != "local" or self._pw.client is None:
            raise BenchmarkError(f"pypowerwall did not connect in local mode ({self._pw.mode})")
        self._limiter = anyio.CapacityLimiter(50)

    async def start(self) -> None:
        # It logs in lazily, on the first 403.
        self.poll(AGGREGATES)

    def poll(self, path: str) -> object:
        payload = self._pw.poll(path)
        if payload is None:
            raise BenchmarkError(f"pypowerwall returned None for {path}")
        return payload

    async def call(self, path: str) -> object:
        return self.poll(path)

    async def call_concurrently(self, path: str) -> object:
        return await anyio.to_thread.run_sync(self.poll, path, limiter=self._limiter)

    async def aclose(self) -> None:
        # Closes its connections without logging out (as powerwall_async's aclose does), so a
        # later instance can reuse the session it saved in its cache file.
        self._pw.client.session.close()


@dataclass(frozen=True, slots=True)
class Spec:
    """A client to build: its label, protocol and how to make it."""

    label: str
    protocol: str
    make: Callable[[Target], Client]

    async def open(self, target: Target) -> Client:
        """The client, logged in."""
        client = self.make(target)
        await client.start()
        return client


def fresh_cache_dir() -> str:
    """A new directory for pypowerwall's auth cache file (so it logs in afresh)."""
    path = tempfile.mkdtemp(prefix="powerwall-bench-")
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


HTTPX_H1 = Spec("raw httpx", "HTTP/1.1", lambda t: RawHttpx(t, http2=False))
HTTPX_H2 = Spec("raw httpx", "HTTP/2", lambda t: RawHttpx(t, http2=True))
HTTPCORE_H1 = Spec("raw httpcore", "HTTP/1.1", lambda t: RawHttpcore(t, http2=False))
AIOHTTP_RAW = Spec("raw aiohttp", "HTTP/1.1", RawAiohttp)
PW_H1 = Spec("powerwall_async, http2=False", "HTTP/1.1", lambda t: PowerwallAsync(t, http2=False))
PW_H2 = Spec("powerwall_async (default)", "HTTP/2", PowerwallAsync)
PW_AIOHTTP = Spec(
    "powerwall_async, aiohttp", "HTTP/1.1", lambda t: PowerwallAsync(t, transport="aiohttp")
)
TESLA = Spec("tesla-powerwall", "HTTP/1.1", TeslaPowerwall)
PYPOWERWALL = Spec("pypowerwall", "HTTP/1.1", lambda t: PyPowerwall(t, cache_dir=fresh_cache_dir()))
