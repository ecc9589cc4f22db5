"""Hostile archives for tests: a copy of the shipped bag with crafted files whose checksums are
written into the manifest, so each case tests the reader, not the checksum check.

Also a hang guard: a test that reads a FIFO or ``/dev/zero`` fails after a few seconds instead
of blocking the suite forever.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.conftest import ARCHIVE

STATEMENT = json.loads((ARCHIVE / "data" / "statements" / "2021.json").read_text("utf-8"))


def statement(**changes: Any) -> dict[str, Any]:
    """The shipped 2021 statement as a dict, with ``changes`` applied to its keys."""
    data = copy.deepcopy(STATEMENT)
    data.update(changes)
    return data


def dump(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def rehash(root: Path) -> None:
    """Rewrite ``manifest-sha256.txt`` so every regular file under ``data/`` is listed with its
    real checksum (anything else on disk is listed with a made-up one, as a stick could)."""
    lines = []
    for path in sorted((root / "data").rglob("*")):
        if path.is_symlink() or not path.exists() or path.is_dir():
            digest = "0" * 64
        elif path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        else:  # a FIFO or a device: never read here either
            digest = "0" * 64
        lines.append(f"{digest}  {path.relative_to(root).as_posix()}")
    (root / "manifest-sha256.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def crafted_bag(
    folder: Path,
    files: dict[str, bytes | Callable[[Path], None]],
    *,
    keep_shipped: bool = True,
    hashed: bool = True,
) -> Path:
    """A copy of the shipped bag under ``folder`` with ``files`` (relative path → bytes, or a
    function that makes the path: a FIFO, a link, a folder) added or replaced."""
    root = folder / "bag"
    shutil.copytree(ARCHIVE, root)
    if not keep_shipped:
        (root / "data" / "statements" / "2021.json").unlink()
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() or path.is_symlink():
            path.unlink()
        if callable(content):
            content(path)
        else:
            path.write_bytes(content)
    if hashed:
        rehash(root)
    return root


def fifo(path: Path) -> None:
    os.mkfifo(path)


def link_to(target: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.symlink_to(target)

    return make


def folder(path: Path) -> None:
    path.mkdir()


class Hung(BaseException):
    """Raised by the alarm; a BaseException, so no ``except OSError`` (TimeoutError is one) or
    ``except Exception`` in the code under test can swallow it."""


@contextmanager
def hang_guard(seconds: int = 10) -> Iterator[None]:
    """Fail (TimeoutError) instead of hanging when the body blocks longer than ``seconds``."""

    def alarm(signum: int, frame: object) -> None:
        raise Hung(f"hung for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
