"""A downstream project's test suite using powerwall-async's pytest plugin.

tests/test_pytest_plugin.py runs it in a subprocess with each async test plugin: anyio's alone
(asyncio and trio), pytest-asyncio in auto mode (Home Assistant's harness) and in strict mode.
The main suite does not collect it (tests/conftest.py ignores this directory).
"""

import pytest


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)
