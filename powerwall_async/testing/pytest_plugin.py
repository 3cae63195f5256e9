"""pytest fixtures for code that talks to a Powerwall: a simulated gateway over real HTTPS.

Installed with powerwall-async (entry point ``pytest11``), active in every project that has
the ``simulator`` extra and pytest. They work with either async test plugin:

- anyio's (it comes with anyio): mark the tests ``@pytest.mark.anyio``; they run on asyncio, or
  on each backend your ``anyio_backend`` fixture names, trio included;
- pytest-asyncio, in ``auto`` mode (Home Assistant's test harness) or ``strict`` mode (mark the
  tests ``@pytest.mark.asyncio``).

::

    import pytest
    from powerwall_async import Powerwall, SitemasterStoppedError
    from powerwall_async.testing import Simulator

    pytestmark = pytest.mark.anyio

    async def test_reads_power(powerwall_client: Powerwall) -> None:
        aggregates = await powerwall_client.meters.aggregates()
        assert aggregates.load.instant_power > 0

    @pytest.mark.powerwall_simulator(profile="21.44", password="secret")
    async def test_stopped(powerwall_simulator: Simulator, powerwall_client: Powerwall) -> None:
        powerwall_simulator.state.stop()
        with pytest.raises(SitemasterStoppedError):
            await powerwall_client.meters.aggregates()
        assert powerwall_simulator.request_log.matching("GET", "/api/meters/aggregates")

Fixtures (function scope):

- ``powerwall_simulator``: a running :class:`~powerwall_async.testing.Simulator` on
  127.0.0.1. It runs on an event loop of its own, in a thread, so it answers whatever loop the
  test runs on (and synchronous tests too); the thread ends with the test. The
  ``powerwall_simulator`` marker passes keyword arguments to
  :func:`~powerwall_async.testing.simulate` (``profile``, ``password``, ``faults``,
  ``login_limits``, ``session_lifetime``, ``seed``, ``http2``...).
- ``powerwall_client``: a :class:`~powerwall_async.Powerwall` connected to it over real TLS
  with the certificate pinned and the simulator's password; it logs in on its first
  protected call. It is made and closed on the test's own event loop, by the plugin that runs
  the test. Async tests only.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .. import Powerwall
    from ._server import Simulator

# The simulator's dependencies (the ``simulator`` extra) are imported only when a fixture is
# used: this plugin loads in every pytest run of an environment with powerwall-async.

__all__ = ["powerwall_client", "powerwall_simulator"]

MARKER = "powerwall_simulator"

_ANYIO_CLIENT = "_powerwall_client_anyio"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(**options): keyword arguments for powerwall_async.testing.simulate() "
        "used by the powerwall_simulator fixture",
    )


@pytest.fixture
def powerwall_simulator(request: pytest.FixtureRequest) -> Iterator[Simulator]:
    """A simulated gateway over HTTPS on 127.0.0.1 (options from the marker), served from a
    thread with its own event loop."""
    from anyio.from_thread import start_blocking_portal

    from . import simulate  # says which extra to install when it is missing

    marker = request.node.get_closest_marker(MARKER)
    options = dict(marker.kwargs) if marker is not None else {}
    with (
        start_blocking_portal("asyncio") as portal,
        portal.wrap_async_context_manager(simulate(**options)) as simulator,
    ):
        yield simulator


@pytest.fixture
def powerwall_client(
    request: pytest.FixtureRequest, powerwall_simulator: Simulator
) -> Iterator[Powerwall]:
    """A client for ``powerwall_simulator``: real TLS, pinned certificate, its password.

    The client must be closed on the event loop the test ran on, so the plugin running the
    test closes it: pytest-asyncio's loop for the tests pytest-asyncio runs, anyio's plugin
    for the others.
    """
    item = request.node
    runner = _pytest_asyncio_runner(request)
    if runner is not None:
        client = _client_for(powerwall_simulator)
        yield client
        runner.run(client.aclose())
    elif "anyio_backend" in item.fixturenames and inspect.iscoroutinefunction(
        getattr(item, "function", None)
    ):
        yield request.getfixturevalue(_ANYIO_CLIENT)
    else:
        pytest.fail(
            f"{item.name} uses powerwall_client, which needs an async test that an async "
            "plugin runs: mark it @pytest.mark.anyio (or @pytest.mark.asyncio with "
            "pytest-asyncio)",
            pytrace=False,
        )


def _client_for(simulator: Simulator) -> Powerwall:
    """A client of ``simulator`` (it connects on its first call)."""
    from .. import Powerwall

    return Powerwall.connect(
        simulator.url, password=simulator.password, pin_sha256=simulator.cert_sha256
    )


def _pytest_asyncio_runner(request: pytest.FixtureRequest) -> asyncio.Runner | None:
    """The runner of the event loop pytest-asyncio runs this test on, if it runs it.

    Taken from pytest-asyncio's per-scope runner fixture (``_function_scoped_runner``...)
    rather than through an async fixture of ours: with anyio's plugin also loaded (it always
    is), which of the two runs an async fixture of a test marked ``anyio`` depends on the order
    the plugins were registered in; the test's own runner is the same whatever that order.
    """
    if not request.config.pluginmanager.has_plugin("asyncio"):
        return None
    import pytest_asyncio

    item = request.node
    if not pytest_asyncio.is_async_test(item):
        return None
    marker = item.get_closest_marker("asyncio")
    loop_scope = marker.kwargs.get("loop_scope") if marker is not None else None
    loop_scope = loop_scope or item.config.getini("asyncio_default_test_loop_scope")
    try:
        runner: asyncio.Runner = request.getfixturevalue(f"_{loop_scope}_scoped_runner")
    except pytest.FixtureLookupError:
        pytest.fail(
            "powerwall_client needs pytest-asyncio 1.0 or later (or anyio's pytest plugin)",
            pytrace=False,
        )
    return runner


@pytest.fixture(name=_ANYIO_CLIENT)
async def _powerwall_client_anyio(powerwall_simulator: Simulator) -> AsyncIterator[Powerwall]:
    """``powerwall_client`` for a test run by anyio's plugin (which runs this fixture too)."""
    async with _client_for(powerwall_simulator) as client:
        yield client
