"""The gateway's side of the v1r commands: the answers it sends (for the simulator and tests).

Each builder returns the bare envelope that :func:`build_v1r_response` wraps; the ``read_*``
functions of :mod:`._commands` read them back into the same values.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .._proto import tedapi as pb
from ._commands import BACKUP_PRIORITY, AuthorizedClient, BackupEvent, _timestamp
from ._messages import CHANNEL_COMMAND, _checked_din

__all__ = [
    "build_acknowledgement",
    "build_authorized_clients_answer",
    "build_backup_events_answer",
    "build_config_update_answer",
    "build_error_answer",
    "build_island_mode_answer",
]

_AUTHORIZED_CLIENT_MOBILE_APP = 1


def _answer(din: str, **payload: Any) -> pb.MessageEnvelope:
    return pb.MessageEnvelope(
        delivery_channel=CHANNEL_COMMAND,
        sender=pb.Participant(din=_checked_din(din)),
        recipient=pb.Participant(authorized_client=_AUTHORIZED_CLIENT_MOBILE_APP),
        **payload,
    )


def build_config_update_answer(din: str, new_hash: bytes) -> pb.MessageEnvelope:
    """The answer to an accepted config update: the file's new version."""
    response = pb.UpdateFileResponse(hash=new_hash)
    return _answer(din, filestore=pb.FileStoreMessages(update_file_response=response))


def build_error_answer(din: str, code: int, message: str) -> pb.MessageEnvelope:
    """A refusal as an error payload (``code``: a google.rpc code, e.g. 9 failed precondition)."""
    status = pb.RpcStatus(code=code, message=message)
    return _answer(din, common=pb.CommonMessages(error_response=pb.ErrorResponse(status=status)))


def build_island_mode_answer(din: str, result: int = 0) -> pb.MessageEnvelope:
    """The answer to an island-mode request."""
    response = pb.SetIslandModeResponse(result=result)
    return _answer(din, teg=pb.TegMessages(set_island_mode_response=response))


def _scheduling(event: BackupEvent) -> pb.EventScheduling:
    return pb.EventScheduling(
        start_time=None if event.start is None else _timestamp(event.start),
        duration_seconds=event.duration_seconds or 0,
        priority=BACKUP_PRIORITY,
    )


def build_backup_events_answer(din: str, events: Iterable[BackupEvent]) -> pb.MessageEnvelope:
    """The answer listing ``events``; at most one of them is the manual event."""
    events = list(events)
    manual = [event for event in events if event.manual]
    if len(manual) > 1:
        raise ValueError("a gateway holds one manual backup event, not several")
    response = pb.GetBackupEventsResponse(
        manual_backup_event=pb.ManualBackupEvent(scheduling_info=_scheduling(manual[0]))
        if manual
        else None,
        backup_events=[
            pb.BackupEvent(
                id=event.id or "", name=event.name or "", scheduling_info=_scheduling(event)
            )
            for event in events
            if not event.manual
        ],
    )
    return _answer(din, teg=pb.TegMessages(get_backup_events_response=response))


def build_authorized_clients_answer(
    din: str, clients: Iterable[AuthorizedClient]
) -> pb.MessageEnvelope:
    """The answer listing ``clients`` (their fingerprints are not on the wire)."""
    response = pb.ListAuthorizedClientsResponse(
        clients=[
            pb.AuthorizedClient(
                type=_AUTHORIZED_CLIENT_MOBILE_APP,
                description=client.description or "",
                key_type=client.key_type,
                public_key=client.public_key,
                roles=list(client.roles),
                state=client.state,
                added_time=None if client.added is None else _timestamp(client.added),
                identifier=client.identifier or "",
            )
            for client in clients
        ]
    )
    return _answer(
        din, authorization=pb.AuthorizationMessages(list_authorized_clients_response=response)
    )


def build_acknowledgement(din: str, request: pb.MessageEnvelope) -> pb.MessageEnvelope:
    """The empty answer a gateway sends to a backup event scheduled or cancelled, or to an
    authorized client removed; ``ValueError`` for any other request."""
    teg, authorization = request.teg, request.authorization
    if teg is not None and teg.schedule_manual_backup_event_request is not None:
        return _answer(din, teg=pb.TegMessages(schedule_manual_backup_event_response=pb.Empty()))
    if teg is not None and teg.cancel_manual_backup_event_request is not None:
        return _answer(din, teg=pb.TegMessages(cancel_manual_backup_event_response=pb.Empty()))
    if authorization is not None and authorization.remove_authorized_client_request is not None:
        return _answer(
            din,
            authorization=pb.AuthorizationMessages(remove_authorized_client_response=pb.Empty()),
        )
    raise ValueError("the request is not one a gateway answers with an empty acknowledgement")
