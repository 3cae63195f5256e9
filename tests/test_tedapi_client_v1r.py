"""``pw.tedapi`` over v1r against the simulator: signed reads with a key registered at run
time, followers that v1r cannot reach, and the key errors a user meets while registering."""

from __future__ import annotations

import logging

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

import powerwall_async as pwa
from powerwall_async.models.tedapi import UnitRole
from powerwall_async.testing import Simulator, simulate

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def key() -> rsa.RSAPrivateKey:
    """A test key made at run time (2048 bits, the smallest the library accepts)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def connect(sim: Simulator, key: object) -> pwa.Powerwall:
    return pwa.Powerwall.connect(
        sim.url, pin_sha256=sim.cert_sha256, tedapi_key=key, password=sim.password
    )


def paths(sim: Simulator) -> list[str]:
    return [r.path for r in sim.request_log]


async def test_v1r_reads_with_a_registered_key(key: rsa.RSAPrivateKey) -> None:
    async with simulate(profile="pw3") as sim:
        assert sim.tedapi is not None
        sim.tedapi.v1r.register(key)
        async with connect(sim, pem(key)) as pw:
            assert pw.tedapi.path == "v1r"
            din = await pw.tedapi.din()
            info = await pw.tedapi.system_info()
            config = await pw.tedapi.config()
            status = await pw.tedapi.status()
            parts = await pw.tedapi.components()
            rest_soe = await pw.system_status.soe()
        assert din == sim.tedapi.site.din == info.din == config.din
        assert config.file_hash == sim.tedapi.config_hash
        assert status.energy is not None
        assert status.energy.soe_percent == pytest.approx(rest_soe.percentage, abs=0.5)
        assert parts.pch_unit is not None
    # the DIN over the customer session; everything else signed, nothing over v1
    assert "/tedapi/v1" not in paths(sim)
    assert paths(sim).count("/tedapi/v1r") == 4


async def test_followers_are_not_reached_over_v1r(key: rsa.RSAPrivateKey) -> None:
    async with simulate(profile="pw3") as sim:
        assert sim.tedapi is not None
        sim.tedapi.v1r.register(key)
        async with connect(sim, key) as pw:
            config = await pw.tedapi.config()
            follower = next(b.din for b in config.battery_blocks if b.is_follower)
            sent = len(sim.request_log)
            with pytest.raises(pwa.V1rFollowerUnreachableError, match="gateway_password="):
                await pw.tedapi.components(din=follower)
            assert len(sim.request_log) == sent  # said without asking
            site = await pw.tedapi.site()
    followers = [u for u in site.batteries if u.role is UnitRole.FOLLOWER]
    assert len(followers) == 2
    for unit in followers:  # marked, never filled with the leader's data
        assert not unit.reachable
        assert unit.energy_remaining_wh is None
        assert unit.power_w is None
    assert len(site.notes) == 2
    assert all("not reachable over v1r" in note for note in site.notes)
    leader = next(u for u in site.batteries if u.role is UnitRole.LEADER)
    assert leader.reachable
    assert leader.energy_remaining_wh is not None
    assert not [p for p in paths(sim) if p.startswith("/tedapi/device/")]


async def test_the_customer_password_defaults_to_the_gateway_passwords_last_five(
    key: rsa.RSAPrivateKey,
) -> None:
    async with simulate(profile="pw3") as sim:
        assert sim.tedapi is not None
        sim.tedapi.v1r.register(key)
        async with pwa.Powerwall.connect(
            sim.url, pin_sha256=sim.cert_sha256, tedapi_key=key, gateway_password="x" * 5
        ) as pw:
            with pytest.raises(pwa.AuthenticationError):
                await pw.system_status.soe()  # "xxxxx" is not this gateway's customer password
        async with pwa.Powerwall.connect(
            sim.url,
            pin_sha256=sim.cert_sha256,
            tedapi_key=key,
            gateway_password=sim.gateway_password,
        ) as pw:
            assert pw.tedapi.path == "v1"  # the gateway password is there: reads take v1
            assert (await pw.system_status.soe()).percentage is not None


async def test_an_unregistered_key_says_to_register_it(key: rsa.RSAPrivateKey) -> None:
    async with simulate(profile="pw3") as sim, connect(sim, key) as pw:
        with pytest.raises(pwa.V1rKeyUnknownError, match="register") as raised:
            await pw.tedapi.config()
    assert isinstance(raised.value, pwa.AuthenticationError)


async def test_a_pending_key_says_to_toggle_the_switch(
    key: rsa.RSAPrivateKey, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with simulate(profile="pw3") as sim:
        assert sim.tedapi is not None
        sim.tedapi.v1r.register(key, verified=False)
        async with connect(sim, pem(key)) as pw:
            with pytest.raises(pwa.V1rKeyNotVerifiedError, match="switch") as raised:
                await pw.tedapi.status()
            sim.tedapi.v1r.toggle_switch()
            assert (await pw.tedapi.status()).energy is not None
            shown = repr(pw) + repr(pw.tedapi) + str(raised.value) + caplog.text
    assert "PRIVATE KEY" not in shown
    assert pem(key).decode().splitlines()[1] not in shown


async def test_a_key_that_is_not_a_key_is_refused_before_sending() -> None:
    async with simulate(profile="pw3") as sim, connect(sim, b"not a key") as pw:
        with pytest.raises(pwa.KeyFileError):
            await pw.tedapi.config()
    assert "/tedapi/v1r" not in paths(sim)
