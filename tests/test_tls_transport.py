"""The TLS transport against the simulator: a real TLS server on 127.0.0.1 that, like the
gateway, aborts the handshake for any SNI name but none/teg/powerwall/powerpack."""

from __future__ import annotations

import logging
import ssl
import threading
from pathlib import Path

import httpx
import pytest

import powerwall_async as pwa
from powerwall_async.testing import Faults, Simulator, simulate
from powerwall_async.transports.tls import TlsTransport

pytestmark = pytest.mark.anyio


async def test_forced_sni_reaches_the_gateway_by_ip(powerwall_simulator: Simulator) -> None:
    async with pwa.Powerwall.connect(
        powerwall_simulator.url, pin_sha256=powerwall_simulator.cert_sha256
    ) as pw:
        status = await pw.status.get()
    assert status.version.number == "21.44"
    assert powerwall_simulator.refused_sni == []


async def test_forced_sni_reaches_the_gateway_by_dns_name(powerwall_simulator: Simulator) -> None:
    url = f"https://localhost:{powerwall_simulator.port}"
    async with pwa.Powerwall.connect(url, cadata=powerwall_simulator.cert_pem) as pw:
        assert (await pw.status.get()).din
    # What every other client does: present the DNS name the user typed. The gateway aborts.
    async with pwa.Powerwall.connect(
        url, sni_hostname=None, pin_sha256=powerwall_simulator.cert_sha256, max_retries=0
    ) as pw:
        with pytest.raises(pwa.CertificateError, match="aborted the TLS handshake") as info:
            await pw.status.get()
    assert "teg, powerwall, powerpack" in str(info.value)
    assert powerwall_simulator.refused_sni == ["localhost"]


@pytest.mark.parametrize("name", ["teg", "powerwall", "powerpack"])
async def test_every_gateway_name_is_accepted(powerwall_simulator: Simulator, name: str) -> None:
    async with pwa.Powerwall.connect(
        powerwall_simulator.url, sni_hostname=name, cadata=powerwall_simulator.cert_pem
    ) as pw:
        assert (await pw.status.get()).din


async def test_foreign_sni_fails_with_certificate_error_and_sends_nothing(
    powerwall_simulator: Simulator,
) -> None:
    async with pwa.Powerwall.connect(
        powerwall_simulator.url,
        sni_hostname="gateway.example.com",
        pin_sha256=powerwall_simulator.cert_sha256,
        password=powerwall_simulator.password,
    ) as pw:
        with pytest.raises(pwa.CertificateError, match=r"'gateway\.example\.com'"):
            await pw.meters.aggregates()
    assert len(powerwall_simulator.request_log) == 0
    assert "gateway.example.com" in powerwall_simulator.refused_sni


async def test_wrong_pin_sends_nothing_not_even_the_password(
    powerwall_simulator: Simulator,
) -> None:
    wrong = "AB" * 32
    async with pwa.Powerwall.connect(
        powerwall_simulator.url, pin_sha256=wrong, password=powerwall_simulator.password
    ) as pw:
        with pytest.raises(pwa.CertificateError, match="not the pinned one") as info:
            await pw.meters.aggregates()
    assert info.value.sha256 == powerwall_simulator.cert_sha256
    assert len(powerwall_simulator.request_log) == 0


@pytest.mark.parametrize("form", [str.lower, lambda pin: pin.replace(":", "")])
async def test_pin_in_any_form(powerwall_simulator: Simulator, form: object) -> None:
    assert callable(form)
    async with pwa.Powerwall.connect(
        powerwall_simulator.url, pin_sha256=form(powerwall_simulator.cert_sha256)
    ) as pw:
        assert (await pw.status.get()).din


async def test_untrusted_certificate_shows_the_fingerprint_to_pin(
    powerwall_simulator: Simulator,
) -> None:
    async with pwa.Powerwall.connect(powerwall_simulator.url, max_retries=0) as pw:
        with pytest.raises(pwa.CertificateError) as info:
            await pw.status.get()
    message = str(info.value)
    assert powerwall_simulator.cert_sha256 in message
    assert "pin_sha256=" in message
    assert info.value.sha256 == powerwall_simulator.cert_sha256
    assert len(powerwall_simulator.request_log) == 0


async def test_exported_certificate_as_cafile(
    powerwall_simulator: Simulator, tmp_path: Path
) -> None:
    cafile = tmp_path / "gateway.pem"
    cafile.write_text(powerwall_simulator.cert_pem)
    async with pwa.Powerwall.connect(powerwall_simulator.url, cafile=str(cafile)) as pw:
        assert (await pw.status.get()).din


async def test_a_different_exported_certificate_is_refused(
    powerwall_simulator: Simulator,
) -> None:
    async with simulate() as other:
        async with pwa.Powerwall.connect(
            powerwall_simulator.url, cadata=other.cert_pem, max_retries=0
        ) as pw:
            with pytest.raises(pwa.CertificateError, match="does not match the exported"):
                await pw.status.get()


async def test_unreadable_cafile_is_a_certificate_error(
    powerwall_simulator: Simulator, tmp_path: Path
) -> None:
    async with pwa.Powerwall.connect(
        powerwall_simulator.url, cafile=str(tmp_path / "missing.pem")
    ) as pw:
        with pytest.raises(pwa.CertificateError, match="cannot load the trusted certificate"):
            await pw.status.get()


async def test_verify_false_works_and_warns_once(
    powerwall_simulator: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="powerwall_async"):
        async with pwa.Powerwall.connect(powerwall_simulator.url, verify=False) as pw:
            await pw.status.get()
            await pw.status.get()
    warnings = [r for r in caplog.records if "verification is off" in r.getMessage()]
    assert len(warnings) == 1


async def test_ssl_context_is_built_once_off_the_event_loop(
    powerwall_simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[str] = []
    original = ssl.create_default_context

    def counting(*args: object, **kwargs: object) -> ssl.SSLContext:
        built.append(threading.current_thread().name)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ssl, "create_default_context", counting)
    event_loop_thread = threading.current_thread().name
    async with pwa.Powerwall.connect(
        powerwall_simulator.url, cadata=powerwall_simulator.cert_pem
    ) as pw:
        for _ in range(3):
            await pw.status.get()
    assert len(built) == 1
    assert built[0] != event_loop_thread


async def test_fetch_certificate_uses_the_forced_sni(powerwall_simulator: Simulator) -> None:
    cert = await pwa.fetch_certificate("127.0.0.1", powerwall_simulator.port)
    assert cert.sha256 == powerwall_simulator.cert_sha256
    assert cert.pem.strip() == powerwall_simulator.cert_pem.strip()
    no_sni = await pwa.fetch_certificate("127.0.0.1", powerwall_simulator.port, sni_hostname=None)
    assert no_sni.sha256 == cert.sha256
    with pytest.raises(
        pwa.CertificateError, match=r"refused the TLS handshake|closed the connection"
    ):
        await pwa.fetch_certificate(
            "127.0.0.1", powerwall_simulator.port, sni_hostname="example.com"
        )
    assert len(powerwall_simulator.request_log) == 0


async def test_callers_http_client_is_used_and_left_open(powerwall_simulator: Simulator) -> None:
    async with httpx.AsyncClient(verify=False) as client:
        async with pwa.Powerwall.connect(
            powerwall_simulator.url,
            http_client=client,
            pin_sha256=powerwall_simulator.cert_sha256,
        ) as pw:
            assert (await pw.status.get()).din
        assert not client.is_closed
        # the pin is still checked on the caller's client, before anything is sent
        async with simulate() as impostor:
            async with pwa.Powerwall.connect(
                impostor.url,
                http_client=client,
                pin_sha256=powerwall_simulator.cert_sha256,
                password=impostor.password,
            ) as pw:
                with pytest.raises(pwa.CertificateError, match="not the pinned one"):
                    await pw.meters.aggregates()
            assert len(impostor.request_log) == 0


async def test_http2_is_negotiated_when_asked(powerwall_simulator: Simulator) -> None:
    async with pwa.Powerwall.connect(
        powerwall_simulator.url, pin_sha256=powerwall_simulator.cert_sha256, http2=True
    ) as pw:
        await pw.status.get()
    assert powerwall_simulator.request_log[-1].http_version == "2"


@pytest.mark.parametrize("http2", [False, True])
async def test_body_cut_short_is_a_powerwall_error(http2: bool) -> None:
    async with simulate(faults=Faults(reset_rate=1.0)) as sim:
        async with pwa.Powerwall.connect(
            sim.url, pin_sha256=sim.cert_sha256, http2=http2, max_retries=1
        ) as pw:
            with pytest.raises(pwa.GatewayUnreachableError):
                await pw.status.get()
            sim.faults.clear()
            assert (await pw.status.get()).din  # the client recovers on the next call


async def test_truncated_json_is_a_response_format_error() -> None:
    async with simulate(faults=Faults(truncate_rate=1.0)) as sim:
        async with pwa.Powerwall.connect(sim.url, pin_sha256=sim.cert_sha256) as pw:
            with pytest.raises(pwa.ResponseFormatError, match="not JSON") as info:
                await pw.status.get()
    assert info.value.body


def test_transport_repr_names_the_trust_mode() -> None:
    assert "pinned" in repr(TlsTransport("10.0.0.1", pin_sha256="00" * 32))
    assert "system" in repr(TlsTransport("10.0.0.1"))


async def test_an_application_client_may_outlive_the_simulator() -> None:
    client = httpx.AsyncClient(verify=False)
    try:
        async with simulate() as sim:
            async with pwa.Powerwall.connect(
                sim.url, http_client=client, pin_sha256=sim.cert_sha256
            ) as pw:
                assert (await pw.status.get()).din
        # the simulator stopped cleanly although the client's connection was still open
    finally:
        await client.aclose()
