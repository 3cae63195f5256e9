"""How the command line is tested (the ``test_cli_*`` modules import these helpers).

The simulator runs in a background thread with its own event loop (asyncio or trio, through
an anyio blocking portal); the CLI runs in-process with typer's ``CliRunner`` and its own
asyncio loop, over real TLS to 127.0.0.1. The tests themselves are synchronous, so they run
the same whatever loop hosts the rest of the suite.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from anyio.from_thread import start_blocking_portal
from typer.testing import CliRunner, Result

from powerwall_async.cli import _connect as cli_connect
from powerwall_async.cli import app
from powerwall_async.cli._options import ENV
from powerwall_async.testing import Simulator, simulate
from powerwall_async.testing._identity import PLACEHOLDERS

from .helpers import LOGIN, RECORDINGS

VITALS_SAMPLE = Path(__file__).parent / "fixtures" / "samples-misc" / "devices.vitals.bin"

SITE_SECRETS = {**PLACEHOLDERS, "Home Energy Gateway": "Smith Residence"}
"""The recordings' placeholders, and the real-looking values a realistic site has instead (the
simulator's made-up identity, and a site name)."""


def realistic_profile(directory: Path) -> Path:
    """The simulator's 21.44 recordings with real-looking identifiers, coordinates, JSON
    embedded in a string, and the vitals sample: a site worth redacting."""
    directory.mkdir(parents=True, exist_ok=True)
    for source in (RECORDINGS / "21.44-running").iterdir():
        if source.suffix == ".bin":
            continue  # binary: the vitals sample is written below
        text = source.read_text()
        for placeholder, value in SITE_SECRETS.items():
            text = text.replace(placeholder, value)
        # The recordings name the meter files without the brackets of the serial they hold.
        name = source.name.replace("METER_SERIAL", SITE_SECRETS["<<METER_SERIAL>>"])
        (directory / name).write_text(text)
    site_info = json.loads((directory / "site_info.json").read_text())
    site_info.update(latitude=37.4419, longitude=-122.143)
    (directory / "site_info.json").write_text(json.dumps(site_info))
    problems = {"problems": [{"detail": json.dumps({"serial_number": "EMB0012345678"})}]}
    (directory / "troubleshooting.problems.json").write_text(json.dumps(problems))
    (directory / "devices.vitals.bin").write_bytes(VITALS_SAMPLE.read_bytes())
    return directory


class Cli:
    """Runs ``powerwall-async`` in-process against one simulator, with a private home.

    The cache and config directories live under ``home``; the simulator's address, pin and
    password come from the environment unless a test says otherwise.
    """

    def __init__(self, sim: Simulator, home: Path) -> None:
        self.sim = sim
        self.home = home
        self.runner = CliRunner()
        self.extra_secrets: list[str] = []
        """Key material a test generated (PEM lines), checked like the passwords."""

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache" / "powerwall-async"

    def env(self, *, password: bool = True, pin: bool = True, **extra: str) -> dict[str, str]:
        env = {
            "XDG_CACHE_HOME": str(self.home / "cache"),
            "XDG_CONFIG_HOME": str(self.home / "config"),
            "COLUMNS": "160",
            "POWERWALL_HOST": self.sim.url,
        }
        if pin:
            env["POWERWALL_PIN"] = self.sim.cert_sha256
        if password:
            env["POWERWALL_PASSWORD"] = self.sim.password
        env.update(extra)
        return env

    def run(
        self,
        *args: str,
        input: str | None = None,  # noqa: A002 - CliRunner's name
        password: bool = True,
        pin: bool = True,
        terminal: bool = False,
        **env: str,
    ) -> Result:
        """Run the command; ``terminal``: as if stdin were a terminal, so that the password
        prompt reads ``input`` (CliRunner's stdin is a pipe, where the command does not ask)."""
        with mock.patch.object(cli_connect, "stdin_is_terminal", return_value=terminal):
            result = self.runner.invoke(
                app, list(args), input=input, env=self.env(password=password, pin=pin, **env)
            )
        for secret in (self.sim.password, *self.tokens(), *self.secrets):
            assert secret not in result.output, "a secret was printed"
        return result

    @property
    def secrets(self) -> list[str]:
        """The gateway password (on profiles serving TEDAPI) and any key material the test
        added to :attr:`extra_secrets`: never to be printed."""
        found = list(self.extra_secrets)
        if self.sim.tedapi is not None:
            found.append(self.sim.gateway_password)
        return found

    def json(self, *args: str, **options: Any) -> Any:
        result = self.run(*args, "--json", **options)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    def tokens(self) -> list[str]:
        """The tokens in the session files (to check that none is ever printed)."""
        if not self.cache_dir.is_dir():
            return []
        found = []
        for file in self.cache_dir.glob("session-*.json"):
            token = json.loads(file.read_text()).get("token")
            if token:
                found.append(token)
        return found

    def logins(self) -> int:
        return len(self.sim.request_log.matching(*LOGIN))


@contextmanager
def background_simulator(backend: str = "asyncio", **options: Any) -> Iterator[Simulator]:
    """``simulate(**options)`` served from a thread with its own event loop."""
    with (
        start_blocking_portal(backend=backend) as portal,
        portal.wrap_async_context_manager(simulate(**options)) as sim,
    ):
        yield sim


@contextmanager
def running_cli(
    home: Path, monkeypatch: pytest.MonkeyPatch, backend: str = "asyncio", **options: Any
) -> Iterator[Cli]:
    """A :class:`Cli` against a fresh simulator; the caller's POWERWALL_* variables unset."""
    for variable in ENV.values():
        monkeypatch.delenv(variable, raising=False)
    with background_simulator(backend, **options) as sim:
        yield Cli(sim, home)


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (free to listen on)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def one_line_error(result: Result) -> str:
    """The error message, checked to be one ``Error:`` line on stderr, perhaps followed by one
    ``Next:`` line, with no traceback; both lines, joined by a newline."""
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [
        line for line in result.stderr.strip().splitlines() if not line.startswith("Warning: ")
    ]
    assert 1 <= len(lines) <= 2, result.stderr
    assert lines[0].startswith("Error: "), result.stderr
    if len(lines) == 2:
        assert lines[1].startswith("Next: "), result.stderr
    return "\n".join(lines)
