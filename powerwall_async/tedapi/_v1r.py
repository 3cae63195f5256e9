"""TEDAPI v1r: envelopes wrapped in a ``RoutableMessage`` and signed with the owner's RSA key.

``POST /tedapi/v1r`` carries a bare envelope (no ``Message``, no tail) inside a
``RoutableMessage`` addressed to the energy-device domain. The signature is RSA PKCS#1 v1.5
with SHA-512 over a short TLV block (signature type, domain, the *leader's* DIN, expiry) and
the envelope bytes; the request expires 12 seconds after it is signed. Refusals come back with
HTTP 200: a fault number, or a "client authorization not verified" text, which
:func:`decode_v1r_response` turns into typed errors saying what to do.
"""

from __future__ import annotations

import enum
import logging
import math
import os
import struct
import time
from typing import TYPE_CHECKING, NoReturn

import attrs

from .._errors import ResponseFormatError
from .._proto import tedapi as pb
from ._errors import (
    V1R_PATH,
    V1rBusyError,
    V1rError,
    V1rFollowerUnreachableError,
    V1rKeyNotVerifiedError,
    V1rKeyUnknownError,
    V1rRequestExpiredError,
    V1rUnauthorizedError,
)
from ._gzip import DEFAULT_MAX_SIZE, decompress_if_gzip
from ._keys import public_key_info
from ._messages import (
    CHANNEL_COMMAND,
    CONFIG_FILE,
    _checked_din,
    decode_envelope,
    parse_message,
)

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

__all__ = [
    "BUSY_RETRY_AFTER",
    "EXPIRY_SECONDS",
    "NOT_VERIFIED_TEXT",
    "V1R_CONTENT_TYPE",
    "V1R_PATH",
    "Fault",
    "SignedRequest",
    "build_v1r_backup_events_envelope",
    "build_v1r_config_envelope",
    "build_v1r_request",
    "build_v1r_response",
    "decode_v1r_request",
    "decode_v1r_response",
    "sign",
    "signed_data",
    "tlv_metadata",
]

_log = logging.getLogger(__name__)

V1R_CONTENT_TYPE = "application/octet-stream"
NOT_VERIFIED_TEXT = "v1r: client authorization not verified"
"""What gateways answer (inside the envelope) for a registered key whose owner has not yet
proven presence."""
EXPIRY_SECONDS = 12
"""A signed request is valid for this long after it is made."""
BUSY_RETRY_AFTER = 30.0
"""Seconds of quiet after the gateway says it is busy."""

_DOMAIN_ENERGY_DEVICE = 7
_SIGNATURE_TYPE_RSA = 7
_TAG_SIGNATURE_TYPE, _TAG_DOMAIN, _TAG_PERSONALIZATION, _TAG_EXPIRES_AT = 0, 1, 2, 4
_TAG_END = 0xFF
_AUTHORIZED_CLIENT_MOBILE_APP = 1
_NOT_VERIFIED = b"authorization not verified"  # prefix and case vary between firmware


class Fault(enum.IntEnum):
    """The gateway's reasons for refusing a signed request (``MessageFault``)."""

    NONE = 0
    BUSY = 1
    TIMEOUT = 2
    UNKNOWN_KEY_ID = 3
    INACTIVE_KEY = 4
    INVALID_SIGNATURE = 5
    INVALID_TOKEN_OR_COUNTER = 6
    INSUFFICIENT_PRIVILEGES = 7
    INVALID_DOMAINS = 8
    INVALID_COMMAND = 9
    DECODING = 10
    INTERNAL = 11
    WRONG_PERSONALIZATION = 12
    BAD_PARAMETER = 13
    KEYCHAIN_IS_FULL = 14
    INCORRECT_EPOCH = 15
    IV_INCORRECT_LENGTH = 16
    TIME_EXPIRED = 17
    NOT_PROVISIONED_WITH_IDENTITY = 18
    COULD_NOT_HASH_METADATA = 19
    TIME_TO_LIVE_TOO_LONG = 20
    REMOTE_ACCESS_DISABLED = 21
    REMOTE_SERVICE_REQUEST_NOT_SUPPORTED = 22


# --- Envelopes that only v1r sends (queries and system information: see _messages) ---------


def _command_envelope(din: str) -> pb.MessageEnvelope:
    return pb.MessageEnvelope(
        delivery_channel=CHANNEL_COMMAND,
        sender=pb.Participant(authorized_client=_AUTHORIZED_CLIENT_MOBILE_APP),
        recipient=pb.Participant(din=_checked_din(din)),
    )


def build_v1r_config_envelope(din: str) -> pb.MessageEnvelope:
    """The envelope reading ``config.json`` over v1r (a command, unlike v1's read)."""
    envelope = _command_envelope(din)
    envelope.filestore = pb.FileStoreMessages(
        read_file_request=pb.ReadFileRequest(domain=1, name=CONFIG_FILE)
    )
    return envelope


def build_v1r_backup_events_envelope(din: str) -> pb.MessageEnvelope:
    """The envelope listing the scheduled backup events over v1r."""
    envelope = _command_envelope(din)
    envelope.teg = pb.TegMessages(get_backup_events_request=pb.Empty())
    return envelope


# --- Signing --------------------------------------------------------------------------------


def _tlv(tag: int, value: bytes) -> bytes:
    if len(value) > 255:
        raise ValueError(f"a TLV value of {len(value)} bytes does not fit its length byte")
    return bytes((tag, len(value))) + value


def tlv_metadata(din: str, expires_at: int) -> bytes:
    """The signed metadata before the envelope: RSA, energy device, ``din``, expiry, end."""
    return b"".join(
        (
            _tlv(_TAG_SIGNATURE_TYPE, bytes((_SIGNATURE_TYPE_RSA,))),
            _tlv(_TAG_DOMAIN, bytes((_DOMAIN_ENERGY_DEVICE,))),
            _tlv(_TAG_PERSONALIZATION, _checked_din(din).encode("ascii")),
            _tlv(_TAG_EXPIRES_AT, struct.pack(">I", expires_at)),
            bytes((_TAG_END,)),
        )
    )


def signed_data(din: str, expires_at: int, envelope: bytes) -> bytes:
    """Exactly the bytes the signature covers."""
    return tlv_metadata(din, expires_at) + envelope


def sign(key: RSAPrivateKey, data: bytes) -> bytes:
    """RSA PKCS#1 v1.5 with SHA-512 over ``data`` (deterministic: same key, same bytes)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    return key.sign(data, padding.PKCS1v15(), hashes.SHA512())


def build_v1r_request(
    envelope: pb.MessageEnvelope | bytes,
    *,
    din: str,
    key: RSAPrivateKey,
    now: float | None = None,
    uuid: bytes | None = None,
) -> bytes:
    """The body of ``POST /tedapi/v1r``: ``envelope`` wrapped and signed with ``key``.

    ``din`` is the leader's DIN (the gateway checks it), whichever unit the envelope names.
    The request expires :data:`EXPIRY_SECONDS` after ``now`` (default: the clock), rounded
    up; ``uuid`` defaults to 16 random bytes. Signing a 4096-bit key takes a few
    milliseconds: async callers may run it in a worker thread.
    """
    inner = envelope if isinstance(envelope, bytes) else bytes(envelope)
    expires_at = math.ceil(time.time() if now is None else now) + EXPIRY_SECONDS
    message = pb.RoutableMessage(
        to_destination=pb.Destination(domain=_DOMAIN_ENERGY_DEVICE),
        protobuf_message_as_bytes=inner,
        uuid=os.urandom(16) if uuid is None else uuid,
        signature_data=pb.SignatureData(
            signer_identity=pb.KeyIdentity(public_key=public_key_info(key).der),
            rsa_data=pb.RsaSignatureData(
                expires_at=expires_at, signature=sign(key, signed_data(din, expires_at, inner))
            ),
        ),
    )
    return bytes(message)


# --- Answers --------------------------------------------------------------------------------


def _fault_of(status: pb.MessageStatus) -> int:
    """The fault number, from either layout.

    Energy tools read field 1; Tesla's vehicle schema has an operation status in field 1
    (1 wait, 2 error) and the fault in field 2. A fault in field 2 wins; otherwise field 1
    is taken as the fault (a vehicle-style "wait" reads as busy).
    """
    _log.debug(
        "v1r message status: field 1 = %d, field 2 = %d",
        status.operation_status,
        status.signed_message_fault,
    )
    return status.signed_message_fault or status.operation_status


def _fault_name(fault: int) -> str:
    try:
        return Fault(fault).name
    except ValueError:
        return f"fault {fault}"


def _key_words(fingerprint: str | None) -> str:
    return "the key" if fingerprint is None else f"the key with fingerprint {fingerprint}"


def _raise_fault(
    fault: int, *, follower_din: str | None, fingerprint: str | None, retry_after: float
) -> NoReturn:
    name = _fault_name(fault)
    key = _key_words(fingerprint)
    where = f"POST {V1R_PATH}"
    if fault == Fault.TIMEOUT and follower_din is not None:
        raise V1rFollowerUnreachableError(
            f"{where}: the Powerwall {follower_din} did not answer ({name}): v1r reaches the "
            "leader only; read followers over the Wi-Fi path (gateway password, "
            "/tedapi/device/<DIN>/v1)",
            fault=fault,
        )
    if fault in (Fault.BUSY, Fault.TIMEOUT):
        raise V1rBusyError(
            f"{where}: the gateway is busy ({name}); nothing is sent to it for "
            f"{retry_after:.0f} s: poll less often",
            retry_after=retry_after,
            fault=fault,
        )
    if fault == Fault.UNKNOWN_KEY_ID:
        raise V1rKeyUnknownError(
            f"{where}: the gateway does not know {key} ({name}): register its public key "
            "with Tesla (`powerwall-async tedapi keygen` prints it), then turn the "
            "Powerwall's switch off for ~15 s and on again within the ~10-minute window",
            fault=fault,
        )
    if fault == Fault.INACTIVE_KEY:
        raise V1rKeyNotVerifiedError(
            f"{where}: {key} is registered but not active ({name}): within ~10 minutes of "
            "registering, turn the Powerwall's switch off for ~15 s and on again; if the "
            "window passed, register the same key again to reopen it",
            fault=fault,
        )
    if fault in (Fault.TIME_EXPIRED, Fault.INCORRECT_EPOCH, Fault.TIME_TO_LIVE_TOO_LONG):
        raise V1rRequestExpiredError(
            f"{where}: the gateway refused the request's time ({name}): this computer's "
            "clock is probably off; synchronise it (NTP) and try again",
            fault=fault,
        )
    if fault in (
        Fault.INVALID_SIGNATURE,
        Fault.WRONG_PERSONALIZATION,
        Fault.INSUFFICIENT_PRIVILEGES,
    ):
        raise V1rUnauthorizedError(
            f"{where}: the gateway refused the signature of {key} ({name}): check that it is "
            "the key you registered for this site and that the DIN is the leader's",
            fault=fault,
        )
    raise V1rError(f"{where}: the gateway refused the request ({name})", fault=fault)


def _not_verified(fingerprint: str | None) -> V1rKeyNotVerifiedError:
    return V1rKeyNotVerifiedError(
        f"POST {V1R_PATH}: client authorization not verified: {_key_words(fingerprint)} "
        "is registered but its presence proof is missing: within ~10 minutes of registering, "
        "turn the Powerwall's switch off for ~15 s and on again (re-register the same key "
        "to reopen the window)"
    )


def decode_v1r_response(
    body: bytes,
    *,
    follower_din: str | None = None,
    key_fingerprint: str | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
    busy_retry_after: float = BUSY_RETRY_AFTER,
) -> pb.MessageEnvelope:
    """The envelope inside a v1r answer, or the typed error for the gateway's refusal.

    ``follower_din`` is the unit a request was addressed to when it is not the leader:
    a timeout, or an answer from another unit, then says that v1r cannot reach followers.
    ``key_fingerprint`` (see :func:`public_key_info`) is named in key errors.
    """
    where = f"POST {V1R_PATH}"
    data = decompress_if_gzip(body, max_size=max_size, where=where)
    try:
        message = parse_message(pb.RoutableMessage, data, what="a RoutableMessage", where=where)
    except ResponseFormatError:
        if _NOT_VERIFIED in data.lower():  # the refusal as plain text
            raise _not_verified(key_fingerprint) from None
        raise
    if message.signed_message_status is not None:
        fault = _fault_of(message.signed_message_status)
        if fault:
            _raise_fault(
                fault,
                follower_din=follower_din,
                fingerprint=key_fingerprint,
                retry_after=busy_retry_after,
            )
    inner = message.protobuf_message_as_bytes
    if _NOT_VERIFIED in inner.lower():
        raise _not_verified(key_fingerprint)
    if not inner:
        raise V1rUnauthorizedError(
            f"{where}: the gateway answered with no content and no reason; this is how it "
            f"treats {_key_words(key_fingerprint)} when it is not registered or not "
            "verified for this site: check its state in the list of authorized clients"
        )
    envelope = decode_envelope(inner, where=where)
    sender = envelope.sender
    if follower_din is not None and sender is not None and sender.din not in (None, follower_din):
        raise V1rFollowerUnreachableError(
            f"{where}: asked the Powerwall {follower_din}, answered by {sender.din}: v1r "
            "reaches the leader only; read followers over the Wi-Fi path (gateway "
            "password, /tedapi/device/<DIN>/v1)"
        )
    return envelope


# --- The gateway's side (the simulator, tests) ----------------------------------------------


@attrs.frozen
class SignedRequest:
    """A v1r request as a gateway reads it."""

    envelope: bytes
    """The bare envelope, serialized: parse it with :func:`decode_envelope`."""
    public_key: bytes = attrs.field(repr=False)
    """The signer's public key, DER PKCS#1: look it up among the authorized clients."""
    expires_at: int
    signature: bytes = attrs.field(repr=False)
    uuid: bytes

    def signature_is_valid(self, din: str) -> bool:
        """Whether the signature is the key's over this request for the leader ``din``.

        Needs the ``cryptography`` package.
        """
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding, rsa
        from cryptography.hazmat.primitives.serialization import load_der_public_key

        try:
            key = load_der_public_key(self.public_key)
            if not isinstance(key, rsa.RSAPublicKey):
                return False
            key.verify(
                self.signature,
                signed_data(din, self.expires_at, self.envelope),
                padding.PKCS1v15(),
                hashes.SHA512(),
            )
        except (InvalidSignature, ValueError):
            return False
        return True


def decode_v1r_request(body: bytes) -> SignedRequest:
    """The parts of a v1r request body; ``ValueError`` when it is not a signed
    RoutableMessage (a gateway answers that with the DECODING fault)."""
    try:
        message = parse_message(
            pb.RoutableMessage, body, what="a RoutableMessage", where=f"POST {V1R_PATH}"
        )
    except ResponseFormatError as error:
        raise ValueError(str(error)) from None
    data = message.signature_data
    identity = None if data is None else data.signer_identity
    rsa_data = None if data is None else data.rsa_data
    if identity is None or identity.public_key is None or rsa_data is None:
        raise ValueError("the RoutableMessage carries no RSA signature data")
    return SignedRequest(
        envelope=message.protobuf_message_as_bytes,
        public_key=identity.public_key,
        expires_at=rsa_data.expires_at,
        signature=rsa_data.signature,
        uuid=message.uuid,
    )


def build_v1r_response(
    envelope: pb.MessageEnvelope | bytes | None = None,
    *,
    fault: int = Fault.NONE,
    request_uuid: bytes = b"",
) -> bytes:
    """A gateway's v1r answer: the bare ``envelope``, or a ``fault`` (in the status's field 1,
    where the energy tools read it)."""
    inner = (
        b"" if envelope is None else envelope if isinstance(envelope, bytes) else bytes(envelope)
    )
    message = pb.RoutableMessage(
        from_destination=pb.Destination(domain=_DOMAIN_ENERGY_DEVICE),
        protobuf_message_as_bytes=inner,
        request_uuid=request_uuid,
    )
    if fault:
        message.signed_message_status = pb.MessageStatus(operation_status=fault)
    return bytes(message)
