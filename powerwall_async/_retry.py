"""Backoff between retries: capped exponential with full jitter, ``Retry-After`` honoured."""

from __future__ import annotations

import random

import anyio

__all__ = ["BACKOFF_BASE", "BACKOFF_CAP", "delay", "fits", "set_testing", "sleep"]

BACKOFF_BASE = 0.5
BACKOFF_CAP = 8.0
RETRY_AFTER_CAP = 10.0
"""A ``Retry-After`` longer than this is not waited for inside a call: the call ends with
the gateway's answer, and the cooldown keeps later calls from sending before it is over."""

_testing = False


def set_testing(testing: bool) -> None:
    """In tests, retry without sleeping (the retries themselves still happen).

    Public as ``powerwall_async.testing.set_testing``.
    """
    global _testing  # noqa: PLW0603 - one process-wide switch, like stamina's
    _testing = testing


def delay(attempt: int, retry_after: float | None) -> float:
    """Seconds to wait before retry number ``attempt + 1`` (``Retry-After`` when given)."""
    if retry_after is not None:
        return retry_after
    return random.uniform(0, min(BACKOFF_CAP, BACKOFF_BASE * 2**attempt))  # noqa: S311


def fits(wait: float) -> bool:
    """Whether waiting ``wait`` seconds (then sending again) fits before the call's deadline."""
    if wait > RETRY_AFTER_CAP:
        return False
    remaining = anyio.current_effective_deadline() - anyio.current_time()
    return wait < remaining


async def sleep(wait: float) -> None:
    """Wait before a retry (not at all in tests: see :func:`set_testing`)."""
    if not _testing:
        await anyio.sleep(wait)
