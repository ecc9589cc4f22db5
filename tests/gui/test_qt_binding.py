"""Guards for bugs below our code that would end a reader's session."""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLineEdit

from archive_app.core.record import Archive
from archive_app.core.search import SearchIndex


def test_signal_emission_keeps_none_and_true_alive(qapp: QApplication) -> None:
    """PySide6 6.12.0 dropped a reference to None (and True) on every signal emission, so a
    session aborted with "none_dealloc" after a few thousand clicks; pyproject pins < 6.12."""
    action = QAction()
    action.setCheckable(True)
    field = QLineEdit()
    field.textChanged.connect(lambda text: None)
    before = sys.getrefcount(None), sys.getrefcount(True)
    for number in range(300):
        action.setChecked(number % 2 == 0)
        field.setText(str(number))
    after = sys.getrefcount(None), sys.getrefcount(True)
    assert after[0] > before[0] - 100 and after[1] > before[1] - 100, (before, after)


def test_index_builds_at_once_share_no_scratch_files(
    shipped: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoosh's RamStorage wrote scratch files to one shared $TMPDIR/MAIN.tmp, so two builds
    at once (two windows, two processes) deleted each other's files; ours stay in memory."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    errors: list[BaseException] = []
    built: list[SearchIndex] = []

    def build() -> None:
        try:
            for _ in range(3):
                built.append(SearchIndex(shipped))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(built) == 9
    assert all(index.search("国家安全法") for index in built)
    assert list(scratch.iterdir()) == []
