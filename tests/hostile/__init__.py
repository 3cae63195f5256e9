"""Hostile peers for transport tests, on 127.0.0.1 only (asyncio and trio, through anyio).

:func:`hostile_peer` is the one server: a TLS listener presenting a certificate made at run
time (or plain TCP), handling every connection with a behaviour and recording on a
:class:`Peer` what reached it: the bytes each connection sent after its handshake (what a
wrong peer would have learnt), the requests, the bytes answered. On top of it:

* ``behaviours``: what a peer does with a connection (``swallow``, ``answer_with``, ``drip``,
  ``endless_body``, ``abort_after_request_start``, ...);
* ``http2``: ``h2_server``, whose connections a test drives as an :class:`H2Exchange`;
* ``proxy``: ``connect_proxy``, an HTTP ``CONNECT`` proxy counting its tunnels.

Each stops with its ``async with`` block and sends a bounded number of bytes. Nothing is read
from disk.
"""

from ._server import Behaviour, Connection, Peer, hostile_peer
from .behaviours import (
    abort_after_request_start,
    answer_every_request,
    answer_ok,
    answer_with,
    drip,
    endless_body,
    gzip_bomb,
    not_tls,
    redirect_to,
    swallow,
)
from .http2 import H2Exchange, h2_server
from .proxy import Proxy, connect_proxy

__all__ = [
    "Behaviour",
    "Connection",
    "H2Exchange",
    "Peer",
    "Proxy",
    "abort_after_request_start",
    "answer_every_request",
    "answer_ok",
    "answer_with",
    "connect_proxy",
    "drip",
    "endless_body",
    "gzip_bomb",
    "h2_server",
    "hostile_peer",
    "not_tls",
    "redirect_to",
    "swallow",
]
