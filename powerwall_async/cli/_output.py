"""Printing: rich tables for people, ``--json`` for scripts, both from the same values."""

from __future__ import annotations

import enum
import functools
import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Annotated, Any

import attrs
import typer
from rich.console import Console
from rich.table import Table

from .. import to_app_percent
from ._exit import ExitCode

__all__ = [
    "JsonOption",
    "YesOption",
    "confirm",
    "console",
    "flow",
    "jsonable",
    "key_value_table",
    "percent_text",
    "percentages",
    "print_json",
    "watts",
]

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON instead of tables.", show_default=False)
]
YesOption = Annotated[
    bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.", show_default=False)
]


def console() -> Console:
    """A console on stdout (created per command: tests swap stdout).

    Markup is off: text from the gateway (names, errors) is printed as it is.
    """
    return Console(markup=False)


@functools.singledispatch
def jsonable(value: Any) -> Any:
    """Models, enums, times and durations as plain JSON values."""
    if attrs.has(type(value)):
        return {f.name: jsonable(getattr(value, f.name)) for f in attrs.fields(type(value))}
    return value


@jsonable.register
def _(value: enum.Enum) -> Any:
    return jsonable(value.value)


@jsonable.register
def _(value: datetime) -> Any:
    return value.isoformat()


@jsonable.register
def _(value: timedelta) -> Any:
    return value.total_seconds()


@jsonable.register
def _(value: Mapping) -> Any:  # type: ignore[type-arg]
    return {str(key): jsonable(item) for key, item in value.items()}


@jsonable.register(list)
@jsonable.register(tuple)
def _(value: list[Any] | tuple[Any, ...]) -> Any:
    return [jsonable(item) for item in value]


def print_json(value: Any) -> None:
    """``value`` as indented JSON on stdout."""
    typer.echo(json.dumps(jsonable(value), indent=2, ensure_ascii=False))


def percentages(raw: float) -> dict[str, float]:
    """A state of energy or reserve on both scales: ``{"raw": 24.0, "app": 20.0}``."""
    return {"raw": raw, "app": round(to_app_percent(raw), 2)}


def percent_text(raw: float) -> str:
    """``24.0 % (app 20.0 %)``."""
    return f"{raw:.1f} % (app {to_app_percent(raw):.1f} %)"


def watts(value: float) -> str:
    """``1,234 W``."""
    return f"{value:,.0f} W"


def flow(value: float, positive: str, negative: str) -> str:
    """Which way power flows: ``positive`` above 0, ``negative`` below, idle near 0."""
    if abs(value) < 1:
        return "idle"
    return positive if value > 0 else negative


def key_value_table(title: str, rows: Mapping[str, str]) -> Table:
    """A two-column table of labels and values."""
    table = Table(title=title, title_justify="left", show_header=False)
    table.add_column("", style="bold")
    table.add_column("")
    for label, text in rows.items():
        table.add_row(label, text)
    return table


def confirm(question: str, *, yes: bool) -> None:
    """Ask before changing anything; stop with exit code 1 (nothing sent) unless answered yes."""
    if yes:
        return
    try:
        agreed = typer.confirm(question, default=False, err=True)
    except typer.Abort:
        agreed = False
    if not agreed:
        typer.echo("Cancelled; nothing was sent.", err=True)
        raise typer.Exit(int(ExitCode.ABORTED))
