"""Without an extra, what needs it says which extra to install, in one line.

The missing modules are simulated in a fresh interpreter (``sys.modules[name] = None`` makes
importing them fail as if they were not installed); the ``bare`` nox session runs this module
on an install without any extra, where they are missing for real.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest


def run_without(modules: list[str], code: str, *args: str) -> subprocess.CompletedProcess[str]:
    hide = "".join(f"sys.modules[{module!r}] = None; " for module in modules)
    return subprocess.run(
        [sys.executable, "-c", f"import sys; {hide}{code}", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("missing", ["typer", "rich", "platformdirs", "hypercorn"])
def test_the_command_line_names_its_extra(missing: str) -> None:
    result = run_without(
        [missing], "from powerwall_async._console import main; main()", "status", "--help"
    )
    assert result.returncode == 2
    assert result.stdout == ""
    # The first missing module is named: the hidden one, or typer on a bare install.
    assert re.fullmatch(
        r"Error: the command line needs the cli extra \(module (\w+) is missing\)\.\n"
        r"Next: pip install 'powerwall-async\[cli\]'\n",
        result.stderr,
    ), result.stderr


def test_the_usage_exit_code_is_the_command_lines() -> None:
    pytest.importorskip("typer")
    from powerwall_async._console import EXIT_USAGE
    from powerwall_async.cli._exit import ExitCode

    assert EXIT_USAGE == ExitCode.USAGE


@pytest.mark.parametrize("missing", ["sniffio", "hypercorn", "cryptography"])
def test_the_simulator_names_its_extra(missing: str) -> None:
    result = run_without([missing], "from powerwall_async.testing import simulate")
    assert result.returncode == 1
    last_line = result.stderr.strip().splitlines()[-1]
    assert re.fullmatch(
        r"ModuleNotFoundError: the simulator needs the simulator extra \(module \w+ is "
        r"missing\): pip install 'powerwall-async\[simulator\]'",
        last_line,
    ), last_line


def test_the_library_and_its_test_helpers_import_without_extras() -> None:
    code = (
        "import powerwall_async, powerwall_async.testing, powerwall_async.testing.pytest_plugin\n"
        "from powerwall_async.testing import Faults, set_testing"
    )
    result = run_without(["sniffio", "hypercorn", "cryptography", "typer", "rich"], code)
    assert result.returncode == 0, result.stderr
