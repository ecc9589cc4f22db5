"""Windows for the GUI tests: the real MainWindow on the shipped archive or a synthetic one."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from archive_app.core.record import Alignment, Archive, Statement
from archive_app.core.settings import SettingsFile
from archive_app.gui import i18n
from archive_app.gui.fonts import load_bundled_fonts
from archive_app.gui.main_window import MainWindow
from tests.conftest import ARCHIVE, REPO

MakeWindow = Callable[..., MainWindow]


@pytest.fixture(autouse=True)
def _english_ui() -> Iterator[None]:
    """Every GUI test starts and ends in English, whatever the machine's locale."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture(scope="session")
def shipped() -> Archive:
    return Archive.load(ARCHIVE)


@pytest.fixture
def make_window(qtbot: QtBot, shipped: Archive) -> MakeWindow:
    def make(
        archive: Archive | None = None,
        *,
        settings_file: SettingsFile | None = None,
        show: bool = False,
    ) -> MainWindow:
        window = MainWindow(
            archive if archive is not None else shipped,
            cjk_families=load_bundled_fonts(),
            settings_file=settings_file,
        )
        qtbot.addWidget(window)
        window.persist_on_close = settings_file is not None
        if show:
            window.resize(1100, 760)
            with qtbot.waitActive(window):
                window.show()
                window.activateWindow()
            settle(qtbot, window)
        return window

    return make


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait for the window's first paint and for what waits for it (the status line, the
    history, the clear button: see MainWindow.__init__ and ebook.after_first_paint)."""
    qtbot.waitUntil(lambda: window.reader.painted, timeout=5000)
    QApplication.processEvents()


@pytest.fixture
def window(make_window: MakeWindow) -> MainWindow:
    return make_window(show=True)


def synthetic_archive(shipped: Archive, root: Path | None = None) -> Archive:
    """The 2021 statement plus a clearly synthetic 2022 one (test fixture, never shipped)."""
    base = shipped.get(2021)
    fake = dataclasses.replace(
        base,
        year=2022,
        title="SYNTHETIC TEST STATEMENT 2022 測試聲明",
        en=(
            "Synthetic paragraph one about lanterns. See https://example.org/report for more.",
            "Synthetic paragraph two about zebras and lanterns.",
        ),
        zh=("測試段落：燈籠與斑馬。", "只有中文的第二段，國家安全法。"),
        signatories=("Test Group",),
        alignment=Alignment(((1, 1),), "editorial judgement", "test", "synthetic"),
        path=None,
    )
    statements: tuple[Statement, ...] = (base, fake)
    return Archive(root or shipped.root, statements, (), "synthetic")


def run_to_first_paint(probe: str, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -c probe *args`` offscreen with ``home`` as the app's home, the app told to
    quit once it has painted (the start-up benchmark's switch); it must exit 0."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        ARCHIVE_APP_HOME=str(home),
        ARCHIVE_APP_FIRST_PAINT_EXIT="1",
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done


KEEP_WINDOWS = """
import archive_app.gui.main_window as main_window

made = []


class Kept(main_window.MainWindow):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        made.append(self)


main_window.MainWindow = Kept
"""
"""The start of a child's probe that keeps each MainWindow the entry point builds in ``made``."""
