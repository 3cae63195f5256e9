"""Redacting the binary vitals (protobuf): as JSON through the generated classes, and back.

The message's JSON form names its fields the way the redactor recognises (``din``,
``serialNumber``, ``componentParentDin``, ``ipAddress``); converting back gives a body that
decodes like the original, with the redacted strings in place. Since the schema declares
``ipAddress``/``serialPort`` as the wrapped strings gateways send (StringValue), a redacted
address goes back inside its wrapper message, not as a bare string other parsers reject.
"""

from __future__ import annotations

from typing import Any

from .._proto import vitals as pb
from ..redaction import Redactor

__all__ = ["redact_vitals", "vitals_as_json"]


def vitals_as_json(body: bytes) -> dict[str, Any]:
    """The vitals body as a JSON-like dict; ``ValueError`` when it is not vitals."""
    try:
        data: dict[str, Any] = pb.DevicesWithVitals.parse(body).to_dict()
    except Exception as exc:  # betterproto2 raises assorted errors on bad input
        raise ValueError(f"not a vitals message: {exc}") from None
    return data


def redact_vitals(body: bytes, redactor: Redactor) -> bytes:
    """The vitals body with every identifying string replaced (learn it first)."""
    redacted = redactor.redact(vitals_as_json(body))
    return bytes(pb.DevicesWithVitals.from_dict(redacted))
