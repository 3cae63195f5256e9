"""Every async test runs on asyncio and on trio (anyio's pytest plugin)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from powerwall_async import _retry

RECORDINGS = Path(__file__).parent.parent / "powerwall_async" / "testing" / "recordings"


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(autouse=True)
def _no_retry_sleeps() -> Iterator[None]:
    """Retries still happen in tests; only the backoff sleeps are skipped."""
    _retry.set_testing(True)
    yield
    _retry.set_testing(False)
