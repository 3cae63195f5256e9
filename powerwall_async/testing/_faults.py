"""Fault injection: what a flaky gateway on weak Wi-Fi does to its clients. All off by default.

Set faults when starting the simulator (``simulate(faults=Faults(error_502_rate=0.5))``) or
while it runs (``sim.faults.latency = 2.0``). Random faults come from a generator seeded with
``seed``, so a test sees the same sequence on every run.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Iterable

import attrs

__all__ = ["Faults"]


def _probability(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{attribute.name} is a probability between 0 and 1, not {value!r}")


def _not_negative(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must not be negative, not {value!r}")


def _paths(value: Iterable[str] | None) -> frozenset[str] | None:
    return None if value is None else frozenset(value)


def _statuses(value: Iterable[int]) -> deque[int]:
    return value if isinstance(value, deque) else deque(value)


@attrs.define(kw_only=True, on_setattr=[attrs.setters.convert, attrs.setters.validate])
class Faults:
    """How the simulator misbehaves.

    - ``latency``: seconds added before every answer.
    - ``error_502_rate`` / ``error_503_rate``: probability of answering 502 (empty body) or 503
      (``current config mode is busy``) instead of the real answer; the request has no effect.
    - ``reset_rate``: probability of dropping the connection halfway through the body (HTTP/1.1
      closes the connection; HTTP/2 ends the stream short of its content-length). The request
      has taken effect: the client just never learns it.
    - ``truncate_rate``: probability of a JSON body cut in half (status 200, consistent length).
    - ``hang_login``: POST /api/login/Basic never answers.
    - ``paths``: when set, the random faults and latency apply only to these request paths
      (``{"/api/meters/aggregates"}``); otherwise to every request.
    - ``next_statuses``: statuses (502, 503, or any other) to answer the next requests with, one
      each, before anything else; deterministic "fail once, then recover" tests use this.
    - ``retry_after``: a ``Retry-After`` header (seconds) on the injected 429, 502 and 503
      answers (the gateway itself has not been seen sending one).
    """

    latency: float = attrs.field(default=0.0, validator=_not_negative)
    error_502_rate: float = attrs.field(default=0.0, validator=_probability)
    error_503_rate: float = attrs.field(default=0.0, validator=_probability)
    reset_rate: float = attrs.field(default=0.0, validator=_probability)
    truncate_rate: float = attrs.field(default=0.0, validator=_probability)
    hang_login: bool = False
    paths: frozenset[str] | None = attrs.field(default=None, converter=_paths)
    next_statuses: deque[int] = attrs.field(factory=deque, converter=_statuses)
    retry_after: float | None = None
    seed: int | None = 0
    _rng: random.Random = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        self._rng = random.Random(self.seed)  # noqa: S311 - simulated faults, not secrets

    def applies_to(self, path: str) -> bool:
        """Whether the random faults and latency apply to a request for ``path``."""
        return self.paths is None or path in self.paths

    def roll(self, rate: float) -> bool:
        """True with probability ``rate`` (drawing from the seeded generator only when needed)."""
        return rate > 0 and self._rng.random() < rate

    def clear(self) -> None:
        """Turn every fault off."""
        self.latency = 0.0
        self.error_502_rate = self.error_503_rate = 0.0
        self.reset_rate = self.truncate_rate = 0.0
        self.hang_login = False
        self.paths = None
        self.next_statuses.clear()
        self.retry_after = None
