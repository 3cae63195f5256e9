"""Reading the command line's own small files (config, saved sessions) without surprises.

A path can name a FIFO (reading it blocks until someone writes), a device, a huge file or a
symbolic link planted by someone else. :func:`read_small_file` opens without blocking and
without following a final symlink, and reads only a regular file of bounded size.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["NotASmallFileError", "is_real_directory", "read_small_file"]


class NotASmallFileError(OSError):
    """The path is not a regular file (a FIFO, a device, a directory, a link) or too large."""


def read_small_file(path: Path, *, limit: int, follow_symlinks: bool = True) -> bytes:
    """The bytes of ``path``, a regular file of at most ``limit`` bytes.

    Raises :class:`FileNotFoundError` when it does not exist, :class:`NotASmallFileError` when
    it is something else, and other :class:`OSError` when it cannot be read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        if not follow_symlinks and path.is_symlink():
            raise NotASmallFileError(f"{path} is a symbolic link") from exc
        raise
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise NotASmallFileError(f"{path} is not a regular file")
        if info.st_size > limit:
            raise NotASmallFileError(f"{path} is larger than {limit} bytes")
        content = file.read(limit + 1)
    if len(content) > limit:
        raise NotASmallFileError(f"{path} is larger than {limit} bytes")
    return content


def is_real_directory(path: Path) -> bool:
    """Whether ``path`` is a directory itself, not a symbolic link to one."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False
