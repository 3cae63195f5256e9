"""Backoff between retries: capped exponential with full jitter, ``Retry-After`` honoured."""

from __future__ import annotations

import random

import anyio

__all__ = ["BACKOFF_BASE", "BACKOFF_CAP", "backoff", "delay", "set_testing"]

BACKOFF_BASE = 0.5
BACKOFF_CAP = 8.0
RETRY_AFTER_CAP = 60.0
"""A ``Retry-After`` longer than this is not waited for inside a call."""

_testing = False


def set_testing(testing: bool) -> None:
    """In tests, retry without sleeping (the retries themselves still happen).

    Public as ``powerwall_async.testing.set_testing``.
    """
    global _testing  # noqa: PLW0603 - one process-wide switch, like stamina's
    _testing = testing


def delay(attempt: int, retry_after: float | None) -> float:
    """Seconds to wait before retry number ``attempt + 1``."""
    if retry_after is not None:
        return min(retry_after, RETRY_AFTER_CAP)
    return random.uniform(0, min(BACKOFF_CAP, BACKOFF_BASE * 2**attempt))  # noqa: S311


async def backoff(attempt: int, retry_after: float | None) -> None:
    if not _testing:
        await anyio.sleep(delay(attempt, retry_after))
