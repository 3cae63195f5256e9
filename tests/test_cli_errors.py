"""Exit codes by failure class, one-line messages that say what to do, no tracebacks."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from powerwall_async import (
    AccessDeniedError,
    ApiError,
    AuthenticationError,
    CertificateError,
    EndpointNotSupportedError,
    GatewayBusyError,
    GatewayTimeoutError,
    GatewayUnreachableError,
    PowerwallError,
    RateLimitedError,
    ResponseFormatError,
    SitemasterStoppedError,
)
from powerwall_async.cli import app
from powerwall_async.cli._exit import ExitCode, exit_code_for

from .cli_helpers import Cli, closed_port, one_line_error, running_cli


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Cli]:
    with running_cli(tmp_path, monkeypatch) as running:
        yield running


class _PlainHttp(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.request.recv(4096)
        self.request.sendall(b"HTTP/1.1 301 Moved Permanently\r\nLocation: https://x/\r\n\r\n")


@pytest.fixture
def plain_http_port() -> Iterator[int]:
    """A server on 127.0.0.1 that answers plain HTTP, as a gateway's port 80 does."""
    with socketserver.TCPServer(("127.0.0.1", 0), _PlainHttp) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield server.server_address[1]
        server.shutdown()
        thread.join()


# -- the mapping -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("error", "code"),
    [
        (GatewayUnreachableError("x"), ExitCode.CONNECTION),
        (GatewayTimeoutError("x"), ExitCode.CONNECTION),
        (CertificateError("x"), ExitCode.CERTIFICATE),
        (AuthenticationError("x", status=401), ExitCode.AUTHENTICATION),
        (AccessDeniedError("x", status=403), ExitCode.AUTHENTICATION),
        (RateLimitedError("x", retry_after=60), ExitCode.RATE_LIMITED),
        (EndpointNotSupportedError("x", status=404), ExitCode.UNSUPPORTED),
        (SitemasterStoppedError("x", status=502), ExitCode.GATEWAY),
        (GatewayBusyError("x", status=503), ExitCode.GATEWAY),
        (ApiError("x", status=400), ExitCode.GATEWAY),
        (ResponseFormatError("x"), ExitCode.GATEWAY),
        (PowerwallError("x"), ExitCode.GATEWAY),
    ],
)
def test_one_exit_code_per_failure_class(error: PowerwallError, code: ExitCode) -> None:
    assert exit_code_for(error) is code


def test_help_documents_the_exit_codes() -> None:
    for args in (["--help"], ["status", "--help"], ["operation", "set", "--help"]):
        text = CliRunner().invoke(app, args, env={"COLUMNS": "200"}).stdout
        assert "Exit codes:" in text
        for code in ExitCode:
            if code is not ExitCode.OK:
                assert f"  {int(code)}  " in text


# -- against real sockets and the simulator ----------------------------------------------------
def test_connection_refused(cli: Cli) -> None:
    result = cli.run("status", "--host", f"127.0.0.1:{closed_port()}")
    assert result.exit_code == ExitCode.CONNECTION
    assert "check --host" in one_line_error(result)


def test_not_a_tls_port(cli: Cli, plain_http_port: int) -> None:
    result = cli.run("status", "--host", f"127.0.0.1:{plain_http_port}")
    assert result.exit_code == ExitCode.CONNECTION
    assert "does not speak TLS" in one_line_error(result)


def test_timeout(cli: Cli) -> None:
    cli.sim.faults.latency = 2.0
    result = cli.run("status", "--timeout", "0.2")
    assert result.exit_code == ExitCode.CONNECTION
    assert "did not answer" in one_line_error(result)


def test_untrusted_certificate_shows_what_to_pin(cli: Cli) -> None:
    result = cli.run("soe", pin=False)
    assert result.exit_code == ExitCode.CERTIFICATE
    message = one_line_error(result)
    assert f"--pin {cli.sim.cert_sha256}" in message
    assert cli.sim.request_log.matching() == []  # nothing was sent


def test_wrong_pin(cli: Cli) -> None:
    result = cli.run("soe", "--pin", "AB" * 32, pin=False)
    assert result.exit_code == ExitCode.CERTIFICATE
    assert "not the pinned one" in one_line_error(result)
    assert cli.sim.request_log.matching() == []


def test_refused_sni(cli: Cli) -> None:
    result = cli.run("soe", "--sni", "my-gateway.example")
    assert result.exit_code == ExitCode.CERTIFICATE
    assert "--sni" in one_line_error(result)


def test_wrong_password(cli: Cli) -> None:
    result = cli.run("soe", "--password", "not-the-password")
    assert result.exit_code == ExitCode.AUTHENTICATION
    assert "check the customer password" in one_line_error(result)
    assert cli.logins() == 1  # never retried automatically
    assert not list(cli.cache_dir.glob("session-*.json"))


def test_rate_limited(cli: Cli) -> None:
    cli.sim.lock_out(120)
    result = cli.run("soe")
    assert result.exit_code == ExitCode.RATE_LIMITED
    assert "try again after" in one_line_error(result)


def test_unsupported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with running_cli(tmp_path, monkeypatch, profile="restricted") as cli:
        result = cli.run("meters", "--json")
        assert result.exit_code == 0
        result = cli.run("operation", "get")
        assert result.exit_code == ExitCode.UNSUPPORTED
        assert "does not offer" in one_line_error(result)


def test_gateway_errors(cli: Cli) -> None:
    cli.sim.state.stop()
    stopped = cli.run("soe")
    assert stopped.exit_code == ExitCode.GATEWAY
    assert "stopped" in one_line_error(stopped)
    cli.sim.state.run()
    cli.sim.faults.error_503_rate = 1.0
    busy = cli.run("meters")
    assert busy.exit_code == ExitCode.GATEWAY
    assert "busy" in one_line_error(busy)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["operation", "set", "--mode", "eco", "--reserve", "20"], "unknown mode 'eco'"),
        (["operation", "set", "--mode", "backup", "--reserve", "101"], "from 0 to 100"),
        (["operation", "set", "--mode", "backup", "--reserve", "-1"], "from 0 to 100"),
        (["soe", "--pin", "12:34"], "64 hex digits"),
        (["soe", "--host", "http://192.168.91.1"], "HTTPS only"),
        (["soe", "--timeout", "0"], "positive number"),
    ],
)
def test_bad_input(cli: Cli, args: list[str], message: str) -> None:
    result = cli.run(*args, "--yes") if args[0] == "operation" else cli.run(*args)
    assert result.exit_code == ExitCode.USAGE
    assert message in one_line_error(result)
    assert cli.sim.request_log.matching() == []


def test_no_host(cli: Cli) -> None:
    result = cli.run("status", POWERWALL_HOST="")
    assert result.exit_code == ExitCode.USAGE
    assert "which gateway?" in one_line_error(result)
