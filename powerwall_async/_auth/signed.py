"""TEDAPI v1r: requests authenticated by an RSA signature over their body, not a header."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._errors import AuthenticationError, PowerwallError
from ._base import Auth, Refusal

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

    from ..tedapi._keys import KeySource

__all__ = ["SignedRequests"]


class SignedRequests(Auth):
    """The owner's registered RSA key (``tedapi_key=``): it signs each v1r body, so no header
    carries credentials. The key is loaded on first use (``cryptography`` is needed only
    then); it never appears in a repr, message or log.
    """

    def __init__(self, source: KeySource | None) -> None:
        self._source = source
        self._key: RSAPrivateKey | None = None
        self._fingerprint: str | None = None

    def __repr__(self) -> str:
        return f"SignedRequests(key={'set' if self._source is not None else None})"

    @property
    def configured(self) -> bool:
        """Whether a key was given."""
        return self._source is not None

    def key(self) -> RSAPrivateKey:
        """The loaded key (``KeyFileError`` saying what is wrong with it, or how to install
        ``cryptography``)."""
        if self._key is None:
            if self._source is None:
                raise AuthenticationError(
                    "v1r needs the RSA key registered for this site: pass tedapi_key= (a path, "
                    "PEM bytes or a loaded key)",
                    status=401,
                )
            from ..tedapi._keys import load_private_key, public_key_info

            key = load_private_key(self._source)
            self._fingerprint = public_key_info(key).fingerprint
            self._key = key
        return self._key

    @property
    def fingerprint(self) -> str | None:
        """The loaded key's fingerprint (SHA-256 of its public half), named in key errors."""
        return self._fingerprint

    def refusal_error(self, refusal: Refusal) -> PowerwallError:
        status = refusal.response.status
        return AuthenticationError(
            f"{refusal.where} answered {status}: this gateway refused a signed v1r request at "
            "the HTTP level; its firmware may not offer v1r on this network (use the Wi-Fi "
            "path with gateway_password=)",
            status=status,
            path=refusal.path,
            method=refusal.endpoint.method,
        )
