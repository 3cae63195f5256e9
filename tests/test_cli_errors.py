"""Exit codes by failure class, one-line messages that say what to do, no tracebacks."""

from __future__ import annotations

import json
import re
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from anyio.from_thread import start_blocking_portal
from typer.testing import CliRunner, Result

from powerwall_async import (
    AccessDeniedError,
    ApiError,
    AuthenticationError,
    CertificateError,
    EndpointNotSupportedError,
    GatewayBusyError,
    GatewayPasswordError,
    GatewayTimeoutError,
    GatewayUnreachableError,
    PowerwallError,
    RateLimitedError,
    ResponseFormatError,
    SitemasterStoppedError,
    V1rKeyRequiredError,
)
from powerwall_async.cli import app
from powerwall_async.cli._exit import ExitCode, describe, exit_code_for, next_step

from .cli_helpers import Cli, closed_port, one_line_error, running_cli
from .hostile import answer_with, hostile_peer


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
        (GatewayPasswordError("x", status=403), ExitCode.AUTHENTICATION),
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


def test_the_advice_for_a_password_follows_the_class_not_the_words() -> None:
    gateway = GatewayPasswordError("GET /tedapi/din answered 403", status=403)
    customer = AuthenticationError("the gateway password is fine; this one is not", status=401)
    assert next_step(gateway).startswith("check the gateway password")
    assert "192.168.91.x" in next_step(gateway)
    assert next_step(customer).startswith("check the customer password")
    missing_key = V1rKeyRequiredError("settings go over v1r", status=401)
    assert "--tedapi-key" in next_step(missing_key)


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
    assert message.count(cli.sim.cert_sha256) == 1  # the fingerprint once
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


# -- in the command line's words -----------------------------------------------------------------
PYTHON_WORDS = re.compile(r"\w+Error\b|pin_sha256|password=|\w\(\)|powerwall_async\.")


def _cli_words(result: Result) -> str:
    message = one_line_error(result)
    assert not PYTHON_WORDS.search(message), message
    error, _, step = message.partition("\nNext: ")
    for sentence in filter(None, step.split("; ")):  # advice is given once, on the Next: line
        assert sentence.split(" (")[0] not in error, message
    return message


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["soe"], "then pin it with --pin"),
        (["soe", "--pin", "AB" * 32], "not the pinned one"),
        (["soe", "--pin", "12:34"], "--pin must be"),
        (["soe", "--password", "wrong"], "the password or the session was refused"),
        (["soe", "--sni", "my-gateway.example"], "check --sni"),
    ],
)
def test_messages_speak_cli(cli: Cli, args: list[str], words: str) -> None:
    assert words in _cli_words(cli.run(*args, pin="--pin" not in args and args != ["soe"]))


def test_a_stopped_system_says_which_command_starts_it(cli: Cli) -> None:
    cli.sim.state.stop()
    message = _cli_words(cli.run("soe"))
    assert "start it with `powerwall-async sitemaster run`" in message


def test_removed_endpoint_names_the_firmware_not_the_exception(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with running_cli(tmp_path, monkeypatch, profile="23.44") as cli:
        message = _cli_words(cli.run("vitals"))
    assert "Firmware 23.44 removed it" in message


def test_missing_cafile_is_named(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "gateway.pem"
    result = cli.run("soe", "--cafile", str(missing), pin=False)
    assert result.exit_code == ExitCode.USAGE
    assert f"--cafile {missing}: no such file" in _cli_words(result)
    assert cli.sim.request_log.matching() == []


def test_missing_recordings_directory(cli: Cli, tmp_path: Path) -> None:
    result = cli.run("soe", "--host", f"fixture://{tmp_path / 'nope'}")
    assert result.exit_code == ExitCode.USAGE
    message = _cli_words(result)
    assert "does not exist" in message
    assert "network" not in message


def test_gateway_messages_are_cut_and_cleaned(cli: Cli) -> None:
    """An error message from the gateway can neither drive the terminal nor flood it."""
    hostile = "\x1b]0;owned\x07\x1b[2J\x9b1m\u202e" + "x" * 5000
    body = json.dumps({"code": 500, "error": hostile, "message": "m"}).encode()
    head = b"HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json\r\n"
    head += b"content-length: " + str(len(body)).encode()
    with (
        start_blocking_portal() as portal,
        portal.wrap_async_context_manager(hostile_peer(answer_with(head, body))) as peer,
    ):
        result = cli.run("soe", "--host", f"127.0.0.1:{peer.port}", "--pin", peer.sha256)
    assert result.exit_code == ExitCode.GATEWAY
    message = one_line_error(result)
    assert "owned" not in message
    assert not any(
        ord(character) < 32 or 0x7F <= ord(character) < 0xA0
        for character in message.replace("\n", "")
    )
    assert "\u202e" not in message
    assert len(message) < 700
    assert "xxxx…" in message


def test_the_gateways_own_words_are_kept_whole() -> None:
    """Advice after "; " is dropped, but not a "; " inside the gateway's quoted message."""
    error = GatewayBusyError("GET /api/x answered 500 (a; b); the gateway is busy", status=500)
    assert describe(error) == "GET /api/x answered 500 (a; b): the gateway is busy or failing"
