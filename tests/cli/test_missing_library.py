"""A missing system library gives one plain sentence naming it and its package, no traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from archive_app.missing_library import missing_library, missing_library_message
from tests.conftest import REPO

# Refuses PySide6's GUI modules the way the dynamic loader does when libGL is not installed.
BLOCK_GL = """
import sys
class NoGL:
    def find_spec(self, name, path=None, target=None):
        if name in ("PySide6.QtGui", "PySide6.QtWidgets"):
            raise ImportError(
                "libGL.so.1: cannot open shared object file: No such file or directory"
            )
        return None
sys.meta_path.insert(0, NoGL())
from archive_app.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def test_no_libgl_gives_one_sentence_with_the_package(tmp_path: object) -> None:
    done = subprocess.run(
        [sys.executable, "-c", BLOCK_GL, "gui", "--screenshot", "x.png"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "libGL.so.1" in lines[0] and "libgl1" in lines[0]


def test_the_command_line_still_works_without_libgl() -> None:
    done = subprocess.run(
        [sys.executable, "-c", BLOCK_GL, "list"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "2021" in done.stdout


@pytest.mark.parametrize(
    ("message", "library", "package"),
    [
        ("libEGL.so.1: cannot open shared object file: No such file", "libEGL.so.1", "libegl1"),
        ("libxkbcommon.so.0: cannot open shared object file", "libxkbcommon.so.0", "libxkbcommon0"),
        ("libfoo-bar.so.3: cannot open shared object file", "libfoo-bar.so.3", "apt-file"),
    ],
)
def test_messages_name_library_and_package(message: str, library: str, package: str) -> None:
    error = ImportError(message)
    assert missing_library(error) == library
    text = missing_library_message(error)
    assert text is not None and library in text and package in text


def test_other_import_errors_stay_tracebacks() -> None:
    assert missing_library_message(ImportError("No module named 'foo'")) is None
