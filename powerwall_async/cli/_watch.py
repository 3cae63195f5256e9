"""``powerwall-async watch``: the power flow, refreshed until Ctrl-C, on one session."""

from __future__ import annotations

import contextlib
import json
import signal
from datetime import datetime
from typing import Annotated, Any

import anyio
import typer
from rich.console import Console
from rich.live import Live
from rich.table import Table

from .. import (
    GatewayBusyError,
    GatewayUnreachableError,
    Powerwall,
    SitemasterStoppedError,
)
from ._command import gateway_command
from ._connect import run_on_gateway
from ._options import Settings
from ._output import console, percent_text, percentages, power_flow_table

__all__ = ["watch"]

_TRANSIENT = (SitemasterStoppedError, GatewayBusyError, GatewayUnreachableError)
"""Failures a live view shows and outlasts; anything else ends it."""


async def _reading(pw: Powerwall) -> dict[str, Any]:
    reading: dict[str, Any] = {"time": datetime.now().astimezone().isoformat(timespec="seconds")}
    try:
        aggregates = await pw.meters.aggregates()
        soe = await pw.system_status.soe()
    except _TRANSIENT as exc:
        return {**reading, "power_w": None, "soe": None, "error": str(exc)}
    power = {
        "solar": aggregates.solar.instant_power,
        "battery": aggregates.battery.instant_power,
        "load": aggregates.load.instant_power,
        "site": aggregates.site.instant_power,
    }
    return {**reading, "power_w": power, "soe": percentages(soe.percentage), "error": None}


def _view(reading: dict[str, Any], interval: float) -> Table:
    title = f"Power flow at {reading['time'][11:19]}"
    caption = f"every {interval:g} s; Ctrl-C stops"
    power = reading["power_w"]
    if power is None:
        table = Table(title=title, caption=caption, title_justify="left", caption_justify="left")
        table.add_column("")
        table.add_column("")
        table.add_row("Unavailable", reading["error"])
        return table
    table = power_flow_table(power, title, caption)
    table.add_row("Charge", percent_text(reading["soe"]["raw"]), "")
    return table


async def _stop_on_interrupt(scope: anyio.CancelScope) -> None:
    """Ctrl-C (or SIGTERM) ends the view cleanly: the loop is cancelled, the client closes and
    the session is saved, without relying on how the event loop turns a signal into an error."""
    try:
        with anyio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
            async for _ in signals:
                scope.cancel()
                return
    except (NotImplementedError, ValueError):  # no signal handlers here (Windows, a thread)
        await anyio.sleep_forever()


async def _watch(
    pw: Powerwall, out: Console, interval: float, count: int | None, *, as_json: bool
) -> None:
    live = Live(console=out, auto_refresh=False) if out.is_terminal and not as_json else None
    refreshes = 0
    with live if live is not None else contextlib.nullcontext():
        while True:
            reading = await _reading(pw)
            if as_json:
                typer.echo(json.dumps(reading))
            elif live is not None:
                live.update(_view(reading, interval), refresh=True)
            else:
                out.print(_view(reading, interval))
            refreshes += 1
            if count is not None and refreshes >= count:
                return
            await anyio.sleep(interval)


@gateway_command
def watch(
    settings: Settings,
    *,
    interval: Annotated[
        float, typer.Option("--interval", "-n", min=0.0, help="Seconds between refreshes.")
    ] = 5.0,
    count: Annotated[
        int | None,
        typer.Option("--count", min=1, help="Stop after this many refreshes (for scripts)."),
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print one JSON object per refresh.", show_default=False)
    ] = False,
) -> None:
    """A live view of the power flow and charge, refreshed until Ctrl-C (one login in all)."""
    out = console()

    async def loop(pw: Powerwall) -> None:
        async with anyio.create_task_group() as task_group:
            task_group.start_soon(_stop_on_interrupt, task_group.cancel_scope)
            await _watch(pw, out, interval, count, as_json=json_output)
            task_group.cancel_scope.cancel()

    try:
        run_on_gateway(settings, loop)
    except KeyboardInterrupt:
        return
