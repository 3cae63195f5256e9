"""Printing: rich tables for people, ``--json`` for scripts, both from the same values."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Annotated, Any

import typer
from rich import table as rich_table
from rich.console import Console, RenderableType
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.text import Text

from .. import to_app_percent
from ..models import to_json
from ._exit import ExitCode
from ._text import printable

__all__ = [
    "JsonOption",
    "Table",
    "YesOption",
    "confirm",
    "console",
    "flow",
    "json_text",
    "key_value_table",
    "percent_text",
    "percentages",
    "power_flow_table",
    "print_json",
    "progress_bar",
    "rounded",
    "watts",
]

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON instead of tables.", show_default=False)
]
YesOption = Annotated[
    bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.", show_default=False)
]


class Table(rich_table.Table):
    """A rich table whose cells are cleaned of control characters and escape sequences: many
    of them (names, states, DINs) come from the gateway."""

    def add_row(self, *renderables: RenderableType | None, **options: Any) -> None:
        super().add_row(*(_clean(cell) for cell in renderables), **options)


def _clean(cell: RenderableType | None) -> RenderableType | None:
    if isinstance(cell, str):
        return printable(cell, limit=None)
    if isinstance(cell, Text):
        return Text(printable(cell.plain, limit=None), style=cell.style)
    return cell


def progress_bar(*, transient: bool) -> Progress:
    """A progress bar on stderr (stdout stays for the result): ``GET /api/x ━━━ 12/50``."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=transient,
    )


def console() -> Console:
    """A console on stdout (created per command: tests swap stdout).

    Markup is off: text from the gateway (names, errors) is printed as it is.
    """
    return Console(markup=False)


DECIMALS = 2
"""Decimals of every number in ``--json`` output (the gateway's answers in ``raw`` aside)."""


def rounded(value: Any) -> Any:
    """``value`` (JSON-shaped) with every float rounded to :data:`DECIMALS`."""
    if isinstance(value, float):
        return round(value, DECIMALS)
    if isinstance(value, dict):
        return {key: rounded(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [rounded(item) for item in value]
    return value


def json_text(value: Any, *, indent: int | None = 2) -> str:
    """``value`` as JSON, numbers rounded the same way in every command."""
    return json.dumps(rounded(to_json(value)), indent=indent)  # escapes every control char


def print_json(value: Any) -> None:
    """``value`` as indented JSON on stdout."""
    typer.echo(json_text(value))


def percentages(raw: float) -> dict[str, float]:
    """A state of energy or reserve on both scales: ``{"raw": 24.0, "app": 20.0}``."""
    return {"raw": raw, "app": to_app_percent(raw)}


def percent_text(raw: float) -> str:
    """``24.0 % (app 20.0 %)``."""
    return f"{raw:.1f} % (app {to_app_percent(raw):.1f} %)"


def watts(value: float) -> str:
    """``1,234 W``."""
    return f"{value:,.0f} W"


METERS = {
    "solar": ("Solar", "producing", "consuming"),
    "battery": ("Battery", "discharging", "charging"),
    "load": ("Home (load)", "consuming", "feeding back"),
    "site": ("Grid (site)", "importing", "exporting"),
}
"""Each power meter: its label, and what power above 0 and below 0 means (the gateway's sign
convention: battery below 0 is charging, site below 0 is exporting)."""


def flow(meter: str, value: float) -> str:
    """Which way power flows at ``meter`` (``site``, ``battery``, ...); idle near 0."""
    if abs(value) < 1:
        return "idle"
    _, positive, negative = METERS.get(meter, (meter, "in", "out"))
    return positive if value > 0 else negative


def power_flow_table(power: Mapping[str, float], title: str, caption: str | None = None) -> Table:
    """The power flow: one row per meter of :data:`METERS` (``power`` in watts, by meter)."""
    table = Table(title=title, caption=caption, title_justify="left", caption_justify="left")
    table.add_column("")
    table.add_column("Power", justify="right")
    table.add_column("")
    for meter, (label, _, _) in METERS.items():
        table.add_row(label, watts(power[meter]), flow(meter, power[meter]))
    return table


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
