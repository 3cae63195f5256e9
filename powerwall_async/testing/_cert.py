"""The simulator's self-signed certificate: made fresh at every start, or kept in a directory.

Like a gateway's, it names ``teg``, ``powerwall`` and ``powerpack`` (and 127.0.0.1, where the
simulator listens). A fresh one's private key stays in memory; :func:`load_into` puts it on
disk only for the moment ``SSLContext.load_cert_chain`` needs a file, in a private temporary
directory. :func:`kept_certificate` keeps one in a directory of the user's choice (key file
readable by its owner only, and a ``.gitignore`` so that git never picks it up), so that a pin
saved from one run still matches the next.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import ssl
import stat
import tempfile
from pathlib import Path

import attrs
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ..transports._certs import GATEWAY_SNI_NAMES, Certificate

__all__ = ["ServerCertificate", "generate_certificate", "kept_certificate"]

CERT_FILE = "cert.pem"
KEY_FILE = "key.pem"
_GITIGNORE = "# Written by the powerwall-async simulator: key.pem is a private key.\n*\n"


@attrs.frozen
class ServerCertificate:
    """A certificate with its private key (the key never appears in a repr)."""

    certificate: Certificate
    key_pem: bytes = attrs.field(repr=False)

    def load_into(self, context: ssl.SSLContext) -> None:
        """``context.load_cert_chain`` from a temporary directory removed right after."""
        with tempfile.TemporaryDirectory(prefix="powerwall-sim-") as directory:
            cert_file = Path(directory) / "cert.pem"
            key_file = Path(directory) / "key.pem"
            cert_file.write_text(self.certificate.pem)
            key_file.touch(mode=0o600)
            key_file.write_bytes(self.key_pem)
            context.load_cert_chain(certfile=cert_file, keyfile=key_file)


def generate_certificate(host: str = "127.0.0.1") -> ServerCertificate:
    """A self-signed certificate for the gateway names and ``host``, valid for ten years."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "teg")])
    alternative: list[x509.GeneralName] = [x509.DNSName(sni) for sni in GATEWAY_SNI_NAMES]
    try:
        alternative.append(x509.IPAddress(ipaddress.ip_address(host)))
    except ValueError:
        alternative.append(x509.DNSName(host))
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.SubjectAlternativeName(alternative), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return ServerCertificate(
        certificate=Certificate(der=cert.public_bytes(serialization.Encoding.DER)),
        key_pem=key_pem,
    )


def kept_certificate(directory: Path, host: str = "127.0.0.1") -> ServerCertificate:
    """The certificate kept in ``directory``: made there on first use, read back afterwards
    (blocking file I/O). Raises ``ValueError`` naming the file when it cannot be used."""
    cert_file, key_file = directory / CERT_FILE, directory / KEY_FILE
    if cert_file.exists() or key_file.exists():
        return _read_certificate(cert_file, key_file)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    (directory / ".gitignore").write_text(_GITIGNORE)
    made = generate_certificate(host)
    descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(made.key_pem)
    cert_file.write_text(made.certificate.pem)
    return made


def _read_certificate(cert_file: Path, key_file: Path) -> ServerCertificate:
    remedy = f"remove {cert_file.parent} to make a new certificate (clients must pin it anew)"
    try:
        cert_pem, key_pem = cert_file.read_bytes(), key_file.read_bytes()
        key_mode = stat.S_IMODE(key_file.stat().st_mode)
    except FileNotFoundError as exc:
        raise ValueError(f"{exc.filename} is missing: {remedy}") from None
    if os.name != "nt" and key_mode & 0o077:
        raise ValueError(f"{key_file} is readable by other users: chmod 600 it, or {remedy}")
    try:
        cert = x509.load_pem_x509_certificate(cert_pem)
        key = serialization.load_pem_private_key(key_pem, password=None)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"cannot use the certificate in {cert_file.parent}: {exc}") from None
    public = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(*public) != cert.public_key().public_bytes(*public):
        raise ValueError(f"{key_file} is not the key of {cert_file}: {remedy}")
    return ServerCertificate(
        certificate=Certificate(der=cert.public_bytes(serialization.Encoding.DER)),
        key_pem=key_pem,
    )
