"""The simulator's self-signed certificate, made fresh at every start and never written to git.

Like a gateway's, it names ``teg``, ``powerwall`` and ``powerpack`` (and 127.0.0.1, where the
simulator listens). The private key stays in memory; :func:`load_into` puts it on disk only
for the moment ``SSLContext.load_cert_chain`` needs a file, in a private temporary directory.
"""

from __future__ import annotations

import datetime
import ipaddress
import ssl
import tempfile
from pathlib import Path

import attrs
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ..transports._certs import GATEWAY_SNI_NAMES, Certificate

__all__ = ["ServerCertificate", "generate_certificate"]


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
