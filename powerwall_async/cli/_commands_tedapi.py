"""``powerwall-async tedapi ...``: the gateway's protobuf API (reads over v1 or v1r, controls
over v1r), and ``tedapi keygen`` for the v1r key.

Reads need the gateway password (``--gateway-password``, ``POWERWALL_GATEWAY_PASSWORD``,
``gateway_password`` in the config file, or the prompt at a terminal) or a registered key
(``--tedapi-key``); controls need the key. Each control asks first (``--yes`` skips it) and
prints the state read back afterwards.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import attrs
import typer

from .. import Powerwall
from ..api.tedapi import EXPORT_RULES, OPERATION_MODES
from ..tedapi import keygen as make_key
from ._command import cli_errors, gateway_command
from ._connect import prompt_gateway_password, run_on_gateway
from ._exit import EXIT_CODES_HELP, CliError, ExitCode
from ._options import ENV, Settings
from ._output import JsonOption, YesOption, confirm, print_json
from ._tedapi_reports import (
    backup_report,
    clients_report,
    components_report,
    config_report,
    show,
    site_report,
    status_report,
    system_info_report,
)

__all__ = ["tedapi_app", "tedapi_settings"]

T = TypeVar("T")

tedapi_app = typer.Typer(
    help="TEDAPI, the gateway's protobuf API: readings, configuration, v1r controls.",
    no_args_is_help=True,
)
backup_app = typer.Typer(help="Manual backup events (v1r).", no_args_is_help=True)
clients_app = typer.Typer(
    help="The keys allowed to send signed requests (v1r).", no_args_is_help=True
)
tedapi_app.add_typer(backup_app, name="backup", epilog=EXIT_CODES_HELP)
tedapi_app.add_typer(clients_app, name="clients", epilog=EXIT_CODES_HELP)

DinOption = Annotated[
    str | None,
    typer.Option(
        "--din",
        metavar="DIN",
        help="A Powerwall 3 follower's DIN (default: the leader).",
        show_default=False,
    ),
]

_NO_CREDENTIALS = (
    "TEDAPI needs the gateway password (the full Wi-Fi password on the gateway's sticker; on a "
    "Powerwall 3, the sticker on the unit) or a registered v1r key"
)
_NEXT = (
    f"set {ENV['gateway_password']} (or gateway_password in the config file), or --tedapi-key PATH"
)


def tedapi_settings(settings: Settings) -> Settings:
    """``settings`` with TEDAPI credentials: as configured, else asked for at a terminal."""
    if settings.may_ask_tedapi:
        return settings
    password = prompt_gateway_password()
    if password is None:
        raise CliError(_NO_CREDENTIALS, ExitCode.AUTHENTICATION, next_step=_NEXT)
    return attrs.evolve(settings, gateway_password=password)


def _read(settings: Settings, action: Callable[[Powerwall], Awaitable[T]]) -> T:
    return run_on_gateway(tedapi_settings(settings), action)


def _control(settings: Settings) -> Settings:
    """The settings for a v1r control: the key must be configured (checked before asking)."""
    if settings.tedapi_key is None and not settings.is_recording:
        raise CliError(
            "TEDAPI settings and commands go over v1r, which needs the RSA key registered for "
            "this site",
            ExitCode.USAGE,
            next_step="give --tedapi-key PATH or set POWERWALL_TEDAPI_KEY "
            "(`powerwall-async tedapi keygen PATH` makes one to register)",
        )
    return settings


# -- reads -------------------------------------------------------------------------------------
def _command(name: str) -> Callable[[Callable[..., None]], Any]:
    return tedapi_app.command(name, epilog=EXIT_CODES_HELP)


@_command("din")
@gateway_command
def din(settings: Settings, *, json_output: JsonOption = False) -> None:
    """The DIN of the gateway (or leading Powerwall 3)."""

    async def read(pw: Powerwall) -> str:
        return await pw.tedapi.din()

    show("TEDAPI", {"din": _read(settings, read)}, as_json=json_output)


@_command("info")
@gateway_command
def info(settings: Settings, *, json_output: JsonOption = False) -> None:
    """Firmware version and git hash, DIN, device type and update state."""

    async def read(pw: Powerwall) -> dict[str, Any]:
        return system_info_report(await pw.tedapi.system_info())

    show("System information", _read(settings, read), as_json=json_output)


@_command("config")
@gateway_command
def config(settings: Settings, *, json_output: JsonOption = False) -> None:
    """The configuration: operation mode, reserve, export rule, limits, battery blocks."""

    async def read(pw: Powerwall) -> dict[str, Any]:
        return config_report(await pw.tedapi.config())

    show("Configuration", _read(settings, read), as_json=json_output)


@_command("status")
@gateway_command
def status(settings: Settings, *, json_output: JsonOption = False) -> None:
    """Grid status, state of energy, meters, island mode and alerts."""

    async def read(pw: Powerwall) -> dict[str, Any]:
        return status_report(await pw.tedapi.status())

    show("TEDAPI status", _read(settings, read), as_json=json_output)


@_command("components")
@gateway_command
def components(
    settings: Settings, *, din: DinOption = None, json_output: JsonOption = False
) -> None:
    """A Powerwall 3's power conversion and PV strings A-F (the leader's, or --din's)."""

    async def read(pw: Powerwall) -> dict[str, Any]:
        unit = din or await pw.tedapi.din()
        return components_report(unit, await pw.tedapi.components(din))

    show("Powerwall 3 components", _read(settings, read), as_json=json_output)


@_command("site")
@gateway_command
def site(settings: Settings, *, json_output: JsonOption = False) -> None:
    """Every battery unit and PV string, combined from config, status and components."""

    async def read(pw: Powerwall) -> dict[str, Any]:
        return site_report(await pw.tedapi.site())

    show("Site", _read(settings, read), as_json=json_output)


# -- keygen ------------------------------------------------------------------------------------
@_command("keygen")
def keygen(
    path: Annotated[Path, typer.Argument(help="Where to write the new private key (mode 600).")],
    json_output: JsonOption = False,
) -> None:
    """Write a new RSA-4096 key for v1r and print what to register (never overwrites)."""
    with cli_errors():
        info = make_key(path)
    report = {"path": str(path), "public_key": info.registration, "fingerprint": info.fingerprint}
    if json_output:
        print_json(report)
        return
    typer.echo(f"Wrote the private key to {path} (mode 600); keep it secret.")
    typer.echo(f"Public key (base64 DER PKCS#1, to register): {info.registration}")
    typer.echo(f"Fingerprint (SHA-256): {info.fingerprint}")


# -- controls ----------------------------------------------------------------------------------
def _config_change(
    settings: Settings,
    question: str,
    yes: bool,
    as_json: bool,
    change: Callable[[Powerwall], Awaitable[Any]],
) -> None:
    settings = _control(settings)
    confirm(question, yes=yes)

    async def act(pw: Powerwall) -> dict[str, Any]:
        return config_report(await change(pw))

    show("Configuration", run_on_gateway(settings, act), as_json=as_json)


def _choice(text: str, choices: tuple[str, ...], what: str) -> str:
    value = text.strip().lower().replace("-", "_")
    if value not in choices:
        raise CliError(f"unknown {what} {text!r}: use {', '.join(choices)}", ExitCode.USAGE)
    return value


@_command("reserve")
@gateway_command
def reserve(
    settings: Settings,
    *,
    app: Annotated[
        float | None,
        typer.Option(
            "--app", metavar="PERCENT", help="On the Tesla app's scale.", show_default=False
        ),
    ] = None,
    raw: Annotated[
        float | None,
        typer.Option(
            "--raw", metavar="PERCENT", help="On the gateway's scale.", show_default=False
        ),
    ] = None,
    yes: YesOption = False,
    json_output: JsonOption = False,
) -> None:
    """Set the backup reserve (v1r), on the app's scale (--app) or the gateway's (--raw)."""
    if (app is None) == (raw is None):
        raise CliError("give exactly one of --app PERCENT or --raw PERCENT", ExitCode.USAGE)
    value = app if app is not None else raw
    assert value is not None
    if not 0 <= value <= 100:
        raise CliError(f"the backup reserve is 0 to 100 %, not {value:g}", ExitCode.USAGE)
    scale = "the app's" if app is not None else "the gateway's"
    _config_change(
        settings,
        f"Set the backup reserve to {value:g} % ({scale} scale)?",
        yes,
        json_output,
        lambda pw: pw.tedapi.set_backup_reserve(app=app, raw=raw),
    )


@_command("mode")
@gateway_command
def mode(
    settings: Settings,
    mode: Annotated[str, typer.Argument(metavar="MODE", help=", ".join(OPERATION_MODES) + ".")],
    *,
    yes: YesOption = False,
    json_output: JsonOption = False,
) -> None:
    """Set the operation mode (v1r)."""
    chosen = _choice(mode, OPERATION_MODES, "mode")
    _config_change(
        settings,
        f"Set the operation mode to {chosen}?",
        yes,
        json_output,
        lambda pw: pw.tedapi.set_operation_mode(chosen),
    )


@_command("export-rule")
@gateway_command
def export_rule(
    settings: Settings,
    rule: Annotated[str, typer.Argument(metavar="RULE", help=", ".join(EXPORT_RULES) + ".")],
    *,
    yes: YesOption = False,
    json_output: JsonOption = False,
) -> None:
    """Set what may be exported to the grid (v1r)."""
    chosen = _choice(rule, EXPORT_RULES, "export rule")
    _config_change(
        settings,
        f"Set the export rule to {chosen}?",
        yes,
        json_output,
        lambda pw: pw.tedapi.set_export_rule(chosen),
    )


@_command("grid-charging")
@gateway_command
def grid_charging(
    settings: Settings,
    state: Annotated[
        str, typer.Argument(metavar="on|off", help="Allow charging from the grid, or not.")
    ],
    *,
    yes: YesOption = False,
    json_output: JsonOption = False,
) -> None:
    """Allow or forbid charging the battery from the grid (v1r)."""
    allowed = _choice(state, ("on", "off"), "setting") == "on"
    verb = "Allow" if allowed else "Forbid"
    _config_change(
        settings,
        f"{verb} charging the battery from the grid?",
        yes,
        json_output,
        lambda pw: pw.tedapi.set_grid_charging(allowed),
    )


def _island(settings: Settings, *, off_grid: bool, yes: bool, as_json: bool) -> None:
    settings = _control(settings)
    question = (
        "Take the site off the grid? The home then runs on the battery alone."
        if off_grid
        else "Reconnect the site to the grid?"
    )
    confirm(question, yes=yes)

    async def act(pw: Powerwall) -> dict[str, Any]:
        changed = await (pw.tedapi.go_off_grid() if off_grid else pw.tedapi.go_on_grid())
        return {"changed": changed, **status_report(await pw.tedapi.status())}

    report = run_on_gateway(settings, act)
    if not report["changed"]:
        typer.echo(
            "Warning: the gateway took the command but its grid status did not change; this "
            "firmware may not act on it",
            err=True,
        )
    show("TEDAPI status", report, as_json=as_json)


@_command("off-grid")
@gateway_command
def off_grid(
    settings: Settings, *, yes: YesOption = False, json_output: JsonOption = False
) -> None:
    """Take the site off the grid (v1r); prints the status read back."""
    _island(settings, off_grid=True, yes=yes, as_json=json_output)


@_command("on-grid")
@gateway_command
def on_grid(settings: Settings, *, yes: YesOption = False, json_output: JsonOption = False) -> None:
    """Reconnect the site to the grid (v1r); prints the status read back."""
    _island(settings, off_grid=False, yes=yes, as_json=json_output)


# -- backup events -----------------------------------------------------------------------------
async def _events(pw: Powerwall) -> dict[str, Any]:
    return backup_report(await pw.tedapi.backup_events())


@backup_app.command("list", epilog=EXIT_CODES_HELP)
@gateway_command
def backup_list(settings: Settings, *, json_output: JsonOption = False) -> None:
    """The backup events the gateway holds (v1r)."""
    show("Backup events", run_on_gateway(_control(settings), _events), as_json=json_output)


def _start_time(text: str | None) -> dt.datetime:
    if text is None:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        start = dt.datetime.fromisoformat(text)
    except ValueError:
        raise CliError(
            f"--start {text!r} is not a date and time like 2026-07-01T18:00", ExitCode.USAGE
        ) from None
    return start if start.tzinfo is not None else start.astimezone()


@backup_app.command("schedule", epilog=EXIT_CODES_HELP)
@gateway_command
def backup_schedule(
    settings: Settings,
    *,
    minutes: Annotated[
        int,
        typer.Option(
            "--minutes", metavar="N", help="How long the event lasts.", show_default=False
        ),
    ],
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            metavar="WHEN",
            help="ISO date and time (local unless it names a zone; default: now).",
            show_default=False,
        ),
    ] = None,
    yes: YesOption = False,
    json_output: JsonOption = False,
) -> None:
    """Schedule the manual backup event (v1r); prints the events read back."""
    if minutes <= 0:
        raise CliError("--minutes must be more than 0", ExitCode.USAGE)
    begin = _start_time(start)
    settings = _control(settings)
    confirm(f"Schedule a backup event from {begin.isoformat()} for {minutes} minutes?", yes=yes)

    async def act(pw: Powerwall) -> dict[str, Any]:
        await pw.tedapi.schedule_backup(begin, dt.timedelta(minutes=minutes))
        return await _events(pw)

    show("Backup events", run_on_gateway(settings, act), as_json=json_output)


@backup_app.command("cancel", epilog=EXIT_CODES_HELP)
@gateway_command
def backup_cancel(
    settings: Settings, *, yes: YesOption = False, json_output: JsonOption = False
) -> None:
    """Cancel the manual backup event (v1r); prints the events read back."""
    settings = _control(settings)
    confirm("Cancel the manual backup event?", yes=yes)

    async def act(pw: Powerwall) -> dict[str, Any]:
        await pw.tedapi.cancel_backup()
        return await _events(pw)

    show("Backup events", run_on_gateway(settings, act), as_json=json_output)


# -- authorized clients ------------------------------------------------------------------------
async def _clients(pw: Powerwall) -> dict[str, Any]:
    return clients_report(await pw.tedapi.authorized_clients())


@clients_app.command("list", epilog=EXIT_CODES_HELP)
@gateway_command
def clients_list(settings: Settings, *, json_output: JsonOption = False) -> None:
    """The keys the gateway accepts signed requests from: the Tesla app's, yours (v1r)."""
    show("Authorized clients", run_on_gateway(_control(settings), _clients), as_json=json_output)


_FINGERPRINT = re.compile(r"[0-9a-f]{8,64}")


@clients_app.command("remove", epilog=EXIT_CODES_HELP)
@gateway_command
def clients_remove(
    settings: Settings,
    fingerprint: Annotated[
        str,
        typer.Argument(
            metavar="FINGERPRINT",
            help="The key's SHA-256 fingerprint (hex; a unique prefix of 8 or more).",
        ),
    ],
    *,
    yes: YesOption = False,
    json_output: JsonOption = False,
) -> None:
    """Remove an authorized client (v1r). Removing your own key ends your v1r access."""
    wanted = fingerprint.strip().lower().replace(":", "")
    if not _FINGERPRINT.fullmatch(wanted):
        raise CliError(
            f"{fingerprint!r} is not a key fingerprint (8 to 64 hex digits)", ExitCode.USAGE
        )
    settings = _control(settings)
    confirm(f"Remove the authorized client {wanted}?", yes=yes)

    async def act(pw: Powerwall) -> dict[str, Any]:
        found = [
            c for c in await pw.tedapi.authorized_clients() if c.fingerprint.startswith(wanted)
        ]
        if len(found) != 1:
            raise CliError(
                f"{len(found) or 'no'} authorized clients have a fingerprint starting "
                f"{wanted}; nothing was removed",
                ExitCode.USAGE,
                next_step="`powerwall-async tedapi clients list` shows them",
            )
        await pw.tedapi.remove_authorized_client(found[0])
        return await _clients(pw)

    show("Authorized clients", run_on_gateway(settings, act), as_json=json_output)
