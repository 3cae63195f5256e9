"""The words of a transport's failures, shared by every engine's exception table, so that a
user reads the same advice whichever transport carried the request.

Each function takes plain facts (where, which request, what the OS said); none quotes an
engine exception's text, which may carry a request's headers.
"""

from __future__ import annotations

from .._errors import CertificateError, GatewayTimeoutError, GatewayUnreachableError
from .._errors import PowerwallError as _PowerwallError
from ._certs import GATEWAY_SNI_NAMES, fetch_certificate

__all__ = [
    "cannot_connect",
    "connect_timeout",
    "dropped",
    "not_tls",
    "pin_mismatch",
    "sni_refused",
    "timed_out",
    "untrusted",
    "where",
]


def where(host: str, port: int) -> str:
    """``host:port``, an IPv6 address in brackets."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def pin_mismatch(at: str, presented: str | None) -> CertificateError:
    return CertificateError(
        f"{at} presented a certificate with SHA-256 {presented or 'none'}, not the pinned one; "
        "nothing was sent. If the gateway's certificate really changed (it does after some "
        "resets), check it and pin the new fingerprint",
        sha256=presented,
    )


async def untrusted(
    host: str,
    port: int,
    *,
    sni_hostname: str | None,
    seconds: float,
    detail: str | None,
    exported_certificate: bool,
) -> CertificateError:
    """The certificate failed verification: fetch it (a handshake only) to show what to pin."""
    reason = f"not trusted ({detail})" if detail else "not trusted"
    try:
        presented: str | None = (
            await fetch_certificate(host, port, sni_hostname=sni_hostname, timeout=seconds)
        ).sha256
    except _PowerwallError:
        presented = None
    if exported_certificate:
        advice = "it does not match the exported certificate" + (
            f"; export it again, or pin it with pin_sha256={presented!r}" if presented else ""
        )
    elif presented:
        advice = (
            f"a gateway's certificate is self-signed: after checking it is your gateway's, "
            f"pin it with pin_sha256={presented!r} "
            f"(or `powerwall-async COMMAND --pin {presented}`)"
        )
    else:
        advice = "a gateway's certificate is self-signed: pin it with pin_sha256="
    return CertificateError(
        f"the certificate of {where(host, port)} is {reason}; {advice}", sha256=presented
    )


def not_tls(at: str) -> GatewayUnreachableError:
    return GatewayUnreachableError(
        f"{at} does not speak TLS; is this the gateway's HTTPS port (443)?"
    )


def sni_refused(at: str, sni_hostname: str | None) -> CertificateError:
    return CertificateError(
        f"{at} aborted the TLS handshake for the SNI name {sni_hostname!r}; "
        f"a gateway accepts only {', '.join(GATEWAY_SNI_NAMES)} (or none when reached by IP)"
    )


def cannot_connect(at: str, reason: str) -> GatewayUnreachableError:
    return GatewayUnreachableError(
        f"cannot connect to {at} ({reason}); check the address and that the gateway is on "
        "the network"
    )


def connect_timeout(at: str) -> GatewayTimeoutError:
    return GatewayTimeoutError(f"{at} did not accept a connection in time")


def timed_out(request: str, at: str, seconds: float) -> GatewayTimeoutError:
    return GatewayTimeoutError(f"{request}: {at} did not answer within {seconds:g} s")


def dropped(request: str, at: str, reason: str) -> GatewayUnreachableError:
    return GatewayUnreachableError(
        f"{request}: the connection to {at} dropped ({reason}); the gateway may be "
        "restarting or its network is unstable"
    )


def not_sent_again(method: str, at: str) -> GatewayUnreachableError:
    """A write whose connection ended before its answer: never sent twice."""
    return GatewayUnreachableError(
        f"{method}: {at} ended the connection before answering, and the request was not "
        "sent again. The change may or may not have been applied: read the state back "
        "before trying again"
    )
