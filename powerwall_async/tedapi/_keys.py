"""The owner's RSA key for v1r: loading it safely, and making a new one to register.

A v1r request is signed with an RSA key that the owner registered once with Tesla (through
the cloud) and confirmed at the Powerwall. The gateway identifies the key by its public half,
DER PKCS#1, which is also what registration sends (base64). Needs the ``cryptography``
package (``pip install 'powerwall-async[v1r]'``), imported on first use.

Messages never contain key material: a PEM passed as a string is recognised as a PEM, never
echoed as a "file name".
"""

from __future__ import annotations

import base64
import hashlib
import os
import stat
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Union

import attrs

from ._errors import KeyFileError, KeyFilePermissionWarning

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey

__all__ = [
    "KEYGEN_BITS",
    "MIN_KEY_BITS",
    "KeySource",
    "PublicKeyInfo",
    "keygen",
    "load_private_key",
    "public_key_info",
]

MIN_KEY_BITS = 2048
"""Smaller RSA keys are refused: they are breakable, and no tool registers them."""
KEYGEN_BITS = 4096
"""What :func:`keygen` makes: the size every known v1r client registers."""

KeySource = Union[str, "os.PathLike[str]", bytes, "RSAPrivateKey"]
"""A key file's path, the key as PEM (bytes, or a string starting ``-----BEGIN``), or a key
object from ``cryptography``."""

_INSTALL = "v1r needs the cryptography package: pip install 'powerwall-async[v1r]'"


def _cryptography() -> None:
    try:
        import cryptography  # noqa: F401
    except ImportError:
        raise KeyFileError(_INSTALL) from None


@attrs.frozen
class PublicKeyInfo:
    """The public half of a v1r key, in the forms registration and diagnostics use."""

    der: bytes = attrs.field(repr=False)
    """DER PKCS#1 (``RSAPublicKey``): what the gateway sees in every signed request."""
    registration: str = attrs.field(repr=False)
    """``der`` in base64: the ``public_key`` a registration request sends."""
    fingerprint: str
    """SHA-256 of ``der``, hex: compare it with the key listed as authorized."""


def public_key_info(key: RSAPrivateKey | RSAPublicKey) -> PublicKeyInfo:
    """The registration form and fingerprint of ``key`` (either half)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    public = key.public_key() if isinstance(key, rsa.RSAPrivateKey) else key
    der = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)
    return PublicKeyInfo(
        der=der,
        registration=base64.b64encode(der).decode("ascii"),
        fingerprint=hashlib.sha256(der).hexdigest(),
    )


def _read_key_file(path: Path) -> bytes:
    try:
        data = path.read_bytes()
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise KeyFileError(
            f"no key file at {path}: give the path of the private key you registered, or make "
            "one with `powerwall-async tedapi keygen PATH` and register it"
        ) from None
    except IsADirectoryError:
        raise KeyFileError(f"{path} is a directory, not a key file") from None
    except OSError as error:
        raise KeyFileError(f"cannot read the key file {path}: {error.strerror}") from None
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        warnings.warn(
            f"the v1r key file {path} can be read by other users of this computer; anyone "
            f"with it can control the Powerwall: run `chmod 600 {path}`",
            KeyFilePermissionWarning,
            stacklevel=3,
        )
    return data


def _parse_key(data: bytes, origin: str) -> object:
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization

    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            return serialization.load_pem_private_key(data, password=None)
        return serialization.load_der_private_key(data, password=None)
    except TypeError:  # cryptography: "Password was not given but private key is encrypted"
        raise KeyFileError(
            f"{origin} is protected by a passphrase; v1r needs the key without one (decrypt a "
            "copy with `openssl pkey -in KEY -out PLAIN`, keep it mode 600)"
        ) from None
    except (ValueError, UnsupportedAlgorithm):
        raise KeyFileError(
            f"{origin} is not a private key in PEM or DER form (a public key, a certificate, "
            "or a damaged file?)"
        ) from None


def _checked(key: object, origin: str) -> RSAPrivateKey:
    from cryptography.hazmat.primitives.asymmetric import rsa

    if not isinstance(key, rsa.RSAPrivateKey):
        kind = type(key).__name__.removeprefix("_").replace("PrivateKey", "")
        raise KeyFileError(
            f"{origin} is not an RSA key ({kind or 'another kind'}); v1r signs with RSA: make "
            "one with `powerwall-async tedapi keygen PATH`"
        )
    if key.key_size < MIN_KEY_BITS:
        raise KeyFileError(
            f"{origin} is a {key.key_size}-bit RSA key, too small: v1r needs at least "
            f"{MIN_KEY_BITS} bits ({KEYGEN_BITS} is what `powerwall-async tedapi keygen` makes)"
        )
    return key


def load_private_key(source: KeySource) -> RSAPrivateKey:
    """The owner's RSA private key from a path, PEM/DER bytes, PEM text or a key object.

    Raises :class:`KeyFileError` (also a ``ValueError``) when the file is missing or
    unreadable, holds no private key, is encrypted, is not RSA, or is smaller than
    :data:`MIN_KEY_BITS`; warns with :class:`KeyFilePermissionWarning` when other users can
    read the file.
    """
    _cryptography()
    if isinstance(source, bytes):
        return _checked(_parse_key(source, "the key given"), "the key given")
    if isinstance(source, str) and source.lstrip().startswith("-----BEGIN"):
        return _checked(_parse_key(source.encode(), "the key given"), "the key given")
    if isinstance(source, (str, os.PathLike)):
        path = Path(source).expanduser()
        origin = f"the key file {path}"
        return _checked(_parse_key(_read_key_file(path), origin), origin)
    return _checked(source, "the key given")


def keygen(path: str | os.PathLike[str]) -> PublicKeyInfo:
    """Write a new RSA-4096 private key to ``path`` (PEM, mode 600); return its public half.

    Never overwrites: an existing file is a :class:`KeyFileError`. Register
    ``registration`` with Tesla, then prove presence at the Powerwall.
    """
    _cryptography()
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    target = Path(path).expanduser()
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyFileError(
            f"{target} already exists; keygen never overwrites a key: choose another path"
        ) from None
    except OSError as error:
        raise KeyFileError(f"cannot create the key file {target}: {error.strerror}") from None
    try:
        with os.fdopen(descriptor, "wb") as file:
            if os.name == "posix":
                os.fchmod(descriptor, 0o600)  # whatever the umask allowed
            key = rsa.generate_private_key(public_exponent=65537, key_size=KEYGEN_BITS)
            file.write(
                key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            )
    except BaseException:
        target.unlink(missing_ok=True)  # no empty or half-written key left behind
        raise
    return public_key_info(key)
