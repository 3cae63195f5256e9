"""Turning a function into a gateway command: the connection options, and errors in one place.

``@gateway_command`` takes ``def status(settings: Settings, *, json_output: bool) -> None``
and gives typer a signature with the connection options added, so every command declares
them once, here. It is also the one place where errors end a command: a
:class:`~powerwall_async.PowerwallError` or :class:`CliError` becomes an ``Error:`` line (and
a ``Next:`` line) on stderr and its exit code (:mod:`._exit`), never a traceback.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import typing
from collections.abc import Callable, Iterator
from typing import Annotated, Any

import typer

from .. import PowerwallError, __version__
from ._exit import CliError, ExitCode, fail, leaf_error
from ._options import CONNECTION_PARAMETERS, NAMES, resolve_settings

__all__ = ["cli_errors", "gateway_command", "root_options"]

_CONTEXT = "typer_context"


@contextlib.contextmanager
def cli_errors() -> Iterator[None]:
    """End the command with an ``Error:`` line, a ``Next:`` line and its exit code on any
    expected failure, also when it arrives inside an exception group."""
    try:
        yield
    except BaseException as exc:  # sorted below; the rest is re-raised
        error = leaf_error(exc)  # a task group's ExceptionGroup holds the real failure
        if isinstance(error, PowerwallError | CliError):
            fail(error)
        if isinstance(error, KeyboardInterrupt):
            typer.echo("Interrupted.", err=True)
            raise typer.Exit(int(ExitCode.ABORTED)) from None
        if error is not exc:
            raise error from None
        raise


def _root_values(context: typer.Context) -> dict[str, Any]:
    root = context.find_root().obj
    return dict(root) if isinstance(root, dict) else {}


def gateway_command(func: Callable[..., None]) -> Callable[..., None]:
    """Add the connection options to ``func``'s signature and resolve them into its first
    argument, a :class:`Settings`."""
    hints = typing.get_type_hints(func, include_extras=True)
    own = [
        parameter.replace(annotation=hints.get(parameter.name, parameter.annotation))
        for parameter in list(inspect.signature(func).parameters.values())[1:]
    ]
    context = inspect.Parameter(
        _CONTEXT, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context
    )

    @functools.wraps(func)
    def command(**kwargs: Any) -> None:
        typer_context: typer.Context = kwargs.pop(_CONTEXT)
        options = {name: kwargs.pop(name) for name in NAMES}
        with cli_errors():
            settings = resolve_settings(options, _root_values(typer_context))
            func(settings, **kwargs)

    command.__signature__ = inspect.Signature([context, *own, *CONNECTION_PARAMETERS])  # type: ignore[attr-defined]
    command.__annotations__ = {}
    del command.__wrapped__  # typer must read the signature above, not func's
    return command


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"powerwall-async {__version__}")
        raise typer.Exit


_VERSION = inspect.Parameter(
    "version",
    inspect.Parameter.KEYWORD_ONLY,
    default=False,
    annotation=Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print the version and exit.",
            is_eager=True,
            callback=_show_version,
            show_default=False,
        ),
    ],
)


def root_options(typer_context: typer.Context, **options: Any) -> None:
    """Connection options given before the command apply to it (``--host H status``)."""
    options.pop("version", None)
    typer_context.obj = options


root_options.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
    [
        inspect.Parameter(
            "typer_context", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context
        ),
        _VERSION,
        *CONNECTION_PARAMETERS,
    ]
)
