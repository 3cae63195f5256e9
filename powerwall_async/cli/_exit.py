"""Exit codes: one per failure class, and the one mapping from library errors to them.

Every command ends through :func:`fail` when something goes wrong: an ``Error:`` line on stderr
saying what happened, a ``Next:`` line saying what to do, then the class's exit code. No
traceback.
"""

from __future__ import annotations

import re
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
    GatewayBusyError,
    GatewayPasswordError,
    GatewayUnreachableError,
    KeyFileError,
    PowerwallError,
    RateLimitedError,
    ResponseFormatError,
    SitemasterStoppedError,
    V1rKeyRequiredError,
    V1rUnauthorizedError,
    endpoints,
)
from ._text import printable

__all__ = [
    "EXIT_CODES_HELP",
    "CliError",
    "ExitCode",
    "cli_words",
    "describe",
    "exit_code_for",
    "fail",
    "leaf_error",
    "next_step",
]


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
    (KeyFileError, ExitCode.USAGE),
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
    """A failure the command line itself detects (bad usage, no password, a cooldown).

    ``next_step``, when given, is printed as the ``Next:`` line.
    """

    def __init__(self, message: str, code: ExitCode, *, next_step: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.next_step = next_step


def exit_code_for(error: PowerwallError) -> ExitCode:
    """The exit code of a library error's class."""
    for cls, code in _EXIT_FOR:
        if isinstance(error, cls):
            return code
    return ExitCode.GATEWAY  # pragma: no cover - PowerwallError is the last entry


def _leaves(error: BaseException) -> list[BaseException]:
    if isinstance(error, BaseExceptionGroup):
        return [leaf for inner in error.exceptions for leaf in _leaves(inner)]
    return [error]


def leaf_error(error: BaseException) -> BaseException:
    """The error that ends the command, out of an exception group (a task group's).

    Ctrl-C first, then the first failure the command line explains, then any other exit
    (``typer.Exit``); ``error`` itself when it is not a group or holds none of those.
    """
    leaves = _leaves(error)
    exits = (typer.Exit, typer.Abort, typer.TyperException)
    for kind in (KeyboardInterrupt, (PowerwallError, CliError), exits):
        found = next((leaf for leaf in leaves if isinstance(leaf, kind)), None)
        if found is not None:
            return found
    return error


def _clock(seconds_from_now: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(time.time() + seconds_from_now))


def _certificate_step(error: CertificateError) -> str:
    if error.sha256 and "not the pinned one" in str(error):
        return (
            "if the gateway's certificate really changed (it does after some resets), check it "
            f"with `powerwall-async fetch-cert`, then pin it with --pin {error.sha256}"
        )
    if error.sha256:
        return (
            "check that it is your gateway (`powerwall-async fetch-cert` saves the certificate), "
            f"then pin it with --pin {error.sha256}"
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


def _authentication_step(error: AuthenticationError) -> str:
    if isinstance(error, V1rUnauthorizedError):
        return (
            "register the key's public half with Tesla (`powerwall-async tedapi keygen` prints "
            "it for a new key) and confirm at the Powerwall, or check --tedapi-key"
        )
    if isinstance(error, V1rKeyRequiredError):
        return "settings go over v1r: pass --tedapi-key (the key registered for this site)"
    if isinstance(error, GatewayPasswordError):  # TEDAPI v1's Basic auth
        return (
            "check the gateway password (POWERWALL_GATEWAY_PASSWORD or gateway_password in the "
            "config file: the full Wi-Fi password on the sticker), and that this computer is "
            "on the gateway's Wi-Fi (192.168.91.x)"
        )
    return (
        "check the customer password (--password, POWERWALL_PASSWORD or the config file; "
        "firmware 24.36 and later refuse the default one from the label)"
    )


_RETRY_LATER = "try again later; `powerwall-async status` shows whether the system is running"

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
        KeyFileError,
        "check --tedapi-key (or POWERWALL_TEDAPI_KEY, or tedapi_key in the config file)",
    ),
    (AuthenticationError, _authentication_step),
    (RateLimitedError, _rate_limit_step),
    (
        EndpointNotSupportedError,
        "`powerwall-async endpoints` lists what this gateway answers",
    ),
    (
        SitemasterStoppedError,
        "start it with `powerwall-async sitemaster run`, or wait for it to come back",
    ),
    (PowerwallError, _RETRY_LATER),
)

_WHAT_IT_MEANS: tuple[tuple[type[ApiError], str], ...] = (
    (SitemasterStoppedError, "the system is stopped"),
    (GatewayBusyError, "the gateway is busy or failing"),
    (EndpointNotSupportedError, "this gateway or firmware does not offer it"),
    (AccessDeniedError, "the customer may not do this on this firmware"),
    (RateLimitedError, "too many logins or requests"),
    (AuthenticationError, "the password or the session was refused"),
)
"""What an HTTP error answer means, said after ``GET /api/x answered 502``."""

_PYTHON_ASIDE = re.compile(r"\s*\([^()]*(?:\w=|\w+Error\b|\w\(\))[^()]*\)")
"""A parenthesis naming a keyword argument, an exception class or a call (``(pass password=,
...)``, ``(404, EndpointNotSupportedError)``): Python, not the command line."""
_BARE_ANSWER = re.compile(r"answered \d{3}( \(.*\))?$")


def _first_clause(text: str) -> str:
    """``text`` up to its first ``"; "`` or ``" — "`` outside parentheses (the gateway's own
    words, quoted in parentheses, may hold either)."""
    depth = 0
    for index, character in enumerate(text):
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth <= 0 and text.startswith(("; ", " — "), index):
            return text[:index]
    return text


def next_step(error: PowerwallError) -> str:
    """What the user can do about ``error``, in one sentence."""
    step = next(step for cls, step in _NEXT_STEPS if isinstance(error, cls))
    return step if isinstance(step, str) else step(error)


def describe(error: PowerwallError) -> str:
    """What happened, in the command line's words.

    The library's messages end with advice for Python callers after ``"; "`` (``pin it with
    pin_sha256=...``); the ``Next:`` line gives the command line's instead, so only the first
    clause is kept. A fingerprint is left to the ``Next:`` line, so it is shown once.
    """
    what = _first_clause(str(error)).rstrip(". ")
    if isinstance(error, CertificateError) and error.sha256:
        what = what.replace(
            f" a certificate with SHA-256 {error.sha256},", " a certificate that is"
        )
    if isinstance(error, ApiError) and _BARE_ANSWER.search(what):
        meaning = next((text for cls, text in _WHAT_IT_MEANS if isinstance(error, cls)), None)
        if meaning is not None:
            what = f"{what}: {meaning}"
    if isinstance(error, EndpointNotSupportedError | AccessDeniedError) and error.path:
        endpoint = endpoints.find(error.method or "GET", error.path)
        if endpoint is not None and endpoint.firmware:
            what = f"{what}. {endpoint.firmware.rstrip('. ')}"
    return printable(cli_words(what))


_OPTION_NAMES = {"pin_sha256": "--pin", "sni_hostname": "--sni", "cafile": "--cafile"}
"""The library's keyword arguments, as the command line's options."""


def cli_words(text: str) -> str:
    """``text`` (a library message) without Python: asides naming classes, calls or keyword
    arguments are dropped, keyword arguments named as the options that set them."""
    text = _PYTHON_ASIDE.sub("", text)
    for argument, option in _OPTION_NAMES.items():
        text = re.sub(rf"\b{argument}\b=?", option, text)
    return text


def fail(error: PowerwallError | CliError) -> NoReturn:
    """Print ``Error:`` (and ``Next:``) for ``error`` on stderr and exit with its code."""
    if isinstance(error, CliError):
        typer.echo(f"Error: {printable(str(error))}", err=True)
        if error.next_step:
            typer.echo(f"Next: {error.next_step}", err=True)
        raise typer.Exit(int(error.code))
    typer.echo(f"Error: {describe(error)}", err=True)
    typer.echo(f"Next: {next_step(error)}", err=True)
    raise typer.Exit(int(exit_code_for(error)))
