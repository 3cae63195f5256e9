"""The saved session: one small file per gateway, readable only by the user.

Logging in again for every command is what gets users locked out (429), so the token a
command obtained is kept for the next one: ``$XDG_CACHE_HOME/powerwall-async/`` when that
variable is set, else the user's cache directory (platformdirs), the directory mode 0700 and
each file 0600. A 429 is remembered there too, so that a later command does not try to log in
before the gateway's cooldown is over.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import time
from pathlib import Path
from typing import Any

import attrs
import platformdirs
import typer

from ._config import APP_NAME
from ._files import is_real_directory, read_small_file

__all__ = ["SavedSession", "TokenCache", "default_cache_directory"]

_UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")
MAX_SESSION_SIZE = 16 * 1024
"""Bytes a session file may hold (a token and two numbers: a few hundred)."""


def default_cache_directory() -> Path:
    """``$XDG_CACHE_HOME/powerwall-async`` if set (on every platform), else platformdirs'."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / APP_NAME
    return platformdirs.user_cache_path(APP_NAME)


@attrs.frozen(kw_only=True)
class SavedSession:
    """What is kept for one gateway."""

    token: str | None = attrs.field(default=None, repr=False)
    rate_limited_until: float | None = None
    """Wall-clock time (``time.time()``) before which no login should be tried."""

    def cooldown_left(self) -> float:
        """Seconds until the gateway's rate limit is over (0 when none is known)."""
        if self.rate_limited_until is None:
            return 0.0
        return max(0.0, self.rate_limited_until - time.time())


class TokenCache:
    """Saved sessions, one file per gateway (``host:port``)."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory if directory is not None else default_cache_directory()

    def path(self, key: str) -> Path:
        """The file holding the session for ``key``."""
        digest = hashlib.sha256(key.encode()).hexdigest()[:12]
        readable = _UNSAFE.sub("_", key).strip("_")[:60]
        return self.directory / f"session-{readable}-{digest}.json"

    def load(self, key: str) -> SavedSession:
        """The saved session for ``key`` (empty when there is none, or it is unreadable, or
        it is not a small regular file in a directory of its own: a link, a FIFO, a device
        is not read)."""
        if not is_real_directory(self.directory):
            return SavedSession()
        try:
            content = read_small_file(self.path(key), limit=MAX_SESSION_SIZE, follow_symlinks=False)
            data = json.loads(content.decode("utf-8"))
        except (OSError, ValueError):
            return SavedSession()
        if not isinstance(data, dict) or data.get("key") != key:
            return SavedSession()
        token = data.get("token")
        until = data.get("rate_limited_until")
        return SavedSession(
            token=token if isinstance(token, str) and token else None,
            rate_limited_until=float(until) if isinstance(until, int | float) else None,
        )

    def save(self, key: str, session: SavedSession) -> None:
        """Write the session for ``key`` (removing the file when there is nothing to keep)."""
        if session.token is None and session.cooldown_left() <= 0:
            self.remove(key)
            return
        data: dict[str, Any] = {"key": key, "saved": time.time()}
        if session.token is not None:
            data["token"] = session.token
        if session.rate_limited_until is not None:
            data["rate_limited_until"] = session.rate_limited_until
        try:
            self._write_private(self.path(key), json.dumps(data).encode())
        except OSError as exc:  # the command itself went well: say so, do not fail it
            typer.echo(f"Warning: the session is not saved: {exc}", err=True)

    def remove(self, key: str) -> bool:
        """Forget the session for ``key``; whether there was one."""
        try:
            self.path(key).unlink()
        except FileNotFoundError:
            return False
        return True

    def _write_private(self, path: Path, content: bytes) -> None:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not is_real_directory(self.directory):  # a link: its target is not ours to chmod
            raise NotADirectoryError(f"{self.directory} is a symbolic link, not a directory")
        os.chmod(self.directory, 0o700)
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as file:
                if hasattr(os, "fchmod"):
                    os.fchmod(file.fileno(), 0o600)
                file.write(content)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise
