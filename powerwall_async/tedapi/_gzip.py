"""gzip bodies: gateways on firmware 25.42.2 and later compress TEDAPI answers without saying so.

There is no ``Content-Encoding`` header, so the body's first two bytes decide: ``1f 8b`` is
gzip, and never the start of a TEDAPI message (that would be field 3 with the invalid wire
type 7). Decompression stops at a size cap so that a small hostile body cannot expand into
gigabytes.
"""

from __future__ import annotations

import zlib

from .._errors import ResponseFormatError
from ..transports._limits import DEFAULT_MAX_BODY_SIZE

__all__ = ["DEFAULT_MAX_SIZE", "GZIP_MAGIC", "decompress_if_gzip"]

GZIP_MAGIC = b"\x1f\x8b"

DEFAULT_MAX_SIZE = DEFAULT_MAX_BODY_SIZE
"""The largest answer accepted, after decompression (a status answer is about 100 kB): the
transports' cap."""


def decompress_if_gzip(body: bytes, *, max_size: int = DEFAULT_MAX_SIZE, where: str) -> bytes:
    """``body`` itself, or its decompressed content when it starts with the gzip magic bytes.

    ``where`` names the request in error messages (``"POST /tedapi/v1"``). Raises
    :class:`ResponseFormatError` for a body larger than ``max_size`` (before or after
    decompression), a corrupt or truncated gzip stream.
    """
    if len(body) > max_size:
        raise ResponseFormatError(
            f"{where} answered {len(body)} bytes, more than the {max_size}-byte limit",
            body=body[:64],
        )
    if not body.startswith(GZIP_MAGIC):
        return body
    out: list[bytes] = []
    size = 0
    rest = body
    try:
        while rest.startswith(GZIP_MAGIC):  # one member in practice; concatenated ones are legal
            stream = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
            chunk = stream.decompress(rest, max_size - size + 1)
            size += len(chunk)
            if size > max_size:
                raise ResponseFormatError(
                    f"{where} answered a gzip body that expands beyond the {max_size}-byte "
                    "limit; raise the limit if this gateway really sends that much",
                    body=body[:64],
                )
            if not stream.eof:
                raise ResponseFormatError(
                    f"{where} answered a truncated gzip body ({len(body)} bytes); the "
                    "connection may have dropped: try again",
                    body=body[:64],
                )
            out.append(chunk)
            rest = stream.unused_data
    except zlib.error as error:
        raise ResponseFormatError(
            f"{where} answered a body that starts like gzip but does not decompress ({error})",
            body=body[:64],
        ) from None
    return b"".join(out)
