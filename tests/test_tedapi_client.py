"""``pw.tedapi`` over v1 against the simulator, through the real TLS transport: the right data
on a Powerwall 2 and a Powerwall 3 site, what each refusal says, one gateway budget with REST,
one TEDAPI request at a time, and the cached configuration."""

from __future__ import annotations

import itertools
import logging
from typing import Any

import anyio
import pytest

import powerwall_async as pwa
from powerwall_async.models.tedapi import BatteryType, DeviceKind, UnitRole
from powerwall_async.testing import Faults, Simulator, simulate

pytestmark = pytest.mark.anyio


def connect(sim: Simulator, **options: Any) -> pwa.Powerwall:
    if "gateway_password" not in options:
        options["gateway_password"] = sim.gateway_password
    return pwa.Powerwall.connect(sim.url, pin_sha256=sim.cert_sha256, **options)


def tedapi_requests(sim: Simulator) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in sim.request_log if r.path.startswith("/tedapi/")]


async def test_pw2_reads_din_system_info_config_and_status() -> None:
    async with simulate(profile="pw2") as sim, connect(sim, password=sim.password) as pw:
        assert pw.tedapi.path == "v1"
        din = await pw.tedapi.din()
        info = await pw.tedapi.system_info()
        config = await pw.tedapi.config()
        status = await pw.tedapi.status()
        rest_soe = await pw.system_status.soe()
        assert sim.tedapi is not None
        assert din == sim.tedapi.site.din == info.din == config.din
        assert info.device_type is DeviceKind.SITE_CONTROLLER
        assert str(info.firmware_version).startswith("23.44")
        assert config.file_hash == sim.tedapi.config_hash
        assert config.site is not None
        assert config.site.backup_reserve_percent == sim.state.backup_reserve_percent
        assert {block.type for block in config.battery_blocks} == {
            BatteryType.POWERWALL_2,
            BatteryType.SOLAR_POWERWALL,
        }
        assert status.can is not None
        assert len(status.can.pod) == 2
        # TEDAPI and REST read one state: the state of energy agrees (it drifts slowly)
        assert status.energy is not None
        assert status.energy.soe_percent is not None
        assert status.energy.soe_percent == pytest.approx(rest_soe.percentage, abs=0.5)
    # the DIN is read once; each read is one POST /tedapi/v1
    assert tedapi_requests(sim) == [("GET", "/tedapi/din")] + [("POST", "/tedapi/v1")] * 3


async def test_pw3_site_reads_each_follower_through_its_device_path() -> None:
    async with simulate(profile="pw3") as sim, connect(sim) as pw:
        site = await pw.tedapi.site()
        config = await pw.tedapi.config()
        follower = next(b.din for b in config.battery_blocks if b.is_follower)
        leader_parts = await pw.tedapi.components()
        follower_parts = await pw.tedapi.components(din=follower)
    followers = [b.din for b in config.battery_blocks if b.is_follower]
    assert len(followers) == 2
    for din in followers:
        assert ("POST", f"/tedapi/device/{din}/v1") in tedapi_requests(sim)
    roles = {unit.din: unit.role for unit in site.batteries}
    assert roles[site.din or ""] is UnitRole.LEADER
    assert [roles[din] for din in followers] == [UnitRole.FOLLOWER] * 2
    assert UnitRole.EXPANSION in roles.values()
    assert all(unit.reachable for unit in site.batteries)
    assert site.notes == ()
    assert {s.unit_din for s in site.pv_strings} >= {site.din, *followers}
    # a follower's components are its own, not the leader's
    assert leader_parts.pch_unit is not None
    assert follower_parts.pch_unit is not None
    assert leader_parts != follower_parts


async def test_each_declaration_is_sent_by_its_method() -> None:
    from powerwall_async.api.tedapi import TedapiGroup

    async with simulate(profile="pw3") as sim, connect(sim) as pw:
        config = await pw.tedapi.config()
        follower = next(b.din for b in config.battery_blocks if b.is_follower)
        for endpoint in TedapiGroup.endpoints:
            if endpoint.auth != "tedapi":  # v1r: tests/test_tedapi_controls.py
                continue
            args = (follower,) if endpoint.parameters else ()
            before = len(sim.request_log)
            await getattr(pw.tedapi, endpoint.name)(*args)
            sent = [(r.method, r.path) for r in sim.request_log[before:]]
            if endpoint.name == "config":  # kept from the first call: nothing sent
                assert sent == []
            else:
                assert sent == [(endpoint.method, endpoint.url_path(*args))]


async def test_a_wrong_gateway_password_names_both_causes_and_never_the_password() -> None:
    async with simulate(profile="pw2") as sim:
        wrong = "WrongPass123"
        async with connect(sim, password=sim.password, gateway_password=wrong) as pw:
            with pytest.raises(pwa.GatewayPasswordError) as raised:
                await pw.tedapi.din()
            assert (await pw.status.get()).din  # the customer login is not what failed
        text = str(raised.value)
        assert isinstance(raised.value, pwa.AuthenticationError)  # caught as before
        assert raised.value.status == 403
        assert raised.value.path == "/tedapi/din"
        assert "gateway_password=" in text  # what to do: which argument to fix
        assert "Wi-Fi/QR sticker password" in text
        assert "192.168.91.0/24" in text
        assert "To tell them apart" in text
        assert wrong not in text
        assert wrong not in repr(pw)


async def test_without_a_gateway_password_or_key_nothing_is_sent_to_tedapi() -> None:
    async with simulate(profile="pw2") as sim:
        async with connect(sim, password=sim.password, gateway_password=None) as pw:
            with pytest.raises(pwa.GatewayPasswordError, match="pass gateway_password=") as raised:
                await pw.tedapi.status()
        assert "tedapi_key=" in str(raised.value)
        assert tedapi_requests(sim) == []


async def test_off_the_wifi_subnet_the_same_403_is_explained() -> None:
    async with simulate(profile="pw2") as sim, connect(sim) as pw:
        assert sim.tedapi is not None
        sim.tedapi.off_wifi_subnet = True
        with pytest.raises(pwa.GatewayPasswordError, match=r"25\.10"):
            await pw.tedapi.system_info()
        sim.tedapi.off_wifi_subnet = False
        assert (await pw.tedapi.system_info()).din


async def test_gzip_bodies_are_read() -> None:
    async with simulate(profile="pw3") as sim, connect(sim) as pw:
        assert sim.tedapi is not None
        sim.tedapi.gzip = True
        assert await pw.tedapi.din() == sim.tedapi.site.din
        assert (await pw.tedapi.status()).energy is not None
        assert (await pw.tedapi.config()).battery_blocks


async def test_a_gateway_without_tedapi_says_so() -> None:
    async with simulate(profile="21.44") as sim, connect(sim, gateway_password="x") as pw:
        with pytest.raises(pwa.EndpointNotSupportedError, match="does not serve TEDAPI"):
            await pw.tedapi.din()


async def test_a_429_on_tedapi_cools_down_rest_too() -> None:
    async with simulate(profile="pw2") as sim, connect(sim, password=sim.password) as pw:
        assert sim.tedapi is not None
        await pw.system_status.soe()  # logged in
        sim.tedapi.rate_limited = True
        with pytest.raises(pwa.RateLimitedError):
            await pw.tedapi.din()
        sent = len(sim.request_log)
        with pytest.raises(pwa.RateLimitedError, match="cooldown"):
            await pw.system_status.soe()
        assert len(sim.request_log) == sent  # REST held back, nothing sent


async def test_a_429_on_rest_cools_down_tedapi_too() -> None:
    faults = Faults(next_statuses=[429], paths={"/api/system_status/soe"})
    async with simulate(profile="pw2", faults=faults) as sim:
        async with connect(sim, password=sim.password) as pw:
            with pytest.raises(pwa.RateLimitedError):
                await pw.system_status.soe()
            with pytest.raises(pwa.RateLimitedError, match="cooldown"):
                await pw.tedapi.status()
    assert tedapi_requests(sim) == []


async def test_one_tedapi_request_in_flight_by_default() -> None:
    async def arrivals(**options: Any) -> list[float]:
        # HTTP/2, where REST may have 4 requests in flight (HTTP/1.1 keeps one connection)
        faults = Faults(latency=0.3, paths={"/tedapi/v1"})
        async with (
            simulate(profile="pw2", faults=faults) as sim,
            connect(sim, http2=True, **options) as pw,
        ):
            await pw.tedapi.din()
            async with anyio.create_task_group() as tg:
                for _ in range(3):
                    tg.start_soon(pw.tedapi.status)
        return sorted(r.time for r in sim.request_log if r.path == "/tedapi/v1")

    one = await arrivals()
    assert all(b - a >= 0.25 for a, b in itertools.pairwise(one))
    several = await arrivals(tedapi_in_flight=3)
    assert several[-1] - several[0] < 0.25  # the limit is what spaced them out


async def test_config_is_cached_and_a_write_clears_it() -> None:
    async with simulate(profile="pw2") as sim, connect(sim, password=sim.password) as pw:
        first = await pw.tedapi.config()
        assert await pw.tedapi.config() is first
        assert tedapi_requests(sim).count(("POST", "/tedapi/v1")) == 1
        await pw.sitemaster.run()  # any write clears cached answers
        await pw.tedapi.config()
        assert tedapi_requests(sim).count(("POST", "/tedapi/v1")) == 2
        # status is never cached
        await pw.tedapi.status()
        await pw.tedapi.status()
        assert tedapi_requests(sim).count(("POST", "/tedapi/v1")) == 4


async def test_the_config_cache_can_be_turned_off() -> None:
    async with simulate(profile="pw2") as sim:
        async with connect(sim, cache_ttl={"tedapi.config": 0}) as pw:
            await pw.tedapi.config()
            await pw.tedapi.config()
    assert tedapi_requests(sim).count(("POST", "/tedapi/v1")) == 2


async def test_no_tedapi_credentials_say_what_to_pass() -> None:
    async with simulate(profile="pw2") as sim:
        async with pwa.Powerwall.connect(sim.url, pin_sha256=sim.cert_sha256) as pw:
            with pytest.raises(pwa.AuthenticationError, match=r"gateway_password=.*tedapi_key="):
                await pw.tedapi.din()
    assert tedapi_requests(sim) == []


async def test_the_gateway_password_stays_out_of_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    async with simulate(profile="pw3") as sim, connect(sim) as pw:
        await pw.tedapi.site()
        password = sim.gateway_password
        assert password not in repr(pw)
        assert password not in repr(pw.tedapi)
    assert password not in caplog.text


async def test_concurrent_first_reads_share_one_request() -> None:
    async with simulate(profile="pw2") as sim, connect(sim) as pw:
        async with anyio.create_task_group() as tg:
            for _ in range(3):
                tg.start_soon(pw.tedapi.config)
    assert tedapi_requests(sim) == [("GET", "/tedapi/din"), ("POST", "/tedapi/v1")]


async def test_a_follower_that_does_not_answer_is_marked_not_copied() -> None:
    async with simulate(profile="pw3") as sim, connect(sim) as pw:
        config = await pw.tedapi.config()
        silent, other = (b.din for b in config.battery_blocks if b.is_follower)
        sim.faults.paths = frozenset({f"/tedapi/device/{silent}/v1"})
        sim.faults.next_statuses.extend([502] * 3)  # the first try and both retries
        site = await pw.tedapi.site()
    units = {unit.din: unit for unit in site.batteries}
    assert not units[silent].reachable
    assert units[silent].energy_remaining_wh is None
    assert units[other].reachable
    assert units[other].energy_remaining_wh is not None
    assert len(site.notes) == 1
    assert silent in site.notes[0]
