"""The pin through an application's httpx client: every connection a request is written to is
checked first, however the client reached it (a proxy tunnel, a keep-alive connection it already
held). The wrong peer is a second simulator with its own certificate: nothing may reach it."""

from __future__ import annotations

import httpcore
import httpx
import pytest

import powerwall_async as pwa
from powerwall_async.testing import Simulator, simulate
from powerwall_async.transports._guard import RequestGuard

from .hostile import connect_proxy

pytestmark = pytest.mark.anyio


async def _login_and_read(client: httpx.AsyncClient, url: str, pin: str, password: str) -> None:
    async with pwa.Powerwall.connect(
        url, http_client=client, pin_sha256=pin, password=password, max_retries=0
    ) as pw:
        await pw.meters.aggregates()


@pytest.mark.parametrize("configured_by", ["proxy=", "HTTPS_PROXY"])
async def test_the_pin_is_checked_inside_a_proxy_tunnel(
    powerwall_simulator: Simulator, monkeypatch: pytest.MonkeyPatch, configured_by: str
) -> None:
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "HTTPS_PROXY", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    async with connect_proxy() as proxy, simulate() as impostor:
        if configured_by == "proxy=":
            client = httpx.AsyncClient(verify=False, proxy=proxy.url)
        else:
            monkeypatch.setenv("HTTPS_PROXY", proxy.url)
            client = httpx.AsyncClient(verify=False)  # httpx reads the variable by default
        async with client:
            with pytest.raises(pwa.CertificateError, match="not the pinned one") as info:
                await _login_and_read(
                    client, impostor.url, powerwall_simulator.cert_sha256, impostor.password
                )
            assert info.value.sha256 == impostor.cert_sha256
            assert len(impostor.request_log) == 0  # neither the password nor anything else
            assert proxy.requests, "the request did not go through the proxy"
            # The same client and proxy reach the pinned gateway.
            await _login_and_read(
                client,
                powerwall_simulator.url,
                powerwall_simulator.cert_sha256,
                powerwall_simulator.password,
            )
    assert len(powerwall_simulator.request_log) >= 2
    assert all(head.startswith(b"CONNECT 127.0.0.1:") for head in proxy.requests)


@pytest.mark.parametrize("http2", [False, True])
async def test_a_connection_the_application_already_holds_is_checked(
    powerwall_simulator: Simulator, http2: bool
) -> None:
    async with httpx.AsyncClient(verify=False, http2=http2) as client, simulate() as impostor:
        # The application talks to that address itself; its client keeps the connection.
        (await client.get(f"{impostor.url}/api/status")).raise_for_status()
        assert len(impostor.request_log) == 1
        with pytest.raises(pwa.CertificateError, match="not the pinned one"):
            await _login_and_read(
                client, impostor.url, powerwall_simulator.cert_sha256, impostor.password
            )
        assert len(impostor.request_log) == 1  # nothing more reached the wrong peer


@pytest.mark.parametrize("http2", [False, True])
async def test_a_held_connection_to_the_pinned_gateway_is_used(
    powerwall_simulator: Simulator, http2: bool
) -> None:
    async with httpx.AsyncClient(verify=False, http2=http2) as client:
        (await client.get(f"{powerwall_simulator.url}/api/status")).raise_for_status()
        await _login_and_read(
            client,
            powerwall_simulator.url,
            powerwall_simulator.cert_sha256,
            powerwall_simulator.password,
        )
    peers = {request.client for request in powerwall_simulator.request_log}
    assert len(peers) == 1  # one connection: the application's, checked and reused


async def test_a_client_whose_transport_cannot_show_the_connection_fails() -> None:
    # An application's own transport (here httpx's MockTransport) exposes no connection whose
    # certificate could be checked: the answer is not accepted as if it came from the gateway.
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"din": "x"})

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
        async with pwa.Powerwall.connect(
            "https://192.168.91.1", http_client=client, pin_sha256="AB" * 32, max_retries=0
        ) as pw:
            with pytest.raises(pwa.CertificateError, match="could not be checked"):
                await pw.status.get()


async def test_the_guard_sends_nothing_when_it_cannot_find_the_connection() -> None:
    # Called from outside httpcore's connection code (as a changed engine might do), the guard
    # cannot see which connection is about to be written to: it refuses rather than guess.
    guard = RequestGuard(method="GET", where="192.168.91.1:443", pin=b"\0" * 32)
    request = httpcore.Request("GET", "https://192.168.91.1/api/status")
    with pytest.raises(pwa.CertificateError, match="nothing was sent"):
        await guard.trace("http11.send_request_headers.started", {"request": request})
    assert not guard.pin_checked
