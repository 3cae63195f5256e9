"""TEDAPI v1 on the simulated gateway: ``GET /tedapi/din``, ``POST /tedapi/v1`` and, on
Powerwall 3 sites, ``POST /tedapi/device/<DIN>/v1`` for each unit.

HTTP Basic auth (``Tesla_Energy_Device`` and the full gateway password) is checked first; a
wrong password, and with :attr:`TedapiGateway.off_wifi_subnet` every request (firmware 25.10
refuses requests from outside its Wi-Fi subnet), answer the same 403. GraphQL queries run only
with Tesla's signature over their text, as on the gateway: an unsigned or altered query gets a
GraphQL error (code 2, unauthorized) and no data.
"""

from __future__ import annotations

import base64
import binascii
import copy
import gzip
import hashlib
import hmac
import json
import re
from typing import Any

from .._errors import ResponseFormatError
from .._proto import tedapi as pb
from ..tedapi._errors import V1R_PATH
from ..tedapi._messages import (
    CHANNEL_LOCAL,
    CONFIG_FILE,
    DIN_PATH,
    V1_PATH,
    GraphQLErrorEntry,
    SystemInfo,
    build_config_response,
    build_query_response,
    build_system_info_response,
    decode_v1_response,
)
from ..tedapi._queries import signature_is_valid
from ._auth import Auth
from ._gateway import Incoming
from ._graphql import GraphQLSyntaxError, execute
from ._reply import Reply, forbidden, not_found
from ._state import OPERATION_MODES, GatewayState
from ._tedapi_data import config_json, device_data, stored_config
from ._tedapi_site import Site
from ._tedapi_v1r import V1r

__all__ = ["BASIC_USER", "TedapiGateway"]

BASIC_USER = "Tesla_Energy_Device"

_DEVICE_PATH = re.compile(r"/tedapi/device/(?P<din>[^/]+)/v1")
_CONFIG_DOMAIN = 1
_SIGNED_FORMAT = 2
_QUERY_FAILED = 3
_UNAUTHORIZED, _FIELD_NOT_FOUND = 2, 1
_RPC_INVALID_ARGUMENT, _RPC_NOT_FOUND, _RPC_UNIMPLEMENTED = 3, 5, 12


_PROTOBUF, _TEXT = "application/octet-stream", "text/plain; charset=utf-8"


def _bad_body() -> Reply:
    return Reply(400, (("content-type", _TEXT),), b"bad request\n")


def _rate_limited() -> Reply:
    return Reply(429, (("content-type", _TEXT),), b"Too Many Requests\n")


def _refused_query(din: str, message: str, code: int) -> bytes:
    """A query answer without data: the gateway's GraphQL error ``code``."""
    error = GraphQLErrorEntry(message=message, code=code, path=())
    return build_query_response(din, "", status=_QUERY_FAILED, errors=(error,))


def _variables(text: str) -> dict[str, Any]:
    """The query's variables: a JSON object, or nothing."""
    variables = json.loads(text) if text.strip() else {}
    if not isinstance(variables, dict):
        raise ValueError("the variables are not a JSON object")  # noqa: TRY004 - bad input
    return variables


def _rpc_error(din: str, code: int, message: str) -> bytes:
    """The gateway's refusal of a request it cannot serve (a google.rpc status)."""
    envelope = pb.MessageEnvelope(
        delivery_channel=CHANNEL_LOCAL,
        sender=pb.Participant(din=din),
        recipient=pb.Participant(local=1),
        common=pb.CommonMessages(
            error_response=pb.ErrorResponse(status=pb.RpcStatus(code=code, message=message))
        ),
    )
    return bytes(pb.Message(envelope=envelope, tail=pb.Tail(value=1)))


class TedapiGateway:
    """The TEDAPI side of a simulated gateway; tests may change its knobs while it runs.

    - ``password``: the full gateway (Wi-Fi/QR sticker) password Basic auth accepts.
    - ``gzip``: answer with gzip-compressed bodies (the DIN text and the protobuf), without a
      ``Content-Encoding`` header, as firmware 25.42.2 and later do.
    - ``off_wifi_subnet``: the requests come from outside the gateway's Wi-Fi subnet; firmware
      25.10 and later refuse them with the same 403 as a wrong password.
    - ``rate_limited``: every TEDAPI request answers 429 (the gateway busy or throttling).
    - ``config``: the stored config.json (without the live operation settings, which come
      from the shared :class:`GatewayState`); ``config_hash`` its current hash.
    - ``v1r``: the signed path (:class:`V1r`): its authorized keys, ``register(key)``,
      ``toggle_switch()``, ``expire_window()``, and the manual backup event.

    ``GET /tedapi/din`` also answers a customer session (``Authorization: Bearer``), as v1r
    clients read the DIN; ``POST /tedapi/v1r`` needs no HTTP credentials (the signature is).
    """

    def __init__(
        self, site: Site, state: GatewayState, *, password: str, auth: Auth | None = None
    ) -> None:
        self.site = site
        self.state = state
        self.password = password
        self.auth = auth
        self.gzip = False
        self.off_wifi_subnet = False
        self.rate_limited = False
        self.config: dict[str, Any] = stored_config(site)
        self.v1r = V1r(self)

    def __repr__(self) -> str:
        return f"<TedapiGateway {self.site.name} din={self.site.din}>"

    # -- config.json -------------------------------------------------------------------------
    def config_blob(self) -> bytes:
        """config.json as the file store serves it (with the live operation settings)."""
        document = config_json(self.site, self.state, self.config)
        return json.dumps(document, separators=(",", ":")).encode()

    @property
    def config_hash(self) -> bytes:
        """The file store's hash of config.json (changes whenever its content does)."""
        return hashlib.sha256(self.config_blob()).digest()

    def store_config(self, document: dict[str, Any]) -> None:
        """A written config.json: its operation settings go to the shared state (REST reads
        them there), the rest is stored as written."""
        mode = document.get("default_real_mode")
        if mode in OPERATION_MODES:
            self.state.real_mode = mode
        site_info = document.get("site_info")
        reserve = site_info.get("backup_reserve_percent") if isinstance(site_info, dict) else None
        if isinstance(reserve, int | float) and not isinstance(reserve, bool):
            self.state.backup_reserve_percent = float(reserve)
        self.config = copy.deepcopy(document)

    # -- HTTP ----------------------------------------------------------------------------------
    @staticmethod
    def serves(path: str) -> bool:
        """Whether ``path`` is TEDAPI's (anything under /tedapi/)."""
        return path.startswith("/tedapi/")

    def handle(self, request: Incoming) -> Reply:
        """The answer to one request under /tedapi/."""
        din = self._addressed(request)
        if din is None:
            return not_found()
        if self.rate_limited:
            return _rate_limited()
        if request.path == V1R_PATH:
            return self._body(self.v1r.handle(request.body))
        return self._v1(request, din)

    def _v1(self, request: Incoming, din: str) -> Reply:
        session = self.auth is not None and self.auth.valid(request.token())
        if request.path == DIN_PATH and session:
            return self._body(din.encode(), _TEXT)
        if self.off_wifi_subnet or not self._authorized(request.authorization):
            return forbidden(request.method)
        if request.path == DIN_PATH:
            return self._body(din.encode(), _TEXT)
        try:
            envelope = decode_v1_response(request.body, where="the request")
        except ResponseFormatError:
            return _bad_body()
        return self._body(self._answer(envelope, din))

    def _addressed(self, request: Incoming) -> str | None:
        """The DIN of the device a request is for, or None for a path or method not served."""
        if request.path == DIN_PATH:
            return self.site.din if request.method == "GET" else None
        if request.method != "POST":
            return None
        if request.path in (V1_PATH, V1R_PATH):
            return self.site.din
        match = _DEVICE_PATH.fullmatch(request.path)
        routed = self.site.unit(match["din"]) if match and self.site.powerwall3 else None
        return None if routed is None else routed.din

    def answer_envelope(self, request: pb.MessageEnvelope, din: str) -> pb.MessageEnvelope:
        """The envelope answering ``request`` as v1 does (for v1r, which sends it bare)."""
        return decode_v1_response(self._answer(request, din), where="the answer")

    def _authorized(self, authorization: str) -> bool:
        scheme, _, encoded = authorization.partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            user, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        expected = f"{BASIC_USER}:{self.password}".encode()
        return hmac.compare_digest(f"{user}:{password}".encode(), expected)

    def _body(self, body: bytes, content_type: str = _PROTOBUF) -> Reply:
        """200 with ``body``, gzip-compressed (without saying so) when the knob is on."""
        data = gzip.compress(body, mtime=0) if self.gzip else body
        return Reply(200, (("content-type", content_type),), data)

    # -- protobuf ------------------------------------------------------------------------------
    def _answer(self, request: pb.MessageEnvelope, din: str) -> bytes:
        recipient = request.recipient.din if request.recipient else None
        if recipient != din:
            return _rpc_error(
                din, _RPC_INVALID_ARGUMENT, f"recipient {recipient!r} is not this device ({din})"
            )
        graphql, filestore, common = request.graphql, request.filestore, request.common
        if graphql is not None and graphql.query_request is not None:
            return self._query(graphql.query_request, din)
        if filestore is not None and filestore.read_file_request is not None:
            return self._read_file(filestore.read_file_request, din)
        if common is not None and common.get_system_info_request is not None:
            return build_system_info_response(self._system_info(din))
        return _rpc_error(din, _RPC_UNIMPLEMENTED, "request not supported over /tedapi/v1")

    def _query(self, request: pb.QueryRequest, din: str) -> bytes:
        if request.format != _SIGNED_FORMAT or not signature_is_valid(
            request.query, request.signature
        ):
            return _refused_query(din, "query signature verification failed", _UNAUTHORIZED)
        try:
            text = pb.SignedQuery.parse(request.query).text.decode()
            variables = _variables(request.variables.value if request.variables else "")
            self.state.step()
            data = execute(text, device_data(self.site, self.state, din), variables)
        except (GraphQLSyntaxError, UnicodeDecodeError, ValueError) as exc:
            return _refused_query(din, f"invalid query: {exc}", _FIELD_NOT_FOUND)
        return build_query_response(din, json.dumps(data))

    def _read_file(self, request: pb.ReadFileRequest, din: str) -> bytes:
        if request.domain != _CONFIG_DOMAIN or request.name != CONFIG_FILE:
            return _rpc_error(din, _RPC_NOT_FOUND, f"no file {request.name!r} in this domain")
        blob = self.config_blob()
        return build_config_response(din, blob.decode(), hashlib.sha256(blob).digest())

    def _system_info(self, din: str) -> SystemInfo:
        part, _, serial = din.partition("--")
        firmware = self.site.firmware
        return SystemInfo(
            din=din,
            part_number=part,
            serial_number=serial,
            firmware_version=firmware,
            git_hash=self.site.githash.hex(),
            device_type=self.site.device_type,
            update_status=None,
            staged_version=None,
        )
