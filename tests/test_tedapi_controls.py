"""``pw.tedapi`` controls over v1r against the simulator: each setting as a read-modify-write
under the file hash, the optimistic lock against a concurrent change, island mode confirmed
through the islanding state, manual backup events and authorized clients."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import anyio
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

import powerwall_async as pwa
from powerwall_async.models.tedapi import ExportRule
from powerwall_async.tedapi._commands import ClientState
from powerwall_async.tedapi._keys import public_key_info
from powerwall_async.testing import Faults, Simulator, simulate

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def key() -> rsa.RSAPrivateKey:
    """A test key made at run time."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def connect(sim: Simulator, key: rsa.RSAPrivateKey) -> pwa.Powerwall:
    assert sim.tedapi is not None
    sim.tedapi.v1r.register(key)
    return pwa.Powerwall.connect(
        sim.url, pin_sha256=sim.cert_sha256, tedapi_key=key, password=sim.password
    )


def signed(sim: Simulator) -> int:
    return len(sim.request_log.matching("POST", "/tedapi/v1r"))


async def test_settings_are_written_and_read_back(key: rsa.RSAPrivateKey) -> None:
    async with simulate(profile="pw2") as sim, connect(sim, key) as pw:
        config = await pw.tedapi.set_backup_reserve(app=50)
        assert config.site is not None
        assert config.site.backup_reserve_percent == pytest.approx(52.5)
        assert sim.state.backup_reserve_percent == pytest.approx(52.5)  # REST reads it too
        assert (await pw.operation.get()).backup_reserve_percent == pytest.approx(52.5)
        config = await pw.tedapi.set_backup_reserve(raw=30)
        assert config.site is not None
        assert config.site.backup_reserve_percent == 30
        config = await pw.tedapi.set_operation_mode("backup")
        assert config.operation_mode_raw == "backup"
        assert sim.state.real_mode == "backup"
        config = await pw.tedapi.set_export_rule("pv_only")
        assert config.site is not None
        assert config.site.export_rule is ExportRule.PV_ONLY
        config = await pw.tedapi.set_grid_charging(False)
        assert config.site is not None
        assert not config.site.grid_charging_allowed
        config = await pw.tedapi.set_solar_curtailment(True)
        assert config.site is not None
        assert config.site.solar_curtailment_enabled
        config = await pw.tedapi.set_site_limits(import_kw=10, export_kw=-5)
        assert config.site is not None
        assert (config.site.max_site_meter_power_kw, config.site.min_site_meter_power_kw) == (
            10,
            -5,
        )


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        (lambda pw: pw.tedapi.set_backup_reserve(app=20, raw=24), "exactly one scale"),
        (lambda pw: pw.tedapi.set_backup_reserve(app=120), "100"),
        (lambda pw: pw.tedapi.set_operation_mode("turbo"), "self_consumption"),
        (lambda pw: pw.tedapi.set_site_limits(export_kw=5), "0 kW or less"),
    ],
)
async def test_bad_values_are_refused_before_anything_is_sent(
    key: rsa.RSAPrivateKey, bad: Callable[[pwa.Powerwall], object], says: str
) -> None:
    async with simulate(profile="pw2") as sim, connect(sim, key) as pw:
        with pytest.raises(ValueError, match=says):
            await bad(pw)  # type: ignore[misc]
    assert [r.path for r in sim.request_log if r.path.startswith("/tedapi/")] == []


async def _during_the_write(sim: Simulator, change: Callable[[], None]) -> None:
    """Once the write has arrived (the second signed request), ``change`` the simulator."""
    while signed(sim) < 2:  # noqa: ASYNC110 - polling the simulator's log, which sets no event
        await anyio.sleep(0.01)
    change()


async def test_a_concurrent_change_is_a_write_conflict_and_is_kept(
    key: rsa.RSAPrivateKey,
) -> None:
    faults = Faults(latency=0.3, paths={"/tedapi/v1r"})
    async with simulate(profile="pw2", faults=faults) as sim, connect(sim, key) as pw:
        await pw.tedapi.din()

        def the_app_writes() -> None:
            sim.state.backup_reserve_percent = 11.0  # another writer changes config.json

        async with anyio.create_task_group() as tg:
            tg.start_soon(_during_the_write, sim, the_app_writes)
            with pytest.raises(pwa.WriteConflictError, match="changed on the gateway"):
                await pw.tedapi.set_backup_reserve(app=80)
    assert sim.state.backup_reserve_percent == 11.0  # not overwritten
    assert signed(sim) == 3  # read, write, the hash read again: the write was not repeated


async def test_a_write_is_never_retried(key: rsa.RSAPrivateKey) -> None:
    faults = Faults(latency=0.3, paths={"/tedapi/v1r"})
    async with simulate(profile="pw2", faults=faults) as sim, connect(sim, key) as pw:
        await pw.tedapi.din()

        def busy() -> None:
            sim.faults.next_statuses.append(503)

        async with anyio.create_task_group() as tg:
            tg.start_soon(_during_the_write, sim, busy)
            with pytest.raises(pwa.GatewayBusyError):
                await pw.tedapi.set_operation_mode("backup")
    assert signed(sim) == 2


async def test_off_grid_and_back_confirmed_through_the_islanding_state(
    key: rsa.RSAPrivateKey,
) -> None:
    async with simulate(profile="pw3") as sim, connect(sim, key) as pw:
        assert await pw.tedapi.go_off_grid()
        assert (await pw.system_status.grid_status()).grid_status != "SystemGridConnected"
        assert await pw.tedapi.go_on_grid()
        assert (await pw.system_status.grid_status()).grid_status == "SystemGridConnected"


async def test_manual_backup_events(key: rsa.RSAPrivateKey) -> None:
    start = dt.datetime(2026, 12, 3, 18, 0, tzinfo=dt.UTC)
    async with simulate(profile="pw3") as sim, connect(sim, key) as pw:
        assert await pw.tedapi.backup_events() == ()
        await pw.tedapi.schedule_backup(start, dt.timedelta(hours=2))
        (event,) = await pw.tedapi.backup_events()
        assert (event.manual, event.start, event.duration_seconds) == (True, start, 7200)
        with pytest.raises(ValueError, match="time zone"):
            await pw.tedapi.schedule_backup(start.replace(tzinfo=None), 60)
        await pw.tedapi.cancel_backup()
        assert await pw.tedapi.backup_events() == ()


async def test_authorized_clients_list_and_removal(key: rsa.RSAPrivateKey) -> None:
    async with simulate(profile="pw3") as sim, connect(sim, key) as pw:
        other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        assert sim.tedapi is not None
        sim.tedapi.v1r.register(other, verified=False)
        clients = {c.fingerprint: c for c in await pw.tedapi.authorized_clients()}
        mine = public_key_info(key).fingerprint
        theirs = public_key_info(other).fingerprint
        assert clients[mine].state is ClientState.VERIFIED
        assert clients[theirs].state is ClientState.PENDING_VERIFICATION
        await pw.tedapi.remove_authorized_client(clients[theirs])
        after = {c.fingerprint: c.state for c in await pw.tedapi.authorized_clients()}
        assert after[theirs] is ClientState.REMOVED
        assert after[mine] is ClientState.VERIFIED


async def test_controls_need_the_v1r_key() -> None:
    async with simulate(profile="pw2") as sim:
        async with pwa.Powerwall.connect(
            sim.url, pin_sha256=sim.cert_sha256, gateway_password=sim.gateway_password
        ) as pw:
            with pytest.raises(pwa.V1rKeyRequiredError, match="tedapi_key=") as info:
                await pw.tedapi.set_operation_mode("backup")
    assert isinstance(info.value, pwa.AuthenticationError)
    assert not sim.request_log.matching("POST", "/tedapi/v1r")
