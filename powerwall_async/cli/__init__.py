"""The ``powerwall-async`` command line (needs the ``cli`` extra).

One typer app; each command lives in its own module and is registered here, so adding a
command is one module plus one line below.
"""

from __future__ import annotations

import typer

from ._demo import demo
from ._simulate import simulate

__all__ = ["app", "main"]

app = typer.Typer(
    name="powerwall-async",
    help="Talk to a Tesla Powerwall 2 / Tesla Energy Gateway over its local HTTPS API.",
    no_args_is_help=True,
    add_completion=False,
)

app.command("demo")(demo)
app.command("simulate")(simulate)


def main() -> None:
    """The console script's entry point."""
    app()
