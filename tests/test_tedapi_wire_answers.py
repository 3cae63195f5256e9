"""Decoding v1 answers: gzip (firmware 25.42.2+), the three results, and every malformed body
turned into a ResponseFormatError (or the gateway's refusal) that says what happened."""

from __future__ import annotations

import contextlib
import gzip
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from powerwall_async import PowerwallError, ResponseFormatError
from powerwall_async._proto import tedapi as pb
from powerwall_async.tedapi._errors import GatewayRefusedError
from powerwall_async.tedapi._gzip import decompress_if_gzip
from powerwall_async.tedapi._messages import (
    GraphQLErrorEntry,
    SystemInfo,
    build_config_response,
    build_query_response,
    build_system_info_response,
    decode_din_response,
    decode_v1_response,
    read_config,
    read_query,
    read_system_info,
)

DIN = "1232100-00-E--TG123456789012"
CONTROL_RESPONSE = bytes.fromhex(
    "0a3d0801121e0a1c313233323130302d30302d452d2d54473132333435363738393031321a021801"
    "82011412120801120e7b22636f6e74726f6c223a7b7d7d12020801"
)
# The decoded Powerwall 3 example of the reference (firmware "24.12.6-PW3-AFCI 008bf6ff").
PW3_INFO = SystemInfo(
    din="1707000-11-J--TG1234567890AB",
    part_number="1707000-11-J",
    serial_number="TG1234567890AB",
    firmware_version="24.12.6-PW3-AFCI 008bf6ff",
    git_hash="008bf6ff" + "00" * 16,
    device_type=4,
    update_status=None,
    staged_version=None,
)


def envelope_answer(**payload: object) -> bytes:
    envelope = pb.MessageEnvelope(
        delivery_channel=1,
        sender=pb.Participant(din=DIN),
        recipient=pb.Participant(local=1),
        **payload,  # type: ignore[arg-type]
    )
    return bytes(pb.Message(envelope=envelope, tail=pb.Tail(value=1)))


def test_gzip_answers_decode_like_plain_ones() -> None:
    assert read_query(decode_v1_response(gzip.compress(CONTROL_RESPONSE))).data == {"control": {}}
    # Two gzip members in one body are one stream to gzip tools: the same here.
    half = len(CONTROL_RESPONSE) // 2
    twice = gzip.compress(CONTROL_RESPONSE[:half]) + gzip.compress(CONTROL_RESPONSE[half:])
    assert decompress_if_gzip(twice, where="test") == CONTROL_RESPONSE
    assert decompress_if_gzip(CONTROL_RESPONSE, where="test") is CONTROL_RESPONSE


def test_a_gzip_bomb_stops_at_the_size_cap() -> None:
    bomb = gzip.compress(b"\0" * 5_000_000)
    assert len(bomb) < 10_000
    with pytest.raises(ResponseFormatError, match="expands beyond the 1000000-byte limit"):
        decode_v1_response(bomb, max_size=1_000_000)
    assert len(decompress_if_gzip(bomb, max_size=5_000_000, where="test")) == 5_000_000
    with pytest.raises(ResponseFormatError, match="more than the 100-byte limit"):
        decode_v1_response(CONTROL_RESPONSE * 2, max_size=100)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (gzip.compress(CONTROL_RESPONSE)[:-12], "truncated gzip"),
        (b"\x1f\x8b" + b"garbage" * 4, "does not decompress"),
        (gzip.compress(CONTROL_RESPONSE)[:20] + b"\xff" * 30, "gzip"),
    ],
)
def test_broken_gzip_is_a_format_error(body: bytes, message: str) -> None:
    with pytest.raises(ResponseFormatError, match=message) as raised:
        decode_v1_response(body, where="POST /tedapi/v1")
    assert "POST /tedapi/v1" in str(raised.value)
    assert not isinstance(raised.value.__cause__, zlib.error)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html><body>Not Found</body></html>", "looks like text"),
        (b'{"code":404,"error":"not found"}', "looks like text"),
        (b"Access Denied", "looks like text"),
        (CONTROL_RESPONSE[:-20], "past the end"),
        (b"\x0f\x00", "wire type 7"),
        (b"\x0a\x02\x08", "past the end"),
    ],
)
def test_a_body_that_is_not_a_tedapi_message_is_a_format_error(body: bytes, message: str) -> None:
    with pytest.raises(ResponseFormatError, match=message) as raised:
        decode_v1_response(body)
    assert "is not a TEDAPI message" in str(raised.value)
    assert raised.value.body == body[:256]
    if message != "looks like text":
        assert "try again" in str(raised.value)


def test_a_message_without_an_envelope_is_a_format_error() -> None:
    with pytest.raises(ResponseFormatError, match="without an envelope"):
        decode_v1_response(bytes(pb.Message(tail=pb.Tail(value=1))))


@given(st.binary(max_size=300))
def test_no_body_escapes_as_anything_but_a_library_error(body: bytes) -> None:
    try:
        envelope = decode_v1_response(body)
        for read in (read_query, read_config, read_system_info):
            with contextlib.suppress(PowerwallError):
                read(envelope)
    except PowerwallError:
        pass


def test_fields_this_schema_does_not_know_are_skipped() -> None:
    unknown = b"\xfa\x07\x03abc"  # field 127, length-delimited
    envelope = pb.MessageEnvelope(
        delivery_channel=1,
        sender=pb.Participant(din=DIN),
        graphql=pb.GraphQlMessages(query_response=pb.QueryResponse(status=1, data='{"a":1}')),
    )
    inner = bytes(envelope) + unknown
    body = b"\x0a" + bytes([len(inner)]) + inner + b"\x12\x02\x08\x01" + unknown
    assert read_query(decode_v1_response(body)).data == {"a": 1}


def test_query_answers_carry_data_and_graphql_errors() -> None:
    errors = (
        GraphQLErrorEntry(message="field not found", code=1, path=("control", "x")),
        GraphQLErrorEntry(message="unauthorized", code=2, path=()),
    )
    partial = read_query(
        decode_v1_response(build_query_response(DIN, '{"control":{}}', status=2, errors=errors))
    )
    assert partial.data == {"control": {}}
    assert partial.errors == errors
    assert partial.status == 2
    assert not partial.ok
    refused = read_query(decode_v1_response(build_query_response(DIN, "", status=3)))
    assert refused.data is None
    assert not refused.ok
    assert read_query(decode_v1_response(build_query_response(DIN, "null"))).data is None


@pytest.mark.parametrize(
    ("data", "message"),
    [('{"control":', "not JSON"), ("[1, 2]", "not an object"), ("garbage", "not JSON")],
)
def test_query_data_that_is_not_a_json_object_is_a_format_error(data: str, message: str) -> None:
    with pytest.raises(ResponseFormatError, match=message):
        read_query(decode_v1_response(build_query_response(DIN, data)))


def test_config_answers_carry_the_text_its_content_and_the_hash() -> None:
    text = '{"vin":"1232100-00-E--TG123456789012","battery_blocks":[]}'
    config = read_config(decode_v1_response(build_config_response(DIN, text, b"\x9a\x01")))
    assert config.text == text
    assert config.data["battery_blocks"] == []
    assert config.hash == b"\x9a\x01"
    assert text not in repr(config) or config.text == text


@pytest.mark.parametrize(
    ("blob", "message"),
    [
        (b"", "empty config.json"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b'{"vin":', "not JSON"),
        (b'"text"', "not an object"),
    ],
)
def test_a_config_that_is_not_a_json_object_is_a_format_error(blob: bytes, message: str) -> None:
    response = pb.ReadFileResponse(file=pb.StoredFile(name="config.json", blob=blob), hash=b"1")
    body = envelope_answer(filestore=pb.FileStoreMessages(read_file_response=response))
    with pytest.raises(ResponseFormatError, match=message):
        read_config(decode_v1_response(body))


def test_system_information_reads_back() -> None:
    body = build_system_info_response(PW3_INFO)
    assert read_system_info(decode_v1_response(body)) == PW3_INFO
    staged = SystemInfo(
        din=DIN,
        part_number=None,
        serial_number=None,
        firmware_version="25.42.2 1a2b3c4d",
        git_hash=None,
        device_type=4,
        update_status=3,
        staged_version="26.2.1 5e6f7a8b",
    )
    assert read_system_info(decode_v1_response(build_system_info_response(staged))) == staged


def test_a_sparse_system_information_answer_gives_none_not_empty_strings() -> None:
    body = envelope_answer(
        common=pb.CommonMessages(get_system_info_response=pb.GetSystemInfoResponse(din=DIN))
    )
    info = read_system_info(decode_v1_response(body))
    assert info.din == DIN
    assert info.firmware_version is None
    assert info.git_hash is None
    assert info.device_type is None
    assert info.update_status is None


def test_the_wrong_kind_of_answer_says_what_came_instead() -> None:
    with pytest.raises(ResponseFormatError, match=r"a graphql payload where the config\.json"):
        read_config(decode_v1_response(CONTROL_RESPONSE))
    with pytest.raises(
        ResponseFormatError, match="an envelope without a payload where a query answer"
    ):
        read_query(decode_v1_response(envelope_answer()))
    with pytest.raises(ResponseFormatError, match="a filestore payload where system information"):
        read_system_info(decode_v1_response(build_config_response(DIN, "{}", b"")))


def test_a_refusal_in_the_answer_is_the_gateways_error() -> None:
    refusal = pb.ErrorResponse(status=pb.RpcStatus(code=12, message="unimplemented"))
    body = envelope_answer(common=pb.CommonMessages(error_response=refusal))
    with pytest.raises(GatewayRefusedError, match="code 12, 'unimplemented'") as raised:
        read_query(decode_v1_response(body))
    assert raised.value.code == 12
    assert raised.value.detail == "unimplemented"
    assert isinstance(raised.value, PowerwallError)


def test_the_din_answer_is_read_gzip_or_not() -> None:
    assert decode_din_response(b"1232100-00-E--TG123456789012\n") == DIN
    assert decode_din_response(gzip.compress(DIN.encode())) == DIN


@pytest.mark.parametrize(
    "body", [b"", b"<html>403 Forbidden</html>", b"Zugriff verweigert", b"AccessDenied"]
)
def test_a_din_answer_that_is_not_a_din_is_a_format_error(body: bytes) -> None:
    with pytest.raises(ResponseFormatError, match="not a DIN"):
        decode_din_response(body)
