"""The shipped Tesla-signed queries: every signature verifies, and the data loads as expected.

A query whose signature does not verify is one every gateway refuses, so this test is what
keeps an edited or corrupted query file from being released.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources

import attrs
import pytest

from powerwall_async.tedapi._queries import (
    TESLA_QUERY_PUBLIC_KEY_PEM,
    QuerySet,
    SignedQuery,
    components_query,
    identify_query,
    load_queries,
    signature_is_valid,
    status_query,
)

pytest.importorskip("cryptography", reason="checking signatures needs cryptography")

ALL = [query for query_set in QuerySet for query in load_queries(query_set).values()]


def raw_entries(query_set: QuerySet) -> dict[str, dict[str, object]]:
    source = resources.files("powerwall_async.tedapi").joinpath(
        "queries", f"{query_set.value}.json"
    )
    entries: dict[str, dict[str, object]] = json.loads(source.read_text(encoding="utf-8"))
    return entries


def test_both_sets_ship_every_published_query() -> None:
    assert sorted(load_queries(QuerySet.V2024_06)) == [
        "components",
        "device_controller_basic",
        "device_controller_full",
    ]
    assert len(load_queries(QuerySet.V2026_06)) == 10
    assert len(ALL) == 13


@pytest.mark.parametrize("query", ALL, ids=lambda query: f"{query.query_set.value}-{query.name}")
def test_every_bundled_query_carries_teslas_signature(query: SignedQuery) -> None:
    assert signature_is_valid(query.signed_bytes, query.signature)


def test_the_key_is_the_one_the_reference_names() -> None:
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_public_key(TESLA_QUERY_PUBLIC_KEY_PEM)
    der = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    assert (
        hashlib.sha256(der).hexdigest()
        == "f242e04db5c8d7cd1aba6d44ce5fba9bec26eb181bad35f5c53960bd014613f8"
    )


def test_an_altered_query_or_signature_does_not_verify() -> None:
    query = status_query(QuerySet.V2026_06)
    altered_text = attrs.evolve(query, text=query.text.replace("gridOK", "gridOk"))
    assert not signature_is_valid(altered_text.signed_bytes, query.signature)
    # The same text under the other set's version number is another signed message.
    other_version = attrs.evolve(query, query_set=QuerySet.V2024_06)
    assert not signature_is_valid(other_version.signed_bytes, query.signature)
    flipped = bytearray(query.signature)
    flipped[-1] ^= 1
    assert not signature_is_valid(query.signed_bytes, bytes(flipped))
    assert not signature_is_valid(query.signed_bytes, b"not a DER signature")


def test_signed_bytes_are_the_published_ones() -> None:
    for name, entry in raw_entries(QuerySet.V2026_06).items():
        assert load_queries(QuerySet.V2026_06)[name].signed_bytes.hex() == entry["signed_bytes"]
    query = load_queries(QuerySet.V2024_06)["device_controller_basic"]
    assert query.signed_bytes[:5] == bytes.fromhex("080112af36")  # version 1, 6959 bytes
    assert len(query.text.encode()) == 6959


def test_default_variables_choose_components_in_2024_and_are_empty_in_2026() -> None:
    components = components_query(QuerySet.V2024_06)
    variables = json.loads(components.default_variables)
    assert variables["pchComponentsFilter"] == {"types": ["PCH"]}
    assert "PCH_PvVoltageA" in variables["pchSignalNames"]
    assert (
        "THC_AmbientTemp"
        in json.loads(status_query(QuerySet.V2024_06).default_variables)["msaSignals"]
    )
    for query in load_queries(QuerySet.V2026_06).values():
        assert query.default_variables == "{}"


def test_queries_are_loaded_once_and_the_signature_stays_out_of_the_repr() -> None:
    assert load_queries(QuerySet.V2024_06) is load_queries(QuerySet.V2024_06)
    query = components_query(QuerySet.V2026_06)
    assert query.signature.hex() not in repr(query)
    assert QuerySet.V2024_06.wire_version == 1
    assert QuerySet.V2026_06.wire_version == 2


def test_a_gateway_can_tell_which_shipped_query_a_request_carries() -> None:
    for query in ALL:
        assert identify_query(query.signed_bytes) is query
    status = status_query(QuerySet.V2026_06)
    assert identify_query(attrs.evolve(status, query_set=QuerySet.V2024_06).signed_bytes) is None
    assert identify_query(b"") is None
