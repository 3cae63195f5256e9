"""TEDAPI v1r commands: the config write, island mode, backup events and authorized clients.

Each ``build_v1r_*_envelope`` returns the bare envelope that :func:`build_v1r_request` signs;
each ``read_*`` takes the envelope :func:`decode_v1r_response` returned. Readers raise a
:class:`GatewayRefusedError` for an error payload and a :class:`ResponseFormatError` for any
other answer, except :func:`read_config_update`: a failed config write has to be told apart
from a lost race by re-reading the file's hash (:func:`failed_write_error`) before it is
raised, so the reader returns what happened instead.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from .._errors import ResponseFormatError
from .._proto import tedapi as pb
from ..api._bodies import _flag
from ._errors import V1R_PATH, WriteConflictError, WriteRejectedError
from ._keys import key_fingerprint
from ._messages import CONFIG_FILE, _payload_name, _unexpected
from ._v1r import _command_envelope, build_v1r_backup_events_envelope

__all__ = [
    "BACKUP_PRIORITY",
    "MAX_DURATION_SECONDS",
    "AuthorizedClient",
    "BackupEvent",
    "ClientState",
    "ConfigUpdateAnswer",
    "KeyType",
    "build_v1r_authorized_clients_envelope",
    "build_v1r_backup_events_envelope",
    "build_v1r_cancel_backup_envelope",
    "build_v1r_config_update_envelope",
    "build_v1r_island_mode_envelope",
    "build_v1r_remove_client_envelope",
    "build_v1r_schedule_backup_envelope",
    "failed_write_error",
    "read_authorized_clients",
    "read_backup_cancelled",
    "read_backup_events",
    "read_backup_scheduled",
    "read_client_removed",
    "read_config_update",
    "read_island_mode",
]

_WHERE = f"POST {V1R_PATH}"
_DOMAIN_CONFIG = 1
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
BACKUP_PRIORITY = 2**64 - 1
"""The priority a manual backup event is scheduled with (the highest there is)."""
MAX_DURATION_SECONDS = 2**32 - 1
"""The longest backup event the wire can carry (an unsigned 32-bit number of seconds)."""


_ISLAND_ON_GRID = 1
_ISLAND_OFF_GRID = 6  # sent with force: the contactor opens with the grid present


# --- Requests -------------------------------------------------------------------------------


def build_v1r_config_update_envelope(din: str, blob: bytes, file_hash: bytes) -> pb.MessageEnvelope:
    """The envelope writing ``blob`` as ``config.json``, if the file is still at ``file_hash``.

    ``file_hash`` is the hash the read returned: the gateway refuses the update when the file
    changed since (optimistic lock). ``blob`` is the whole new file (see ``config_blob``).
    """
    if not isinstance(blob, bytes) or not blob:
        raise ValueError("the new config.json is empty: give the whole file as JSON bytes")
    if not isinstance(file_hash, bytes):
        raise ValueError(  # noqa: TRY004
            "the file hash is the bytes a config read returned (ConfigFile.hash)"
        )
    envelope = _command_envelope(din)
    envelope.filestore = pb.FileStoreMessages(
        update_file_request=pb.UpdateFileRequest(
            domain=_DOMAIN_CONFIG, file=pb.StoredFile(name=CONFIG_FILE, blob=blob), hash=file_hash
        )
    )
    return envelope


def build_v1r_island_mode_envelope(din: str, *, off_grid: bool) -> pb.MessageEnvelope:
    """The envelope taking the site off the grid (mode 6, forced) or back on it (mode 1).

    Reports disagree on whether every firmware acts on it: confirm through the islanding
    state rather than the answer.
    """
    mode = _ISLAND_OFF_GRID if _flag(off_grid, "off_grid") else _ISLAND_ON_GRID
    envelope = _command_envelope(din)
    envelope.teg = pb.TegMessages(
        set_island_mode_request=pb.SetIslandModeRequest(mode=mode, force=off_grid)
    )
    return envelope


def _timestamp(start: dt.datetime) -> pb.Timestamp:
    if not isinstance(start, dt.datetime):
        raise ValueError(f"the start of a backup event is a datetime, not {start!r}")  # noqa: TRY004
    if start.utcoffset() is None:
        raise ValueError(
            "the start of a backup event needs a time zone (a naive datetime is ambiguous): "
            "use e.g. datetime.now(timezone.utc) or datetime(..., tzinfo=ZoneInfo('...'))"
        )
    delta = start - _EPOCH
    return pb.Timestamp(
        seconds=delta.days * 86_400 + delta.seconds, nanos=delta.microseconds * 1000
    )


def build_v1r_schedule_backup_envelope(
    din: str, start: dt.datetime, duration_seconds: int
) -> pb.MessageEnvelope:
    """The envelope scheduling a manual backup event from ``start`` for ``duration_seconds``.

    ``start`` must carry a time zone. A gateway holds one manual event: cancel the current
    one first (:func:`build_v1r_cancel_backup_envelope`).
    """
    timestamp = _timestamp(start)
    if (
        isinstance(duration_seconds, bool)
        or not isinstance(duration_seconds, int)
        or not 0 < duration_seconds <= MAX_DURATION_SECONDS
    ):
        raise ValueError(
            "the duration of a backup event is a whole number of seconds from 1 to "
            f"{MAX_DURATION_SECONDS}, not {duration_seconds!r}"
        )
    envelope = _command_envelope(din)
    envelope.teg = pb.TegMessages(
        schedule_manual_backup_event_request=pb.ScheduleManualBackupEventRequest(
            scheduling_info=pb.EventScheduling(
                start_time=timestamp, duration_seconds=duration_seconds, priority=BACKUP_PRIORITY
            )
        )
    )
    return envelope


def build_v1r_cancel_backup_envelope(din: str) -> pb.MessageEnvelope:
    """The envelope cancelling the manual backup event."""
    envelope = _command_envelope(din)
    envelope.teg = pb.TegMessages(cancel_manual_backup_event_request=pb.Empty())
    return envelope


def build_v1r_authorized_clients_envelope(din: str) -> pb.MessageEnvelope:
    """The envelope listing the keys authorized to send signed requests (apps, vehicles)."""
    envelope = _command_envelope(din)
    envelope.authorization = pb.AuthorizationMessages(list_authorized_clients_request=pb.Empty())
    return envelope


def build_v1r_remove_client_envelope(din: str, public_key: bytes) -> pb.MessageEnvelope:
    """The envelope removing the authorized client whose public key (DER, as listed) is
    ``public_key``; take it from :attr:`AuthorizedClient.public_key`."""
    if not isinstance(public_key, bytes) or not public_key:
        raise ValueError(
            "give the public key of the client to remove as bytes (AuthorizedClient.public_key)"
        )
    envelope = _command_envelope(din)
    envelope.authorization = pb.AuthorizationMessages(
        remove_authorized_client_request=pb.RemoveAuthorizedClientRequest(public_key=public_key)
    )
    return envelope


def _part(envelope: pb.MessageEnvelope, arm: str, name: str, expected: str, where: str) -> Any:
    """The answer ``name`` in the payload ``arm`` of ``envelope``, or the error for anything
    else (the gateway's refusal, or a format error naming what was ``expected``)."""
    payload = getattr(envelope, arm)
    part = None if payload is None else getattr(payload, name)
    if part is None:
        raise _unexpected(envelope, expected, where)
    return part


# --- The config write and its optimistic lock -----------------------------------------------


@attrs.frozen
class ConfigUpdateAnswer:
    """What the gateway answered a config update."""

    accepted: bool
    """True only for a file-update answer; anything else is a failed write."""
    new_hash: bytes | None
    """The file's version after the write, when accepted and sent."""
    detail: str
    """What arrived instead of a file-update answer (for messages; never the file)."""


def read_config_update(envelope: pb.MessageEnvelope) -> ConfigUpdateAnswer:
    """Whether the gateway accepted a config update.

    Returns rather than raises on refusal: re-read the config and pass both hashes to
    :func:`failed_write_error` to learn whether another writer came first.
    """
    filestore = envelope.filestore
    response = None if filestore is None else filestore.update_file_response
    if response is not None:
        return ConfigUpdateAnswer(accepted=True, new_hash=response.hash or None, detail="")
    common = envelope.common
    error = None if common is None else common.error_response
    if error is not None:
        status = error.status or pb.RpcStatus()
        text = status.message[:120]
        detail = f"an error, code {status.code}" + (f": {text!r}" if text else "")
    else:
        detail = _payload_name(envelope)
    return ConfigUpdateAnswer(accepted=False, new_hash=None, detail=detail)


def failed_write_error(
    sent_hash: bytes, current_hash: bytes, *, detail: str = ""
) -> WriteConflictError | WriteRejectedError:
    """The error for a config update the gateway did not accept.

    ``sent_hash`` is the hash the update carried, ``current_hash`` the one a config read
    returned after the refusal: a different hash means someone else wrote the file in
    between (a conflict); the same hash means the gateway refused the update itself.
    ``detail`` (:attr:`ConfigUpdateAnswer.detail`) is named in the message.
    """
    answered = f" (it answered {detail})" if detail else ""
    if current_hash != sent_hash:
        return WriteConflictError(
            f"{_WHERE}: config.json changed on the gateway after it was read (the Tesla app, "
            f"another client or the gateway itself wrote it){answered}: nothing was "
            "overwritten and nothing is retried; read the configuration again and repeat the "
            "change if it still applies"
        )
    return WriteRejectedError(
        f"{_WHERE}: the gateway did not accept the config.json update{answered}, and the "
        "file has not changed since it was read: nothing was written; this firmware may not "
        "allow the setting or the value, check it against what the Tesla app offers"
    )


# --- Island mode, backup events ------------------------------------------------------------


def read_island_mode(envelope: pb.MessageEnvelope, *, where: str = _WHERE) -> int:
    """The result number of an island-mode answer (0 when the gateway sent none).

    Its meaning is not documented: confirm the change through the islanding state.
    """
    response: pb.SetIslandModeResponse = _part(
        envelope, "teg", "set_island_mode_response", "an island-mode answer", where
    )
    return response.result


@attrs.frozen
class BackupEvent:
    """A backup event the gateway holds; ``None`` where it said nothing."""

    id: str | None
    name: str | None
    start: dt.datetime | None
    """Aware, in UTC."""
    duration_seconds: int | None
    manual: bool
    """The manual event (the one schedule and cancel act on); it has no id or name."""


def _time(timestamp: pb.Timestamp | None, where: str) -> dt.datetime | None:
    if timestamp is None or (timestamp.seconds == 0 and timestamp.nanos == 0):
        return None
    try:
        return _EPOCH + dt.timedelta(
            seconds=timestamp.seconds, microseconds=timestamp.nanos // 1000
        )
    except OverflowError:
        raise ResponseFormatError(
            f"{where} answered a time {timestamp.seconds} s from 1970, which is not a date"
        ) from None


def _event(
    scheduling: pb.EventScheduling | None, *, where: str, event_id: str = "", name: str = ""
) -> BackupEvent:
    scheduling = scheduling or pb.EventScheduling()
    return BackupEvent(
        id=event_id or None,
        name=name or None,
        start=_time(scheduling.start_time, where),
        duration_seconds=scheduling.duration_seconds or None,
        manual=False,
    )


def read_backup_events(
    envelope: pb.MessageEnvelope, *, where: str = _WHERE
) -> tuple[BackupEvent, ...]:
    """The backup events in an answer to a backup-events request, the manual one first."""
    response: pb.GetBackupEventsResponse = _part(
        envelope, "teg", "get_backup_events_response", "the backup events", where
    )
    events = [
        _event(event.scheduling_info, where=where, event_id=event.id, name=event.name)
        for event in response.backup_events
    ]
    manual = response.manual_backup_event
    if manual is not None:
        event = _event(manual.scheduling_info, where=where)
        if event.start is not None or event.duration_seconds is not None:
            events.insert(0, attrs.evolve(event, manual=True))
    return tuple(events)


def read_backup_scheduled(envelope: pb.MessageEnvelope, *, where: str = _WHERE) -> None:
    """Checks that the answer acknowledges a scheduled manual backup event."""
    _part(
        envelope,
        "teg",
        "schedule_manual_backup_event_response",
        "the event's acknowledgement",
        where,
    )


def read_backup_cancelled(envelope: pb.MessageEnvelope, *, where: str = _WHERE) -> None:
    """Checks that the answer acknowledges a cancelled manual backup event."""
    _part(
        envelope, "teg", "cancel_manual_backup_event_response", "the cancel acknowledgement", where
    )


# --- Authorized clients ---------------------------------------------------------------------


class _Lenient(enum.IntEnum):
    """The gateway's numbers; one not known here reads as ``UNKNOWN`` (0), never fails."""

    @classmethod
    def _missing_(cls, value: object) -> _Lenient:
        return cls(0)


class ClientState(_Lenient):
    """Where an authorized client's key stands; ``UNKNOWN`` for a number not known here."""

    UNKNOWN = 0
    PENDING_VERIFICATION = 1
    """Registered; waiting for the presence proof (the Powerwall's switch off ~15 s, on)."""
    PENDING_VERIFICATION_TIMEOUT = 2
    """The ~10-minute window passed: register the same key again to reopen it."""
    VERIFIED = 3
    REMOVED = 4


class KeyType(_Lenient):
    """The kind of an authorized client's key; ``UNKNOWN`` for a number not known here."""

    UNKNOWN = 0
    RSA = 1
    ECC = 2


@attrs.frozen
class AuthorizedClient:
    """A key the gateway accepts (or did, or will) signed requests from."""

    description: str | None
    key_type: KeyType
    public_key: bytes = attrs.field(repr=False)
    """As the gateway lists it (RSA: DER PKCS#1); what removing the client sends."""
    fingerprint: str
    """SHA-256 of ``public_key``, hex: the fingerprint keygen prints for the same key."""
    state: ClientState
    roles: tuple[int, ...]
    added: dt.datetime | None
    """When it was registered, aware, in UTC."""
    identifier: str | None


def read_authorized_clients(
    envelope: pb.MessageEnvelope, *, where: str = _WHERE
) -> tuple[AuthorizedClient, ...]:
    """The authorized clients in an answer to a list request (the Tesla app's keys too)."""
    response: pb.ListAuthorizedClientsResponse = _part(
        envelope,
        "authorization",
        "list_authorized_clients_response",
        "the list of authorized clients",
        where,
    )
    return tuple(
        AuthorizedClient(
            description=client.description or None,
            key_type=KeyType(client.key_type),
            public_key=client.public_key,
            fingerprint=key_fingerprint(client.public_key),
            state=ClientState(client.state),
            roles=tuple(client.roles),
            added=_time(client.added_time, where),
            identifier=client.identifier or None,
        )
        for client in response.clients
    )


def read_client_removed(envelope: pb.MessageEnvelope, *, where: str = _WHERE) -> None:
    """Checks that the answer acknowledges the removal of an authorized client."""
    _part(
        envelope,
        "authorization",
        "remove_authorized_client_response",
        "the removal's acknowledgement",
        where,
    )
