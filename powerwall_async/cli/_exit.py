"""Exit codes: one per failure class, and the one mapping from library errors to them.

Every command ends through :func:`fail` when something goes wrong: one line on stderr saying
what happened and what to do next, then the class's exit code. No traceback.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import IntEnum
from typing import Any, NoReturn

import typer

from .. import (
    AccessDeniedError,
    ApiError,
    AuthenticationError,
    CertificateError,
    EndpointNotSupportedError,
    GatewayUnreachableError,
    PowerwallError,
    RateLimitedError,
    ResponseFormatError,
)

__all__ = ["EXIT_CODES_HELP", "CliError", "ExitCode", "exit_code_for", "fail", "next_step"]


class ExitCode(IntEnum):
    """What a ``powerwall-async`` process exits with."""

    OK = 0
    ABORTED = 1
    """A confirmation was declined, or the command was interrupted."""
    USAGE = 2
    """Bad options or arguments, an unreadable config file (also click's own code)."""
    CONNECTION = 3
    """The gateway cannot be reached, does not speak TLS there, or did not answer in time."""
    CERTIFICATE = 4
    """The certificate is not the pinned/exported one, or the handshake was refused (SNI)."""
    AUTHENTICATION = 5
    """Wrong or missing password, a refused session, or the customer may not do this."""
    RATE_LIMITED = 6
    """The gateway answered 429: too many logins or requests."""
    UNSUPPORTED = 7
    """This firmware or gateway model does not offer the endpoint (404)."""
    GATEWAY = 8
    """The gateway failed: stopped system (502), busy (503), other errors, odd answers."""


_EXIT_FOR: tuple[tuple[type[PowerwallError], ExitCode], ...] = (
    (CertificateError, ExitCode.CERTIFICATE),
    (GatewayUnreachableError, ExitCode.CONNECTION),  # GatewayTimeoutError included
    (AuthenticationError, ExitCode.AUTHENTICATION),
    (AccessDeniedError, ExitCode.AUTHENTICATION),
    (RateLimitedError, ExitCode.RATE_LIMITED),
    (EndpointNotSupportedError, ExitCode.UNSUPPORTED),
    (ApiError, ExitCode.GATEWAY),
    (ResponseFormatError, ExitCode.GATEWAY),
    (PowerwallError, ExitCode.GATEWAY),
)
"""The one mapping from :class:`PowerwallError` subclasses to exit codes (first match wins)."""

EXIT_CODES_HELP = "\b\n" + "\n".join(
    [
        "Exit codes:",
        "  0  ok",
        "  1  declined or interrupted: nothing was changed",
        "  2  bad usage: options, arguments, config file",
        "  3  connection: unreachable, not TLS, timeout",
        "  4  certificate: not the pinned or exported one, SNI refused",
        "  5  authentication: password, session, access denied",
        "  6  rate limited (429): wait, then try again",
        "  7  not supported by this gateway or firmware (404)",
        "  8  gateway error: system stopped, busy, other errors",
    ]
)
"""The exit codes, for ``--help`` (``\\b`` keeps the lines as they are)."""


class CliError(Exception):
    """A failure the command line itself detects (bad usage, no password, a cooldown)."""

    def __init__(self, message: str, code: ExitCode) -> None:
        super().__init__(message)
        self.code = code


def exit_code_for(error: PowerwallError) -> ExitCode:
    """The exit code of a library error's class."""
    for cls, code in _EXIT_FOR:
        if isinstance(error, cls):
            return code
    return ExitCode.GATEWAY  # pragma: no cover - PowerwallError is the last entry


def _clock(seconds_from_now: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(time.time() + seconds_from_now))


def _certificate_step(error: CertificateError) -> str:
    if error.sha256:
        return (
            f"if this is your gateway, pin its certificate with --pin {error.sha256} (or save "
            "it with `powerwall-async fetch-cert --out FILE` and pass --cafile FILE)"
        )
    return (
        "check --sni (the gateway accepts powerwall, teg, powerpack or none) and the trust "
        "option (--pin / --cafile)"
    )


def _rate_limit_step(error: RateLimitedError) -> str:
    wait = max(error.retry_after, 0.0)
    return (
        f"try again after {_clock(wait)} (in {wait:.0f} s); the session is saved between "
        "commands, so later commands do not need to log in again"
    )


_NEXT_STEPS: tuple[tuple[type[PowerwallError], str | Callable[[Any], str]], ...] = (
    (CertificateError, _certificate_step),
    (
        GatewayUnreachableError,
        "check --host (the gateway's address, e.g. 192.168.91.1, port 443) and the network; "
        "on a slow link try a longer --timeout",
    ),
    (
        AccessDeniedError,
        "nothing to retry: do this in the Tesla app, or ask your installer",
    ),
    (
        AuthenticationError,
        "check the customer password (--password, POWERWALL_PASSWORD or the config file; "
        "firmware 24.36 and later refuse the default one from the label)",
    ),
    (RateLimitedError, _rate_limit_step),
    (
        EndpointNotSupportedError,
        "`powerwall-async endpoints` lists what this gateway answers",
    ),
    (
        PowerwallError,
        "try again later; `powerwall-async status` shows whether the system is running",
    ),
)


def next_step(error: PowerwallError) -> str:
    """What the user can do about ``error``, in one sentence."""
    step = next(step for cls, step in _NEXT_STEPS if isinstance(error, cls))
    return step if isinstance(step, str) else step(error)


def fail(error: PowerwallError | CliError) -> NoReturn:
    """Print one line for ``error`` on stderr and exit with its class's code."""
    if isinstance(error, CliError):
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(int(error.code))
    message = str(error).rstrip(". ")
    typer.echo(f"Error: {message}. Next: {next_step(error)}.", err=True)
    raise typer.Exit(int(exit_code_for(error)))
