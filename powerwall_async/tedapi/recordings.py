"""Recording TEDAPI v1 exchanges: what a request asks (so that recordings of the one path
``POST /tedapi/v1`` can be told apart), and answers as redactable JSON and back.

Used by the fixture transport (``tedapi.v1.config.json``-style names) and by the CLI's
``record``. Only v1 (the Wi-Fi path): v1r bodies are signed and cannot be replayed.
"""

from __future__ import annotations

import base64
import functools
from typing import TYPE_CHECKING, Any

from .._errors import ResponseFormatError
from ..transports._limits import DEFAULT_MAX_BODY_SIZE
from ._gzip import decompress_if_gzip
from ._messages import parse_message
from ._queries import QuerySet, components_query, status_query

if TYPE_CHECKING:
    from ..redaction import Redactor

__all__ = ["redact_v1_answer", "v1_answer_as_json", "v1_request_kind"]

_WHERE = "a recorded TEDAPI answer"


def _message(body: bytes) -> Any:
    from .._proto import tedapi as pb

    return parse_message(pb.Message, body, what="a TEDAPI message", where=_WHERE)


@functools.cache
def _query_kinds() -> dict[bytes, str]:
    """The shipped status and components queries by their signed bytes (built once)."""
    return {
        which(query_set).signed_bytes: kind
        for query_set in QuerySet
        for which, kind in ((status_query, "status"), (components_query, "components"))
    }


def v1_request_kind(body: bytes) -> str | None:
    """What a v1 request asks: ``system_info``, ``config``, ``status``, ``components``, or
    ``query`` (another signed query); ``None`` for a body that is not a v1 request."""
    try:
        envelope = _message(body).envelope
    except ResponseFormatError:
        return None
    common = envelope.common if envelope is not None else None
    filestore = envelope.filestore if envelope is not None else None
    graphql = envelope.graphql if envelope is not None else None
    if common is not None and common.get_system_info_request is not None:
        return "system_info"
    if filestore is not None and filestore.read_file_request is not None:
        return "config"
    if graphql is not None and graphql.query_request is not None:
        return _query_kinds().get(graphql.query_request.query, "query")
    return None


def _stored_file(data: dict[str, Any]) -> dict[str, Any] | None:
    found = data.get("envelope", {}).get("filestore", {}).get("readFileResponse", {}).get("file")
    return found if isinstance(found, dict) and "blob" in found else None


def v1_answer_as_json(body: bytes, *, max_size: int = DEFAULT_MAX_BODY_SIZE) -> dict[str, Any]:
    """A v1 answer (gzip or not) as JSON-like values; the config file's bytes as its text
    (``blob``), so that the redactor sees the DINs and site name in it. ``ValueError`` when it
    is not a TEDAPI message."""
    try:
        data: dict[str, Any] = _message(
            decompress_if_gzip(body, max_size=max_size, where=_WHERE)
        ).to_dict()
    except ResponseFormatError as exc:
        raise ValueError(str(exc)) from None
    stored = _stored_file(data)
    if stored is not None:
        stored["blob"] = base64.b64decode(stored["blob"]).decode("utf-8", "replace")
    return data


def redact_v1_answer(body: bytes, redactor: Redactor) -> bytes:
    """The v1 answer with every identifying string replaced (``redactor`` learnt them first),
    still a message that decodes and reads like the original (uncompressed)."""
    from .._proto import tedapi as pb

    redacted = redactor.redact(v1_answer_as_json(body))
    stored = _stored_file(redacted)
    if stored is not None:
        stored["blob"] = base64.b64encode(str(stored["blob"]).encode()).decode("ascii")
    return bytes(pb.Message.from_dict(redacted))
