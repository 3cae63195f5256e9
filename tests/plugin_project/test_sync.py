"""A synchronous test: the simulator serves it from its own thread."""

import httpx

from powerwall_async.testing import Simulator


def test_a_blocking_client(powerwall_simulator: Simulator) -> None:
    with httpx.Client(verify=powerwall_simulator.client_ssl_context()) as client:
        answer = client.get(f"{powerwall_simulator.url}/api/status")
    assert answer.status_code == 200
    assert answer.json()["din"]
    assert powerwall_simulator.request_log.matching("GET", "/api/status")
