"""The ``powerwall-async`` console script: the command line, or, when the ``cli`` extra is not
installed, one line saying how to install it (instead of an import traceback)."""

from __future__ import annotations

import sys

__all__ = ["main"]

EXIT_USAGE = 2
"""``ExitCode.USAGE`` of the command line (which cannot be imported without its extra)."""


def main() -> None:
    """Run the command line."""
    try:
        from .cli import main as run
    except ModuleNotFoundError as exc:
        missing = (exc.name or __package__).partition(".")[0]
        if missing == __package__:
            raise
        sys.stderr.write(
            f"Error: the command line needs the cli extra (module {missing} is missing).\n"
            "Next: pip install 'powerwall-async[cli]'\n"
        )
        raise SystemExit(EXIT_USAGE) from None
    run()
