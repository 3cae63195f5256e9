"""The pytest plugin, as a downstream project sees it: only the installed package, run by pytester.

tests/plugin_project/ is that project. It runs once with each async test plugin a project may
use: anyio's alone (every test on asyncio and on trio), pytest-asyncio in auto mode (Home
Assistant's test harness: unmarked async tests and fixtures) and pytest-asyncio in strict mode.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

PROJECT = Path(__file__).parent / "plugin_project"

# Warnings are errors, as in a strict project; hypothesis's plugin only slows the start.
COMMON = ("-W", "error", "-p", "no:cacheprovider", "-p", "no:hypothesispytest")
ANYIO_ALONE = ("-p", "no:asyncio")
PYTEST_ASYNCIO = ("-o", "asyncio_default_fixture_loop_scope=function")


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    shutil.copytree(PROJECT, pytester.path, dirs_exist_ok=True)
    return pytester


def test_with_anyio_alone(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess(
        *COMMON, *ANYIO_ALONE, "test_anyio.py", "test_sync.py", "-v"
    )
    result.assert_outcomes(passed=9)
    result.stdout.fnmatch_lines(["*test_stopped_system?trio? PASSED*"])


def test_with_pytest_asyncio_in_auto_mode(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess(*COMMON, *PYTEST_ASYNCIO, "--asyncio-mode=auto")
    result.assert_outcomes(passed=15)


def test_with_pytest_asyncio_in_strict_mode(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess(
        *COMMON,
        *PYTEST_ASYNCIO,
        "--asyncio-mode=strict",
        "test_anyio.py",
        "test_asyncio_marked.py",
        "test_sync.py",
    )
    result.assert_outcomes(passed=12)


def test_client_in_a_test_no_plugin_runs_is_a_clear_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_sync_client="""
        def test_it(powerwall_client):
            pass
        """
    )
    result = pytester.runpytest_subprocess(*COMMON, *ANYIO_ALONE)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*needs an async test*mark it @pytest.mark.anyio*"])
    result.stdout.no_fnmatch_line("*Traceback*")


def test_plugin_registers_its_marker(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--markers", "-p", "no:hypothesispytest")
    result.stdout.fnmatch_lines(["@pytest.mark.powerwall_simulator(**options):*"])


def test_simulator_errors_are_reported_as_fixture_errors(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_bad_marker="""
        import pytest

        @pytest.mark.powerwall_simulator(profile="no-such-firmware")
        def test_it(powerwall_simulator):
            pass
        """
    )
    result = pytester.runpytest_subprocess(*COMMON, *ANYIO_ALONE)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*unknown simulator profile*"])
