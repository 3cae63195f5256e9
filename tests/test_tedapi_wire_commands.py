"""v1r commands: envelopes byte for byte (expected bytes written out field by field with an
encoder independent of the schema), answers read back through the schema, and the
optimistic lock's decision between a lost race and a refusal."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from powerwall_async import PowerwallError, ResponseFormatError
from powerwall_async._proto import tedapi as pb
from powerwall_async.tedapi._command_answers import (
    build_acknowledgement,
    build_authorized_clients_answer,
    build_backup_events_answer,
    build_config_update_answer,
    build_error_answer,
    build_island_mode_answer,
)
from powerwall_async.tedapi._commands import (
    BACKUP_PRIORITY,
    MAX_DURATION_SECONDS,
    AuthorizedClient,
    BackupEvent,
    ClientState,
    KeyType,
    build_v1r_authorized_clients_envelope,
    build_v1r_cancel_backup_envelope,
    build_v1r_config_update_envelope,
    build_v1r_island_mode_envelope,
    build_v1r_remove_client_envelope,
    build_v1r_schedule_backup_envelope,
    failed_write_error,
    read_authorized_clients,
    read_backup_cancelled,
    read_backup_events,
    read_backup_scheduled,
    read_client_removed,
    read_config_update,
    read_island_mode,
)
from powerwall_async.tedapi._errors import (
    GatewayRefusedError,
    WriteConflictError,
    WriteRejectedError,
)
from powerwall_async.tedapi._messages import decode_envelope
from powerwall_async.tedapi._v1r import (
    build_v1r_request,
    build_v1r_response,
    decode_v1r_request,
    decode_v1r_response,
)

DIN = "1232100-00-E--TG123456789012"
WHERE = "POST /tedapi/v1r"


# An encoder of its own, so that the expected bytes do not come from the schema under test.
def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _int(field: int, value: int) -> bytes:
    return _varint(field << 3) + _varint(value)


def _nested(field: int, *parts: bytes) -> bytes:
    payload = b"".join(parts)
    return _varint(field << 3 | 2) + _varint(len(payload)) + payload


# deliveryChannel 2, sender.authorizedClient 1, recipient.din: the reference's v1r header.
HEADER = "0802120220011a1e0a1c313233323130302d30302d452d2d5447313233343536373839303132"


def _command(*payload: bytes) -> str:
    return HEADER + b"".join(payload).hex()


def test_the_header_is_the_references_v1r_header() -> None:
    own = _int(1, 2) + _nested(2, _int(4, 1)) + _nested(3, _nested(1, DIN.encode()))
    assert own.hex() == HEADER


def _round_trip(envelope: pb.MessageEnvelope) -> pb.MessageEnvelope:
    return decode_envelope(bytes(envelope), where=WHERE)


def _answer(**payload: object) -> pb.MessageEnvelope:
    """A gateway's answer as it arrives: serialized, then parsed."""
    envelope = pb.MessageEnvelope(
        delivery_channel=2,
        sender=pb.Participant(din=DIN),
        recipient=pb.Participant(authorized_client=1),
        **payload,  # type: ignore[arg-type]
    )
    return _round_trip(envelope)


# --- Requests -------------------------------------------------------------------------------


def test_the_config_update_carries_the_new_file_and_the_hash_of_the_read() -> None:
    blob, file_hash = b'{"vin":"x","site_info":{}}', bytes.fromhex("0102a0ff")
    envelope = build_v1r_config_update_envelope(DIN, blob, file_hash)
    file = _nested(2, _nested(1, b"config.json"), _nested(100, blob))
    assert bytes(envelope).hex() == _command(
        _nested(15, _nested(5, _int(1, 1), file, _nested(3, file_hash)))
    )
    request = _round_trip(envelope).filestore.update_file_request  # type: ignore[union-attr]
    assert request is not None
    assert request.file is not None
    assert (request.domain, request.file.name, request.file.blob, request.hash) == (
        1,
        "config.json",
        blob,
        file_hash,
    )


def test_a_config_update_needs_a_file_and_the_read_hash() -> None:
    with pytest.raises(ValueError, match="empty"):
        build_v1r_config_update_envelope(DIN, b"", b"h")
    with pytest.raises(ValueError, match=r"ConfigFile\.hash"):
        build_v1r_config_update_envelope(DIN, b"{}", "abc")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="DIN"):
        build_v1r_config_update_envelope("../etc", b"{}", b"h")


def test_going_off_grid_is_mode_6_forced_and_on_grid_mode_1() -> None:
    off = build_v1r_island_mode_envelope(DIN, off_grid=True)
    assert bytes(off).hex() == _command(_nested(5, _nested(3, _int(1, 6), _int(2, 1))))
    on = build_v1r_island_mode_envelope(DIN, off_grid=False)
    assert bytes(on).hex() == _command(_nested(5, _nested(3, _int(1, 1))))
    with pytest.raises(ValueError, match="True or False"):
        build_v1r_island_mode_envelope(DIN, off_grid=1)  # type: ignore[arg-type]


def test_a_manual_backup_event_has_its_start_duration_and_the_highest_priority() -> None:
    start = dt.datetime(2026, 1, 1, 1, 0, 0, 250_000, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    envelope = build_v1r_schedule_backup_envelope(DIN, start, 7200)
    seconds = 1767225600  # 2026-01-01T00:00:00Z
    scheduling = _nested(
        1, _nested(1, _int(1, seconds), _int(2, 250_000_000)), _int(2, 7200), _int(3, 2**64 - 1)
    )
    assert bytes(envelope).hex() == _command(_nested(5, _nested(45, scheduling)))
    request = _round_trip(envelope).teg.schedule_manual_backup_event_request  # type: ignore[union-attr]
    assert request is not None
    assert request.scheduling_info is not None
    assert request.scheduling_info.priority == BACKUP_PRIORITY == 2**64 - 1


@pytest.mark.parametrize(
    ("start", "duration", "words"),
    [
        (dt.datetime(2026, 1, 1), 60, "time zone"),
        ("2026-01-01T00:00:00Z", 60, "datetime"),
        (dt.datetime(2026, 1, 1, tzinfo=dt.UTC), 0, "1 to"),
        (dt.datetime(2026, 1, 1, tzinfo=dt.UTC), -5, "1 to"),
        (dt.datetime(2026, 1, 1, tzinfo=dt.UTC), MAX_DURATION_SECONDS + 1, "1 to"),
        (dt.datetime(2026, 1, 1, tzinfo=dt.UTC), 60.5, "whole number"),
        (dt.datetime(2026, 1, 1, tzinfo=dt.UTC), True, "whole number"),
    ],
)
def test_a_backup_event_that_cannot_be_sent_is_refused_before_sending(
    start: object, duration: object, words: str
) -> None:
    with pytest.raises(ValueError, match=words):
        build_v1r_schedule_backup_envelope(DIN, start, duration)  # type: ignore[arg-type]


def test_cancelling_the_backup_event_and_listing_clients_are_empty_requests() -> None:
    assert bytes(build_v1r_cancel_backup_envelope(DIN)).hex() == _command(_nested(5, _nested(47)))
    assert bytes(build_v1r_authorized_clients_envelope(DIN)).hex() == _command(
        _nested(12, _nested(5))
    )


def test_a_client_is_removed_by_its_public_key() -> None:
    key = bytes(range(40))
    envelope = build_v1r_remove_client_envelope(DIN, key)
    assert bytes(envelope).hex() == _command(_nested(12, _nested(3, _nested(1, key))))
    with pytest.raises(ValueError, match="public key"):
        build_v1r_remove_client_envelope(DIN, b"")
    with pytest.raises(ValueError, match="public key"):
        build_v1r_remove_client_envelope(DIN, key.hex())  # type: ignore[arg-type]


# --- The config write -----------------------------------------------------------------------


def test_only_a_file_update_answer_is_an_accepted_write() -> None:
    ok = read_config_update(
        _answer(
            filestore=pb.FileStoreMessages(update_file_response=pb.UpdateFileResponse(hash=b"v2"))
        )
    )
    assert (ok.accepted, ok.new_hash) == (True, b"v2")
    no_hash = read_config_update(
        _answer(filestore=pb.FileStoreMessages(update_file_response=pb.UpdateFileResponse()))
    )
    assert (no_hash.accepted, no_hash.new_hash) == (True, None)


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        (
            {
                "common": pb.CommonMessages(
                    error_response=pb.ErrorResponse(
                        status=pb.RpcStatus(code=9, message="hash mismatch")
                    )
                )
            },
            "an error, code 9: 'hash mismatch'",
        ),
        (
            {"filestore": pb.FileStoreMessages(read_file_response=pb.ReadFileResponse(hash=b"v1"))},
            "a filestore payload",
        ),
        ({"teg": pb.TegMessages(get_backup_events_response=pb.GetBackupEventsResponse())}, "teg"),
        ({}, "without a payload"),
    ],
)
def test_any_other_answer_to_a_config_update_is_a_failed_write(
    payload: dict[str, object], words: str
) -> None:
    answer = read_config_update(_answer(**payload))
    assert not answer.accepted
    assert answer.new_hash is None
    assert words in answer.detail


def test_a_changed_hash_after_a_failed_write_is_a_conflict() -> None:
    error = failed_write_error(b"v1", b"v2", detail="an error, code 9")
    assert isinstance(error, WriteConflictError)
    assert isinstance(error, PowerwallError)
    text = str(error)
    assert "changed on the gateway" in text
    assert "nothing was overwritten" in text
    assert "read the configuration again" in text
    assert "an error, code 9" in text


def test_an_unchanged_hash_after_a_failed_write_is_a_refusal() -> None:
    error = failed_write_error(b"v1", b"v1", detail="a teg payload")
    assert isinstance(error, WriteRejectedError)
    assert not isinstance(error, WriteConflictError)
    assert "nothing was written" in str(error)
    assert "a teg payload" in str(error)


def test_write_errors_never_carry_the_file_or_the_hashes() -> None:
    secret = "hunter2-ABCDE"
    answer = read_config_update(
        _answer(
            common=pb.CommonMessages(
                error_response=pb.ErrorResponse(status=pb.RpcStatus(code=3, message="x" * 500))
            )
        )
    )
    assert len(answer.detail) < 200
    for error in (
        failed_write_error(secret.encode(), b"other", detail=answer.detail),
        failed_write_error(secret.encode(), secret.encode()),
    ):
        assert secret not in str(error)
        assert secret.encode().hex() not in str(error)


# --- Island mode and backup events ----------------------------------------------------------


def test_the_island_mode_answer_gives_its_result() -> None:
    answer = _answer(
        teg=pb.TegMessages(set_island_mode_response=pb.SetIslandModeResponse(result=2))
    )
    assert read_island_mode(answer) == 2
    empty = _answer(teg=pb.TegMessages(set_island_mode_response=pb.SetIslandModeResponse()))
    assert read_island_mode(empty) == 0


def _scheduling(seconds: int, duration: int) -> pb.EventScheduling:
    return pb.EventScheduling(
        start_time=pb.Timestamp(seconds=seconds, nanos=500_000_000),
        duration_seconds=duration,
        priority=BACKUP_PRIORITY,
    )


def test_backup_events_are_typed_with_the_manual_one_first() -> None:
    response = pb.GetBackupEventsResponse(
        manual_backup_event=pb.ManualBackupEvent(scheduling_info=_scheduling(1767225600, 3600)),
        backup_events=[
            pb.BackupEvent(
                id="storm-1", name="Storm Watch", scheduling_info=_scheduling(1767312000, 86400)
            ),
            pb.BackupEvent(id="e2"),
        ],
    )
    events = read_backup_events(_answer(teg=pb.TegMessages(get_backup_events_response=response)))
    assert events == (
        BackupEvent(
            id=None,
            name=None,
            start=dt.datetime(2026, 1, 1, 0, 0, 0, 500_000, tzinfo=dt.UTC),
            duration_seconds=3600,
            manual=True,
        ),
        BackupEvent(
            id="storm-1",
            name="Storm Watch",
            start=dt.datetime(2026, 1, 2, 0, 0, 0, 500_000, tzinfo=dt.UTC),
            duration_seconds=86400,
            manual=False,
        ),
        BackupEvent(id="e2", name=None, start=None, duration_seconds=None, manual=False),
    )


def test_no_backup_events_is_an_empty_list() -> None:
    empty = pb.GetBackupEventsResponse(manual_backup_event=pb.ManualBackupEvent())
    assert read_backup_events(_answer(teg=pb.TegMessages(get_backup_events_response=empty))) == ()


def test_a_backup_event_time_that_is_no_date_is_a_format_error() -> None:
    response = pb.GetBackupEventsResponse(
        backup_events=[pb.BackupEvent(id="x", scheduling_info=_scheduling(2**62, 1))]
    )
    with pytest.raises(ResponseFormatError, match="not a date"):
        read_backup_events(_answer(teg=pb.TegMessages(get_backup_events_response=response)))


def test_schedule_cancel_and_remove_are_acknowledged_by_their_own_answers() -> None:
    read_backup_scheduled(
        _answer(teg=pb.TegMessages(schedule_manual_backup_event_response=pb.Empty()))
    )
    read_backup_cancelled(
        _answer(teg=pb.TegMessages(cancel_manual_backup_event_response=pb.Empty()))
    )
    read_client_removed(
        _answer(
            authorization=pb.AuthorizationMessages(remove_authorized_client_response=pb.Empty())
        )
    )
    other = _answer(teg=pb.TegMessages(cancel_manual_backup_event_response=pb.Empty()))
    with pytest.raises(ResponseFormatError, match="acknowledgement"):
        read_backup_scheduled(other)
    with pytest.raises(ResponseFormatError, match="a teg payload"):
        read_client_removed(other)


def test_readers_raise_the_gateways_refusal() -> None:
    refusal = _answer(
        common=pb.CommonMessages(
            error_response=pb.ErrorResponse(status=pb.RpcStatus(code=12, message="unimplemented"))
        )
    )
    for reader in (
        read_island_mode,
        read_backup_events,
        read_backup_scheduled,
        read_backup_cancelled,
        read_authorized_clients,
        read_client_removed,
    ):
        with pytest.raises(GatewayRefusedError, match="code 12") as caught:
            reader(refusal)
        assert caught.value.code == 12


# --- Authorized clients ---------------------------------------------------------------------


def test_authorized_clients_are_typed_with_the_fingerprint_keygen_prints(tmp_path: Path) -> None:
    pytest.importorskip("cryptography", reason="keygen needs cryptography")
    from powerwall_async.tedapi._keys import keygen, load_private_key, public_key_info

    printed = keygen(tmp_path / "tedapi.pem")
    der = public_key_info(load_private_key(tmp_path / "tedapi.pem")).der
    response = pb.ListAuthorizedClientsResponse(
        clients=[
            pb.AuthorizedClient(
                type=1,
                description="Powerwall LAN Client",
                key_type=1,
                public_key=der,
                roles=[1, 4],
                state=3,
                verification=1,
                added_time=pb.Timestamp(seconds=1767225600),
                identifier="client-1",
            ),
            pb.AuthorizedClient(key_type=9, public_key=b"\x04ecc", state=2),
            pb.AuthorizedClient(public_key=b"k", state=1),
            pb.AuthorizedClient(public_key=b"k", state=4),
            pb.AuthorizedClient(public_key=b"k", state=77),
        ]
    )
    clients = read_authorized_clients(
        _answer(authorization=pb.AuthorizationMessages(list_authorized_clients_response=response))
    )
    assert clients[0] == AuthorizedClient(
        description="Powerwall LAN Client",
        key_type=KeyType.RSA,
        public_key=der,
        fingerprint=printed.fingerprint,
        state=ClientState.VERIFIED,
        roles=(1, 4),
        added=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        identifier="client-1",
    )
    assert clients[0].fingerprint == hashlib.sha256(der).hexdigest()
    assert der.hex() not in repr(clients[0])
    assert clients[1].key_type is KeyType.UNKNOWN
    assert clients[1].fingerprint == hashlib.sha256(b"\x04ecc").hexdigest()
    assert (clients[1].description, clients[1].added, clients[1].identifier) == (None, None, None)
    assert [client.state for client in clients[1:]] == [
        ClientState.PENDING_VERIFICATION_TIMEOUT,
        ClientState.PENDING_VERIFICATION,
        ClientState.REMOVED,
        ClientState.UNKNOWN,
    ]
    removal = build_v1r_remove_client_envelope(DIN, clients[0].public_key)
    request = _round_trip(removal).authorization.remove_authorized_client_request  # type: ignore[union-attr]
    assert request is not None
    assert request.public_key == der


# --- The gateway's side, and the whole signed path ------------------------------------------


def test_typed_answers_read_back_as_the_same_values() -> None:
    events = (
        BackupEvent(
            id=None,
            name=None,
            start=dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC),
            duration_seconds=600,
            manual=True,
        ),
        BackupEvent(id="e1", name="Storm Watch", start=None, duration_seconds=60, manual=False),
    )
    assert read_backup_events(_round_trip(build_backup_events_answer(DIN, events))) == events
    assert read_backup_events(_round_trip(build_backup_events_answer(DIN, ()))) == ()
    with pytest.raises(ValueError, match="one manual"):
        build_backup_events_answer(DIN, (events[0], events[0]))
    clients = (
        AuthorizedClient(
            description="Tesla app",
            key_type=KeyType.ECC,
            public_key=b"\x04" + bytes(64),
            fingerprint=hashlib.sha256(b"\x04" + bytes(64)).hexdigest(),
            state=ClientState.PENDING_VERIFICATION,
            roles=(2,),
            added=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
            identifier=None,
        ),
    )
    answer = build_authorized_clients_answer(DIN, clients)
    assert read_authorized_clients(_round_trip(answer)) == clients
    update = read_config_update(_round_trip(build_config_update_answer(DIN, b"v2")))
    assert (update.accepted, update.new_hash) == (True, b"v2")
    refused = read_config_update(_round_trip(build_error_answer(DIN, 9, "stale hash")))
    assert "code 9: 'stale hash'" in refused.detail
    assert read_island_mode(_round_trip(build_island_mode_answer(DIN, 1))) == 1


def test_each_command_survives_the_signed_path_and_gets_its_own_acknowledgement() -> None:
    pytest.importorskip("cryptography", reason="v1r needs cryptography")
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    cases = [
        (build_v1r_schedule_backup_envelope(DIN, start, 60), read_backup_scheduled),
        (build_v1r_cancel_backup_envelope(DIN), read_backup_cancelled),
        (build_v1r_remove_client_envelope(DIN, b"key"), read_client_removed),
    ]
    for envelope, reader in cases:
        signed = decode_v1r_request(build_v1r_request(envelope, din=DIN, key=key))
        assert signed.signature_is_valid(DIN)
        request = decode_envelope(signed.envelope, where="gateway")
        body = build_v1r_response(build_acknowledgement(DIN, request), request_uuid=signed.uuid)
        reader(decode_v1r_response(body))
    with pytest.raises(ValueError, match="acknowledgement"):
        build_acknowledgement(DIN, build_v1r_island_mode_envelope(DIN, off_grid=True))
