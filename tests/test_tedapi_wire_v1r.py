"""v1r requests: the TLV block and the RoutableMessage byte for byte, deterministic signatures,
and every refusal the gateway sends turned into the error that says what to do.

The fixed test key is built from fixed RSA numbers below (no PEM is committed). RSA PKCS#1
v1.5 is deterministic, so the same key, DIN, expiry and envelope give the same signature; the
test recomputes it from the numbers with textbook RSA, independently of ``cryptography``.
"""

from __future__ import annotations

import gzip
import hashlib
import math

import attrs
import pytest

pytest.importorskip("cryptography", reason="v1r needs cryptography")

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from powerwall_async import AuthenticationError, RateLimitedError, ResponseFormatError
from powerwall_async._proto import tedapi as pb
from powerwall_async.tedapi._errors import (
    V1rBusyError,
    V1rError,
    V1rFollowerUnreachableError,
    V1rKeyNotVerifiedError,
    V1rKeyUnknownError,
    V1rRequestExpiredError,
    V1rUnauthorizedError,
)
from powerwall_async.tedapi._keys import public_key_info
from powerwall_async.tedapi._messages import query_envelope, read_query, system_info_envelope
from powerwall_async.tedapi._queries import QuerySet, status_query
from powerwall_async.tedapi._v1r import (
    EXPIRY_SECONDS,
    NOT_VERIFIED_TEXT,
    Fault,
    build_v1r_backup_events_envelope,
    build_v1r_config_envelope,
    build_v1r_request,
    build_v1r_response,
    decode_v1r_request,
    decode_v1r_response,
    signed_data,
    tlv_metadata,
)

DIN = "1232100-00-E--TG123456789012"
FOLLOWER = "1707000-11-J--TG1234567890AB"
EXPIRES_AT = 1767225600
TLV_GOLDEN = (
    "000107010107021c313233323130302d30302d452d2d544731323334353637383930313204046955b900ff"
)
V1R_CONFIG_ENVELOPE = (
    "0802120220011a1e0a1c313233323130302d30302d452d2d5447313233343536373839303132"
    "7a110a0f0801120b636f6e6669672e6a736f6e"
)
V1R_BACKUP_EVENTS_ENVELOPE = (
    "0802120220011a1e0a1c313233323130302d30302d452d2d54473132333435363738393031322a038a0300"
)

# A 4096-bit test key, e = 65537; used for nothing but these tests.
P = int(
    "f9d3bef1abf9dd9e16160264e7cc152eb946aa40bdec86c303e3ea367909768c97b5ff865781961edbc54425"
    "1cba9e8c6c6883798610a2a9b6a9450ec7408daab1feeda05d42839c3327dc77c9394bdb9366df22e5bd3c7e"
    "1eb0cab1279988aa1a5e877c443c614401aae91df46e32c12e23e04341c77ab4dffb28ccc55e43403231bb99"
    "a57a978a8dbd2e8f444c51499e0e465e0e634ef284a611b833016cadf1d9b7ea2862746e7680e1ac6e5c140f"
    "5f3e5a98418b88397f319a39fa184fdc3dcc4bb885ffb4959cec499fa0cd2e2119d5a03aca2a59dce5ffee7f"
    "814f38f2a93e2d4998159aafaefe8652ef87a1ce1405ad18b0182d6907aaa7e6947a4e55",
    16,
)
Q = int(
    "c13e8de46c2ef9b5e4779a9dfc7e2c3d9cb38450e223bad89b6f54b9ba4850c6ed9cc4d6e6acc07110dcab3e"
    "73668976045e6a662caf2658997fa6252e3ae1448500b79892e956b391859201830e3f505f3a23d7ad372cc1"
    "0e9c17e45050b18bd17be5c688023457aef44585dd403b8522da8e5f3f8979bd89804c91a8809b23a99412da"
    "d622d4d35c685fed97c1053b02ddc66aa82162b5aa8466ab3c6b5cc5220f719dc392bba1f4ba749decb2ab17"
    "47c1c71c62561aca408c3a39c0a167cfb6c44516ce3387fa1e0d742767e2b7886c9d506c233db33260301e05"
    "eb32a240346820c6e7caf565235b4fb7713e4e22c1aaedbfa4ebcff23c2d391e7584a3a7",
    16,
)
E = 65537
D = pow(E, -1, math.lcm(P - 1, Q - 1))
# DigestInfo of SHA-512 (RFC 8017, section 9.2, note 1).
SHA512_DIGEST_INFO = bytes.fromhex("3051300d060960864801650304020305000440")


@pytest.fixture(scope="module")
def key() -> rsa.RSAPrivateKey:
    public = rsa.RSAPublicNumbers(E, P * Q)
    numbers = rsa.RSAPrivateNumbers(
        P, Q, D, rsa.rsa_crt_dmp1(D, P), rsa.rsa_crt_dmq1(D, Q), rsa.rsa_crt_iqmp(P, Q), public
    )
    return numbers.private_key()


def textbook_signature(data: bytes) -> bytes:
    """RSASSA-PKCS1-v1_5 with SHA-512, written out: EM = 00 01 FF.. 00 DigestInfo hash."""
    size = (P * Q).bit_length() // 8
    digest = SHA512_DIGEST_INFO + hashlib.sha512(data).digest()
    encoded = b"\x00\x01" + b"\xff" * (size - len(digest) - 3) + b"\x00" + digest
    return pow(int.from_bytes(encoded, "big"), D, P * Q).to_bytes(size, "big")


def test_tlv_metadata_is_the_golden_string() -> None:
    assert tlv_metadata(DIN, EXPIRES_AT).hex() == TLV_GOLDEN
    assert len(tlv_metadata(DIN, EXPIRES_AT)) == 43


def test_v1r_envelopes_are_the_golden_strings() -> None:
    assert bytes(build_v1r_config_envelope(DIN)).hex() == V1R_CONFIG_ENVELOPE
    assert bytes(build_v1r_backup_events_envelope(DIN)).hex() == V1R_BACKUP_EVENTS_ENVELOPE


def test_the_request_wraps_the_envelope_and_signs_it(key: rsa.RSAPrivateKey) -> None:
    envelope = build_v1r_config_envelope(DIN)
    body = build_v1r_request(
        envelope, din=DIN, key=key, now=EXPIRES_AT - EXPIRY_SECONDS, uuid=b"u" * 16
    )
    message = pb.RoutableMessage.parse(body)
    assert message.to_destination is not None
    assert message.to_destination.domain == 7
    assert message.protobuf_message_as_bytes == bytes(envelope)
    assert message.uuid == b"u" * 16
    assert message.signature_data is not None
    assert message.signature_data.signer_identity is not None
    assert message.signature_data.signer_identity.public_key == public_key_info(key).der
    rsa_data = message.signature_data.rsa_data
    assert rsa_data is not None
    assert rsa_data.expires_at == EXPIRES_AT
    data = bytes.fromhex(TLV_GOLDEN + V1R_CONFIG_ENVELOPE)
    assert signed_data(DIN, EXPIRES_AT, bytes(envelope)) == data
    assert len(rsa_data.signature) == 512
    assert rsa_data.signature == textbook_signature(data)
    key.public_key().verify(rsa_data.signature, data, padding.PKCS1v15(), hashes.SHA512())


def test_signing_is_deterministic_apart_from_the_uuid(key: rsa.RSAPrivateKey) -> None:
    envelope = query_envelope(DIN, status_query(QuerySet.V2026_06))
    first = build_v1r_request(envelope, din=DIN, key=key, now=1_800_000_000.2, uuid=b"1" * 16)
    second = build_v1r_request(
        bytes(envelope), din=DIN, key=key, now=1_800_000_000.9, uuid=b"1" * 16
    )
    assert first == second  # the expiry rounds the clock up: both expire at ...001 + 12
    expiry = pb.RoutableMessage.parse(first).signature_data
    assert expiry is not None
    assert expiry.rsa_data is not None
    assert expiry.rsa_data.expires_at == 1_800_000_013
    random_uuids = {
        pb.RoutableMessage.parse(build_v1r_request(envelope, din=DIN, key=key)).uuid
        for _ in range(2)
    }
    assert len(random_uuids) == 2
    assert all(len(uuid) == 16 for uuid in random_uuids)


def test_the_expiry_is_twelve_seconds_from_the_clock(key: rsa.RSAPrivateKey) -> None:
    import time

    before = math.ceil(time.time())
    body = build_v1r_request(system_info_envelope(DIN), din=DIN, key=key)
    data = pb.RoutableMessage.parse(body).signature_data
    assert data is not None
    assert data.rsa_data is not None
    assert before + 12 <= data.rsa_data.expires_at <= math.ceil(time.time()) + 12


def answer(inner: bytes = b"", *, field1: int = 0, field2: int = 0, status: bool = False) -> bytes:
    message = pb.RoutableMessage(
        from_destination=pb.Destination(domain=7), protobuf_message_as_bytes=inner
    )
    if status or field1 or field2:
        message.signed_message_status = pb.MessageStatus(
            operation_status=field1, signed_message_fault=field2
        )
    return bytes(message)


def query_answer(sender: str = DIN) -> bytes:
    envelope = pb.MessageEnvelope(
        delivery_channel=1,
        sender=pb.Participant(din=sender),
        recipient=pb.Participant(local=1),
        graphql=pb.GraphQlMessages(
            query_response=pb.QueryResponse(status=1, data='{"control":{}}')
        ),
    )
    return bytes(envelope)


def test_an_answer_gives_its_envelope_gzip_or_not() -> None:
    body = answer(query_answer(), status=True)
    assert read_query(decode_v1r_response(body)).data == {"control": {}}
    assert read_query(decode_v1r_response(gzip.compress(body))).data == {"control": {}}


@pytest.mark.parametrize("layout", ["field 1", "field 2"])
@pytest.mark.parametrize(
    ("fault", "error", "advice"),
    [
        (Fault.UNKNOWN_KEY_ID, V1rKeyUnknownError, "register its public key"),
        (Fault.INACTIVE_KEY, V1rKeyNotVerifiedError, "switch off for ~15 s"),
        (Fault.TIME_EXPIRED, V1rRequestExpiredError, "clock"),
        (Fault.BUSY, V1rBusyError, "poll less often"),
        (Fault.TIMEOUT, V1rBusyError, "busy"),
        (Fault.INVALID_SIGNATURE, V1rUnauthorizedError, "the key you registered"),
        (Fault.DECODING, V1rError, "DECODING"),
    ],
)
def test_faults_from_either_field_become_errors_that_say_what_to_do(
    layout: str, fault: Fault, error: type[V1rError], advice: str
) -> None:
    # Tesla's vehicle layout sends an operation status of 2 (error) in field 1 with the fault.
    body = answer(field1=fault) if layout == "field 1" else answer(field1=2, field2=fault)
    with pytest.raises(error, match=advice) as raised:
        decode_v1r_response(body, key_fingerprint="ab12")
    assert raised.value.fault == fault
    assert raised.value.status == 200
    if error in (V1rKeyUnknownError, V1rKeyNotVerifiedError):
        assert isinstance(raised.value, AuthenticationError)
        assert "ab12" in str(raised.value)


def test_busy_is_a_rate_limit_with_a_cooldown() -> None:
    with pytest.raises(RateLimitedError) as raised:
        decode_v1r_response(answer(field1=Fault.BUSY), busy_retry_after=90)
    assert isinstance(raised.value, V1rBusyError)
    assert raised.value.retry_after == 90


def test_an_unknown_fault_number_is_still_an_error() -> None:
    with pytest.raises(V1rError, match="fault 99") as raised:
        decode_v1r_response(answer(field2=99))
    assert raised.value.fault == 99


def test_a_follower_is_not_reachable_over_v1r() -> None:
    with pytest.raises(V1rFollowerUnreachableError, match="Wi-Fi path"):
        decode_v1r_response(answer(field1=Fault.TIMEOUT), follower_din=FOLLOWER)
    # The leader ignores the recipient and answers for itself: not the follower's data.
    with pytest.raises(V1rFollowerUnreachableError, match=f"answered by {DIN}"):
        decode_v1r_response(answer(query_answer(sender=DIN)), follower_din=FOLLOWER)
    envelope = decode_v1r_response(answer(query_answer(sender=FOLLOWER)), follower_din=FOLLOWER)
    assert read_query(envelope).data == {"control": {}}


@pytest.mark.parametrize(
    "inner",
    [
        # The text sits in a string field of the common payload; wording and case vary.
        bytes(
            pb.MessageEnvelope(
                common=pb.CommonMessages(
                    error_response=pb.ErrorResponse(status=pb.RpcStatus(message=NOT_VERIFIED_TEXT))
                )
            )
        ),
        b"\x22\x24\x0a\x22Client Authorization Not Verified.",
    ],
)
def test_not_verified_text_means_toggle_the_switch(inner: bytes) -> None:
    with pytest.raises(V1rKeyNotVerifiedError, match="switch off for ~15 s"):
        decode_v1r_response(answer(inner))


def test_not_verified_as_plain_text_is_understood_too() -> None:
    with pytest.raises(V1rKeyNotVerifiedError):
        decode_v1r_response(b"v1r: client authorization not verified\n")


def test_an_empty_answer_without_a_fault_is_an_authorization_problem() -> None:
    with pytest.raises(V1rUnauthorizedError, match="authorized clients"):
        decode_v1r_response(answer(status=True))
    with pytest.raises(V1rUnauthorizedError):
        decode_v1r_response(b"")


@pytest.mark.parametrize(
    "body",
    [
        b"<html>404 page not found</html>",
        b"\x52\x10\x08",  # an inner payload cut short
        b"\x52\x03\xff\xff\xff",  # an inner payload that is not an envelope
        b"\x1f\x8b\x08\x00garbage",
    ],
)
def test_a_body_that_is_not_a_routable_message_is_a_format_error(body: bytes) -> None:
    with pytest.raises(ResponseFormatError, match="/tedapi/v1r"):
        decode_v1r_response(body)


def test_a_din_that_is_not_one_is_refused_before_signing(key: rsa.RSAPrivateKey) -> None:
    with pytest.raises(ValueError, match="not a DIN"):
        tlv_metadata("1232100/../x", EXPIRES_AT)
    with pytest.raises(ValueError, match="not a DIN"):
        build_v1r_request(system_info_envelope(DIN), din="x/y", key=key)
    with pytest.raises(ValueError, match="does not fit"):
        tlv_metadata("x" * 300, EXPIRES_AT)


def test_a_gateway_reads_and_checks_a_signed_request(key: rsa.RSAPrivateKey) -> None:
    envelope = build_v1r_config_envelope(DIN)
    body = build_v1r_request(envelope, din=DIN, key=key, now=EXPIRES_AT - 12, uuid=b"u" * 16)
    request = decode_v1r_request(body)
    assert request.envelope == bytes(envelope)
    assert request.public_key == public_key_info(key).der
    assert request.expires_at == EXPIRES_AT
    assert request.uuid == b"u" * 16
    assert request.signature_is_valid(DIN)
    assert not request.signature_is_valid(FOLLOWER)  # signed for another gateway
    tampered = attrs.evolve(request, envelope=bytes(build_v1r_backup_events_envelope(DIN)))
    assert not tampered.signature_is_valid(DIN)
    later = attrs.evolve(request, expires_at=EXPIRES_AT + 60)
    assert not later.signature_is_valid(DIN)
    assert not attrs.evolve(request, public_key=b"not a key").signature_is_valid(DIN)
    assert request.signature.hex() not in repr(request)


@pytest.mark.parametrize(
    "body", [b"\xff\xff", bytes(pb.RoutableMessage(protobuf_message_as_bytes=b"\x08\x01"))]
)
def test_a_request_that_is_not_signed_is_a_value_error(body: bytes) -> None:
    with pytest.raises(ValueError, match="RoutableMessage"):
        decode_v1r_request(body)


def test_gateway_answers_built_here_decode_to_the_same_errors_and_envelopes() -> None:
    envelope = pb.MessageEnvelope.parse(query_answer())
    assert bytes(decode_v1r_response(build_v1r_response(envelope))) == bytes(envelope)
    assert bytes(decode_v1r_response(build_v1r_response(bytes(envelope)))) == bytes(envelope)
    with pytest.raises(V1rKeyUnknownError):
        decode_v1r_response(build_v1r_response(fault=Fault.UNKNOWN_KEY_ID))
    not_verified = pb.MessageEnvelope(
        common=pb.CommonMessages(
            error_response=pb.ErrorResponse(status=pb.RpcStatus(message=NOT_VERIFIED_TEXT))
        )
    )
    with pytest.raises(V1rKeyNotVerifiedError):
        decode_v1r_response(build_v1r_response(not_verified))
    assert pb.RoutableMessage.parse(build_v1r_response(request_uuid=b"r" * 16)).request_uuid == (
        b"r" * 16
    )
