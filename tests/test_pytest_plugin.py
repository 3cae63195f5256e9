"""The pytest plugin, as a downstream project sees it: only the installed package, run by pytester."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

DOWNSTREAM_TESTS = """
import pytest

from powerwall_async import EndpointNotSupportedError, Powerwall, SitemasterStoppedError
from powerwall_async.testing import Faults, Simulator

pytestmark = pytest.mark.anyio


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request):
    return request.param


async def test_client_reads_the_simulator(
    powerwall_client: Powerwall, powerwall_simulator: Simulator
) -> None:
    aggregates = await powerwall_client.meters.aggregates()
    assert aggregates.load.instant_power > 0
    assert powerwall_simulator.url.startswith("https://127.0.0.1:")
    assert powerwall_simulator.request_log.matching("POST", "/api/login/Basic")


async def test_stopped_system(powerwall_simulator: Simulator, powerwall_client: Powerwall) -> None:
    powerwall_simulator.state.stop()
    with pytest.raises(SitemasterStoppedError):
        await powerwall_client.system_status.soe()


@pytest.mark.powerwall_simulator(profile="restricted", password="downstream", faults=Faults(latency=0.01))
async def test_marker_configures_the_simulator(
    powerwall_simulator: Simulator, powerwall_client: Powerwall
) -> None:
    assert powerwall_simulator.password == "downstream"
    assert powerwall_simulator.profile.name == "restricted"
    assert powerwall_simulator.faults.latency == 0.01
    with pytest.raises(EndpointNotSupportedError):
        await powerwall_client.operation.get()


async def test_each_test_gets_a_fresh_simulator(powerwall_simulator: Simulator) -> None:
    assert len(powerwall_simulator.request_log) == 0
    assert powerwall_simulator.state.running
"""


def test_fixtures_work_downstream_on_asyncio_and_trio(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_downstream=DOWNSTREAM_TESTS)
    result = pytester.runpytest_subprocess("-W", "error", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=8)


def test_plugin_registers_its_marker(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.powerwall_simulator(**options):*"])


def test_simulator_errors_are_reported_as_fixture_errors(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_bad_marker="""
        import pytest

        @pytest.fixture
        def anyio_backend():
            return "asyncio"

        @pytest.mark.anyio
        @pytest.mark.powerwall_simulator(profile="no-such-firmware")
        async def test_it(powerwall_simulator):
            pass
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*unknown simulator profile*"])
