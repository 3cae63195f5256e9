"""Certificates: fingerprints, pins, SSL contexts, and reading a gateway's certificate."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import anyio
import attrs

from .._errors import CertificateError, GatewayTimeoutError, GatewayUnreachableError
from ._base import DEFAULT_SNI_HOSTNAME, DEFAULT_TIMEOUT

if TYPE_CHECKING:
    import ssl

# ssl, hashlib and anyio's TLS stream load where they are used: `import powerwall_async`
# exports this module's names, and a client loads ssl with its transport anyway.

__all__ = [
    "GATEWAY_SNI_NAMES",
    "NOT_TLS_REASONS",
    "Certificate",
    "fetch_certificate",
    "format_sha256",
    "normalize_pin",
    "unverified_context",
]

GATEWAY_SNI_NAMES = ("teg", "powerwall", "powerpack")
"""The SNI names a gateway accepts (besides none at all, when connecting by IP)."""

NOT_TLS_REASONS = frozenset(
    {"WRONG_VERSION_NUMBER", "RECORD_LAYER_FAILURE", "PACKET_LENGTH_TOO_LONG", "HTTP_REQUEST"}
)
"""OpenSSL's words for "the other side does not speak TLS at all"."""

_HEX64 = re.compile(r"[0-9a-f]{64}")


def format_sha256(digest: bytes) -> str:
    """``AB:CD:...`` — the form browsers and ``openssl x509 -fingerprint`` show."""
    return ":".join(f"{byte:02X}" for byte in digest)


def normalize_pin(pin: str) -> bytes:
    """Accept a SHA-256 fingerprint as hex, with or without colons or spaces, in any case."""
    cleaned = re.sub(r"[\s:]", "", pin).lower()
    if not _HEX64.fullmatch(cleaned):
        raise ValueError(
            "pin_sha256 must be the certificate's SHA-256 fingerprint: 64 hex digits, with or "
            "without colons (powerwall_async.fetch_certificate() prints it)"
        )
    return bytes.fromhex(cleaned)


def unverified_context() -> ssl.SSLContext:
    """A client context accepting any certificate: trust then comes from a pin, or not at all."""
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


@attrs.frozen
class Certificate:
    """A certificate as the gateway presented it."""

    der: bytes = attrs.field(repr=False)

    @property
    def sha256(self) -> str:
        """The SHA-256 fingerprint, colon-separated upper-case hex (what ``pin_sha256`` takes)."""
        import hashlib

        return format_sha256(hashlib.sha256(self.der).digest())

    @property
    def pem(self) -> str:
        """The certificate in PEM form (what ``cafile``/``cadata`` take)."""
        import ssl

        return ssl.DER_cert_to_PEM_cert(self.der)

    def __repr__(self) -> str:
        return f"Certificate(sha256={self.sha256!r})"


async def fetch_certificate(
    host: str,
    port: int = 443,
    *,
    sni_hostname: str | None = DEFAULT_SNI_HOSTNAME,
    timeout: float = DEFAULT_TIMEOUT,
) -> Certificate:
    """Read the certificate a gateway presents, with the SNI name it accepts.

    This is the API document's ``openssl s_client`` step done so that it also works where the
    gateway is reached by a DNS name (the gateway aborts handshakes for any other SNI name).
    Only a handshake happens: no request is sent.
    """
    import ssl

    from anyio.streams.tls import TLSAttribute, TLSStream

    if not 0 < port < 65536:
        raise ValueError(f"{port} is not a TCP port (1 to 65535)")
    where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    try:
        with anyio.fail_after(timeout):
            stream = await anyio.connect_tcp(host, port)
            try:
                tls = await TLSStream.wrap(
                    stream,
                    hostname=sni_hostname,
                    ssl_context=unverified_context(),
                    server_side=False,
                    standard_compatible=False,
                )
            except BaseException:
                await anyio.aclose_forcefully(stream)
                raise
            der = tls.extra(TLSAttribute.peer_certificate_binary)
            await anyio.aclose_forcefully(tls)
    except TimeoutError as exc:
        raise GatewayTimeoutError(
            f"{where} did not complete a TLS handshake in {timeout} s"
        ) from exc
    except ssl.SSLError as exc:
        if exc.reason in NOT_TLS_REASONS:
            raise GatewayUnreachableError(
                f"{where} does not speak TLS; is this the gateway's HTTPS port (443)?"
            ) from exc
        raise CertificateError(
            f"{where} refused the TLS handshake ({exc.reason or exc}) for the SNI name "
            f"{sni_hostname!r}; a gateway accepts only {', '.join(GATEWAY_SNI_NAMES)} or none"
        ) from exc
    except (anyio.BrokenResourceError, anyio.EndOfStream) as exc:
        raise CertificateError(
            f"{where} closed the connection during the TLS handshake for the SNI name "
            f"{sni_hostname!r}; a gateway accepts only {', '.join(GATEWAY_SNI_NAMES)} or none"
        ) from exc
    except OSError as exc:
        raise GatewayUnreachableError(f"cannot connect to {where}: {exc.strerror or exc}") from exc
    if not der:
        raise CertificateError(f"{where} presented no certificate")
    return Certificate(der=der)
