"""Commands that change the system: ``operation set``, ``grid off|on``, ``sitemaster stop|run``.

Each asks for confirmation first (``--yes`` skips it; declined, nothing is sent), then prints
what the gateway reports afterwards.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from .. import Powerwall, from_app_percent
from ..api.operation import SETTABLE_MODES
from ._command import gateway_command
from ._connect import run_on_gateway
from ._exit import EXIT_CODES_HELP, CliError, ExitCode
from ._options import Settings
from ._output import (
    JsonOption,
    YesOption,
    confirm,
    console,
    key_value_table,
    percent_text,
    percentages,
    print_json,
)

__all__ = ["grid_app", "operation_app", "sitemaster_app"]

operation_app = typer.Typer(help="The operation mode and backup reserve.", no_args_is_help=True)
grid_app = typer.Typer(
    help="Take the site off the grid and back (islanding).", no_args_is_help=True
)
sitemaster_app = typer.Typer(help="Stop and start the system.", no_args_is_help=True)


def _mode(text: str) -> str:
    mode = text.strip().lower().replace("-", "_")
    if mode not in SETTABLE_MODES:
        modes = ", ".join(sorted(SETTABLE_MODES))
        raise CliError(f"unknown mode {text!r}: use {modes}", ExitCode.USAGE)
    return mode


def _show(title: str, report: dict[str, Any], rows: dict[str, str], *, as_json: bool) -> None:
    if as_json:
        print_json(report)
    else:
        console().print(key_value_table(title, rows))


# -- operation ---------------------------------------------------------------------------------
async def _operation(pw: Powerwall) -> dict[str, Any]:
    operation = await pw.operation.get()
    return {
        "mode": operation.real_mode_raw or operation.real_mode.value,
        "backup_reserve": percentages(operation.backup_reserve_percent),
    }


def _show_operation(report: dict[str, Any], *, as_json: bool) -> None:
    rows = {
        "Mode": report["mode"],
        "Backup reserve": percent_text(report["backup_reserve"]["raw"]),
    }
    _show("Operation", report, rows, as_json=as_json)


@operation_app.command("get", epilog=EXIT_CODES_HELP)
@gateway_command
def operation_get(settings: Settings, *, json_output: JsonOption = False) -> None:
    """The operation mode and backup reserve now in effect."""
    _show_operation(run_on_gateway(settings, _operation), as_json=json_output)


@operation_app.command("set", epilog=EXIT_CODES_HELP)
@gateway_command
def operation_set(
    settings: Settings,
    *,
    mode: Annotated[
        str | None,
        typer.Option(
            "--mode",
            metavar="MODE",
            help="self_consumption, backup or autonomous (default: the current one).",
            show_default=False,
        ),
    ] = None,
    reserve: Annotated[
        float | None,
        typer.Option(
            "--reserve",
            metavar="PERCENT",
            help="Backup reserve, 0 to 100 (default: the current one).",
            show_default=False,
        ),
    ] = None,
    app_scale: Annotated[
        bool,
        typer.Option(
            "--app-scale",
            help="--reserve is on the Tesla app's scale (app 20 = gateway 24), not the gateway's.",
        ),
    ] = False,
    yes: YesOption = False,
    json_output: JsonOption = False,
) -> None:
    """Set the operation mode and backup reserve, then apply them (config/completed).

    What is not given (--mode or --reserve) stays as it is.
    """
    if mode is None and reserve is None:
        raise CliError("give --mode, --reserve or both", ExitCode.USAGE)
    chosen = None if mode is None else _mode(mode)
    raw_reserve = None
    if reserve is not None:
        if not 0 <= reserve <= 100:
            raise CliError(f"--reserve must be from 0 to 100, not {reserve:g}", ExitCode.USAGE)
        raw_reserve = from_app_percent(reserve) if app_scale else reserve
    if chosen is None or raw_reserve is None:
        current = run_on_gateway(settings, _operation)
        chosen = chosen or current["mode"]
        raw_reserve = current["backup_reserve"]["raw"] if raw_reserve is None else raw_reserve
    confirm(
        f"Set {settings.cache_key} to mode {chosen} with a backup reserve of "
        f"{percent_text(raw_reserve)}?",
        yes=yes,
    )

    async def apply(pw: Powerwall) -> dict[str, Any]:
        await pw.operation.set(mode=chosen, backup_reserve_percent=raw_reserve)
        await pw.config.completed()
        return await _operation(pw)

    _show_operation(run_on_gateway(settings, apply), as_json=json_output)


# -- grid --------------------------------------------------------------------------------------
async def _grid(pw: Powerwall) -> dict[str, Any]:
    grid = await pw.system_status.grid_status()
    return {"grid_status": grid.grid_status_raw or grid.grid_status.value}


def _switch_grid(settings: Settings, *, off: bool, yes: bool, as_json: bool) -> None:
    question = (
        f"Take {settings.cache_key} OFF the grid? The home then runs on the batteries and solar."
        if off
        else f"Reconnect {settings.cache_key} to the grid?"
    )
    confirm(question, yes=yes)

    async def switch(pw: Powerwall) -> dict[str, Any]:
        await (pw.islanding.go_off_grid() if off else pw.islanding.go_on_grid())
        return await _grid(pw)

    report = run_on_gateway(settings, switch)
    _show("Grid", report, {"Grid status": report["grid_status"]}, as_json=as_json)


@grid_app.command("off", epilog=EXIT_CODES_HELP)
@gateway_command
def grid_off(
    settings: Settings, *, yes: YesOption = False, json_output: JsonOption = False
) -> None:
    """Disconnect from the grid (island mode intentional_reconnect_failsafe)."""
    _switch_grid(settings, off=True, yes=yes, as_json=json_output)


@grid_app.command("on", epilog=EXIT_CODES_HELP)
@gateway_command
def grid_on(settings: Settings, *, yes: YesOption = False, json_output: JsonOption = False) -> None:
    """Reconnect to the grid (island mode backup)."""
    _switch_grid(settings, off=False, yes=yes, as_json=json_output)


# -- sitemaster --------------------------------------------------------------------------------
def _switch_sitemaster(settings: Settings, *, stop: bool, yes: bool, as_json: bool) -> None:
    question = (
        f"Stop the system at {settings.cache_key}? The Powerwalls stop charging and "
        "discharging until `sitemaster run`."
        if stop
        else f"Start the system at {settings.cache_key}?"
    )
    confirm(question, yes=yes)

    async def switch(pw: Powerwall) -> dict[str, Any]:
        await (pw.sitemaster.stop() if stop else pw.sitemaster.run())
        sitemaster = await pw.sitemaster.get()
        return {
            "running": sitemaster.running,
            "status": sitemaster.status_raw or sitemaster.status.value,
        }

    report = run_on_gateway(settings, switch)
    state = "running" if report["running"] else "stopped"
    rows = {"Sitemaster": f"{state} ({report['status']})"}
    _show("Sitemaster", report, rows, as_json=as_json)


@sitemaster_app.command("stop", epilog=EXIT_CODES_HELP)
@gateway_command
def sitemaster_stop(
    settings: Settings, *, yes: YesOption = False, json_output: JsonOption = False
) -> None:
    """Stop the system: no charging, discharging or metering until it runs again."""
    _switch_sitemaster(settings, stop=True, yes=yes, as_json=json_output)


@sitemaster_app.command("run", epilog=EXIT_CODES_HELP)
@gateway_command
def sitemaster_run(
    settings: Settings, *, yes: YesOption = False, json_output: JsonOption = False
) -> None:
    """Start the system again."""
    _switch_sitemaster(settings, stop=False, yes=yes, as_json=json_output)
