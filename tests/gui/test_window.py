"""The first window, driven through its real widgets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from archive_app.cli import main
from archive_app.core.archive import Archive
from archive_app.gui.fonts import load_bundled_fonts
from archive_app.gui.main_window import MainWindow
from tests.conftest import ARCHIVE


def make_window(qtbot: QtBot) -> MainWindow:
    window = MainWindow(Archive.load(ARCHIVE), cjk_families=load_bundled_fonts())
    qtbot.addWidget(window)
    return window


def test_window_shows_the_statement_and_switches_scripts(qtbot: QtBot) -> None:
    window = make_window(qtbot)
    assert window.years.count() == 1 and window.years.currentRow() == 0
    assert "2021" in window.years.item(0).text()
    text = window.reader.toPlainText()
    assert "Coalition Statement on June Fourth" in text and "《國家安全法》" in text
    assert "converted" not in text
    window.script.setCurrentIndex(window.script.findData("simplified"))
    text = window.reader.toPlainText()
    assert "《国家安全法》" in text and "converted from Traditional" in text
    window.view.setCurrentIndex(window.view.findData("en"))
    text = window.reader.toPlainText()
    assert "国家" not in text and "Tibetan Community in Britain" in text
    window.view.setCurrentIndex(window.view.findData("zh"))
    assert "This year marks" not in window.reader.toPlainText()


def test_side_by_side_marks_paragraphs_without_counterpart(qtbot: QtBot) -> None:
    window = make_window(qtbot)
    window.select(view="side-by-side", script="original")
    text = window.reader.toPlainText()
    assert text.count("No Chinese text in the source for this paragraph.") == 6


def test_reading_pane_loads_nothing(qtbot: QtBot) -> None:
    window = make_window(qtbot)
    assert not window.reader.openLinks() and not window.reader.openExternalLinks()
    from PySide6.QtCore import QUrl

    assert window.reader.loadResource(2, QUrl("https://example.org/x.png")) is None


def test_screenshot_command(tmp_path: Path) -> None:
    target = tmp_path / "shot.png"
    code = main(["gui", "--screenshot", str(target), "--script", "simplified", "--view", "zh"])
    assert code == 0
    image = QImage(str(target))
    assert (image.width(), image.height()) == (1280, 800)
