"""Pins are accepted in the forms people copy them in; fingerprints print one way."""

from __future__ import annotations

import hashlib

import pytest

from powerwall_async.transports._certs import Certificate, format_sha256, normalize_pin

DIGEST = hashlib.sha256(b"certificate").digest()
COLONS = format_sha256(DIGEST)


def test_fingerprint_format_is_colon_separated_upper_case() -> None:
    assert len(COLONS) == 95
    assert COLONS.upper() == COLONS
    assert COLONS.count(":") == 31


@pytest.mark.parametrize(
    "pin",
    [COLONS, COLONS.lower(), COLONS.replace(":", ""), DIGEST.hex(), " ".join(COLONS.split(":"))],
)
def test_pins_with_or_without_colons_in_any_case(pin: str) -> None:
    assert normalize_pin(pin) == DIGEST


@pytest.mark.parametrize("pin", ["", "abc", COLONS[:-3], COLONS + ":00", "zz" * 32])
def test_malformed_pins_are_refused_with_advice(pin: str) -> None:
    with pytest.raises(ValueError, match="64 hex digits"):
        normalize_pin(pin)


def test_certificate_exposes_pem_and_fingerprint() -> None:
    certificate = Certificate(der=b"certificate")
    assert certificate.sha256 == COLONS
    assert certificate.pem.startswith("-----BEGIN CERTIFICATE-----")
    assert COLONS in repr(certificate)
