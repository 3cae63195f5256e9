"""The owner's v1r key: keygen's file and public forms, and every way a key can be unusable.

Keys are made at run time (tmp_path); none is committed. No message may carry key material.
"""

from __future__ import annotations

import base64
import hashlib
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("cryptography", reason="v1r keys need cryptography")

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from powerwall_async import PowerwallError
from powerwall_async.tedapi._errors import KeyFileError, KeyFilePermissionWarning
from powerwall_async.tedapi._keys import (
    KEYGEN_BITS,
    keygen,
    load_private_key,
    public_key_info,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


@pytest.fixture(scope="module")
def key_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    path = tmp_path_factory.mktemp("keys") / "v1r.pem"
    info = keygen(path)
    return path, info.registration, info.fingerprint


@pytest.fixture(scope="module")
def small_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A 2048-bit key (the smallest accepted): quicker to check on every load than 4096."""
    path = tmp_path_factory.mktemp("keys") / "small.pem"
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(pem(key))
    path.chmod(0o600)
    return path, public_key_info(key).fingerprint


def pem(
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, password: bytes | None = None
) -> bytes:
    encryption = (
        serialization.NoEncryption()
        if password is None
        else serialization.BestAvailableEncryption(password)
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )


@posix_only
def test_keygen_writes_a_private_4096_bit_key(key_file: tuple[Path, str, str]) -> None:
    path, _, _ = key_file
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    key = load_private_key(path)
    assert key.key_size == KEYGEN_BITS == 4096
    assert key.public_key().public_numbers().e == 65537


def test_keygen_returns_the_registration_form_and_fingerprint(
    key_file: tuple[Path, str, str],
) -> None:
    path, registration, fingerprint = key_file
    der = base64.b64decode(registration)
    public = serialization.load_der_public_key(
        # PKCS#1 RSAPublicKey, not SubjectPublicKeyInfo: load it as what it is.
        serialization.load_pem_public_key(
            b"-----BEGIN RSA PUBLIC KEY-----\n"
            + base64.encodebytes(der)
            + b"-----END RSA PUBLIC KEY-----\n"
        ).public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    assert isinstance(public, rsa.RSAPublicKey)
    private = load_private_key(path)
    assert public.public_numbers() == private.public_key().public_numbers()
    assert fingerprint == hashlib.sha256(der).hexdigest()
    assert public_key_info(private).fingerprint == fingerprint
    assert public_key_info(public).der == der
    assert registration not in repr(public_key_info(public))


def test_keygen_never_overwrites(key_file: tuple[Path, str, str]) -> None:
    path, _, _ = key_file
    before = path.read_bytes()
    with pytest.raises(KeyFileError, match="already exists"):
        keygen(path)
    assert path.read_bytes() == before
    with pytest.raises(KeyFileError, match="cannot create"):
        keygen(path.parent / "missing-directory" / "key.pem")


def test_a_key_loads_from_a_path_pem_bytes_pem_text_or_an_object(
    small_file: tuple[Path, str],
) -> None:
    path, fingerprint = small_file
    data = path.read_bytes()
    key = load_private_key(path)
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    for source in (path, str(path), data, data.decode(), der, key):
        assert public_key_info(load_private_key(source)).fingerprint == fingerprint


@posix_only
def test_a_key_file_others_can_read_is_loaded_with_a_warning(
    small_file: tuple[Path, str], tmp_path: Path
) -> None:
    path, _ = small_file
    shared = tmp_path / "shared.pem"
    shared.write_bytes(path.read_bytes())
    shared.chmod(0o644)
    with pytest.warns(KeyFilePermissionWarning, match=f"chmod 600 {shared}"):
        load_private_key(shared)
    shared.chmod(0o600)
    load_private_key(shared)  # no warning: filterwarnings = error would fail the test


def test_a_missing_file_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="keygen") as raised:
        load_private_key(tmp_path / "nothing.pem")
    assert isinstance(raised.value, PowerwallError)
    assert isinstance(raised.value, ValueError)
    with pytest.raises(KeyFileError, match="is a directory"):
        load_private_key(tmp_path)


def test_keys_that_are_not_usable_are_refused_without_echoing_them(tmp_path: Path) -> None:
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    curve = ec.generate_private_key(ec.SECP256R1())
    cases = [
        (pem(small), "1024-bit RSA key, too small"),
        (pem(curve), "not an RSA key"),
        (pem(small, b"passphrase"), "protected by a passphrase"),
        (
            b"-----BEGIN PRIV" + b"ATE KEY-----\nAAAA\n-----END PRIV" + b"ATE KEY-----\n",
            "not a private key",
        ),
        (b"just some bytes", "not a private key"),
    ]
    for data, message in cases:
        for source in (data, tmp_path / "key.pem"):
            (tmp_path / "key.pem").write_bytes(data)
            (tmp_path / "key.pem").chmod(0o600)
            with pytest.raises(KeyFileError, match=message) as raised:
                load_private_key(source)
            text = str(raised.value)
            assert "BEGIN" not in text
            assert raised.value.__cause__ is None
            assert raised.value.__context__ is None or raised.value.__suppress_context__
    with pytest.raises(KeyFileError, match="not an RSA key"):
        load_private_key(curve)  # type: ignore[arg-type]
    with pytest.raises(KeyFileError, match="too small"):
        load_private_key(small)


def test_a_pem_given_as_text_is_never_taken_for_a_file_name() -> None:
    curve = pem(ec.generate_private_key(ec.SECP256R1())).decode()
    with pytest.raises(KeyFileError) as raised:
        load_private_key(curve)
    assert curve.splitlines()[1] not in str(raised.value)
    assert "not an RSA key" in str(raised.value)


def test_without_cryptography_keys_say_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "cryptography", None)
    with pytest.raises(KeyFileError, match=r"powerwall-async\[v1r\]"):
        load_private_key(b"anything")


def test_the_v1_path_works_without_cryptography() -> None:
    script = textwrap.dedent(
        """
        import sys
        sys.modules["cryptography"] = None  # any import of it fails
        from powerwall_async.tedapi._messages import (
            build_components_request, build_config_request, decode_v1_response, read_query,
            build_query_response,
        )
        from powerwall_async.tedapi._queries import QuerySet
        din = "1232100-00-E--TG123456789012"
        build_config_request(din)
        build_components_request(din, QuerySet.V2026_06)
        print(read_query(decode_v1_response(build_query_response(din, '{"a":1}'))).data)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "{'a': 1}"
