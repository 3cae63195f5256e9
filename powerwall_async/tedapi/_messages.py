"""TEDAPI v1 messages: request bodies built byte for byte, answers decoded into plain results.

A v1 body (``POST /tedapi/v1`` and ``POST /tedapi/device/<DIN>/v1``, both ways) is a
``Message``: an envelope (channel, sender, recipient, one payload) and a tail. Requests to the
gateway itself come from ``local = 1`` with tail 1; requests routed to one Powerwall 3 unit
through ``/tedapi/device/<DIN>/v1`` come from the leader's DIN with tail 2. Answers are read
leniently (unknown fields and arms are skipped, empty strings are "not said"); anything that
is not a TEDAPI message becomes a :class:`ResponseFormatError` saying what arrived.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, TypeVar

import attrs
import betterproto2

from .._errors import ResponseFormatError
from .._proto import tedapi as pb
from ..models._vitals_wire import _check_message, _MalformedError
from ._errors import GatewayRefusedError
from ._gzip import DEFAULT_MAX_SIZE, decompress_if_gzip
from ._queries import QuerySet, SignedQuery, components_query, status_query

__all__ = [
    "CHANNEL_COMMAND",
    "CHANNEL_LOCAL",
    "CONFIG_FILE",
    "DIN_PATH",
    "V1_CONTENT_TYPE",
    "V1_PATH",
    "ConfigFile",
    "GraphQLErrorEntry",
    "QueryResult",
    "SystemInfo",
    "build_components_request",
    "build_config_request",
    "build_config_response",
    "build_query_request",
    "build_query_response",
    "build_status_request",
    "build_system_info_request",
    "build_system_info_response",
    "decode_din_response",
    "decode_envelope",
    "decode_v1_response",
    "device_path",
    "parse_message",
    "query_envelope",
    "read_config",
    "read_query",
    "read_system_info",
    "system_info_envelope",
]

V1_PATH = "/tedapi/v1"
DIN_PATH = "/tedapi/din"
V1_CONTENT_TYPE = "application/octet-string"
"""What the community's clients have sent to real gateways since 2024 (sic); the gateway does
not appear to check it."""
CHANNEL_LOCAL = 1
"""Envelope delivery channel of v1 requests and of queries over v1r."""
CHANNEL_COMMAND = 2
"""Envelope delivery channel of v1r file store, TEG and authorization requests."""
CONFIG_FILE = "config.json"
_DOMAIN_CONFIG = 1
_QUERY_SIGNED = 2
_QUERY_SUCCESS = 1

# A DIN is "<part number>--<serial number>": letters, digits and dashes. Anything else would
# let a caller's string change the URL path.
_DIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*\Z")


def _checked_din(din: str) -> str:
    if not _DIN.match(din):
        raise ValueError(
            f"{din!r} is not a DIN (like '1707000-11-J--TG1234567890AB'): letters, digits, dashes"
        )
    return din


def device_path(din: str) -> str:
    """The path that routes a request to one unit: ``/tedapi/device/<din>/v1``."""
    return f"/tedapi/device/{_checked_din(din)}/v1"


# --- Requests -------------------------------------------------------------------------------


def _v1_envelope(din: str, leader_din: str | None) -> pb.MessageEnvelope:
    sender = (
        pb.Participant(local=1)
        if leader_din is None
        else pb.Participant(din=_checked_din(leader_din))
    )
    return pb.MessageEnvelope(
        delivery_channel=CHANNEL_LOCAL,
        sender=sender,
        recipient=pb.Participant(din=_checked_din(din)),
    )


def _v1_body(envelope: pb.MessageEnvelope, leader_din: str | None) -> bytes:
    return bytes(pb.Message(envelope=envelope, tail=pb.Tail(value=1 if leader_din is None else 2)))


def system_info_envelope(din: str, *, leader_din: str | None = None) -> pb.MessageEnvelope:
    """The envelope asking ``din`` for its system information (v1, and as is over v1r)."""
    envelope = _v1_envelope(din, leader_din)
    envelope.common = pb.CommonMessages(get_system_info_request=pb.GetSystemInfoRequest())
    return envelope


def build_system_info_request(din: str, *, leader_din: str | None = None) -> bytes:
    """The v1 request for the system information of ``din`` (firmware, update state, type).

    ``leader_din`` is given when the request goes to ``device_path(din)`` of a multi-unit
    Powerwall 3 system: the leader is then the sender and the tail is 2.
    """
    return _v1_body(system_info_envelope(din, leader_din=leader_din), leader_din)


def build_config_request(din: str, *, leader_din: str | None = None) -> bytes:
    """The v1 request reading ``config.json`` from ``din`` (``leader_din``: as above)."""
    envelope = _v1_envelope(din, leader_din)
    envelope.filestore = pb.FileStoreMessages(
        read_file_request=pb.ReadFileRequest(domain=_DOMAIN_CONFIG, name=CONFIG_FILE)
    )
    return _v1_body(envelope, leader_din)


def _variables_text(query: SignedQuery, variables: Mapping[str, Any] | str | None) -> str:
    if variables is None:
        return query.default_variables
    if isinstance(variables, str):
        try:
            json.loads(variables)
        except ValueError as error:
            raise ValueError(f"the query variables are not JSON text ({error})") from None
        return variables
    return json.dumps(variables, separators=(",", ":"))


def query_envelope(
    din: str,
    query: SignedQuery,
    *,
    variables: Mapping[str, Any] | str | None = None,
    leader_din: str | None = None,
) -> pb.MessageEnvelope:
    """The envelope running the signed ``query`` on ``din`` (v1, and as is over v1r).

    ``variables`` (a mapping, or JSON text) replaces the query's default variables; they are
    not covered by the signature, so 2024-set queries can choose components and signals.
    """
    envelope = _v1_envelope(din, leader_din)
    envelope.graphql = pb.GraphQlMessages(
        query_request=pb.QueryRequest(
            format=_QUERY_SIGNED,
            query=query.signed_bytes,
            signature=query.signature,
            variables=pb.JsonText(value=_variables_text(query, variables)),
        )
    )
    return envelope


def build_query_request(
    din: str,
    query: SignedQuery,
    *,
    variables: Mapping[str, Any] | str | None = None,
    leader_din: str | None = None,
) -> bytes:
    """The v1 request running the signed ``query`` on ``din`` (see :func:`query_envelope`;
    ``leader_din``: see :func:`build_system_info_request`)."""
    envelope = query_envelope(din, query, variables=variables, leader_din=leader_din)
    return _v1_body(envelope, leader_din)


def build_status_request(
    din: str,
    query_set: QuerySet = QuerySet.V2024_06,
    *,
    variables: Mapping[str, Any] | str | None = None,
) -> bytes:
    """The v1 request for the site's status: the DeviceController query of ``query_set``."""
    return build_query_request(din, status_query(query_set), variables=variables)


def build_components_request(
    din: str,
    query_set: QuerySet = QuerySet.V2024_06,
    *,
    variables: Mapping[str, Any] | str | None = None,
    leader_din: str | None = None,
) -> bytes:
    """The v1 request for the Powerwall 3 components of ``din`` (a follower: ``leader_din``)."""
    return build_query_request(
        din, components_query(query_set), variables=variables, leader_din=leader_din
    )


# --- Answers --------------------------------------------------------------------------------


_M = TypeVar("_M", bound=betterproto2.Message)


def parse_message(cls: type[_M], data: bytes, *, what: str, where: str) -> _M:
    """``data`` parsed as ``cls`` after a wire check, or a :class:`ResponseFormatError`
    naming ``what`` was expected (betterproto2 alone accepts truncated bodies)."""
    try:
        _check_message(data, 0, len(data), cls)
        return cls.parse(data)
    except _MalformedError as error:
        problem = str(error)
    except Exception as error:  # betterproto2 raises whatever its internals meet
        problem = repr(error)
    if data[:1] in (b"<", b"{") or data[:5].isalpha():  # HTML, JSON or words
        hint = " (it looks like text: is this a TEDAPI gateway, and the right path?)"
    else:
        hint = (
            "; try again (the answer may have been cut short); if it repeats, this firmware "
            "sends something this library does not understand"
        )
    raise ResponseFormatError(
        f"{where} answered a body that is not {what}: {problem}{hint}", body=data[:256]
    )


def decode_din_response(body: bytes, *, max_size: int = DEFAULT_MAX_SIZE) -> str:
    """The DIN in an answer to ``GET /tedapi/din`` (plain text, gzip on newer firmware)."""
    where = f"GET {DIN_PATH}"
    text = decompress_if_gzip(body, max_size=max_size, where=where).decode("utf-8", "replace")
    din = text.strip()
    if not _DIN.match(din) or "--" not in din:  # "<part number>--<serial number>"
        raise ResponseFormatError(
            f"{where} answered {din[:40]!r}, which is not a DIN: is this a TEDAPI gateway?",
            body=body[:256],
        )
    return din


def decode_v1_response(
    body: bytes, *, where: str = f"POST {V1_PATH}", max_size: int = DEFAULT_MAX_SIZE
) -> pb.MessageEnvelope:
    """The envelope of a v1 answer (gzip or not), for the ``read_*`` functions.

    ``where`` names the request in error messages. A gateway refusal sent as a message
    (an error payload) is raised as :class:`GatewayRefusedError`.
    """
    data = decompress_if_gzip(body, max_size=max_size, where=where)
    message = parse_message(pb.Message, data, what="a TEDAPI message", where=where)
    if message.envelope is None:
        raise ResponseFormatError(
            f"{where} answered a TEDAPI message without an envelope", body=data[:256]
        )
    return message.envelope


def decode_envelope(data: bytes, *, where: str) -> pb.MessageEnvelope:
    """A bare envelope (the inner payload of a v1r answer)."""
    return parse_message(pb.MessageEnvelope, data, what="a TEDAPI envelope", where=where)


def _refusal(envelope: pb.MessageEnvelope, where: str) -> None:
    common = envelope.common
    if common is not None and common.error_response is not None:
        status = common.error_response.status or pb.RpcStatus()
        raise GatewayRefusedError(
            f"{where}: the gateway refused the request (code {status.code}"
            + (f", {status.message!r}" if status.message else "")
            + "); it may not support this request on this firmware",
            code=status.code,
            detail=status.message,
        )


def _payload_name(envelope: pb.MessageEnvelope) -> str:
    for name in ("common", "teg", "authorization", "filestore", "graphql"):
        if getattr(envelope, name) is not None:
            return f"a {name} payload"
    return "an envelope without a payload"


def _unexpected(envelope: pb.MessageEnvelope, expected: str, where: str) -> ResponseFormatError:
    _refusal(envelope, where)
    return ResponseFormatError(
        f"{where} answered {_payload_name(envelope)} where {expected} was expected"
    )


def _json_object(text: str, what: str, where: str) -> dict[str, Any] | None:
    if not text.strip():
        return None
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ResponseFormatError(
            f"{where} answered {what} that is not JSON ({error}); the firmware may have cut "
            "it short: try again",
            body=text[:256].encode(),
        ) from None
    if data is None:
        return None
    if not isinstance(data, dict):
        raise ResponseFormatError(
            f"{where} answered {what} that is JSON but not an object ({type(data).__name__})",
            body=text[:256].encode(),
        )
    return data


@attrs.frozen
class ConfigFile:
    """The gateway's ``config.json``: its text, parsed content and version hash."""

    text: str
    data: dict[str, Any] = attrs.field(repr=False)
    hash: bytes
    """The file's version; a write sends it back so that a concurrent change is detected."""


def read_config(envelope: pb.MessageEnvelope, *, where: str = f"POST {V1_PATH}") -> ConfigFile:
    """The ``config.json`` in an answer to a config request."""
    filestore = envelope.filestore
    response = None if filestore is None else filestore.read_file_response
    if response is None:
        raise _unexpected(envelope, "the config.json file", where)
    blob = b"" if response.file is None or response.file.blob is None else response.file.blob
    try:
        text = blob.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ResponseFormatError(
            f"{where} answered a config.json that is not UTF-8 text ({error})", body=blob[:256]
        ) from None
    data = _json_object(text, "a config.json", where)
    if data is None:
        raise ResponseFormatError(
            f"{where} answered an empty config.json; the gateway may still be starting: "
            "try again in a minute"
        )
    return ConfigFile(text=text, data=data, hash=response.hash)


@attrs.frozen
class SystemInfo:
    """The answer to a system information request; ``None`` where the gateway said nothing."""

    din: str | None
    part_number: str | None
    serial_number: str | None
    firmware_version: str | None
    """As the gateway writes it, e.g. ``"24.12.6-PW3-AFCI 008bf6ff"``."""
    git_hash: str | None
    """The firmware's full git hash, hex."""
    device_type: int | None
    """4 site controller (a gateway or Powerwall 3 leader), 3 MSA, 2 PV communications."""
    update_status: int | None
    staged_version: str | None
    """The firmware version downloaded and waiting to be installed, if any."""


def read_system_info(envelope: pb.MessageEnvelope, *, where: str = f"POST {V1_PATH}") -> SystemInfo:
    """The system information in an answer to a system information request."""
    common = envelope.common
    info = None if common is None else common.get_system_info_response
    if info is None:
        raise _unexpected(envelope, "system information", where)
    device = info.device_id or pb.EcuId()
    firmware = info.firmware_version or pb.FirmwareVersion()
    update = info.system_update
    staged = None if update is None else update.server_staged_version
    return SystemInfo(
        din=info.din or None,
        part_number=device.part_number or None,
        serial_number=device.serial_number or None,
        firmware_version=firmware.version or None,
        git_hash=firmware.githash.hex() or None,
        device_type=info.device_type or None,
        update_status=None if update is None else update.update_status,
        staged_version=None if staged is None else staged.version or None,
    )


@attrs.frozen
class GraphQLErrorEntry:
    """One entry of a query answer's ``errors``."""

    message: str
    code: int | None
    """1 field not found, 2 unauthorized (often: a signature the gateway does not accept),
    3 resolver unresponsive, 4 response too big."""
    path: tuple[str, ...]


@attrs.frozen
class QueryResult:
    """A query's answer: the JSON ``data`` (``None`` when absent) and the GraphQL ``errors``."""

    data: dict[str, Any] | None = attrs.field(repr=False)
    errors: tuple[GraphQLErrorEntry, ...]
    status: int | None
    """1 success, 2 partial (data and errors), 3 failed; ``None`` when not sent."""

    @property
    def ok(self) -> bool:
        """Data came back and nothing went wrong."""
        return self.data is not None and not self.errors and self.status in (None, _QUERY_SUCCESS)


def read_query(envelope: pb.MessageEnvelope, *, where: str = f"POST {V1_PATH}") -> QueryResult:
    """The answer to a signed query; GraphQL errors are returned, not raised."""
    graphql = envelope.graphql
    response = None if graphql is None else graphql.query_response
    if response is None:
        raise _unexpected(envelope, "a query answer", where)
    return QueryResult(
        data=_json_object(response.data, "query data", where),
        errors=tuple(
            GraphQLErrorEntry(
                message=error.message, code=error.code or None, path=tuple(error.path)
            )
            for error in response.errors
        ),
        status=response.status or None,
    )


# --- Answers, as a gateway writes them (for the simulator and tests) ------------------------


def _answer(din: str, **payload: Any) -> bytes:
    envelope = pb.MessageEnvelope(
        delivery_channel=CHANNEL_LOCAL,
        sender=pb.Participant(din=_checked_din(din)),
        recipient=pb.Participant(local=1),
        **payload,
    )
    return bytes(pb.Message(envelope=envelope, tail=pb.Tail(value=1)))


def build_query_response(
    din: str, data: str, *, status: int = _QUERY_SUCCESS, errors: tuple[GraphQLErrorEntry, ...] = ()
) -> bytes:
    """A gateway's v1 answer to a query: ``data`` is the JSON text, from device ``din``."""
    response = pb.QueryResponse(
        status=status,
        data=data,
        errors=[
            pb.QueryError(path=list(error.path), code=error.code or 0, message=error.message)
            for error in errors
        ],
    )
    return _answer(din, graphql=pb.GraphQlMessages(query_response=response))


def build_config_response(din: str, text: str, file_hash: bytes) -> bytes:
    """A gateway's v1 answer to a config request: the file's ``text`` and version hash."""
    response = pb.ReadFileResponse(
        file=pb.StoredFile(name=CONFIG_FILE, blob=text.encode()), hash=file_hash
    )
    return _answer(din, filestore=pb.FileStoreMessages(read_file_response=response))


def build_system_info_response(info: SystemInfo) -> bytes:
    """A gateway's v1 answer to a system information request (``info.din`` is required)."""
    if info.din is None:
        raise ValueError("a system information answer needs the device's DIN")
    staged = (
        None if info.staged_version is None else pb.FirmwareVersion(version=info.staged_version)
    )
    response = pb.GetSystemInfoResponse(
        device_id=pb.EcuId(
            part_number=info.part_number or "", serial_number=info.serial_number or ""
        ),
        din=info.din,
        firmware_version=pb.FirmwareVersion(
            version=info.firmware_version or "", githash=bytes.fromhex(info.git_hash or "")
        ),
        system_update=None
        if info.update_status is None and staged is None
        else pb.SystemUpdate(update_status=info.update_status or 0, server_staged_version=staged),
        device_type=info.device_type or 0,
    )
    return _answer(info.din, common=pb.CommonMessages(get_system_info_response=response))
