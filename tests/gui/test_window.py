"""The reader's window driven through its real widgets, menus and shortcuts."""

from __future__ import annotations

import gettext
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QHelpEvent, QImage, QPalette, QTextCursor, QWheelEvent
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QTableWidget, QToolTip, QWidget
from pytestqt.qtbot import QtBot

from archive_app.cli import main
from archive_app.core.paths import AppPaths
from archive_app.core.record import Archive, Statement
from archive_app.gui import dialogs, extensions, i18n
from archive_app.gui.main_window import MainWindow
from archive_app.gui.reader import ReadingPane
from archive_app.gui.themes import THEMES
from tests.gui.conftest import MakeWindow, synthetic_archive

MENUS = ("menu_file", "menu_view", "menu_tools", "menu_help")


def text_of(window: MainWindow) -> str:
    """What the reader sees of the statement: the bar above the page (trust, conversion) and
    the page."""
    bar = window.statement_bar
    return (bar.text() + "\n" if not bar.isHidden() else "") + window.reader.toPlainText()


def block_of(window: MainWindow, text: str) -> int:
    block = window.reader.document().begin()
    while block.isValid():
        if block.text() == text:
            return block.blockNumber()
        block = block.next()
    raise AssertionError(f"no block reads {text!r}")


def test_years_with_titles_and_the_statement(window: MainWindow) -> None:
    assert window.years.count() == 1 and window.years.currentRow() == 0
    item = window.years.item(0).text()
    assert item.startswith("2021\n") and "Coalition Statement on June Fourth" in item
    text = text_of(window)
    assert "《國家安全法》" in text and "converted" not in text
    doc = window.reader.document()
    # The title is a heading; the signature block (all eight lines) is not body paragraphs.
    title = doc.findBlockByNumber(block_of(window, window.archive.statements[0].title))
    assert title.blockFormat().headingLevel() == 1
    closing = block_of(window, "Remember June Fourth")
    signatory = block_of(window, "Tibetan Community in Britain")
    assert window.reader.paragraph_at_block(closing) is None
    assert window.reader.paragraph_at_block(signatory) is None
    assert doc.findBlockByNumber(signatory).textList() is not None  # a list of signatories
    assert block_of(window, "Signatories") > 0
    assert set(window.reader.paragraph_blocks) == {("en", n) for n in range(1, 8)} | {("zh", 1)}
    assert window.status_label.text() == (
        "2021 · paragraphs: 7 English, 1 Chinese · signatories: 8"
    )
    assert window.windowTitle() == "2021 — June Fourth Archive"


def test_views_and_scripts_by_keyboard(window: MainWindow, qtbot: QtBot) -> None:
    window.reader.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.view_mode == "zh" and window.view_actions["zh"].isChecked()
    assert "This year marks" not in text_of(window) and "香港曾經" in text_of(window)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert window.script_mode == "simplified" and window.script.currentData() == "simplified"
    text = text_of(window)
    assert "《国家安全法》" in text and "converted from Traditional to Simplified" in text
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert "Traditional (Hong Kong)" in text_of(window)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    text = text_of(window)
    assert "国家" not in text and "converted" not in text and "Tibetan Community" in text
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.view_mode == "side-by-side"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert window.script_mode == "original" and "converted" not in text_of(window)
    # The toolbar combo drives the same state.
    window.script.setCurrentIndex(window.script.findData("traditional-tw"))
    assert window.script_actions["traditional-tw"].isChecked()


def test_year_navigation_by_keyboard(
    make_window: MakeWindow, shipped: Archive, qtbot: QtBot
) -> None:
    window = make_window(synthetic_archive(shipped), show=True)
    assert window.current_statement().year == 2022  # type: ignore[union-attr]
    qtbot.keyClick(window, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert window.current_statement().year == 2021  # type: ignore[union-attr]
    assert "32nd anniversary" in text_of(window)
    qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert "SYNTHETIC TEST STATEMENT" in text_of(window)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.years.hasFocus()
    qtbot.keyClick(window.years, Qt.Key.Key_Up)
    assert window.current_statement().year == 2021  # type: ignore[union-attr]


def test_side_by_side_aligns_paragraph_against_paragraph(window: MainWindow) -> None:
    window.select(view="side-by-side", script="original")
    assert text_of(window).count("No Chinese text in the source for this paragraph.") == 6
    reader = window.reader
    doc = reader.document()

    def cell(key: tuple[str, int]) -> tuple[int, int]:
        cursor = QTextCursor(doc.findBlockByNumber(reader.paragraph_blocks[key]))
        table = cursor.currentTable()
        assert table is not None
        found = table.cellAt(cursor)
        return found.row(), found.column()

    en_row, en_col = cell(("en", 2))
    zh_row, zh_col = cell(("zh", 1))
    assert en_row == zh_row and (en_col, zh_col) == (0, 1)
    assert cell(("en", 1))[0] < en_row < cell(("en", 3))[0]
    # One scroll area holds both columns, so they scroll together.
    assert reader.verticalScrollBar().maximum() > 0


def test_missing_english_counterpart_is_marked(make_window: MakeWindow, shipped: Archive) -> None:
    window = make_window(synthetic_archive(shipped))
    window.select(year=2022, view="side-by-side")
    assert "No English text in the source for this paragraph." in text_of(window)
    assert "No Chinese text in the source for this paragraph." in text_of(window)


def test_converted_text_is_labelled_and_the_original_is_one_key_away(
    window: MainWindow, qtbot: QtBot
) -> None:
    stored = window.archive.statements[0].zh[0]
    window.select(view="zh", script="simplified")
    assert "Chinese converted from Traditional to Simplified by OpenCC" in text_of(window)
    tip = window.reader.original_tooltip(("zh", 1))
    assert tip is not None and stored[:20] in tip and "Original" in tip
    # Hovering the paragraph asks for that tooltip.
    block = window.reader.document().findBlockByNumber(window.reader.paragraph_blocks[("zh", 1)])
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + 5)
    point = window.reader.cursorRect(cursor).center()
    assert window.reader.paragraph_at(point) == ("zh", 1)
    qtbot.keyClick(
        window,
        Qt.Key.Key_O,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.script_mode == "original" and stored in text_of(window)
    assert window.reader.original_tooltip(("zh", 1)) is None  # nothing converted now
    qtbot.keyClick(
        window,
        Qt.Key.Key_O,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.script_mode == "simplified"


def test_zoom_by_keyboard(window: MainWindow, qtbot: QtBot) -> None:
    size = window.reader.font().pointSizeF()
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.zoom > 100 and window.reader.font().pointSizeF() > size
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.zoom < 100 and window.reader.font().pointSizeF() < size
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.zoom == 100 and window.reader.font().pointSizeF() == size
    assert window.settings.zoom == 100


@pytest.mark.parametrize("theme", ["dark", "sepia", "light"])
def test_themes(window: MainWindow, theme: str) -> None:
    window.theme_actions[theme].trigger()
    assert window.theme_key == theme and window.settings.theme == theme
    base = window.reader.palette().color(QPalette.ColorRole.Base).name()
    assert base == THEMES[theme].base
    assert THEMES[theme].text in window.reader.document().defaultStyleSheet()
    assert window.theme_actions[theme].isChecked()


def test_menus_keep_their_names_and_have_no_dead_entries(window: MainWindow) -> None:
    for name in MENUS:
        menu = window.menuBar().findChild(QMenu, name)
        assert menu is not None and menu.menuAction().isVisible(), name
    for menu in window.menuBar().findChildren(QMenu):
        for action in menu.actions():
            if action.isSeparator() or action.menu():
                continue
            assert action.text() and action.isEnabled(), (menu.objectName(), action.text())
            assert action.objectName(), action.text()
    ids = {a.objectName() for a in window.findChildren(QAction) if a.objectName()}
    assert {"action_print", "action_export_pdf", "action_find", "action_shortcuts"} <= ids


def test_installers_run_after_menus_and_empty_menus_hide(
    make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[list[str]] = []

    def add_tool(window: MainWindow) -> None:
        seen.append([m.objectName() for m in window.menuBar().findChildren(QMenu)])
        tools = window.menuBar().findChild(QMenu, "menu_tools")
        assert tools is not None
        tools.addAction("Synthetic tool").setObjectName("synthetic_tool")

    def empty_help(window: MainWindow) -> None:
        help_menu = window.menuBar().findChild(QMenu, "menu_help")
        assert help_menu is not None
        for action in help_menu.actions():
            help_menu.removeAction(action)

    monkeypatch.setattr(extensions, "installers", lambda: [add_tool, empty_help])
    window = make_window()
    assert seen and set(MENUS) <= set(seen[0])
    assert window.findChild(QAction, "synthetic_tool") is not None
    help_menu = window.menuBar().findChild(QMenu, "menu_help")
    assert help_menu is not None and not help_menu.menuAction().isVisible()


def test_keyboard_shortcuts_dialog(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[QDialog] = []
    monkeypatch.setattr(dialogs, "run_dialog", lambda d: shown.append(d) or 0)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert shown and shown[0].objectName() == "shortcuts_dialog"
    table = shown[0].findChild(QTableWidget, "shortcuts_table")
    assert table is not None
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    keys = " ".join(rows.values())
    for shortcut in ("Ctrl+1", "Ctrl+3", "Alt+1", "Alt+4", "Ctrl+F", "Ctrl+K", "Ctrl+0", "F1"):
        assert shortcut in keys, shortcut
    assert rows["Side by side"] == "Ctrl+3" and rows["Print…"] == "Ctrl+P"
    window.act_about.trigger()
    assert shown[-1].objectName() == "about_dialog"


def test_accessible_names_and_tab_order(window: MainWindow) -> None:
    for widget in (
        window.years,
        window.reader,
        window.script,
        window.search_box,
        window.search_panel.hits,
        window.find_bar.field,
    ):
        assert widget.accessibleName(), widget.objectName()
    order: list[QWidget] = []
    widget: QWidget = window.script
    for _ in range(5):
        order.append(widget)
        widget = widget.nextInFocusChain()
        while not widget.focusPolicy() & Qt.FocusPolicy.TabFocus or widget.isHidden():
            widget = widget.nextInFocusChain()
    assert order[:3] == [window.script, window.search_box, window.years]


class _Marked(gettext.NullTranslations):
    """A stand-in catalog: every message comes back marked, so a re-read text is visible."""

    def gettext(self, message: str) -> str:
        return f"⟦{message}⟧"


def test_interface_language_switches_live(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = gettext.translation

    def fake(domain: str, localedir: str | None = None, languages: list[str] | None = None,
             fallback: bool = False) -> gettext.NullTranslations:  # fmt: skip
        if languages == ["zh_Hant"]:
            return _Marked()
        return real(domain, localedir=localedir, languages=languages, fallback=fallback)

    monkeypatch.setattr(i18n.gettext, "translation", fake)
    window.language_actions["zh_Hant"].trigger()
    assert i18n.language() == "zh_Hant" and window.settings.ui_language == "zh_Hant"
    file_menu = window.menuBar().findChild(QMenu, "menu_file")
    assert file_menu is not None and file_menu.title() == "⟦&File⟧"
    assert window.view_actions["side-by-side"].text() == "⟦Side by side⟧"
    assert window.search_box.placeholderText().startswith("⟦")
    assert window.years.accessibleName() == "⟦Years⟧"
    assert "⟦No Chinese text in the source for this paragraph.⟧" in text_of(window)
    assert window.language_actions["zh_Hant"].text() == "繁體中文"  # autonyms stay
    window.language_actions["en"].trigger()
    assert file_menu.title() == "&File"
    assert "⟦" not in text_of(window)


def test_screenshot_command(tmp_path: Path) -> None:
    target = tmp_path / "shot.png"
    code = main(
        ["gui", "--screenshot", str(target), "--script", "simplified", "--view", "zh",
         "--theme", "dark", "--ui-lang", "en", "--search", "国家安全法"]
    )  # fmt: skip
    assert code == 0
    image = QImage(str(target))
    assert (image.width(), image.height()) == (1280, 800)
    # Dark theme: the reading pane's background is dark.
    assert image.pixelColor(1200, 700).lightness() < 80
    # A screenshot remembers nothing: no settings file is written.
    assert not AppPaths.for_user().settings_file.exists()


# The offscreen platform cannot raise the tooltip's window; harmless, the tooltip still shows.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_hovering_a_converted_paragraph_shows_the_original(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.select(view="zh", script="simplified")
    pane = window.reader
    block = pane.document().findBlockByNumber(pane.paragraph_blocks[("zh", 1)])
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + 8)
    point = pane.viewport().mapTo(pane, pane.cursorRect(cursor).center())
    event = QHelpEvent(QEvent.Type.ToolTip, point, pane.mapToGlobal(point))
    QApplication.sendEvent(pane, event)
    qtbot.waitUntil(QToolTip.isVisible, timeout=5000)
    assert "香港曾經是每年六四燭光" in QToolTip.text()  # the stored Traditional text
    QToolTip.hideText()


def test_single_language_view_keeps_a_readable_measure(window: MainWindow) -> None:
    window.resize(1600, 800)
    window.select(view="en")
    margin = window.reader.document().rootFrame().frameFormat().leftMargin()
    assert margin > 0
    window.select(view="side-by-side")
    assert 0 < window.reader.document().rootFrame().frameFormat().leftMargin() < margin


def test_refused_statement_files_are_named_in_the_banner(
    make_window: MakeWindow, archive_copy: Path
) -> None:
    statement = archive_copy / "data" / "statements" / "2021.json"
    statement.write_text(statement.read_text(encoding="utf-8").replace("香港", "香江", 1))
    archive = Archive.load(archive_copy)
    window = make_window(archive, show=True)
    assert window.banner.isVisible()
    assert "2021.json" in window.banner.text() and "checksum" in window.banner.text()
    assert window.years.count() == 0
    assert "The archive holds no statements." in text_of(window)
    window.run_search("vigil")  # nothing to find, and nothing breaks


def test_the_place_is_kept_across_script_zoom_and_view(window: MainWindow) -> None:
    window.select(view="side-by-side", script="original")
    pane = window.reader
    assert pane.scroll_to_paragraph(("en", 4))
    assert pane.top_paragraph() == ("en", 4)
    window.select(script="simplified")
    assert pane.top_paragraph() == ("en", 4)
    window.step_zoom(1)
    assert pane.top_paragraph() == ("en", 4)
    window.select(view="en")
    assert pane.top_paragraph() == ("en", 4)
    pane.scroll_to_paragraph(("en", 2))
    window.select(view="zh")  # English ¶2 is not shown: its Chinese counterpart is
    block = pane.document().findBlockByNumber(pane.paragraph_blocks[("zh", 1)])
    top = pane.cursorRect(QTextCursor(block)).top()
    assert 0 <= top < pane.viewport().height()


def test_ctrl_wheel_zooms_through_the_window(window: MainWindow) -> None:
    pane = window.reader
    centre = QPointF(pane.viewport().rect().center())
    event = QWheelEvent(
        centre,
        QPointF(pane.viewport().mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(pane.viewport(), event)
    assert window.zoom > 100 and window.settings.zoom == window.zoom


def test_toggle_original_from_the_original(window: MainWindow, qtbot: QtBot) -> None:
    window.select(script="original")
    keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_O, keys)
    assert window.script_mode == "simplified"  # the stored text is Traditional
    qtbot.keyClick(window, Qt.Key.Key_O, keys)
    assert window.script_mode == "original"


def test_a_window_started_at_a_year_lays_its_statement_out_once(
    qtbot: QtBot, shipped: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``gui --year`` builds the window on that statement: the first page is rendered once,
    not first for the statement last read and then again for the one asked for."""
    shown: list[int] = []
    real = ReadingPane.show_statement

    def counting(self: ReadingPane, statement: Statement, *args: Any, **kwargs: Any) -> None:
        shown.append(statement.year)
        real(self, statement, *args, **kwargs)

    monkeypatch.setattr(ReadingPane, "show_statement", counting)
    window = MainWindow(synthetic_archive(shipped), start_at=(2021, 1))
    qtbot.addWidget(window)
    assert shown == [2021]
    key = window.current_key()
    assert key is not None and key.year == 2021


def test_a_window_started_at_a_missing_year_says_so_and_opens_the_latest(
    qtbot: QtBot, shipped: Archive
) -> None:
    window = MainWindow(synthetic_archive(shipped), start_at=(1999, 1))
    qtbot.addWidget(window)
    key = window.current_key()
    assert key is not None and key.year == 2022
    assert "1999" in window.statusBar().currentMessage()


def test_screenshot_in_the_serif_face(tmp_path: Path) -> None:
    """``gui --face serif`` starts (or shoots) with the Chinese paragraphs in Serif, whose
    files are registered only then."""
    probe = (
        "import sys\n"
        "from archive_app.cli import main\n"
        "from archive_app.gui import fonts\n"
        "code = main(sys.argv[1:])\n"
        "print('faces', sorted(face.value for face in fonts.registered_faces()), code)\n"
    )
    shots = {}
    for face in ("sans", "serif"):
        shot = tmp_path / f"{face}.png"
        done = subprocess.run(
            [sys.executable, "-c", probe, "gui", "--screenshot", str(shot), "--face", face],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "ARCHIVE_APP_HOME": str(tmp_path)},
        )
        assert done.returncode == 0, done.stderr[-2000:]
        shots[face] = QImage(str(shot))
        expected = ["sans", "serif"] if face == "serif" else ["sans"]
        assert f"faces {expected} 0" in done.stdout
    # The Chinese column differs; the English one does not.
    assert shots["sans"].copy(780, 320, 460, 300) != shots["serif"].copy(780, 320, 460, 300)
    assert shots["sans"].copy(170, 180, 600, 120) == shots["serif"].copy(170, 180, 600, 120)
