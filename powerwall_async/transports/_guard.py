"""A per-request watch on the HTTP engine (httpcore's ``trace`` extension).

httpcore reports each step of a request to the ``trace`` callable of the request. The guard
uses three of them:

- the connection set-up, to tell "no TCP connection" from "the TLS handshake failed";
- ``*.send_request_headers.started`` (and HTTP/2's ``send_connection_init``): the moment
  before the engine writes to a connection. With a pin, the certificate of exactly that
  connection is checked there, whoever opened it and however it was reached (a new
  connection, a keep-alive one already in an application's pool, a tunnel through a proxy).
  The engine does not pass the connection to the callback, so the guard finds it in the
  caller's frame; if it cannot, or the connection has no TLS, nothing is sent;
- a second ``send_request_headers`` of the same request: the engine resending it (HTTP/2
  after a GOAWAY). A write is never sent twice: the request fails instead.
"""

from __future__ import annotations

import ssl
import sys
from collections.abc import Mapping
from typing import Any

import attrs
import httpcore

from .._errors import CertificateError
from . import _wording as wording
from ._pin import check_pin

__all__ = ["SAFE_METHODS", "RequestGuard"]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
"""Methods the engine may send again on another connection; any other is a write."""

_CONNECTIONS = (httpcore.AsyncHTTP11Connection, httpcore.AsyncHTTP2Connection)
_STACK_DEPTH = 8  # the callback <- Trace.atrace <- Trace.__aenter__ <- the connection's method


def _ssl_object_of_writing_connection() -> ssl.SSLObject | None:
    """The TLS object of the connection whose method (up the await chain) called the guard."""
    frame = sys._getframe(1)
    for _ in range(_STACK_DEPTH):
        owner = frame.f_locals.get("self")
        if isinstance(owner, _CONNECTIONS):
            stream = getattr(owner, "_network_stream", None)
            if isinstance(stream, httpcore.AsyncNetworkStream):
                found: ssl.SSLObject | None = stream.get_extra_info("ssl_object")
                return found
            return None
        if frame.f_back is None:
            return None
        frame = frame.f_back
    return None


@attrs.define
class RequestGuard:
    """Watches one request (its ``trace`` method is the extension); ``pin`` None: no pin."""

    method: str
    where: str
    pin: bytes | None = None
    tcp_connected: bool = False
    tls_established: bool = False
    pin_checked: bool = False
    sends: int = 0

    async def trace(self, event: str, info: Mapping[str, Any]) -> None:
        if event.endswith(".connect_tcp.complete"):
            self.tcp_connected = True
        elif event.endswith(".start_tls.complete"):
            self.tls_established = True
        elif event == "http2.send_connection_init.started":
            self._check_connection()
        elif event.endswith(".send_request_headers.started"):
            if info["request"].method == b"CONNECT":
                return  # the proxy's tunnel request: the gateway's handshake comes after it
            self._check_connection()
            self.sends += 1
            if self.sends > 1 and self.method not in SAFE_METHODS:
                raise wording.not_sent_again(self.method, self.where)

    def _check_connection(self) -> None:
        if self.pin is None:
            return
        ssl_object = _ssl_object_of_writing_connection()
        if ssl_object is None:
            raise CertificateError(
                f"the certificate of the connection to {self.where} could not be checked "
                "against the pin (no TLS on it, or an HTTP engine this library does not know); "
                "nothing was sent"
            )
        check_pin(ssl_object, self.pin)
        self.pin_checked = True
