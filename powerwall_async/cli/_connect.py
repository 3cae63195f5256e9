"""Running one command against the gateway: the client, the saved session, the password.

:func:`run_on_gateway` opens a :class:`~powerwall_async.Powerwall` with the saved token, asks
for the password only when a login is needed and none was given, runs the command's coroutine
on asyncio, and keeps whatever token the client ends up with for the next command.
"""

from __future__ import annotations

import contextlib
import sys
import time
import warnings
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TypeVar

import anyio
import attrs
import typer

from .. import AuthenticationError, Powerwall, RateLimitedError
from ..tedapi import KeyFilePermissionWarning
from ..transports import Transport, transport_for_url
from ..transports.fixture import FixtureTransport
from ._debug import EchoingTransport
from ._exit import CliError, ExitCode, cli_words, leaf_error
from ._options import Settings
from ._token_cache import SavedSession, TokenCache

__all__ = ["Action", "prompt_gateway_password", "prompt_password", "run_on_gateway"]

T = TypeVar("T")

Action = Callable[[Powerwall], Awaitable[T]]
"""What a command does with the connected client."""

TransportWrapper = Callable[[Transport], Transport]


REPLAY_GATEWAY_PASSWORD = "replay"  # noqa: S105 - not a secret: a stand-in
"""What a ``fixture://`` replay sends as the gateway password: the files do not check it."""

PROMPT_ATTEMPTS = 3
"""Passwords asked for at the terminal before giving up (the gateway locks out after 5)."""


def _no_password() -> CliError:
    return CliError(
        "no password: a login is needed",
        ExitCode.AUTHENTICATION,
        next_step="use --password or POWERWALL_PASSWORD (or password in the config file)",
    )


def stdin_is_terminal() -> bool:
    """Whether someone can be asked: stdin is a terminal (not a pipe, a file, /dev/null)."""
    return sys.stdin is not None and sys.stdin.isatty()


def prompt_password() -> str:
    """Ask for the customer password on the terminal (hidden); without a terminal to ask on,
    or without an answer, say how to give it."""
    if not stdin_is_terminal():
        raise _no_password()
    try:
        password: str = typer.prompt("Customer password", hide_input=True, err=True)
    except typer.Abort:
        raise _no_password() from None
    return password


def prompt_gateway_password() -> str | None:
    """Ask for the gateway (sticker) password on the terminal (hidden); ``None`` without a
    terminal to ask on or without an answer."""
    if not stdin_is_terminal():
        return None
    try:
        password: str = typer.prompt("Gateway password", hide_input=True, err=True)
    except typer.Abort:
        return None
    return password or None


@attrs.define
class _Outcome:
    """What the client held when the command ended, for the session file."""

    token: str | None = attrs.field(default=None, repr=False)


def _client(
    settings: Settings,
    *,
    password: str | None,
    token: str | None,
    wrap: TransportWrapper | None,
) -> Powerwall:
    _check_files(settings)
    try:
        transport = transport_for_url(
            settings.url, timeout=settings.timeout, **settings.transport_options()
        )
    except ValueError as exc:
        raise CliError(cli_words(str(exc)), ExitCode.USAGE) from None
    if isinstance(transport, FixtureTransport) and not transport.directory.is_dir():
        raise CliError(
            f"the recordings directory {transport.directory} does not exist",
            ExitCode.USAGE,
            next_step="`powerwall-async record DIR` records a gateway into DIR",
        )
    if settings.debug:
        transport = EchoingTransport(transport)
    if wrap is not None:
        transport = wrap(transport)
    gateway_password = settings.gateway_password
    if settings.is_recording and gateway_password is None:
        gateway_password = REPLAY_GATEWAY_PASSWORD
    return Powerwall(
        transport,
        password=password,
        email=settings.email,
        token=token,
        timeout=settings.timeout,
        gateway_password=gateway_password,
        tedapi_key=None if settings.tedapi_key is None else Path(settings.tedapi_key).expanduser(),
    )


def _check_files(settings: Settings) -> None:
    """A missing --cafile is named, before anything is sent."""
    if settings.cafile is None:
        return
    path = Path(settings.cafile).expanduser()
    if not path.is_file():
        raise CliError(
            f"--cafile {path}: no such file",
            ExitCode.USAGE,
            next_step=f"`powerwall-async fetch-cert --out {path}` saves the gateway's certificate",
        )


def _run(
    settings: Settings,
    action: Action[T],
    *,
    password: str | None,
    token: str | None,
    wrap: TransportWrapper | None,
    outcome: _Outcome,
) -> T:
    async def main() -> T:
        with _warnings_as_lines():
            async with _client(settings, password=password, token=token, wrap=wrap) as pw:
                try:
                    return await action(pw)
                except BaseExceptionGroup as group:  # a task group's: the failure counts
                    error = leaf_error(group)
                    if error is group:
                        raise
                    raise error from None
                finally:
                    outcome.token = pw.token

    return anyio.run(main, backend="asyncio")


@contextlib.contextmanager
def _warnings_as_lines() -> Iterator[None]:
    """The library's warning about a key file others can read, as a ``Warning:`` line
    (other warnings are shown as Python shows them)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", KeyFilePermissionWarning)
        try:
            yield
        finally:
            for found in caught:
                if issubclass(found.category, KeyFilePermissionWarning):
                    typer.echo(f"Warning: {found.message}", err=True)
                else:
                    warnings.showwarning(
                        found.message, found.category, found.filename, found.lineno
                    )


def run_on_gateway(
    settings: Settings,
    action: Action[T],
    *,
    may_prompt: bool = True,
    wrap: TransportWrapper | None = None,
) -> T:
    """Run ``action`` with a client for the gateway, reusing and then saving the session.

    The saved token is used when there is one; the password (option, environment or config
    file) lets the client log in when there is none or the gateway refuses it. Without a
    password, the first request that needs a session is refused (nothing happens on the
    gateway), and then the password is asked for and the action runs once more: so a wrong
    address or certificate is reported before anyone types a password. A 429 is remembered
    until its cooldown ends, and no login is attempted before then.
    """
    cache = TokenCache()
    key = settings.cache_key
    saved = initial = cache.load(key)
    password = None if settings.is_recording else settings.password
    if saved.token is None and password is not None:
        _refuse_during_cooldown(saved)
    outcome = _Outcome(token=saved.token)
    try:
        try:
            return _run(
                settings, action, password=password, token=saved.token, wrap=wrap, outcome=outcome
            )
        except AuthenticationError:
            outcome.token = None  # a saved session, if any, is no good
            if password is not None or not may_prompt or not settings.is_https:
                raise
        saved = SavedSession(rate_limited_until=saved.rate_limited_until)
        _refuse_during_cooldown(saved)
        attempts = 1
        while True:
            password = prompt_password()
            try:
                return _run(
                    settings, action, password=password, token=None, wrap=wrap, outcome=outcome
                )
            except AuthenticationError:
                if attempts == PROMPT_ATTEMPTS:
                    raise
            attempts += 1
            typer.echo("The gateway refused that password; try again.", err=True)
    except RateLimitedError as exc:
        saved = attrs.evolve(saved, rate_limited_until=time.time() + exc.retry_after)
        raise
    finally:
        final = attrs.evolve(saved, token=outcome.token)
        if final != initial:
            cache.save(key, final)


def _refuse_during_cooldown(saved: SavedSession) -> None:
    left = saved.cooldown_left()
    if left > 0:
        until = time.strftime("%H:%M:%S", time.localtime(time.time() + left))
        raise CliError(
            f"the gateway rate-limited this machine; not logging in before {until} (in "
            f"{left:.0f} s). Logging in again and again is what keeps the lockout going",
            ExitCode.RATE_LIMITED,
        )
