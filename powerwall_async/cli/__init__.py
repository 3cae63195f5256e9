"""The ``powerwall-async`` command line (needs the ``cli`` extra).

One typer app; each command lives in its own module and is registered here, so adding a
command is one module plus one line below.
"""

from __future__ import annotations

import typer

from ._command import root_options
from ._commands_control import grid_app, operation_app, sitemaster_app
from ._commands_read import meters, raw, soe, status
from ._commands_session import fetch_cert, logout
from ._commands_tedapi import tedapi_app
from ._demo import demo
from ._endpoints_probe import endpoints
from ._exit import EXIT_CODES_HELP
from ._record import record
from ._simulate import simulate
from ._vitals import vitals
from ._watch import watch

__all__ = ["app", "main"]

app = typer.Typer(
    name="powerwall-async",
    help="Talk to a Tesla Powerwall 2 / Tesla Energy Gateway over its local HTTPS API.",
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: flags shown as flags, not as taking a <bool>
    pretty_exceptions_show_locals=False,  # locals could hold the password
)

app.callback()(root_options)
app.command("demo")(demo)
app.command("simulate")(simulate)
app.command("status", epilog=EXIT_CODES_HELP)(status)
app.command("watch", epilog=EXIT_CODES_HELP)(watch)
app.command("soe", epilog=EXIT_CODES_HELP)(soe)
app.command("meters", epilog=EXIT_CODES_HELP)(meters)
app.command("vitals", epilog=EXIT_CODES_HELP)(vitals)
app.command("endpoints", epilog=EXIT_CODES_HELP)(endpoints)
app.command("raw", epilog=EXIT_CODES_HELP)(raw)
app.command("fetch-cert", epilog=EXIT_CODES_HELP)(fetch_cert)
app.command("record", epilog=EXIT_CODES_HELP)(record)
app.command("logout", epilog=EXIT_CODES_HELP)(logout)
app.add_typer(operation_app, name="operation", epilog=EXIT_CODES_HELP)
app.add_typer(grid_app, name="grid", epilog=EXIT_CODES_HELP)
app.add_typer(sitemaster_app, name="sitemaster", epilog=EXIT_CODES_HELP)
app.add_typer(tedapi_app, name="tedapi", epilog=EXIT_CODES_HELP)


def main() -> None:
    """The console script's entry point."""
    app()
