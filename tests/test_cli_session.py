"""The saved session, the password prompt, logout, and where connection settings come from."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from powerwall_async.cli._exit import CliError
from powerwall_async.cli._options import gateway_url

from .cli_helpers import Cli, one_line_error, running_cli
from .helpers import LOGIN


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Cli]:
    with running_cli(tmp_path, monkeypatch) as running:
        yield running


def _session_file(cli: Cli) -> Path:
    [file] = cli.cache_dir.glob("session-*.json")
    return file


# -- the token cache ---------------------------------------------------------------------------
def test_the_second_command_sends_no_login(cli: Cli) -> None:
    assert cli.run("soe").exit_code == 0
    assert cli.logins() == 1
    cli.sim.request_log.clear()
    assert cli.run("meters").exit_code == 0
    assert cli.run("status").exit_code == 0
    assert cli.sim.request_log.matching(*LOGIN) == []
    public = {"/api/status"}  # the one endpoint asked that needs no session
    assert {r.path for r in cli.sim.request_log.matching(authenticated=False)} == public


def test_the_session_file_is_private_and_holds_no_password(cli: Cli) -> None:
    assert cli.run("soe").exit_code == 0
    file = _session_file(cli)
    assert file.parent == cli.home / "cache" / "powerwall-async"  # XDG_CACHE_HOME honoured
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert stat.S_IMODE(file.parent.stat().st_mode) == 0o700
    content = file.read_text()
    assert cli.sim.password not in content
    saved = json.loads(content)
    assert saved["key"] == cli.sim.url.removeprefix("https://")
    assert cli.sim.auth.valid(saved["token"])


def test_a_symlinked_cache_directory_is_not_followed(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir(mode=0o755)
    cli.cache_dir.parent.mkdir(parents=True)
    cli.cache_dir.symlink_to(target)
    result = cli.run("soe")
    assert result.exit_code == 0, result.output
    assert "the session is not saved" in result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o755  # its target was not chmod-ed
    assert list(target.iterdir()) == []


@pytest.mark.parametrize("kind", ["fifo", "symlink", "large"])
def test_a_session_file_that_is_not_a_small_regular_file_is_ignored(
    cli: Cli, tmp_path: Path, kind: str
) -> None:
    assert cli.run("soe").exit_code == 0
    file = _session_file(cli)
    saved = file.read_text()
    file.unlink()
    if kind == "fifo":
        os.mkfifo(file)
    elif kind == "symlink":
        (tmp_path / "planted.json").write_text(saved)
        file.symlink_to(tmp_path / "planted.json")
    else:
        file.write_text(saved[:-1] + ', "pad": "' + "x" * 100_000 + '"}')
    result = cli.run("soe")  # does not hang on the FIFO, does not use the planted token
    assert result.exit_code == 0, result.output
    assert cli.logins() == 2


def test_a_config_file_that_is_a_fifo(cli: Cli) -> None:
    config = cli.home / "config.fifo"
    os.mkfifo(config)
    result = cli.run("soe", "--config", str(config))
    assert result.exit_code == 2
    assert "not a regular file" in one_line_error(result)


def test_sessions_are_kept_per_gateway(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with running_cli(tmp_path, monkeypatch) as first, running_cli(tmp_path, monkeypatch) as second:
        assert first.run("soe").exit_code == 0
        assert second.run("soe").exit_code == 0
        assert len(list(first.cache_dir.glob("session-*.json"))) == 2
        assert first.run("soe").exit_code == 0
        assert second.run("soe").exit_code == 0
        assert first.logins() == second.logins() == 1


def test_an_expired_session_is_replaced_with_one_login(cli: Cli) -> None:
    assert cli.run("soe").exit_code == 0
    old = json.loads(_session_file(cli).read_text())["token"]
    cli.sim.expire_sessions()
    assert cli.run("soe").exit_code == 0
    assert cli.logins() == 2
    new = json.loads(_session_file(cli).read_text())["token"]
    assert new != old
    assert cli.sim.auth.valid(new)


def test_an_expired_session_without_a_password_asks_for_it(cli: Cli) -> None:
    assert cli.run("soe").exit_code == 0
    cli.sim.expire_sessions()
    result = cli.run("soe", password=False, input=cli.sim.password + "\n", terminal=True)
    assert result.exit_code == 0, result.output
    assert "Customer password" in result.stderr
    assert cli.logins() == 2
    assert cli.sim.auth.valid(json.loads(_session_file(cli).read_text())["token"])


def test_without_a_password_the_prompt_comes_after_the_connection_works(cli: Cli) -> None:
    result = cli.run("soe", password=False, input=cli.sim.password + "\n", terminal=True)
    assert result.exit_code == 0, result.output
    assert cli.logins() == 1
    # One refused request showed that a login is needed; nothing else was refused.
    assert len(cli.sim.request_log.matching(status=403)) == 1
    # A wrong certificate is reported before any password is asked for.
    wrong_pin = "00" * 32
    refused = cli.run("status", password=False, pin=False, POWERWALL_PIN=wrong_pin)
    assert refused.exit_code == 4
    assert "password" not in refused.stderr.lower()


def test_no_password_and_nothing_to_type(cli: Cli) -> None:
    result = cli.run("soe", password=False, terminal=True)  # the terminal gives no answer
    assert result.exit_code == 5
    assert "Error: no password" in result.stderr
    assert "Next: use --password or POWERWALL_PASSWORD" in result.stderr
    assert cli.logins() == 0


def test_without_a_terminal_no_password_is_asked_for(cli: Cli) -> None:
    result = cli.run("soe", password=False, input=cli.sim.password + "\n")
    assert result.exit_code == 5
    message = one_line_error(result)
    assert message.startswith("Error: no password")
    assert "use --password or POWERWALL_PASSWORD" in message
    assert "Customer password" not in result.stderr
    assert cli.logins() == 0


def test_a_pipe_for_stdin_prints_no_getpass_warning(cli: Cli) -> None:
    command = [sys.executable, "-c", "from powerwall_async.cli import main; main()", "soe"]
    env = {**os.environ, **cli.env(password=False)}
    done = subprocess.run(
        command, input="x\n", capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert done.returncode == 5
    assert "GetPassWarning" not in done.stderr
    assert done.stderr.startswith("Error: no password")


def test_a_wrong_password_at_the_prompt_is_asked_again(cli: Cli) -> None:
    typed = f"wrong\n{cli.sim.password}\n"
    result = cli.run("soe", password=False, input=typed, terminal=True)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("Customer password") == 2
    assert "try again" in result.stderr
    assert cli.logins() == 2
    never = cli.run("meters", password=False, input="a\nb\nc\nd\n", terminal=True)
    assert never.exit_code == 0  # the session from above
    cli.sim.expire_sessions()
    refused = cli.run("meters", password=False, input="a\nb\nc\nd\n", terminal=True)
    assert refused.exit_code == 5
    assert refused.stderr.count("Customer password") == 3  # then it gives up


def test_logout_ends_the_session_and_deletes_it(cli: Cli) -> None:
    assert cli.run("soe").exit_code == 0
    token = json.loads(_session_file(cli).read_text())["token"]
    result = cli.run("logout")
    assert result.exit_code == 0, result.output
    assert "Logged out" in result.stdout
    assert not list(cli.cache_dir.glob("session-*.json"))
    assert len(cli.sim.request_log.matching("GET", "/api/logout")) == 1
    assert not cli.sim.auth.valid(token)
    again = cli.json("logout")
    assert again == {
        "host": cli.sim.url.removeprefix("https://"),
        "had_session": False,
        "logged_out": False,
    }


def test_logout_of_a_session_the_gateway_already_ended(cli: Cli) -> None:
    assert cli.run("soe").exit_code == 0
    cli.sim.faults.next_statuses.append(401)  # the gateway refuses the session at logout
    result = cli.run("logout")
    assert result.exit_code == 0, result.output
    assert "already ended" in result.stdout
    assert not list(cli.cache_dir.glob("session-*.json"))
    assert cli.logins() == 1


def test_a_rate_limit_is_remembered_and_no_login_tried_before_it_ends(cli: Cli) -> None:
    cli.sim.lock_out(600)
    first = cli.run("soe")
    assert first.exit_code == 6
    message = one_line_error(first)
    assert "try again after" in message
    assert "do not need to log in again" in message
    saved = json.loads(_session_file(cli).read_text())
    assert "token" not in saved
    assert saved["rate_limited_until"] > 0
    tries = cli.logins()
    second = cli.run("soe")
    assert second.exit_code == 6
    assert "not logging in before" in one_line_error(second)
    assert cli.logins() == tries


# -- where settings come from ------------------------------------------------------------------
def test_options_before_the_command_and_precedence(cli: Cli) -> None:
    unreachable = "127.0.0.1:1"
    # The environment names a wrong host; the command line wins, before or after the command.
    assert cli.run("--host", cli.sim.url, "soe", POWERWALL_HOST=unreachable).exit_code == 0
    assert cli.run("soe", "--host", cli.sim.url, POWERWALL_HOST=unreachable).exit_code == 0
    # After the command beats before it.
    result = cli.run("--host", unreachable, "soe", "--host", cli.sim.url)
    assert result.exit_code == 0, result.output
    assert cli.run("soe", POWERWALL_HOST=unreachable).exit_code == 3


def test_a_config_file(cli: Cli) -> None:
    config = cli.home / "pw.toml"
    config.write_text(
        f'host = "{cli.sim.url}"\npin = "{cli.sim.cert_sha256}"\n'
        f'password = "{cli.sim.password}"\ntimeout = 5\n'
    )
    config.chmod(0o600)
    result = cli.run("soe", "--config", str(config), password=False, pin=False, POWERWALL_HOST="")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    # The default location, under the user's config directory.
    default = cli.home / "config" / "powerwall-async" / "config.toml"
    default.parent.mkdir(parents=True)
    default.write_text(config.read_text())
    default.chmod(0o644)
    result = cli.run("status", password=False, pin=False, POWERWALL_HOST="")
    assert result.exit_code == 0, result.output
    assert "others can read it" in result.stderr  # it holds a password
    # The environment beats the file.
    assert cli.run("soe", password=False, pin=False, POWERWALL_HOST="127.0.0.1:1").exit_code == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('hots = "x"\n', "unknown key 'hots'"),
        ("timeout = 'soon'\n", "timeout must be a int or float"),
        ("insecure = 1\n", "insecure must be a bool"),
        ("host = \n", "not valid TOML"),
    ],
)
def test_a_bad_config_file(cli: Cli, content: str, message: str) -> None:
    config = cli.home / "bad.toml"
    config.write_text(content)
    result = cli.run("soe", "--config", str(config))
    assert result.exit_code == 2
    assert message in one_line_error(result)
    missing = cli.run("soe", "--config", str(cli.home / "missing.toml"))
    assert missing.exit_code == 2
    assert "no config file" in one_line_error(missing)


def test_trust_options(cli: Cli, tmp_path: Path) -> None:
    both = cli.run("soe", "--insecure", "--pin", cli.sim.cert_sha256)
    assert both.exit_code == 2
    assert "choose one way" in one_line_error(both)
    # The command line beats the pin in the environment.
    insecure = cli.run("soe", "--insecure")
    assert insecure.exit_code == 0, insecure.output
    pem = tmp_path / "gateway.pem"
    fetched = cli.run("fetch-cert", "--out", str(pem), pin=False)
    assert fetched.exit_code == 0, fetched.output
    assert cli.sim.cert_sha256 in fetched.stdout
    assert pem.read_text() == cli.sim.cert_pem
    assert cli.run("soe", "--cafile", str(pem), pin=False).exit_code == 0
    # A pin on the command line beats a cafile in the environment.
    assert (
        cli.run("soe", "--pin", cli.sim.cert_sha256, pin=False, POWERWALL_CAFILE="/nope").exit_code
        == 0
    )


def test_fetch_cert_json_uses_the_forced_sni(cli: Cli) -> None:
    info = cli.json("fetch-cert", pin=False, password=False)
    assert info["sha256"] == cli.sim.cert_sha256
    assert info["pem"] == cli.sim.cert_pem
    assert info["saved_to"] is None
    assert cli.sim.request_log.matching() == []  # a handshake only
    refused = cli.run("fetch-cert", "--sni", "gateway.local", pin=False)
    assert refused.exit_code == 4
    assert cli.sim.refused_sni == ["gateway.local"]


@pytest.mark.parametrize(
    ("typed", "url"),
    [
        ("192.168.91.1", "https://192.168.91.1:443"),
        ("192.168.91.1:8443", "https://192.168.91.1:8443"),
        ("https://powerwall.local", "https://powerwall.local:443"),
        ("https://10.0.0.2:4443/", "https://10.0.0.2:4443"),
        ("fe80::1", "https://[fe80::1]:443"),
        ("[fe80::1]:8443", "https://[fe80::1]:8443"),
        ("fixture:///tmp/recorded", "fixture:///tmp/recorded"),
    ],
)
def test_host_forms(typed: str, url: str) -> None:
    assert gateway_url(typed) == url


@pytest.mark.parametrize(
    "typed", ["http://192.168.91.1", "192.168.91.1:99999", "https://x/api", "a b:c"]
)
def test_hosts_that_are_not_gateway_addresses(typed: str) -> None:
    with pytest.raises(CliError):
        gateway_url(typed)
