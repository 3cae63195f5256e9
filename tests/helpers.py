"""Helpers shared by test modules (test modules never import each other)."""

from __future__ import annotations

import functools
import importlib.util
import struct
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs

import powerwall_async as pwa
from powerwall_async.models.site_info import GridCode
from powerwall_async.models.vitals import DeviceVitals
from powerwall_async.testing import Simulator
from powerwall_async.transports import MockTransport, Request, Response

RECORDINGS = Path(__file__).parent.parent / "powerwall_async" / "testing" / "recordings"
LOGIN = ("POST", "/api/login/Basic")
JSON = {"content-type": "application/json"}


def client(sim: Simulator, **options: object) -> pwa.Powerwall:
    """A client of the simulator, pinned to its certificate, with its customer password."""
    settings: dict[str, object] = {"password": sim.password, "pin_sha256": sim.cert_sha256}
    settings.update(options)
    return pwa.Powerwall.connect(sim.url, **settings)


def peak_connections(sim: Simulator) -> int:
    """The most connections the simulator was being sent requests over at once, counted on the
    server's side: a connection spans its first to its last request (by client address)."""
    spans: dict[object, tuple[float, float]] = {}
    for entry in sim.request_log:
        assert entry.client is not None
        first, last = spans.get(entry.client, (entry.time, entry.time))
        spans[entry.client] = (min(first, entry.time), max(last, entry.time))
    # at equal times an end sorts before a start: a replaced connection is not counted twice
    events = sorted(
        [(first, 1) for first, _ in spans.values()] + [(last, -1) for _, last in spans.values()]
    )
    open_now = peak = 0
    for _, change in events:
        open_now += change
        peak = max(peak, open_now)
    return peak


def json_answer(body: bytes, status: int = 200) -> Response:
    return Response(status=status, headers=JSON, body=body)


class Script:
    """A :class:`MockTransport` handler that keeps every request and answers it with
    ``answer(request)``; ``transport()`` is the transport to hand to a client."""

    def __init__(self, answer: Callable[[Request], Response]) -> None:
        self.answer = answer
        self.requests: list[Request] = []

    def __call__(self, request: Request) -> Response:
        self.requests.append(request)
        return self.answer(request)

    def transport(self, *, http2: bool = False, logins: bool = True) -> MockTransport:
        return MockTransport(self, http2=http2, logins=logins)

    def sent(self) -> list[tuple[str, str]]:
        return [(request.method, request.path) for request in self.requests]


# Arguments after the path parameters, for the methods that need some.
CALL_ARGUMENTS: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {
    "operation.set": ((), {"mode": "backup", "backup_reserve_percent": 24.0}),
    "islanding.set_mode": (("intentional_reconnect_failsafe",), {}),
    "site_info.set_site_name": (("Home",), {}),
    "site_info.set_timezone": (("Europe/London",), {}),
    "site_info.set_grid_code": ((GridCode(grid_code="50Hz_230V_1_G59:UK"),), {}),
    "site_info.set_offgrid": (({"offgrid": True},), {}),
    "meters.add": (({"serial": "OBB1"},), {}),
    "meters.set_cts": (({"cts": []},), {}),
    "meters.set_ct_config": (({"amps": 200},), {}),
    "networks.add": (("home",), {}),
    "networks.connect": (("home", "wifi password"), {}),
    "networks.set_client_protocols": ((), {"modbus": True}),
    "customer.set": (({"marketing": False},), {}),
    "customer.set_registration_legal": ((), {"privacy_notice": True}),
    "logging.send": ((), {"level": "info", "log": "hello"}),
    "password.change": ((), {"old_password": "old", "new_password": "new"}),
    "synchrometer.set_ct_voltage_references": ((), {"ct1": "Phase1"}),
}


@functools.cache
def golden_script() -> ModuleType:
    """scripts/make_golden_vitals.py, imported by path (it is not part of the package)."""
    path = Path(__file__).parent.parent / "scripts" / "make_golden_vitals.py"
    spec = importlib.util.spec_from_file_location("make_golden_vitals", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def same_value(left: object, right: object) -> bool:
    """Equal and of the same type; floats compared bit for bit (NaN, -0.0)."""
    if type(left) is not type(right):
        return False
    if isinstance(left, float) and isinstance(right, float):
        return struct.pack("<d", left) == struct.pack("<d", right)
    return left == right


def assert_same_values(left: DeviceVitals, right: DeviceVitals) -> None:
    assert list(left.values) == list(right.values)
    for name, value in left.values.items():
        assert same_value(value, right.values[name]), (name, value, right.values[name])
    assert attrs.evolve(left, values={}) == attrs.evolve(right, values={})


class EchoTransport:
    """A transport of a third-party package: answers every request with its own path."""

    def __init__(self, url: str, **options: Any) -> None:
        self.url = url
        self.options = options
        self.closed = False

    async def send(self, request: Request, *, timeout: float | None = None) -> Response:
        return Response(
            status=200, headers={"Content-Type": "application/json"}, body=b'{"percentage": 55}'
        )

    async def aclose(self) -> None:
        self.closed = True
