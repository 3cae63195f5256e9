"""pytest fixtures for code that talks to a Powerwall: a simulated gateway over real HTTPS.

Installed with powerwall-async (entry point ``pytest11``), active in every project that has
the ``simulator`` extra and pytest. The fixtures are async and run on anyio's pytest plugin,
so mark tests with ``@pytest.mark.anyio`` (they then run on asyncio, or on each backend your
``anyio_backend`` fixture names, trio included)::

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
  127.0.0.1. The ``powerwall_simulator`` marker passes keyword arguments to
  :func:`~powerwall_async.testing.simulate` (``profile``, ``password``, ``faults``,
  ``login_limits``, ``session_lifetime``, ``seed``, ``http2``...).
- ``powerwall_client``: a :class:`~powerwall_async.Powerwall` connected to it over real TLS
  with the certificate pinned and the simulator's password; it logs in on its first
  protected call. Closed after the test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .. import Powerwall
    from ._server import Simulator

# The simulator's dependencies (the ``simulator`` extra) are imported only when a fixture is
# used: this plugin loads in every pytest run of an environment with powerwall-async.

__all__ = ["powerwall_client", "powerwall_simulator"]

MARKER = "powerwall_simulator"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(**options): keyword arguments for powerwall_async.testing.simulate() "
        "used by the powerwall_simulator fixture",
    )


@pytest.fixture
async def powerwall_simulator(request: pytest.FixtureRequest) -> AsyncIterator[Simulator]:
    """A simulated gateway over HTTPS on 127.0.0.1 (options from the marker)."""
    marker = request.node.get_closest_marker(MARKER)
    options = dict(marker.kwargs) if marker is not None else {}
    from ._server import simulate

    async with simulate(**options) as simulator:
        yield simulator


@pytest.fixture
async def powerwall_client(powerwall_simulator: Simulator) -> AsyncIterator[Powerwall]:
    """A client for ``powerwall_simulator``: real TLS, pinned certificate, its password."""
    from .. import Powerwall

    async with Powerwall.connect(
        powerwall_simulator.url,
        password=powerwall_simulator.password,
        pin_sha256=powerwall_simulator.cert_sha256,
    ) as client:
        yield client
