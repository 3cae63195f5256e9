"""``powerwall-async watch``: the power flow, refreshed until Ctrl-C, on one session."""

from __future__ import annotations

import contextlib
import signal
from datetime import datetime
from typing import Annotated, Any

import anyio
import attrs
import typer
from rich.console import Console
from rich.live import Live

from .. import (
    GatewayBusyError,
    GatewayUnreachableError,
    Powerwall,
    PowerwallError,
    SitemasterStoppedError,
)
from ._command import gateway_command
from ._connect import run_on_gateway
from ._exit import describe
from ._options import Settings
from ._output import Table, console, json_text, percent_text, percentages, power_flow_table

__all__ = ["watch"]

_TRANSIENT = (SitemasterStoppedError, GatewayBusyError, GatewayUnreachableError)
"""Failures a live view shows and outlasts; anything else ends it."""


@attrs.define
class _Readings:
    """What the view has seen: the last good values, and whether any refresh worked."""

    last: dict[str, Any] | None = None
    successes: int = 0
    error: PowerwallError | None = None

    async def read(self, pw: Powerwall) -> dict[str, Any]:
        """One refresh; when it fails, the last values seen (``stale``) and the reason."""
        now = datetime.now().astimezone().isoformat(timespec="seconds")
        try:
            aggregates = await pw.meters.aggregates()
            soe = await pw.system_status.soe()
        except _TRANSIENT as exc:
            self.error = exc
            last = self.last or {"power_w": None, "soe": None, "time": None}
            return {
                "time": now,
                "power_w": last["power_w"],
                "soe": last["soe"],
                "error": describe(exc),
                "stale": last["power_w"] is not None,
                "as_of": last["time"],
            }
        self.successes += 1
        power = {
            "solar": aggregates.solar.instant_power,
            "battery": aggregates.battery.instant_power,
            "load": aggregates.load.instant_power,
            "site": aggregates.site.instant_power,
        }
        reading = {
            "time": now,
            "power_w": power,
            "soe": percentages(soe.percentage),
            "error": None,
            "stale": False,
            "as_of": now,
        }
        self.last = reading
        return reading


def _caption(interval: float, refreshes: int, count: int | None) -> str:
    if count is None:
        return f"every {interval:g} s; Ctrl-C stops"
    return f"every {interval:g} s; refresh {refreshes} of {count}"


def _view(reading: dict[str, Any], caption: str) -> Table:
    title = f"Power flow at {reading['time'][11:19]}"
    power = reading["power_w"]
    if power is None:
        table = Table(title=title, caption=caption, title_justify="left", caption_justify="left")
        table.add_column("")
        table.add_column("")
        table.add_row("Unavailable", reading["error"])
        return table
    if reading["stale"]:
        title += f" (stale: values of {reading['as_of'][11:19]}; {reading['error']})"
    table = power_flow_table(power, title, caption)
    table.add_row("State of energy", percent_text(reading["soe"]["raw"]), "")
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
    pw: Powerwall,
    readings: _Readings,
    out: Console,
    interval: float,
    count: int | None,
    *,
    as_json: bool,
) -> None:
    live = Live(console=out, auto_refresh=False) if out.is_terminal and not as_json else None
    refreshes = 0
    with live if live is not None else contextlib.nullcontext():
        while True:
            reading = await readings.read(pw)
            refreshes += 1
            if as_json:
                typer.echo(json_text(reading, indent=None))
            elif live is not None:
                live.update(_view(reading, _caption(interval, refreshes, count)), refresh=True)
            else:
                out.print(_view(reading, _caption(interval, refreshes, count)))
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
    """A live view of the power flow and charge, refreshed until Ctrl-C (one login in all).

    A refresh that fails shows the last values, marked stale, and the reason; when every
    refresh failed, the command ends with that failure's exit code.
    """
    out = console()
    readings = _Readings()

    async def loop(pw: Powerwall) -> None:
        nonlocal readings
        readings = _Readings()  # a second attempt, after the password prompt, starts afresh
        async with anyio.create_task_group() as task_group:
            task_group.start_soon(_stop_on_interrupt, task_group.cancel_scope)
            await _watch(pw, readings, out, interval, count, as_json=json_output)
            task_group.cancel_scope.cancel()

    with contextlib.suppress(KeyboardInterrupt):
        run_on_gateway(settings, loop)
    if readings.error is not None and readings.successes == 0:
        raise readings.error
