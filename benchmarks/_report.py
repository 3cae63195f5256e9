"""Markdown tables, and the targets each result is judged against."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A markdown table, columns padded so it also reads well in a terminal."""
    widths = [len(header) for header in headers]
    for row in rows:
        widths = [max(width, len(cell)) for width, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return [line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)]


def us(seconds: float) -> str:
    return f"{seconds * 1e6:,.0f} µs"


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:,.1f} ms"


def kb(size: int) -> str:
    return f"{size / 1000:,.1f} KB"


def times(value: float) -> str:
    return f"{value:.2f}x"


@dataclass(frozen=True, slots=True)
class Target:
    """One target: what was measured, the result, the goal and whether it is met."""

    measure: str
    result: str
    goal: str
    met: bool | None
    """None: could not be measured."""
    stretch: bool | None = None

    def row(self) -> list[str]:
        verdict = "n/a" if self.met is None else "yes" if self.met else "**no**"
        if self.stretch is not None and self.met:
            verdict += " (stretch met)" if self.stretch else " (stretch not met)"
        return [self.measure, self.result, self.goal, verdict]


def targets_table(targets: Sequence[Target]) -> list[str]:
    return table(["Measure", "Result", "Target", "Met"], [t.row() for t in targets])
