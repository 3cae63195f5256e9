"""Reading a response body with a size cap, decompressing within the same cap.

A gateway's largest answer is well under a megabyte. A peer that sends more (a huge body, an
endless chunked or HTTP/2 stream, a compressed "bomb") is cut off as soon as the cap is passed:
the body is counted as it arrives, and compressed bodies are inflated a bounded piece at a
time, so the cap applies to the decompressed bytes and memory never grows past it.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Mapping
from typing import Any

from .._errors import ResponseFormatError

__all__ = ["BoundedBody"]

_GZIP_OR_ZLIB = zlib.MAX_WBITS | 32  # zlib detects which header the stream has


class BoundedBody:
    """Collects a body from its chunks; raises :class:`ResponseFormatError` past ``limit``."""

    def __init__(self, limit: int, where: str, headers: Mapping[str, str]) -> None:
        self._limit = limit
        self._where = where
        self._chunks: list[bytes] = []
        self._size = 0
        length = headers.get("content-length", "").strip()
        if length.isdigit() and int(length) > limit:
            self._too_large(f"announced {int(length)} bytes")
        encoding = headers.get("content-encoding", "identity").strip().lower()
        if encoding in ("", "identity"):
            self._inflater = None
        elif encoding in ("gzip", "x-gzip", "deflate"):
            self._inflater = zlib.decompressobj(_GZIP_OR_ZLIB)
        else:
            raise ResponseFormatError(
                f"{where} sent a body encoded as {encoding!r}, which was not asked for"
            )

    def _too_large(self, how: str) -> None:
        raise ResponseFormatError(
            f"{self._where} sent a body larger than the {self._limit} bytes allowed ({how}); "
            "no gateway answer is that large (raise max_body_size if this really is one)"
        )

    def _keep(self, data: bytes) -> None:
        self._size += len(data)
        if self._size > self._limit:
            self._too_large("cut off there")
        if data:
            self._chunks.append(data)

    def feed(self, chunk: bytes) -> None:
        """Add the next chunk as it came off the wire."""
        if self._inflater is None:
            self._keep(chunk)
            return
        try:
            while chunk:
                # Never more than one byte past the cap at a time, however dense the data.
                self._keep(self._inflater.decompress(chunk, self._limit - self._size + 1))
                chunk = self._inflater.unconsumed_tail
        except zlib.error as exc:
            raise ResponseFormatError(
                f"{self._where} sent a compressed body that cannot be decoded ({exc})"
            ) from None

    async def read(self, chunks: AsyncIterator[bytes], extensions: Mapping[str, Any]) -> bytes:
        """Read the engine's ``chunks`` (httpcore or httpx) into the body, within the cap.

        A refused body is not abandoned mid-iteration, which would leave the engine's nested
        generators suspended: the connection is closed under them (``network_stream`` in the
        response's extensions), so that their next read fails and unwinds them all.
        """
        refused: ResponseFormatError | None = None
        try:
            async for chunk in chunks:
                if refused is None:
                    try:
                        self.feed(chunk)
                    except ResponseFormatError as exc:
                        refused = exc
                        await extensions["network_stream"].aclose()
        except Exception:
            if refused is None:
                raise
        if refused is not None:
            raise refused
        return self.result()

    def result(self) -> bytes:
        """The whole body (decompressed)."""
        if self._inflater is not None:
            try:
                self._keep(self._inflater.flush())
            except zlib.error as exc:
                raise ResponseFormatError(
                    f"{self._where} sent a compressed body that cannot be decoded ({exc})"
                ) from None
        return b"".join(self._chunks)
