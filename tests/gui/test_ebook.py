"""The e-book features of the reading window (issue 14), driven by keys in the real window."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from archive_app.core.paths import AppPaths
from archive_app.core.reading import READING_FILE, Place
from archive_app.core.record import StatementKey
from archive_app.core.settings import SettingsFile
from archive_app.gui import ebook, i18n, tool_support
from archive_app.gui.bookmarks import BookmarkPanel
from archive_app.gui.ebook import Reading, parse_paragraph, reading_of
from archive_app.gui.fonts import load_bundled_fonts
from archive_app.gui.main_window import MainWindow
from archive_app.gui.reading_settings import ReadingSettings
from archive_app.gui.themes import THEMES
from tests.gui.conftest import MakeWindow, synthetic_archive

SHOTS = Path(os.environ["ARCHIVE_APP_SHOTS"]) if os.environ.get("ARCHIVE_APP_SHOTS") else None
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def shot(widget: QWidget, name: str) -> None:
    """Save what the widget looks like when ARCHIVE_APP_SHOTS names a folder (for people)."""
    if SHOTS is not None:
        QApplication.processEvents()
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / f"{name}.png"))


def reading(window: MainWindow) -> Reading:
    found = reading_of(window)
    assert found is not None
    return found


def test_parse_paragraph() -> None:
    assert parse_paragraph("4", "en") == ("en", 4)
    assert parse_paragraph(" ¶4 ", "zh") == ("zh", 4)
    assert parse_paragraph("zh 4", "en") == ("zh", 4)
    assert parse_paragraph("中1", "en") == ("zh", 1)
    assert parse_paragraph("C2", "en") == ("zh", 2)
    assert parse_paragraph("en 3", "zh") == ("en", 3)
    for bad in ("", "0", "four", "4 5", "<b>4</b>", "zh"):
        assert parse_paragraph(bad, "en") is None, bad


# --- focus mode and full screen ----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh_Hant", "zh_Hans"])
def test_focus_mode_hides_all_but_the_text_and_esc_brings_it_back(
    make_window: MakeWindow, qtbot: QtBot, lang: str
) -> None:
    window = make_window(show=True)
    i18n.set_language(lang)
    window.set_script("simplified")  # the conversion notice stays: the text says what it is
    parts = [window.menuBar(), window.toolbar, window.statusBar(), window.splitter.widget(0)]
    assert all(p.isVisible() for p in parts)
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_F, CTRL | SHIFT)
    assert reading(window).in_focus_mode and reading(window).act_focus.isChecked()
    assert not any(p.isVisible() for p in parts)
    assert window.reader.isVisible() and window.reader.hasFocus()
    # The conversion label stays on screen in focus mode (the bar above the text).
    assert window.statement_bar.isVisible() and "OpenCC" in window.statement_bar_text
    shot(window, f"focus-mode-{lang}")
    qtbot.keyClick(window.reader, Qt.Key.Key_Escape)
    assert all(p.isVisible() for p in parts) and not reading(window).in_focus_mode


def test_f11_full_screen_and_back(make_window: MakeWindow, qtbot: QtBot) -> None:
    window = make_window(show=True)
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    assert reading(window).act_full_screen.isChecked()
    qtbot.keyClick(window.reader, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert not reading(window).act_full_screen.isChecked()


# --- go to paragraph, status bar, zoom -------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh_Hant", "zh_Hans"])
def test_ctrl_g_goes_to_a_paragraph_and_the_status_bar_says_where(
    make_window: MakeWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    window = make_window(show=True)
    window.resize(1000, 600)
    i18n.set_language(lang)
    answers = iter(["5", "中1", "99"])
    monkeypatch.setattr(ebook, "ask_paragraph", lambda parent, hint: next(answers))
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_G, CTRL)
    reader = window.reader
    assert reader.paragraph_at_block(reader.textCursor().block().blockNumber()) == ("en", 5)
    assert reader.top_paragraph() == ("en", 5)
    where = reading(window).where.text()
    english = {"en": "English ¶5", "zh_Hant": "英文 ¶5", "zh_Hans": "英文 ¶5"}[lang]
    assert where.startswith("2021 · ") and english in where
    qtbot.keyClick(window.reader, Qt.Key.Key_G, CTRL)
    assert reader.paragraph_at_block(reader.textCursor().block().blockNumber()) == ("zh", 1)
    qtbot.keyClick(window.reader, Qt.Key.Key_G, CTRL)
    assert "99" in window.statusBar().currentMessage()
    window.set_script("simplified")
    assert {"en": "converted", "zh_Hant": "轉換", "zh_Hans": "转换"}[lang] in reading(
        window
    ).where.text()


def test_zoom_indicator_follows_the_zoom(make_window: MakeWindow, qtbot: QtBot) -> None:
    window = make_window(show=True)
    button = reading(window).zoom_button
    assert button.text() == "Zoom 100%"
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_Equal, CTRL)
    assert button.text() == "Zoom 110%"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.zoom == 100 and button.text() == "Zoom 100%"


# --- the place in each statement -------------------------------------------------------------


def test_the_place_in_each_statement_is_remembered_by_its_key(
    make_window: MakeWindow, qtbot: QtBot, shipped: object, tmp_path: Path
) -> None:
    archive = synthetic_archive(shipped)  # type: ignore[arg-type]
    settings = SettingsFile(tmp_path / "config" / "settings.ini")
    settings.load()
    paths = AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "cache")
    window = MainWindow(
        archive, cjk_families=load_bundled_fonts(), app_paths=paths, settings_file=settings
    )
    qtbot.addWidget(window)
    window.resize(900, 500)
    window.show()
    window.open_statement(StatementKey(2021))
    r = reading(window)
    r.go_to_paragraph("5")
    r.note_position()
    assert r.reading_store().position(StatementKey(2021)) == Place("en", 5)
    window.open_statement(StatementKey(2022))
    assert window.reader.verticalScrollBar().value() == 0  # never read: from the top
    window.open_statement(StatementKey(2021))
    qtbot.waitUntil(lambda: window.reader.top_paragraph() == ("en", 5))
    window.close()
    assert (tmp_path / "data" / READING_FILE).is_file()
    # A new window (a new start) opens 2021 at ¶5 again.
    settings2 = SettingsFile(tmp_path / "config" / "settings.ini")
    settings2.load()
    again = MainWindow(
        archive, cjk_families=load_bundled_fonts(), app_paths=paths, settings_file=settings2
    )
    qtbot.addWidget(again)
    again.resize(900, 500)
    again.show()
    qtbot.waitUntil(lambda: again.reader.top_paragraph() == ("en", 5))


def test_a_search_hit_wins_over_the_remembered_place(
    make_window: MakeWindow, qtbot: QtBot, shipped: object, tmp_path: Path
) -> None:
    settings = SettingsFile(tmp_path / "settings.ini")
    settings.load()
    archive = synthetic_archive(shipped)  # type: ignore[arg-type]
    window = make_window(archive, settings_file=settings, show=True)
    window.resize(900, 500)
    window.open_statement(StatementKey(2021))
    reading(window).reading_store().set_position(StatementKey(2021), Place("en", 6))
    window.open_statement(StatementKey(2022))
    window.open_statement(StatementKey(2021))  # opened plainly: at the remembered place
    qtbot.waitUntil(lambda: window.reader.top_paragraph() == ("en", 6))
    window.open_statement(StatementKey(2022))
    window.open_statement(StatementKey(2021), "en", 2)  # opened at a hit: at the hit
    qtbot.wait(50)
    assert window.reader.highlighted_paragraphs[0] == ("en", 2)
    assert window.reader.top_paragraph() != ("en", 6)
    # A window that remembers nothing (a screenshot) restores nothing.
    window.persist_on_close = False
    window.open_statement(StatementKey(2022))
    window.open_statement(StatementKey(2021))
    qtbot.wait(50)
    assert window.reader.verticalScrollBar().value() == 0


# --- bookmarks and notes -----------------------------------------------------------------------


@pytest.mark.parametrize("theme", list(THEMES))
def test_bookmarks_with_notes_in_the_panel_and_exported_with_citations(
    shipped: object,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    theme: str,
) -> None:
    paths = AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "cache")
    window = MainWindow(
        shipped,  # type: ignore[arg-type]
        cjk_families=load_bundled_fonts(),
        app_paths=paths,
    )
    qtbot.addWidget(window)
    window.persist_on_close = False
    window.apply_theme(theme)
    window.resize(1280, 800)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    r = reading(window)
    r.go_to_paragraph("4")
    qtbot.keyClick(window.reader, Qt.Key.Key_D, CTRL)
    panel = r.bookmarks
    assert isinstance(panel, BookmarkPanel) and panel.dock.isVisible()
    assert panel.note.hasFocus()
    qtbot.keyClicks(panel.note, "Note on ¶4: <b>not markup</b>")
    panel.store_note()
    r.go_to_paragraph("zh 1")
    qtbot.keyClick(window.reader, Qt.Key.Key_D, CTRL)
    assert panel.list.count() == 2
    first = panel.list.item(0).text()
    assert first == "2021 · ¶4 — Note on ¶4: <b>not markup</b>"  # plain text, as typed
    assert panel.list.item(1).text().startswith("2021 · Chinese ¶1 — 香港曾經")
    # The passing message takes the counts' place, not drawn over them.
    assert window.statusBar().currentMessage().startswith("Bookmarked: ")
    assert not window.status_label.isVisible()
    shot(window, f"bookmarks-{theme}")
    # Enter on a bookmark opens its paragraph.
    window.reader.moveCursor(window.reader.textCursor().MoveOperation.Start)
    panel.list.setCurrentRow(0)
    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    reader = window.reader
    assert reader.paragraph_at_block(reader.textCursor().block().blockNumber()) == ("en", 4)
    # Export: Markdown with the stored paragraph and the citation.
    target = tmp_path / "out" / "notes.md"
    target.parent.mkdir()
    monkeypatch.setattr(tool_support, "choose_save_file", lambda *a: target)
    assert panel.export_dialog() == target
    markdown = target.read_text(encoding="utf-8")
    assert "— Coalition statement, June Fourth 2021, ¶4" in markdown
    assert "— Coalition statement, June Fourth 2021, Chinese ¶1" in markdown
    assert "Note on ¶4: <b>not markup</b>" in markdown
    assert "> 香港曾經是每年六四燭光紀念集會規模最大的城市" in markdown
    # Kept in the user's data, never in the archive.
    r.save()
    assert (tmp_path / "data" / READING_FILE).is_file()
    assert not list(Path(window.archive.root).rglob(READING_FILE))
    # Remove.
    panel.list.setCurrentRow(1)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert panel.list.count() == 1


def test_bookmarks_panel_in_three_languages(make_window: MakeWindow) -> None:
    window = make_window(show=True)
    r = reading(window)
    r.toggle_panel()
    panel = r.bookmarks
    titles = []
    for lang in ("en", "zh_Hant", "zh_Hans"):
        i18n.set_language(lang)
        titles.append(panel.dock.windowTitle())
        assert panel.empty.isVisible() and panel.empty.text()
    assert titles == ["Bookmarks and notes", "書籤與筆記", "书签与笔记"]


# --- columns, settings, year list, script box, narrow window ---------------------------------


def test_stored_chinese_beside_the_converted(make_window: MakeWindow, qtbot: QtBot) -> None:
    window = make_window(show=True)
    window.set_script("simplified")
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_4, CTRL)
    assert window.settings.stored_beside_converted and reading(window).act_beside.isChecked()
    text = window.reader.toPlainText()
    stored = window.archive.get(2021).zh[0]
    assert stored in text  # the stored text, to the letter
    assert "《国家安全法》" in text  # and its conversion beside it
    assert "Chinese as stored" in text and "Chinese converted (OpenCC)" in text
    assert "converted from Traditional to Simplified" in window.statement_bar_text  # labelled
    # The stored column cites as Chinese ¶1; the converted one is the paragraph the pane
    # scrolls to and highlights.
    block = window.reader.document().begin()
    while block.isValid() and stored not in block.text():
        block = block.next()
    assert window.reader.paragraph_at_block(block.blockNumber()) == ("zh", 1)
    assert window.reader.paragraph_blocks[("zh", 1)] != block.blockNumber()
    shot(window, "three-columns")
    window.set_view("zh")
    assert (
        stored in window.reader.toPlainText() and "English" not in window.reader.toPlainText()[:200]
    )
    window.set_script("original")  # nothing converted: one Chinese column
    assert window.reader.toPlainText().count(stored) == 1


def test_reading_settings_change_the_page(make_window: MakeWindow, qtbot: QtBot) -> None:
    window = make_window(show=True)
    window.set_view("en")
    reading(window).open_settings()
    dialog = window.findChild(ReadingSettings)
    assert dialog is not None and dialog.isVisible()
    margin = window.reader.document().rootFrame().frameFormat().leftMargin()
    dialog.width_box.setValue(50)
    assert window.reader.document().rootFrame().frameFormat().leftMargin() > margin
    assert window.settings.column_width == 50
    dialog.spacing_box.setValue(200)
    assert window.settings.line_spacing == 200
    assert "line-height: 200%" in window.reader.document().defaultStyleSheet()
    dialog.size_box.setValue(150)
    assert window.zoom == 150
    shot(dialog, "reading-settings")
    dialog.restore_defaults()
    assert (window.zoom, window.settings.line_spacing, window.settings.column_width) == (
        100,
        140,
        90,
    )


@pytest.mark.parametrize("lang", ["en", "zh_Hant", "zh_Hans"])
def test_year_titles_follow_the_script_and_say_so(make_window: MakeWindow, lang: str) -> None:
    window = make_window(show=True)
    i18n.set_language(lang)
    title = window.archive.get(2021).title
    assert window.years.item(0).text() == f"2021\n{title}"
    window.set_script("simplified")
    item = window.years.item(0)
    assert item.text() == "2021\nCoalition Statement on June Fourth 六四32周年联合声明"
    assert title in item.toolTip() and "OpenCC" in item.toolTip()
    assert "\n" in window.years_label.text()  # the second line says the titles are converted
    window.set_script("original")
    assert window.years.item(0).text() == f"2021\n{title}"
    assert "\n" not in window.years_label.text()


def test_page_down_on_the_script_box_scrolls_and_keeps_the_script(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window(show=True)
    window.resize(900, 500)
    window.script.setFocus()
    bar = window.reader.verticalScrollBar()
    qtbot.keyClick(window.script, Qt.Key.Key_PageDown)
    assert window.script_mode == "original" and window.script.currentData() == "original"
    assert bar.value() > 0
    qtbot.keyClick(window.script, Qt.Key.Key_PageUp)
    assert window.script_mode == "original" and bar.value() == 0


def test_an_800_pixel_window_keeps_a_readable_english_column(make_window: MakeWindow) -> None:
    window = make_window(show=True)
    window.resize(800, 600)
    QApplication.processEvents()
    side, text = window.splitter.sizes()[:2]
    assert side <= 0.25 * (side + text)
    # The English column (57 % of the pane) holds 40 average characters a line or more.
    column = 0.57 * window.reader.viewport().width()
    assert column / window.reader.fontMetrics().averageCharWidth() >= 40  # seven words or so
    shot(window, "narrow-800")


def test_the_reading_settings_panel_follows_a_language_switch_while_open(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window(show=True)
    reading(window).open_settings()
    dialog = window.findChild(ReadingSettings)
    assert dialog is not None and dialog.isVisible()

    def words() -> list[str]:
        return [
            dialog.windowTitle(),
            *(label.text() for label in dialog.row_labels),
            *(dialog.face_box.itemText(i) for i in range(dialog.face_box.count())),
            dialog.beside_box.text(),
            dialog.note.text(),
            dialog.defaults_button.text(),
        ]

    english = words()
    assert english[0] == "Reading settings" and "&Defaults" in english
    seen = [english]
    for lang in ("zh_Hant", "zh_Hans"):
        window.set_ui_language(lang)
        shown = words()
        assert all(a != b for a, b in zip(shown, english, strict=True)), (lang, shown)
        assert all(re.search(r"[\u4e00-\u9fff]", text) for text in shown), (lang, shown)
        seen.append(shown)
    assert seen[1] != seen[2]
    window.set_ui_language("en")
    assert words() == english
