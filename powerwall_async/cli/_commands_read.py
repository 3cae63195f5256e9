"""Read commands: ``status``, ``soe``, ``meters`` and ``raw``."""

from __future__ import annotations

import functools
import json
import posixpath
import re
from collections.abc import Awaitable
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, TypeVar
from urllib.parse import unquote

import attrs
import typer

from .. import (
    AccessDeniedError,
    ApiError,
    AuthenticationError,
    CertificateError,
    EndpointNotSupportedError,
    Powerwall,
    PowerwallError,
    RateLimitedError,
    ResponseFormatError,
    SitemasterStoppedError,
    endpoints,
)
from ..models.meters import MeterAggregate
from ..models.status import Status
from ._command import gateway_command
from ._connect import run_on_gateway
from ._exit import CliError, ExitCode, describe
from ._options import Settings
from ._output import (
    JsonOption,
    Table,
    YesOption,
    confirm,
    console,
    flow,
    key_value_table,
    percent_text,
    percentages,
    print_json,
    watts,
)
from ._tedapi_reports import battery_rows, show
from ._text import printable

__all__ = ["meters", "raw", "soe", "status"]

T = TypeVar("T")


_AFFECTS_EVERY_PART = (AuthenticationError, RateLimitedError, CertificateError)
"""Failures that are not about one part: they end the command."""


async def optional(call: Awaitable[T], what: str, unavailable: dict[str, str]) -> T | None:
    """The answer, or ``None`` with the reason noted when the gateway cannot give it now (not
    offered, stopped, denied, an error answer, a body that is not what it should be)."""
    try:
        return await call
    except EndpointNotSupportedError:
        unavailable[what] = "not offered by this gateway"
    except SitemasterStoppedError:
        unavailable[what] = "the system is stopped"
    except AccessDeniedError:
        unavailable[what] = "not allowed for the customer"
    except _AFFECTS_EVERY_PART:
        raise
    except PowerwallError as exc:
        unavailable[what] = describe(exc)
    return None


def _uptime(value: timedelta | None) -> str:
    if value is None:
        return "unknown"
    minutes = int(value.total_seconds()) // 60
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    return f"{days}d {hours}h {minutes}m" if days else f"{hours}h {minutes}m"


@attrs.define
class _StatusReport:
    """The parts of ``status`` that could be read, and why the others could not."""

    report: dict[str, Any]
    core_error: PowerwallError | None
    """Why GET /api/status (firmware, DIN) could not be read; the command then fails."""


async def _batteries(pw: Powerwall, unavailable: dict[str, str]) -> list[dict[str, Any]] | None:
    """Each battery unit's row, read over TEDAPI; a failure there (a refused gateway password
    too) marks only this part unavailable."""
    try:
        site = await optional(pw.tedapi.site(), "batteries", unavailable)
    except AuthenticationError as exc:
        unavailable["batteries"] = describe(exc)
        return None
    return None if site is None else battery_rows(site)


async def _status(pw: Powerwall, *, tedapi: bool = False) -> _StatusReport:
    unavailable: dict[str, str] = {}
    core_error: PowerwallError | None = None
    try:
        info: Status | None = await pw.status.get()
    except (ApiError, ResponseFormatError) as exc:
        if isinstance(exc, _AFFECTS_EVERY_PART):
            raise
        info, core_error = None, exc
        unavailable["status"] = describe(exc)
    grid = await optional(pw.system_status.grid_status(), "grid_status", unavailable)
    sitemaster = await optional(pw.sitemaster.get(), "sitemaster", unavailable)
    operation = await optional(pw.operation.get(), "operation", unavailable)
    soe = await optional(pw.system_status.soe(), "soe", unavailable)
    report: dict[str, Any] = {
        "din": info.din if info else None,
        "firmware": info.version if info else None,
        "device_type": (info.device_type_raw or info.device_type.value) if info else None,
        "uptime_seconds": info.up_time.total_seconds() if info and info.up_time else None,
        "grid_status": grid.grid_status_raw or grid.grid_status.value if grid else None,
        "sitemaster": None
        if sitemaster is None
        else {
            "running": sitemaster.running,
            "status": sitemaster.status_raw or sitemaster.status.value,
            "connected_to_tesla": sitemaster.connected_to_tesla,
        },
        "operation": None
        if operation is None
        else {
            "mode": operation.real_mode_raw or operation.real_mode.value,
            "backup_reserve": percentages(operation.backup_reserve_percent),
        },
        "soe": None if soe is None else percentages(soe.percentage),
        "unavailable": unavailable,
    }
    if tedapi:
        report["batteries"] = await _batteries(pw, unavailable)
    return _StatusReport(report, core_error)


def _status_rows(report: dict[str, Any]) -> dict[str, str]:
    unavailable: dict[str, str] = report["unavailable"]

    def missing(what: str) -> str:
        reason = unavailable.get(what)
        return "unknown" if reason is None else f"unavailable: {reason}"

    uptime = report["uptime_seconds"]
    sitemaster = report["sitemaster"]
    operation = report["operation"]
    soe = report["soe"]
    rows = {
        "Firmware": printable(report["firmware"] or missing("status")),
        "Gateway DIN": printable(report["din"] or missing("status")),
        "Uptime": _uptime(None if uptime is None else timedelta(seconds=uptime)),
        "Grid status": report["grid_status"] or missing("grid_status"),
    }
    if sitemaster is None:
        rows["Sitemaster"] = missing("sitemaster")
    else:
        state = "running" if sitemaster["running"] else "stopped"
        tesla = "connected" if sitemaster["connected_to_tesla"] else "not connected"
        rows["Sitemaster"] = f"{state} ({sitemaster['status']}), {tesla} to Tesla"
    if operation is None:
        rows["Operation mode"] = rows["Backup reserve"] = missing("operation")
    else:
        rows["Operation mode"] = operation["mode"]
        rows["Backup reserve"] = percent_text(operation["backup_reserve"]["raw"])
    rows["State of energy"] = missing("soe") if soe is None else percent_text(soe["raw"])
    return rows


def _print_batteries(report: dict[str, Any]) -> None:
    if "batteries" not in report:
        return
    if report["batteries"]:
        show("Batteries", {"batteries": report["batteries"]}, as_json=False)
    else:
        reason = report["unavailable"].get("batteries", "none reported")
        console().print(f"Batteries: unavailable: {reason}")


@gateway_command
def status(settings: Settings, *, json_output: JsonOption = False) -> None:
    """Firmware, uptime, grid, sitemaster, operation mode, reserve and charge.

    A part the gateway cannot give is shown as unavailable, with the reason; the command fails
    only when GET /api/status itself could not be read. With TEDAPI configured (a gateway
    password or v1r key), one row per battery unit follows.
    """
    found = run_on_gateway(settings, functools.partial(_status, tedapi=settings.has_tedapi))
    if json_output:
        print_json(found.report)
    else:
        console().print(key_value_table("Gateway status", _status_rows(found.report)))
        _print_batteries(found.report)
    if found.core_error is not None:
        raise found.core_error


@gateway_command
def soe(settings: Settings, *, json_output: JsonOption = False) -> None:
    """The state of energy, on the gateway's raw scale and the Tesla app's."""

    async def read(pw: Powerwall) -> float:
        return (await pw.system_status.soe()).percentage

    raw_percent = run_on_gateway(settings, read)
    if json_output:
        print_json(percentages(raw_percent))
    else:
        console().print(f"State of energy: {percent_text(raw_percent)}")


def _meters_table(aggregates: dict[str, MeterAggregate]) -> Table:
    table = Table(title="Meters", title_justify="left")
    for column in ("Meter", "Power", "", "Voltage", "Frequency", "Imported", "Exported"):
        table.add_column(column, justify="left" if column in ("Meter", "") else "right")
    for name, meter in aggregates.items():
        table.add_row(
            name,
            watts(meter.instant_power),
            flow(name, meter.instant_power),
            f"{meter.instant_average_voltage:.1f} V",
            f"{meter.frequency:.2f} Hz",
            f"{meter.energy_imported / 1000:,.1f} kWh",
            f"{meter.energy_exported / 1000:,.1f} kWh",
        )
    return table


@gateway_command
def meters(settings: Settings, *, json_output: JsonOption = False) -> None:
    """Power, voltage, frequency and energy at each meter (GET /api/meters/aggregates)."""

    async def read(pw: Powerwall) -> dict[str, MeterAggregate]:
        found = await pw.meters.aggregates()
        named = {
            "site": found.site,
            "battery": found.battery,
            "load": found.load,
            "solar": found.solar,
            "busway": found.busway,
            "generator": found.generator,
        }
        return {name: meter for name, meter in named.items() if meter is not None}

    aggregates = run_on_gateway(settings, read)
    if json_output:
        print_json(aggregates)
    else:
        console().print(_meters_table(aggregates))


def gateway_path(path: str) -> str:
    """The path the gateway's router sees for ``path`` as ``raw`` sends it: under ``/api/``
    unless it starts with ``/``, without query or fragment, percent-decoded once (as the
    router does), with ``//``, ``.`` and ``..`` resolved. ``/api/sitemaster/%73top`` and
    ``/api//sitemaster/./stop?x`` are ``/api/sitemaster/stop``."""
    target = re.split(r"[?#]", path, maxsplit=1)[0]
    if not target.startswith("/"):
        target = "/api/" + target
    return posixpath.normpath("/" + unquote(target).lstrip("/"))


def _changes_state(method: str, path: str) -> bool:
    """Whether a request may change the system, from the endpoint declarations, judged on the
    path the gateway acts on (not on how it is spelled)."""
    endpoint = endpoints.find(method, gateway_path(path))
    return endpoint.side_effects if endpoint is not None else method != "GET"


@gateway_command
def raw(
    settings: Settings,
    method: Annotated[str, typer.Argument(help="GET, POST, DELETE, ...")],
    path: Annotated[str, typer.Argument(help="The path, e.g. /api/meters/aggregates.")],
    *,
    data: Annotated[
        str | None, typer.Option("--data", help="A JSON request body.", show_default=False)
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Save a binary answer to this file.")
    ] = None,
    yes: YesOption = False,
    json_output: JsonOption = False,
) -> None:
    """Send any request and print the JSON answer (asks first for anything that changes state)."""
    method = method.upper()
    try:
        body = None if data is None else json.loads(data)
    except ValueError as exc:
        raise CliError(f"--data is not JSON: {exc}", ExitCode.USAGE) from None
    if _changes_state(method, path):
        confirm(f"{method} {path} may change the system's state. Send it?", yes=yes)

    async def send(pw: Powerwall) -> Any:
        return await pw.request(method, path, json=body)

    answer = run_on_gateway(settings, send)
    if isinstance(answer, dict) and isinstance(answer.get("token"), str):
        # A login answer: the token is as good as the password; it never goes to the screen.
        answer = {**answer, "token": "<redacted>"}
    if isinstance(answer, bytes):
        if out is None:
            raise CliError(
                f"the answer is binary ({len(answer)} bytes); save it with --out FILE",
                ExitCode.USAGE,
            )
        out.write_bytes(answer)
        typer.echo(f"Saved {len(answer)} bytes to {out}", err=True)
    elif json_output:
        typer.echo(json.dumps(answer, indent=2))
    else:
        console().print_json(json.dumps(answer))
