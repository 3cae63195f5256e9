"""``powerwall-async record DIR``: every safe GET, redacted, in the fixture layout.

Only endpoints declared as GETs without side effects are asked (never ``sitemaster/run`` or
``config/completed``, which are GETs that change state). Endpoints with a path parameter are
asked for each value the gateway itself names: the meter serials from GET /api/meters, the
brands of the installed inverters from GET /api/solars.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import attrs
import typer
from rich.progress import Progress

from .. import (
    ApiError,
    AuthenticationError,
    Powerwall,
    PowerwallError,
    RateLimitedError,
    ResponseFormatError,
    endpoints,
)
from ..endpoints import Endpoint
from ..models import to_json
from ..redaction import Redactor
from ..transports import Request, Response, Transport
from ..transports.fixture import recording_name
from ._command import gateway_command
from ._connect import run_on_gateway
from ._exit import CliError, ExitCode, describe
from ._options import Settings
from ._output import JsonOption, print_json, progress_bar
from ._recording_files import (
    RECORDING_SUFFIXES,
    Captured,
    clear_recordings,
    write_recordings,
)

__all__ = ["record"]


class CapturingTransport:
    """Passes every request on and keeps the last raw answer to each GET path, and each
    TEDAPI v1 exchange."""

    def __init__(self, inner: Transport) -> None:
        self.inner = inner
        self.answers: dict[str, Response] = {}
        self.tedapi: list[tuple[Request, Response]] = []

    def __repr__(self) -> str:
        return f"CapturingTransport({self.inner!r})"

    async def send(self, request: Request, *, timeout: float | None = None) -> Response:
        response = await self.inner.send(request, timeout=timeout)
        if request.method == "GET":
            self.answers[request.path] = response
        elif request.path.startswith("/tedapi/") and request.path.endswith("/v1"):
            self.tedapi.append((request, response))
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


def _field_values(answer: Any, field: str) -> list[str]:
    """The distinct string values of ``field`` in a list of objects, in order."""
    values = answer if isinstance(answer, list) else []
    found = [item.get(field) for item in values if isinstance(item, dict)]
    return list(dict.fromkeys(value for value in found if isinstance(value, str) and value))


Discovery = Callable[[dict[str, Any]], list[str]]

DISCOVERIES: dict[str, Discovery] = {
    "meters.cts": lambda answers: _field_values(answers.get("/api/meters"), "serial"),
    "meters.ct_config": lambda answers: _field_values(answers.get("/api/meters"), "serial"),
    "solars.brand_models": lambda answers: _field_values(answers.get("/api/solars"), "brand"),
}
"""Where the values of a method's path parameter come from: earlier answers, by path."""


def recordable() -> list[Endpoint[Any]]:
    """Every declared GET without side effects (parameterless ones first)."""
    safe = [e for e in endpoints.every() if e.method == "GET" and not e.side_effects]
    return sorted(safe, key=lambda endpoint: bool(endpoint.parameters))


@attrs.define
class _Session:
    """What one recording run gathered."""

    capturing: CapturingTransport | None = None
    answers: dict[str, Any] = attrs.field(factory=dict)
    captures: list[Captured] = attrs.field(factory=list)
    not_recorded: list[str] = attrs.field(factory=list)
    token: str | None = attrs.field(default=None, repr=False)

    def start_over(self) -> None:
        self.answers.clear()
        self.captures.clear()
        self.not_recorded.clear()

    def wrap(self, transport: Transport) -> Transport:
        self.capturing = CapturingTransport(transport)
        return self.capturing


async def _fetch(pw: Powerwall, run: _Session, path: str) -> None:
    error: ApiError | ResponseFormatError | None = None
    try:
        run.answers[path] = await pw.request("GET", path)
    except (AuthenticationError, RateLimitedError):
        raise  # nothing more can be recorded now
    except (ApiError, ResponseFormatError) as exc:
        error = exc  # the raw answer is captured all the same, if there was one
    assert run.capturing is not None
    response = run.capturing.answers.pop(path, None)
    if response is None:  # the client refused to send it (a cooldown, a known 404)
        run.not_recorded.append(f"GET {path}: {error}")
        return
    try:
        stem = recording_name("GET", path)
    except ValueError:  # a gateway-supplied value that decodes to "..": no file for it
        run.not_recorded.append(f"GET {path}: its path cannot name a file")
        return
    run.captures.append(Captured(path, stem, response))


def _paths(endpoint: Endpoint[Any], answers: dict[str, Any], run: _Session) -> list[str]:
    if not endpoint.parameters:
        return [endpoint.url_path()]
    discover = DISCOVERIES.get(endpoint.qualified_name)
    if discover is None:
        run.not_recorded.append(f"GET /api{endpoint.path}: its parameter cannot be discovered")
        return []
    paths = []
    for value in discover(answers):
        try:
            paths.append(endpoint.url_path(value))
        except ValueError:
            continue
    return paths


async def _capture(pw: Powerwall, run: _Session, progress: Progress) -> None:
    endpoints = recordable()
    total = len(endpoints)
    task = progress.add_task("Recording", total=total)
    for endpoint in endpoints:
        paths = _paths(endpoint, run.answers, run)
        total += len(paths) - 1
        progress.update(task, total=total)
        for path in paths:
            progress.update(task, description=f"GET {path}")
            await _fetch(pw, run, path)
            progress.advance(task)
    progress.update(task, description="Recorded")
    run.token = pw.token


async def _capture_tedapi(pw: Powerwall, run: _Session) -> None:
    """The TEDAPI v1 answers: DIN, system information, config, status, and each Powerwall
    3's components (through the site, which asks every unit)."""
    reads = (pw.tedapi.din, pw.tedapi.system_info, pw.tedapi.config, pw.tedapi.status)
    for read in (*reads, pw.tedapi.site):
        try:
            await read()
        except RateLimitedError:
            raise
        except PowerwallError as exc:  # a refused gateway password too: REST is recorded
            run.not_recorded.append(f"TEDAPI {read.__name__}: {describe(exc)}")
            if read is pw.tedapi.din or isinstance(exc, AuthenticationError):
                break
    assert run.capturing is not None
    din_response = run.capturing.answers.pop("/tedapi/din", None)
    if din_response is not None:
        run.captures.append(
            Captured("/tedapi/din", recording_name("GET", "/tedapi/din"), din_response)
        )
    seen: set[str] = set()
    for request, response in run.capturing.tedapi:
        stem = recording_name("POST", request.path, request.body)
        if stem not in seen:
            seen.add(stem)
            run.captures.append(Captured(request.path, stem, response, method="POST"))
    run.capturing.tedapi.clear()


def _prepare(directory: Path, *, force: bool) -> None:
    if directory.exists() and not directory.is_dir():
        raise CliError(f"{directory} is not a directory", ExitCode.USAGE)
    if not directory.exists():
        return
    existing = [file for file in directory.iterdir() if file.suffix in RECORDING_SUFFIXES]
    if existing and not force:
        raise CliError(
            f"{directory} already holds recordings; pass --force to replace them",
            ExitCode.USAGE,
        )
    clear_recordings(directory)


@gateway_command
def record(
    settings: Settings,
    directory: Annotated[Path, typer.Argument(help="Where to write the recordings.")],
    *,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the recordings already in DIR.")
    ] = False,
    json_output: JsonOption = False,
) -> None:
    """Record every safe GET into DIR (redacted), replayable with fixture://DIR; with a
    gateway password, the TEDAPI v1 answers too."""
    _prepare(directory, force=force)
    run = _Session()
    progress = progress_bar(transient=json_output)

    async def capture(pw: Powerwall) -> None:
        run.start_over()  # a second attempt, after the password was asked for, starts afresh
        with progress:
            await _capture(pw, run, progress)
        if settings.gateway_password is not None:
            await _capture_tedapi(pw, run)
        elif settings.tedapi_key is not None:
            run.not_recorded.append(
                "TEDAPI: only v1 (the gateway password) is recorded; signed v1r requests "
                "cannot be replayed"
            )

    stopped: PowerwallError | KeyboardInterrupt | None = None
    try:
        run_on_gateway(settings, capture, wrap=run.wrap)
    except (PowerwallError, KeyboardInterrupt) as exc:
        if not run.captures:
            raise
        stopped = exc  # what was recorded so far is written all the same, then it fails
        why = "interrupted" if isinstance(exc, KeyboardInterrupt) else describe(exc)
        run.not_recorded.append(f"the recording stopped early: {why}")
    secrets = [
        secret for secret in (settings.password, settings.gateway_password, run.token) if secret
    ]
    recording = write_recordings(
        directory, run.captures, Redactor(secrets), not_recorded=run.not_recorded
    )
    if json_output:
        print_json({"directory": str(directory), **to_json(recording)})
    else:
        typer.echo(
            f"Recorded {len(recording.files)} answers into {directory} (see README.txt there)."
        )
    if stopped is not None:
        raise stopped
