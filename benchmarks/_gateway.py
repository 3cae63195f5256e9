"""The simulated gateway in a process of its own, with a relay in front that counts connections.

The clients under test and the simulator run in separate processes: the server's work
(hypercorn, TLS, the simulated gateway) then neither runs on the clients' event loop nor counts
in their CPU time or memory, and the two sides use the machine's two cores as a client and a
gateway would. The parent talks to the child over a pipe: read and clear the request log, set
the simulated latency, read the number of connections the relay accepted.

The relay (a plain TCP forwarder on another port of 127.0.0.1) exists only because the
simulator's request log does not record the client's port: connections opened are counted
where they are accepted. TLS passes through it untouched, SNI and all.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import anyio
import anyio.to_thread
from anyio.abc import ByteStream, SocketAttribute, SocketStream

START_TIMEOUT = 60.0
HOST = "127.0.0.1"


@dataclass(frozen=True, slots=True)
class Seen:
    """One request as the simulator logged it."""

    method: str
    path: str
    status: int | None
    http_version: str


@dataclass(frozen=True, slots=True)
class GatewayInfo:
    """How to reach the child's simulator: directly, or through the counting relay."""

    url: str
    relay_url: str
    password: str
    cert_sha256: str
    cert_pem: str


class Gateway:
    """The parent's handle on the simulator process."""

    def __init__(self, process: multiprocessing.process.BaseProcess, pipe: Connection) -> None:
        self._process = process
        self._pipe = pipe
        if not pipe.poll(START_TIMEOUT):
            raise RuntimeError("the simulator process did not start in time")
        info: GatewayInfo = pipe.recv()
        self.info = info

    @property
    def url(self) -> str:
        return self.info.url

    @property
    def relay_url(self) -> str:
        return self.info.relay_url

    @property
    def password(self) -> str:
        return self.info.password

    @property
    def cert_sha256(self) -> str:
        return self.info.cert_sha256

    def client_ssl_context(self) -> ssl.SSLContext:
        """What ``Simulator.client_ssl_context()`` returns: trust in this certificate alone."""
        return ssl.create_default_context(cadata=self.info.cert_pem)

    def _ask(self, op: str, arg: float | None = None) -> Any:
        self._pipe.send((op, arg))
        if not self._pipe.poll(START_TIMEOUT):
            raise RuntimeError(f"the simulator process did not answer {op!r}")
        return self._pipe.recv()

    def requests(self) -> list[Seen]:
        """What reached the gateway since the last :meth:`clear`."""
        return [Seen(*entry) for entry in self._ask("log")]

    def clear(self) -> None:
        """Forget the request log and the relay's connection count."""
        self._ask("clear")

    def set_latency(self, seconds: float) -> None:
        """``sim.faults.latency``: seconds the gateway waits before every answer."""
        self._ask("latency", seconds)

    def connections(self) -> int:
        """Connections the relay accepted since the last :meth:`clear`."""
        count: int = self._ask("connections")
        return count

    def close(self) -> None:
        with contextlib.suppress(OSError, EOFError, RuntimeError):
            self._ask("quit")
        self._process.join(10)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(5)


@contextlib.contextmanager
def running_gateway() -> Iterator[Gateway]:
    """Start the simulator (HTTP/1.1 and HTTP/2 offered) in a child process."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(target=_child, args=(child,), name="simulated-gateway", daemon=True)
    process.start()
    child.close()
    gateway = None
    try:
        gateway = Gateway(process, parent)
        yield gateway
    finally:
        if gateway is not None:
            gateway.close()
        elif process.is_alive():
            process.terminate()
        parent.close()


# -- the child process ------------------------------------------------------------------------


def _child(pipe: Connection) -> None:
    # hypercorn reports, through asyncio's exception handler, every TLS connection whose
    # client closed it abruptly (peers do, by design); the calls themselves are checked.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    asyncio.run(_serve(pipe))


class _Relay:
    """Forwards each accepted TCP connection to the simulator and counts them."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.opened = 0

    async def handle(self, client: SocketStream) -> None:
        self.opened += 1
        async with client:
            try:
                upstream = await anyio.connect_tcp(HOST, self.port)
            except OSError:
                return
            async with upstream, anyio.create_task_group() as group:

                async def pump(source: ByteStream, sink: ByteStream) -> None:
                    with contextlib.suppress(anyio.BrokenResourceError, anyio.ClosedResourceError):
                        async for chunk in source:
                            await sink.send(chunk)
                    group.cancel_scope.cancel()

                group.start_soon(pump, client, upstream)
                group.start_soon(pump, upstream, client)


async def _serve(pipe: Connection) -> None:
    from powerwall_async.testing import simulate  # the simulator extra, in the child only

    async with simulate(http2=True) as sim, anyio.create_task_group() as group:
        relay = _Relay(sim.port)
        listener = await anyio.create_tcp_listener(local_host=HOST, local_port=0)
        relay_port = listener.extra(SocketAttribute.local_port)
        group.start_soon(listener.serve, relay.handle)
        pipe.send(
            GatewayInfo(
                url=sim.url,
                relay_url=f"https://{HOST}:{relay_port}",
                password=sim.password,
                cert_sha256=sim.cert_sha256,
                cert_pem=sim.cert_pem,
            )
        )
        while True:
            try:
                op, arg = await anyio.to_thread.run_sync(pipe.recv)
            except EOFError:  # the parent went away
                break
            if op == "log":
                pipe.send([(e.method, e.path, e.status, e.http_version) for e in sim.request_log])
            elif op == "clear":
                sim.request_log.clear()
                relay.opened = 0
                pipe.send(None)
            elif op == "latency":
                sim.faults.latency = float(arg)
                pipe.send(None)
            elif op == "connections":
                pipe.send(relay.opened)
            else:
                pipe.send(None)
                break
        group.cancel_scope.cancel()
