"""The simulator's v1r: signed requests from registered keys, the gateway's faults, config
writes under the file hash, island mode and backup events reflected in the shared state."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from powerwall_async._proto import tedapi as pb
from powerwall_async.tedapi._errors import (
    V1rError,
    V1rFollowerUnreachableError,
    V1rKeyNotVerifiedError,
    V1rKeyUnknownError,
    V1rRequestExpiredError,
    V1rUnauthorizedError,
)
from powerwall_async.tedapi._messages import (
    query_envelope,
    read_config,
    read_query,
)
from powerwall_async.tedapi._queries import QuerySet, components_query, status_query
from powerwall_async.tedapi._v1r import (
    build_v1r_backup_events_envelope,
    build_v1r_config_envelope,
    build_v1r_request,
    decode_v1r_response,
)
from powerwall_async.testing import Simulator, simulate
from tests.test_simulator_tedapi import http_client, quiet_httpcore, rest_get, session_headers

__all__ = ["quiet_httpcore"]  # the autouse fixture, shared

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def key() -> rsa.RSAPrivateKey:
    """A test key made at run time (2048 bits: the gateway checks the signature, not the size)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _din(sim: Simulator) -> str:
    assert sim.tedapi is not None
    return sim.tedapi.site.din


async def _signed(
    client: httpx.AsyncClient,
    sim: Simulator,
    key: rsa.RSAPrivateKey,
    envelope: pb.MessageEnvelope,
    *,
    now: float | None = None,
    follower_din: str | None = None,
) -> pb.MessageEnvelope:
    body = build_v1r_request(envelope, din=_din(sim), key=key, now=now)
    answer = await client.post(
        "/tedapi/v1r", content=body, headers={"content-type": "application/octet-stream"}
    )
    assert answer.status_code == 200
    return decode_v1r_response(answer.content, follower_din=follower_din)


def _command(din: str, **payload: Any) -> pb.MessageEnvelope:
    return pb.MessageEnvelope(
        delivery_channel=2,
        sender=pb.Participant(authorized_client=1),
        recipient=pb.Participant(din=din),
        **payload,
    )


async def test_a_verified_key_reads_config_and_status_and_the_din_needs_only_a_session(
    key: rsa.RSAPrivateKey,
) -> None:
    async with simulate(profile="pw3") as sim, http_client(sim) as client:
        assert sim.tedapi is not None
        sim.tedapi.v1r.register(key)
        by_session = await client.get("/tedapi/din", headers=await session_headers(client, sim))
        din = by_session.text
        config = read_config(await _signed(client, sim, key, build_v1r_config_envelope(din)))
        status = read_query(
            await _signed(client, sim, key, query_envelope(din, status_query(QuerySet.V2026_06)))
        )
    assert din == _din(sim)
    assert config.data is not None
    assert config.data["vin"] == din
    assert status.data is not None
    assert status.data["control"]["systemStatus"]["nominalFullPackEnergyWh"] == 54_000


async def test_unknown_pending_expired_and_removed_keys_get_the_gateways_faults(
    key: rsa.RSAPrivateKey,
) -> None:
    async with simulate(profile="pw2") as sim, http_client(sim) as client:
        assert sim.tedapi is not None
        envelope = build_v1r_config_envelope(_din(sim))
        with pytest.raises(V1rKeyUnknownError):
            await _signed(client, sim, key, envelope)
        sim.tedapi.v1r.register(key, verified=False)
        with pytest.raises(V1rKeyNotVerifiedError):
            await _signed(client, sim, key, envelope)
        sim.tedapi.v1r.toggle_switch()
        assert read_config(await _signed(client, sim, key, envelope)).data is not None
        with pytest.raises(V1rRequestExpiredError):
            await _signed(client, sim, key, envelope, now=time.time() - 60)
        removal = pb.AuthorizationMessages(
            remove_authorized_client_request=pb.RemoveAuthorizedClientRequest(
                public_key=next(iter(sim.tedapi.v1r.keys))
            )
        )
        await _signed(client, sim, key, _command(_din(sim), authorization=removal))
        with pytest.raises(V1rKeyNotVerifiedError):  # INACTIVE_KEY
            await _signed(client, sim, key, envelope)


async def test_a_key_whose_window_expired_stays_unverified(key: rsa.RSAPrivateKey) -> None:
    async with simulate(profile="pw2") as sim, http_client(sim) as client:
        assert sim.tedapi is not None
        sim.tedapi.v1r.register(key, verified=False)
        sim.tedapi.v1r.expire_window()
        sim.tedapi.v1r.toggle_switch()
        with pytest.raises(V1rKeyNotVerifiedError):
            await _signed(client, sim, key, build_v1r_config_envelope(_din(sim)))


async def test_a_forged_signature_is_refused(key: rsa.RSAPrivateKey) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    async with simulate(profile="pw2") as sim, http_client(sim) as client:
        assert sim.tedapi is not None
        sim.tedapi.v1r.register(key)
        body = build_v1r_request(build_v1r_config_envelope(_din(sim)), din=_din(sim), key=other)
        forged = pb.RoutableMessage.parse(body)
        assert forged.signature_data is not None
        forged.signature_data.signer_identity = pb.KeyIdentity(
            public_key=next(iter(sim.tedapi.v1r.keys))
        )
        answer = await client.post("/tedapi/v1r", content=bytes(forged))
    with pytest.raises(V1rUnauthorizedError):
        decode_v1r_response(answer.content)


async def test_config_write_applies_with_the_current_hash_and_refuses_a_stale_one(
    key: rsa.RSAPrivateKey,
) -> None:
    async with simulate(profile="pw2") as sim, http_client(sim) as client:
        assert sim.tedapi is not None
        sim.tedapi.v1r.register(key)
        din = _din(sim)
        read = read_config(await _signed(client, sim, key, build_v1r_config_envelope(din)))
        assert read.data is not None
        document = {**read.data, "default_real_mode": "backup"}
        document["site_info"] = {**document["site_info"], "backup_reserve_percent": 80.0}

        def update(file_hash: bytes) -> pb.MessageEnvelope:
            stored = pb.StoredFile(name="config.json", blob=json.dumps(document).encode())
            request = pb.UpdateFileRequest(domain=1, file=stored, hash=file_hash)
            return _command(din, filestore=pb.FileStoreMessages(update_file_request=request))

        written = await _signed(client, sim, key, update(read.hash))
        stale = await _signed(client, sim, key, update(read.hash))
        operation = await rest_get(client, sim, "/api/operation")
        reread = read_config(await _signed(client, sim, key, build_v1r_config_envelope(din)))
    assert written.filestore is not None
    assert written.filestore.update_file_response is not None
    assert written.filestore.update_file_response.hash == reread.hash != read.hash
    assert stale.common is not None  # a refusal, not a file update
    assert stale.common.error_response is not None
    assert (operation["real_mode"], operation["backup_reserve_percent"]) == ("backup", 80.0)
    assert reread.data is not None
    assert reread.data["site_info"]["backup_reserve_percent"] == 80.0


async def test_island_mode_shows_in_rest_and_tedapi(key: rsa.RSAPrivateKey) -> None:
    async with simulate(profile="pw2") as sim, http_client(sim) as client:
        assert sim.tedapi is not None
        sim.tedapi.v1r.register(key)
        din = _din(sim)
        off = pb.TegMessages(set_island_mode_request=pb.SetIslandModeRequest(mode=6, force=True))
        await _signed(client, sim, key, _command(din, teg=off))
        grid = await rest_get(client, sim, "/api/system_status/grid_status")
        status = read_query(
            await _signed(client, sim, key, query_envelope(din, status_query(QuerySet.V2024_06)))
        )
        on = pb.TegMessages(set_island_mode_request=pb.SetIslandModeRequest(mode=1))
        await _signed(client, sim, key, _command(din, teg=on))
        back = await rest_get(client, sim, "/api/system_status/grid_status")
    assert grid["grid_status"] == "SystemIslandedActive"
    assert status.data is not None
    assert status.data["control"]["islanding"]["contactorClosed"] is False
    assert back["grid_status"] == "SystemGridConnected"


async def test_manual_backup_events_are_scheduled_listed_and_cancelled(
    key: rsa.RSAPrivateKey,
) -> None:
    scheduling = pb.EventScheduling(
        start_time=pb.Timestamp(seconds=1_900_000_000), duration_seconds=3600, priority=2**64 - 1
    )
    schedule = pb.TegMessages(
        schedule_manual_backup_event_request=pb.ScheduleManualBackupEventRequest(
            scheduling_info=scheduling
        )
    )
    cancel = pb.TegMessages(cancel_manual_backup_event_request=pb.Empty())
    async with simulate(profile="pw3") as sim, http_client(sim) as client:
        assert sim.tedapi is not None
        sim.tedapi.v1r.register(key)
        din = _din(sim)
        await _signed(client, sim, key, _command(din, teg=schedule))
        again = await _signed(client, sim, key, _command(din, teg=schedule))
        listed = await _signed(client, sim, key, build_v1r_backup_events_envelope(din))
        await _signed(client, sim, key, _command(din, teg=cancel))
        emptied = await _signed(client, sim, key, build_v1r_backup_events_envelope(din))
    assert again.common is not None  # one event at a time: cancel first
    assert listed.teg is not None
    assert listed.teg.get_backup_events_response is not None
    event = listed.teg.get_backup_events_response.manual_backup_event
    assert event is not None
    assert event.scheduling_info == scheduling
    assert emptied.teg is not None
    assert emptied.teg.get_backup_events_response is not None
    assert emptied.teg.get_backup_events_response.manual_backup_event is None


async def test_v1r_does_not_reach_followers(key: rsa.RSAPrivateKey) -> None:
    async with simulate(profile="pw3") as sim, http_client(sim) as client:
        assert sim.tedapi is not None
        sim.tedapi.v1r.register(key)
        follower = sim.tedapi.site.units[1].din
        envelope = query_envelope(follower, components_query(QuerySet.V2026_06))
        with pytest.raises(V1rFollowerUnreachableError):
            await _signed(client, sim, key, envelope, follower_din=follower)


async def test_unsigned_bodies_get_the_decoding_fault() -> None:
    async with simulate(profile="pw3") as sim, http_client(sim) as client:
        answer = await client.post("/tedapi/v1r", content=b"not a routable message")
    with pytest.raises(V1rError) as caught:
        decode_v1r_response(answer.content)
    assert caught.value.fault == 10  # DECODING
