"""The one pin check: the peer certificate's SHA-256 against the pinned fingerprint.

Every transport that talks TLS to a gateway calls :func:`check_pin` on the connection that is
about to carry a request, before writing a byte of it: the own-pool transport right after the
handshake (``_backends``), the transport on an application's httpx client on every request
(``_guard``), and transports of other engines on theirs.
"""

from __future__ import annotations

import hashlib
import ssl

from ._certs import format_sha256

__all__ = ["PinMismatchError", "check_pin"]


class PinMismatchError(Exception):
    """The peer's certificate is not the pinned one; ``presented`` is its fingerprint.

    ``presented`` is ``"none"`` when the connection has no TLS layer or showed no certificate.
    """

    def __init__(self, presented: str) -> None:
        super().__init__(presented)
        self.presented = presented


def check_pin(ssl_object: ssl.SSLObject | ssl.SSLSocket | None, pin: bytes) -> None:
    """Raise :class:`PinMismatchError` unless the peer certificate's SHA-256 is ``pin``."""
    der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
    digest = hashlib.sha256(der).digest() if der else b""
    if digest != pin:
        raise PinMismatchError(format_sha256(digest) if digest else "none")
