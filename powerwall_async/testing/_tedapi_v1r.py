"""TEDAPI v1r on the simulated gateway: ``POST /tedapi/v1r``, envelopes signed with an owner's
RSA key that the gateway knows as an authorized client.

The checks, in the gateway's order: the body must be a signed RoutableMessage (else the
DECODING fault), unexpired (TIME_EXPIRED), from a key it knows (UNKNOWN_KEY_ID; a removed one:
INACTIVE_KEY), signed by that key over the leader's DIN (INVALID_SIGNATURE), and verified by
the owner's switch toggle (else a 200 whose payload says "client authorization not verified").
Then the envelope runs: queries, system information and config reads as over v1 (from the
leader, whichever unit the envelope names: v1r does not reach followers), and the commands
only v1r carries: config.json writes with the file hash (a stale hash is refused), island mode,
manual backup events, and the authorized clients' list.
"""

from __future__ import annotations

import enum
import json
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

from .._errors import ResponseFormatError
from .._proto import tedapi as pb
from ..tedapi._keys import public_key_info
from ..tedapi._messages import CHANNEL_COMMAND, CONFIG_FILE, decode_envelope
from ..tedapi._v1r import (
    NOT_VERIFIED_TEXT,
    Fault,
    SignedRequest,
    build_v1r_response,
    decode_v1r_request,
)

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey

    from ._tedapi import TedapiGateway

__all__ = ["AuthorizedKey", "KeyState", "V1r"]

MAX_TIME_TO_LIVE = 60
"""Seconds ahead an expiry may lie (clients send now + 12)."""

_ISLAND_OFF_GRID, _ISLAND_ON_GRID = 6, 1
_RPC_INVALID_ARGUMENT, _RPC_FAILED_PRECONDITION, _RPC_ABORTED, _RPC_UNIMPLEMENTED = 3, 9, 10, 12
_KEY_TYPE_RSA, _MOBILE_APP, _VERIFIED_BY_PRESENCE = 1, 1, 1


class KeyState(enum.IntEnum):
    """An authorized client's state on the gateway."""

    PENDING_VERIFICATION = 1
    PENDING_VERIFICATION_TIMEOUT = 2
    VERIFIED = 3
    REMOVED = 4


@attrs.define
class AuthorizedKey:
    """A public key the gateway knows (DER PKCS#1), its state and description."""

    public_key: bytes = attrs.field(repr=False)
    state: KeyState
    description: str
    added: float


def _der(key: RSAPrivateKey | RSAPublicKey | bytes) -> bytes:
    return key if isinstance(key, bytes) else public_key_info(key).der


def _rpc_error(din: str, code: int, message: str) -> pb.MessageEnvelope:
    status = pb.RpcStatus(code=code, message=message)
    return _command_answer(
        din, common=pb.CommonMessages(error_response=pb.ErrorResponse(status=status))
    )


def _command_answer(din: str, **payload: Any) -> pb.MessageEnvelope:
    return pb.MessageEnvelope(
        delivery_channel=CHANNEL_COMMAND,
        sender=pb.Participant(din=din),
        recipient=pb.Participant(authorized_client=_MOBILE_APP),
        **payload,
    )


class V1r:
    """The gateway's authorized clients, its manual backup event, and the v1r exchange."""

    def __init__(self, tedapi: TedapiGateway, clock: Callable[[], float] = time.time) -> None:
        self._tedapi = tedapi
        self.clock = clock
        self.keys: dict[bytes, AuthorizedKey] = {}
        self.manual_backup: pb.EventScheduling | None = None

    # -- the owner's side: registration (the cloud) and the switch toggle ----------------------
    def register(
        self,
        key: RSAPrivateKey | RSAPublicKey | bytes,
        *,
        verified: bool = True,
        description: str = "powerwall-async",
    ) -> AuthorizedKey:
        """Make ``key`` (an RSA key, either half, or its DER PKCS#1 bytes) an authorized
        client: verified, or pending the owner's switch toggle (``verified=False``)."""
        state = KeyState.VERIFIED if verified else KeyState.PENDING_VERIFICATION
        record = AuthorizedKey(_der(key), state, description, self.clock())
        self.keys[record.public_key] = record
        return record

    def toggle_switch(self) -> None:
        """The owner's proof of presence: every key pending verification becomes verified."""
        for record in self.keys.values():
            if record.state is KeyState.PENDING_VERIFICATION:
                record.state = KeyState.VERIFIED

    def expire_window(self) -> None:
        """The verification window closed: pending keys can no longer be verified."""
        for record in self.keys.values():
            if record.state is KeyState.PENDING_VERIFICATION:
                record.state = KeyState.PENDING_VERIFICATION_TIMEOUT

    # -- the exchange --------------------------------------------------------------------------
    def handle(self, body: bytes) -> bytes:
        """The answer (a RoutableMessage) to one ``POST /tedapi/v1r`` body."""
        try:
            request = decode_v1r_request(body)
        except ValueError:
            return build_v1r_response(fault=Fault.DECODING)
        leader = self._tedapi.site.din
        fault = self._fault(request, leader)
        if fault is not None:
            return build_v1r_response(fault=fault, request_uuid=request.uuid)
        if self.keys[request.public_key].state is not KeyState.VERIFIED:
            return build_v1r_response(NOT_VERIFIED_TEXT.encode(), request_uuid=request.uuid)
        try:
            envelope = decode_envelope(request.envelope, where="the v1r request")
        except ResponseFormatError:
            return build_v1r_response(fault=Fault.DECODING, request_uuid=request.uuid)
        return build_v1r_response(self._run(envelope, leader), request_uuid=request.uuid)

    def _fault(self, request: SignedRequest, leader: str) -> Fault | None:
        """Why the gateway refuses ``request`` before reading it, if it does."""
        now = self.clock()
        record = self.keys.get(request.public_key)
        checks = (
            (request.expires_at < now, Fault.TIME_EXPIRED),
            (request.expires_at > now + MAX_TIME_TO_LIVE, Fault.TIME_TO_LIVE_TOO_LONG),
            (record is None, Fault.UNKNOWN_KEY_ID),
            (record is not None and record.state is KeyState.REMOVED, Fault.INACTIVE_KEY),
        )
        for refused, fault in checks:
            if refused:
                return fault
        return None if request.signature_is_valid(leader) else Fault.INVALID_SIGNATURE

    def _run(self, envelope: pb.MessageEnvelope, leader: str) -> pb.MessageEnvelope | bytes:
        filestore, teg, authorization = envelope.filestore, envelope.teg, envelope.authorization
        if filestore is not None and filestore.update_file_request is not None:
            return self._update_file(filestore.update_file_request, leader)
        if teg is not None:
            return self._teg(teg, leader)
        if authorization is not None:
            return self._authorization(authorization, leader)
        # Queries, system information and config reads, as v1 answers them; the leader
        # answers for itself whatever unit the envelope names.
        envelope.recipient = pb.Participant(din=leader)
        return self._tedapi.answer_envelope(envelope, leader)

    # -- config.json writes ------------------------------------------------------------------
    def _update_file(self, request: pb.UpdateFileRequest, leader: str) -> pb.MessageEnvelope:
        tedapi = self._tedapi
        stored = request.file
        if request.domain != 1 or stored is None or stored.name != CONFIG_FILE:
            return _rpc_error(leader, _RPC_INVALID_ARGUMENT, "only config.json can be written")
        if request.hash != tedapi.config_hash:
            return _rpc_error(
                leader, _RPC_ABORTED, "config.json changed since it was read: hash mismatch"
            )
        try:
            document = json.loads(stored.blob or b"")
        except ValueError:
            document = None
        if not isinstance(document, dict):
            return _rpc_error(leader, _RPC_INVALID_ARGUMENT, "config.json is not a JSON object")
        tedapi.store_config(document)
        response = pb.UpdateFileResponse(hash=tedapi.config_hash)
        return _command_answer(
            leader, filestore=pb.FileStoreMessages(update_file_response=response)
        )

    # -- TEG: island mode, manual backup events ------------------------------------------------
    def _teg(self, teg: pb.TegMessages, leader: str) -> pb.MessageEnvelope:
        if teg.set_island_mode_request is not None:
            return self._island(teg.set_island_mode_request.mode, leader)
        if teg.get_backup_events_request is not None:
            manual = (
                None
                if self.manual_backup is None
                else pb.ManualBackupEvent(scheduling_info=self.manual_backup)
            )
            events = pb.GetBackupEventsResponse(manual_backup_event=manual, backup_events=[])
            return _command_answer(leader, teg=pb.TegMessages(get_backup_events_response=events))
        if teg.schedule_manual_backup_event_request is not None:
            return self._schedule(teg.schedule_manual_backup_event_request, leader)
        if teg.cancel_manual_backup_event_request is not None:
            self.manual_backup = None
            done = pb.TegMessages(cancel_manual_backup_event_response=pb.Empty())
            return _command_answer(leader, teg=done)
        return _rpc_error(leader, _RPC_UNIMPLEMENTED, "TEG request not supported")

    def _island(self, mode: int, leader: str) -> pb.MessageEnvelope:
        """Off grid (6) or back on grid (1): the shared state's grid status follows."""
        island_modes = {
            _ISLAND_OFF_GRID: "intentional_reconnect_failsafe",
            _ISLAND_ON_GRID: "backup",
        }
        if mode not in island_modes:
            return _rpc_error(leader, _RPC_INVALID_ARGUMENT, f"unknown island mode {mode}")
        self._tedapi.state.set_island_mode(island_modes[mode])
        answer = pb.SetIslandModeResponse(result=mode)
        return _command_answer(leader, teg=pb.TegMessages(set_island_mode_response=answer))

    def _schedule(
        self, request: pb.ScheduleManualBackupEventRequest, leader: str
    ) -> pb.MessageEnvelope:
        """One manual backup event at a time: the current one must be cancelled first."""
        if self.manual_backup is not None:
            return _rpc_error(
                leader, _RPC_FAILED_PRECONDITION, "a manual backup event is already scheduled"
            )
        self.manual_backup = request.scheduling_info or pb.EventScheduling()
        done = pb.TegMessages(schedule_manual_backup_event_response=pb.Empty())
        return _command_answer(leader, teg=done)

    # -- authorized clients ------------------------------------------------------------------
    def _authorization(
        self, authorization: pb.AuthorizationMessages, leader: str
    ) -> pb.MessageEnvelope:
        if authorization.list_authorized_clients_request is not None:
            clients = [
                pb.AuthorizedClient(
                    type=_MOBILE_APP,
                    description=record.description,
                    key_type=_KEY_TYPE_RSA,
                    public_key=record.public_key,
                    state=int(record.state),
                    verification=_VERIFIED_BY_PRESENCE,
                    added_time=pb.Timestamp(seconds=int(record.added)),
                )
                for record in self.keys.values()
            ]
            listed = pb.ListAuthorizedClientsResponse(clients=clients)
            return _command_answer(
                leader,
                authorization=pb.AuthorizationMessages(list_authorized_clients_response=listed),
            )
        removal = authorization.remove_authorized_client_request
        if removal is not None:
            record = self.keys.get(removal.public_key)
            if record is None:
                return _rpc_error(leader, _RPC_INVALID_ARGUMENT, "no such authorized client")
            record.state = KeyState.REMOVED
            done = pb.AuthorizationMessages(remove_authorized_client_response=pb.Empty())
            return _command_answer(leader, authorization=done)
        return _rpc_error(leader, _RPC_UNIMPLEMENTED, "authorization request not supported")
