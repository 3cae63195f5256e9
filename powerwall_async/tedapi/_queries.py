"""The Tesla-signed GraphQL queries, shipped as data in ``queries/`` (see ``queries/NOTICE``).

Gateways run only queries that carry Tesla's signature, so a client can reuse signed queries
but never write its own. Two sets exist:

* ``V2024_06`` (wire version 1): the DeviceController and Components queries take variables
  (not covered by the signature) that choose components and signals;
* ``V2026_06`` (wire version 2), from the 2026 Tesla One app: filters are written into the
  signed text and the variables are ``{}``.

The signature is ECDSA on P-521 over SHA-256 of the serialized ``SignedQuery`` (version and
text), by one Tesla key for both sets: :func:`signature_is_valid` checks it offline.
"""

from __future__ import annotations

import enum
import functools
import json
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey

__all__ = [
    "TESLA_QUERY_PUBLIC_KEY_PEM",
    "QuerySet",
    "SignedQuery",
    "components_query",
    "identify_query",
    "load_queries",
    "signature_is_valid",
    "status_query",
]


class QuerySet(enum.Enum):
    """A set of signed queries, named as it is published."""

    V2024_06 = "V2024_06"
    V2026_06 = "V2026_06"

    @property
    def wire_version(self) -> int:
        """The ``version`` the set's queries carry on the wire (and under the signature)."""
        return 1 if self is QuerySet.V2024_06 else 2


# Which query of each set answers status() and components().
_STATUS = {QuerySet.V2024_06: "device_controller_full", QuerySet.V2026_06: "DeviceControllerQuery"}
_COMPONENTS = {QuerySet.V2024_06: "components", QuerySet.V2026_06: "PW3Query"}

TESLA_QUERY_PUBLIC_KEY_PEM = b"""-----BEGIN PUBLIC KEY-----
MIGbMBAGByqGSM49AgEGBSuBBAAjA4GGAAQAPiEZMPCcbraJ96GjdY9ooTBZXZgb
0KPxPNIc3rXYdUcC65RV6ybERDGMDvkoEdsdbvE48otkm7/M2MPz5QRa+hwBs70E
Hm+BLVNijynB8IXKv6mfyF2ViVQO0D2a+FIoCbNTu8KWLtEuyS/34+aMw7BG6zoy
OG+4F+fmiIxAsI1KUS8=
-----END PUBLIC KEY-----
"""
"""The key Tesla signs both query sets with (ECDSA, P-521)."""


@attrs.frozen
class SignedQuery:
    """One signed query: its GraphQL text, Tesla's signature and the default variables."""

    name: str
    query_set: QuerySet
    text: str = attrs.field(repr=False)
    signature: bytes = attrs.field(repr=False)
    default_variables: str
    """JSON text sent as the variables unless the caller chooses others (V2026: ``{}``)."""

    @property
    def signed_bytes(self) -> bytes:
        """The serialized ``SignedQuery{version, text}``: what the signature covers and what
        the request's ``query`` field carries."""
        from .._proto import tedapi as pb

        return bytes(pb.SignedQuery(version=self.query_set.wire_version, text=self.text.encode()))


@functools.cache
def load_queries(query_set: QuerySet) -> Mapping[str, SignedQuery]:
    """The queries of ``query_set`` by name, read from the shipped JSON on first use."""
    source = resources.files(__package__).joinpath("queries", f"{query_set.value}.json")
    entries: dict[str, dict[str, Any]] = json.loads(source.read_text(encoding="utf-8"))
    return MappingProxyType(
        {
            name: SignedQuery(
                name=name,
                query_set=query_set,
                text=entry["text"],
                signature=bytes.fromhex(entry["code"]),
                default_variables=entry["b_value"],
            )
            for name, entry in entries.items()
        }
    )


def status_query(query_set: QuerySet) -> SignedQuery:
    """The DeviceController query of ``query_set``: the site's status."""
    return load_queries(query_set)[_STATUS[query_set]]


def components_query(query_set: QuerySet) -> SignedQuery:
    """The Powerwall 3 components query of ``query_set`` (PCH, BMS, HVP, BAGGR, PWS)."""
    return load_queries(query_set)[_COMPONENTS[query_set]]


@functools.cache
def _by_signed_bytes() -> Mapping[bytes, SignedQuery]:
    return {query.signed_bytes: query for qs in QuerySet for query in load_queries(qs).values()}


def identify_query(signed_bytes: bytes) -> SignedQuery | None:
    """The shipped query whose serialized ``SignedQuery`` is ``signed_bytes`` (what a
    request's ``query`` field carries), or ``None`` for any other query."""
    return _by_signed_bytes().get(signed_bytes)


def signature_is_valid(signed_bytes: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is Tesla's over ``signed_bytes`` (a serialized ``SignedQuery``).

    Gateways refuse any query for which this is false. Needs the ``cryptography`` package
    (``pip install 'powerwall-async[v1r]'``); the v1 path of the library does not.
    """
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    key = _tesla_key()
    try:
        key.verify(signature, signed_bytes, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError):  # ValueError: not a DER signature at all
        return False
    return True


@functools.cache
def _tesla_key() -> EllipticCurvePublicKey:
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    key = load_pem_public_key(TESLA_QUERY_PUBLIC_KEY_PEM)
    assert isinstance(key, ec.EllipticCurvePublicKey)
    return key
