"""The optional config file: TOML with the connection settings, under the user's config dir.

``~/.config/powerwall-async/config.toml`` on Linux (platformdirs decides elsewhere), or the
file named by ``--config`` / ``POWERWALL_CONFIG``::

    host = "192.168.91.1"
    pin = "9F:3A:..."          # or: cafile = "/path/gateway.pem", or: insecure = true
    password = "ABCDE"         # keep the file private: chmod 600
    email = "me@example.com"
    sni = "powerwall"
    timeout = 10.0
    gateway_password = "ABCDEFGHIJ"   # TEDAPI v1: the full Wi-Fi password on the sticker
    tedapi_key = "~/.config/powerwall-async/v1r.pem"   # TEDAPI v1r (tedapi keygen)
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path
from typing import Any

import platformdirs
import typer

from ._exit import CliError, ExitCode
from ._files import NotASmallFileError, read_small_file

__all__ = ["CONFIG_KEYS", "default_config_path", "load_config"]

APP_NAME = "powerwall-async"
MAX_CONFIG_SIZE = 64 * 1024
"""Bytes a config file may hold (a few hundred are usual)."""

CONFIG_KEYS: dict[str, tuple[type, ...]] = {
    "host": (str,),
    "password": (str,),
    "email": (str,),
    "pin": (str,),
    "cafile": (str,),
    "insecure": (bool,),
    "sni": (str,),
    "timeout": (int, float),
    "gateway_password": (str,),
    "tedapi_key": (str,),
}
"""Every key the config file may hold, and the TOML types it takes."""


def default_config_path() -> Path:
    """``config.toml`` in the user's config directory."""
    return platformdirs.user_config_path(APP_NAME) / "config.toml"


def _warn_if_readable_by_others(path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        typer.echo(
            f"Warning: {path} holds a password and others can read it; run: chmod 600 {path}",
            err=True,
        )


def load_config(explicit: str | None) -> dict[str, Any]:
    """The settings in the config file (``{}`` when the default file does not exist).

    A file named explicitly must exist. Unknown keys and wrong types are usage errors.
    """
    path = Path(explicit).expanduser() if explicit else default_config_path()
    try:
        text = read_small_file(path, limit=MAX_CONFIG_SIZE)
    except FileNotFoundError:
        if explicit:
            raise CliError(f"no config file at {path}", ExitCode.USAGE) from None
        return {}
    except NotASmallFileError as exc:
        raise CliError(
            f"cannot use {exc}; a config file is a small TOML file", ExitCode.USAGE
        ) from None
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}", ExitCode.USAGE) from None
    try:
        data = tomllib.loads(text.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CliError(f"{path} is not valid TOML: {exc}", ExitCode.USAGE) from None
    for key, value in data.items():
        types = CONFIG_KEYS.get(key)
        if types is None:
            known = ", ".join(CONFIG_KEYS)
            raise CliError(f"{path}: unknown key {key!r} (known: {known})", ExitCode.USAGE)
        if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
            expected = " or ".join(t.__name__ for t in types)
            raise CliError(f"{path}: {key} must be a {expected}", ExitCode.USAGE)
    if "password" in data or "gateway_password" in data:
        _warn_if_readable_by_others(path)
    return data
