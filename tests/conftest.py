"""Every async test runs on asyncio and on trio (anyio's pytest plugin)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from powerwall_async.testing import set_testing

# A downstream project's suite, run by tests/test_pytest_plugin.py with each async plugin.
collect_ignore = ["plugin_project"]


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(autouse=True)
def _no_retry_sleeps() -> Iterator[None]:
    """Retries still happen in tests; only the backoff sleeps are skipped."""
    set_testing(True)
    yield
    set_testing(False)


@pytest.fixture(autouse=True)
def _no_secrets_in_logs(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Every test runs with DEBUG logging captured; no record may carry a password or token.

    The simulator's login is watched to learn the secrets of the test: every password it was
    sent and every token it issued.
    """
    from powerwall_async.testing._auth import Auth

    secrets: set[str] = set()
    original = Auth.login

    def watched_login(self: Auth, username: str, password: str) -> str | None:
        token = original(self, username, password)
        secrets.update(value for value in (password, token) if value and len(value) >= 8)
        return token

    monkeypatch.setattr(Auth, "login", watched_login)
    caplog.set_level(logging.DEBUG)
    yield
    for record in caplog.get_records("setup") + caplog.get_records("call"):
        text = record.getMessage() + (record.exc_text or "")
        leaked = [secret for secret in secrets if secret in text]
        assert not leaked, f"a secret appears in a log record of {record.name}: {text[:200]!r}"
