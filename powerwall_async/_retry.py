"""One retry budget per call, and the backoff between attempts.

A call is sent, and for each outcome :class:`Budget` decides whether to send it again and
after how long:

- the transport failed (connection refused or dropped, timed out), the call is safe to
  repeat: again, after a backoff;
- the gateway answered 502 or 503, the call is safe to repeat and the wait (``Retry-After``
  or the backoff) fits before the call's deadline: again;
- the body is not JSON at all (garbled in transit), the call is safe to repeat: again;
- the credentials were refused: once per call, re-authenticate and send again.

The first three share the ``max_retries`` repeats; writes get none. So one call sends at most
``1 + max_retries`` requests, plus at most one re-authentication (a login, before which a
refused write may cost one cheap session check) and one re-send after it.
"""

from __future__ import annotations

import random

import anyio
import attrs

__all__ = [
    "BACKOFF_BASE",
    "BACKOFF_CAP",
    "Budget",
    "delay",
    "fits",
    "set_testing",
    "sleep",
]

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


@attrs.define
class Budget:
    """What one call may still repeat: ``repeats`` sends, and one re-authentication."""

    repeats: int
    """Repeats left for transport failures, busy answers and garbled bodies (0: a write)."""
    attempt: int = 0
    reauthenticated: bool = False

    def again(self, *, busy: bool = False, retry_after: float | None = None) -> float | None:
        """Seconds to wait before sending again, or ``None`` when the call must end here.

        ``busy``: the gateway answered 502/503 (``retry_after`` its ``Retry-After``).
        """
        if self.repeats <= 0:
            return None
        wait = delay(self.attempt, retry_after)
        if busy and not fits(wait):
            # A wait past the call's deadline (a long Retry-After) is not waited out: the
            # answer stands, and the cooldown it starts keeps later calls away.
            return None
        self.repeats -= 1
        self.attempt += 1
        return wait

    def reauthenticate(self) -> bool:
        """Whether this call may still re-authenticate (once) and re-send."""
        if self.reauthenticated:
            return False
        self.reauthenticated = True
        return True
