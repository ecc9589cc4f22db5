"""Reading files that came from outside: regular files only, sizes checked before reading.

A stick that is handed on can carry anything where a statement, a manifest or a settings file
should be: a FIFO (reading blocks forever), a symbolic link to ``/dev/zero`` (reading never
ends), a directory named ``2022.json``, a file of gigabytes. Every reader of such a file goes
through :func:`read_regular`, which refuses all of these by name *before* reading a byte:

- the path itself must be a regular file (``lstat``: a symbolic link is refused, so a link to a
  device, or to a file elsewhere on the machine, is never followed);
- it is opened non-blocking and checked again on the open descriptor (``fstat``), so a file
  swapped for a FIFO between the two checks is still refused;
- its size must be at most ``limit``, and no more than ``limit`` bytes are ever read.

:func:`json_depth` measures how deeply a JSON text nests without parsing it, so a text nested
200,000 deep is refused before :func:`json.loads` could recurse into it.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from archive_app.core.errors import ArchiveAppError

__all__ = [
    "FileRefused",
    "describe_kind",
    "format_size",
    "hash_regular",
    "holds",
    "json_depth",
    "open_regular",
    "read_regular",
]


class FileRefused(ArchiveAppError):
    """A file that is not a regular file, or too large; callers re-raise it as their own error."""


def describe_kind(mode: int) -> str:
    """What a non-regular file is, in words for an error message."""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def format_size(size: int) -> str:
    """``2 MiB``, ``64 KiB``, ``512 bytes``."""
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= factor:
            value = size / factor
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"


_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO opens at once instead of waiting for a writer
    | getattr(os, "O_NOFOLLOW", 0)  # a symbolic link swapped in after lstat is not followed
    | getattr(os, "O_BINARY", 0)
)


# What open(O_NOFOLLOW) says for a symbolic link (Linux: ELOOP; FreeBSD: EMLINK).
_LOOP_ERRNOS = {errno.ELOOP, errno.EMLINK}


def _refuse_kind(path: Path, mode: int) -> FileRefused:
    return FileRefused(
        f"{describe_kind(mode)}, not a regular file; refused (only regular files are read)", path
    )


def open_regular(path: Path, limit: int | None = None) -> int:
    """An open, read-only descriptor of the regular file ``path``, or :class:`FileRefused`.

    ``limit`` (bytes), when given, is checked against the file's size before it is opened.
    :class:`OSError` (missing file, no permission) passes through for the caller to word.
    """
    path = Path(path)
    mode = os.lstat(path).st_mode
    if not stat.S_ISREG(mode):
        raise _refuse_kind(path, mode)
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        if exc.errno is not None and exc.errno in _LOOP_ERRNOS:  # became a symlink meanwhile
            raise FileRefused("a symbolic link, not a regular file; refused", path) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _refuse_kind(path, info.st_mode)
        if limit is not None and info.st_size > limit:
            raise FileRefused(
                f"the file is {format_size(info.st_size)}, more than the {format_size(limit)} "
                "this app reads; refused",
                path,
            )
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path`` (at most ``limit`` of them), or :class:`FileRefused`.

    The file is checked before reading (kind and size) and the read itself stops after
    ``limit + 1`` bytes, so a file that grows while it is read is refused too.
    """
    fd = open_regular(path, limit)
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileRefused(f"the file is more than the {format_size(limit)} this app reads", path)
    return data


def holds(path: Path, data: bytes, limit: int) -> bool:
    """Whether ``path`` is a regular file holding exactly ``data`` (anything else: False, and
    a FIFO or a link is never opened for reading)."""
    if len(data) > limit:
        return False
    try:
        return read_regular(path, limit) == data
    except (FileRefused, OSError):
        return False


def hash_regular(path: Path, update: Callable[[bytes], object], block: int = 1 << 16) -> None:
    """Feed the whole regular file ``path`` to ``update`` (a hash's ``update``), any size."""
    fd = open_regular(path)
    with os.fdopen(fd, "rb") as handle:
        for chunk in iter(lambda: handle.read(block), b""):
            update(chunk)


# A JSON string (with its escapes), or one bracket. Strings are skipped, so a "[" inside a
# title does not count; everything else (numbers, literals, commas) is not matched at all.
_JSON_TOKENS = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]', re.DOTALL)


def json_depth(text: str, stop_at: int | None = None) -> int:
    """How deeply ``text`` nests arrays and objects (``{"a": [1]}`` is 2), without parsing.

    With ``stop_at``, the scan ends as soon as that depth is reached (and returns it), so a
    hostile text costs no more than its first few thousand brackets.
    """
    depth = deepest = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group(0)
        if token == "[" or token == "{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if stop_at is not None and deepest >= stop_at:
                    return deepest
        elif token == "]" or token == "}":
            depth = max(depth - 1, 0)
    return deepest
