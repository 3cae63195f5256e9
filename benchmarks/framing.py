"""The client's CPU for HTTP framing alone: one request and its answer, h2 against h11.

    python -m benchmarks.framing [--requests 3000]

No network and no TLS: a client and a server connection of the same library exchange bytes in
memory, and only the client's side is timed: writing the request the way the TLS transport's
engine does (``_h2_speaker`` / ``_h1_speaker``: the same headers, h2's settings) and reading the
answer (the recorded meters answer, 130 fields, with the simulator's response headers). This is
the part of a call's CPU that depends on the protocol; everything else is the same for both.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import h2.config
import h2.connection
import h2.events
import h11

from powerwall_async.transports._h2_speaker import _CONFIG, _CONNECTION_WINDOW, _SETTINGS

from .core_overhead import BODY

HEADERS = [
    (b"user-agent", b"powerwall-async/0.1.0"),
    (b"accept", b"application/json"),
    (b"authorization", b"Bearer " + b"t" * 86),
]
PATH = b"/api/meters/aggregates"
AUTHORITY = b"192.168.91.1"
ANSWER_HEADERS = [
    (b"content-type", b"application/json"),
    (b"content-length", b"%d" % len(BODY)),
    (b"date", b"Wed, 02 Dec 2026 08:00:00 GMT"),
    (b"server", b"hypercorn-h2"),
]


def _h2_pair() -> tuple[h2.connection.H2Connection, h2.connection.H2Connection]:
    import h2.settings

    client = h2.connection.H2Connection(config=_CONFIG)
    client.local_settings = h2.settings.Settings(client=True, initial_values=_SETTINGS)
    server = h2.connection.H2Connection(h2.config.H2Configuration(client_side=False))
    client.initiate_connection()
    client.increment_flow_control_window(_CONNECTION_WINDOW)
    server.initiate_connection()
    server.receive_data(client.data_to_send())
    client.receive_data(server.data_to_send())
    server.receive_data(client.data_to_send())
    return client, server


def h2_seconds(requests: int) -> list[float]:
    """Client CPU per request over HTTP/2, one sample per request."""
    client, server = _h2_pair()
    head = [
        (b":method", b"GET"),
        (b":scheme", b"https"),
        (b":authority", AUTHORITY),
        (b":path", PATH),
        *HEADERS,
    ]
    samples = []
    for _ in range(requests):
        started = time.process_time()
        stream_id = client.get_next_available_stream_id()
        client.send_headers(stream_id, head, end_stream=True)
        request = client.data_to_send()
        spent = time.process_time() - started
        server.receive_data(request)
        server.send_headers(stream_id, [(b":status", b"200"), *ANSWER_HEADERS])
        server.send_data(stream_id, BODY, end_stream=True)
        answer = server.data_to_send()
        started = time.process_time()
        body = b""
        for event in client.receive_data(answer):
            if isinstance(event, h2.events.DataReceived):
                client.acknowledge_received_data(event.flow_controlled_length, stream_id)
                body += event.data
        update = client.data_to_send()
        spent += time.process_time() - started
        server.receive_data(update)
        assert body == BODY
        samples.append(spent)
    return samples


def h11_seconds(requests: int) -> list[float]:
    """Client CPU per request over HTTP/1.1, one sample per request."""
    client = h11.Connection(h11.CLIENT)
    server = h11.Connection(h11.SERVER)
    head = [(b"host", AUTHORITY), *HEADERS]
    samples = []
    for _ in range(requests):
        started = time.process_time()
        request = client.send(h11.Request(method="GET", target=PATH, headers=head)) or b""
        request += client.send(h11.EndOfMessage()) or b""
        spent = time.process_time() - started
        server.receive_data(request)
        while server.next_event() is not h11.NEED_DATA:
            if server.their_state is h11.DONE:
                break
        answer = server.send(h11.Response(status_code=200, headers=ANSWER_HEADERS)) or b""
        answer += server.send(h11.Data(data=BODY)) or b""
        answer += server.send(h11.EndOfMessage()) or b""
        server.start_next_cycle()
        started = time.process_time()
        client.receive_data(answer)
        body = b""
        while True:
            event = client.next_event()
            if isinstance(event, h11.Data):
                body += bytes(event.data)
            elif isinstance(event, h11.EndOfMessage):
                break
        client.start_next_cycle()
        spent += time.process_time() - started
        assert body == BODY
        samples.append(spent)
    return samples


def measure(requests: int) -> dict[str, float]:
    """Median client CPU seconds per request and answer, by protocol (after a warm-up)."""
    results: dict[str, float] = {}
    runs: dict[str, Callable[[int], list[float]]] = {"HTTP/2 (h2)": h2_seconds}
    runs["HTTP/1.1 (h11)"] = h11_seconds
    for label, run in runs.items():
        run(200)
        results[label] = statistics.median(run(requests))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    args = parser.parse_args()
    for label, seconds in measure(args.requests).items():
        print(f"{label}: {seconds * 1e6:.1f} µs of client CPU per request and answer")


if __name__ == "__main__":
    main()
