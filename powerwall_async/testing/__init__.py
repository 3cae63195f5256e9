"""Test support: a gateway simulator over real HTTPS, and a pytest plugin.

Needs the ``simulator`` extra (``pip install 'powerwall-async[simulator]'``)::

    from powerwall_async import Powerwall
    from powerwall_async.testing import Faults, simulate

    async with simulate(profile="21.44", faults=Faults(latency=0.2)) as sim:
        async with Powerwall.connect(
            sim.url, password=sim.password, pin_sha256=sim.cert_sha256
        ) as pw:
            print((await pw.meters.aggregates()).site.instant_power)
        sim.state.stop()                      # sitemaster stopped: live data answers 502
        sim.faults.error_503_rate = 0.5       # every knob can change while it runs
        assert not sim.request_log.matching("POST", "/api/operation")

The simulator answers like a 21.44 gateway (or ``23.44``, or a ``restricted`` Powerwall 3
style gateway, or ``pw2``/``pw3``, which also serve TEDAPI through ``sim.tedapi``), enforces
the gateway's SNI rule, logins, sessions and login lockouts, keeps its state (sitemaster,
operation settings, islanding, drifting live power), and injects faults on request. See
:mod:`powerwall_async.testing.pytest_plugin` for the fixtures.

``set_testing(True)`` makes the client retry without sleeping between attempts, for fast
tests of code that meets transient failures (retries still happen and are still counted).
"""

from typing import TYPE_CHECKING, Any

from .._retry import set_testing
from ._auth import Auth, LoginLimits
from ._faults import Faults
from ._log import LoggedRequest, RequestLog
from ._profiles import PROFILES, Profile
from ._state import GatewayState, PendingOperation, PowerFlow

if TYPE_CHECKING:
    from ._server import Simulator, simulate
    from ._tedapi import TedapiGateway
    from ._tedapi_v1r import AuthorizedKey, KeyState, V1r

# In the order the reference documents them: what a test starts with first.
__all__ = [  # noqa: RUF022
    "simulate",
    "Simulator",
    "Faults",
    "GatewayState",
    "PowerFlow",
    "PendingOperation",
    "Auth",
    "LoginLimits",
    "RequestLog",
    "LoggedRequest",
    "Profile",
    "PROFILES",
    "TedapiGateway",
    "V1r",
    "KeyState",
    "AuthorizedKey",
    "set_testing",
]

_ON_DEMAND = {
    "Simulator": "_server",
    "simulate": "_server",
    "TedapiGateway": "_tedapi",
    "V1r": "_tedapi_v1r",
    "KeyState": "_tedapi_v1r",
    "AuthorizedKey": "_tedapi_v1r",
}


def __getattr__(name: str) -> Any:
    # The server needs the `simulator` extra (hypercorn, cryptography); import it (and the
    # TEDAPI side, with the protobuf code) on demand so that `set_testing` and the fixture
    # helpers work without it.
    if name in _ON_DEMAND:
        import importlib

        try:
            module = importlib.import_module(f".{_ON_DEMAND[name]}", __name__)
        except ModuleNotFoundError as exc:
            missing = (exc.name or __package__).partition(".")[0]
            if missing == "powerwall_async":
                raise
            raise ModuleNotFoundError(
                f"the simulator needs the simulator extra (module {missing} is missing): "
                "pip install 'powerwall-async[simulator]'",
                name=missing,
            ) from exc
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
