"""The reading pane: nothing loaded from outside, links as text, copy with citation, find."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QTextCursor, QTextDocument
from pytestqt.qtbot import QtBot

from archive_app.core.paths import resources_dir
from archive_app.core.record import Archive, Origin, StatementKey
from archive_app.gui.main_window import MainWindow
from archive_app.gui.reader import ReadingPane, citation, find_spans_in_text
from tests.conftest import ARCHIVE
from tests.gui.conftest import MakeWindow, synthetic_archive


def select_in_block(pane: ReadingPane, key: tuple[str, int], start: int, end: int) -> None:
    block = pane.document().findBlockByNumber(pane.paragraph_blocks[key])
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + start)
    cursor.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
    pane.setTextCursor(cursor)


def point_in(pane: ReadingPane, key: tuple[str, int], text: str) -> QPoint:
    block = pane.document().findBlockByNumber(pane.paragraph_blocks[key])
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + block.text().index(text) + 3)
    return pane.cursorRect(cursor).center()


def test_pane_opens_no_link_and_loads_only_bundled_files(window: MainWindow) -> None:
    pane = window.reader
    assert not pane.openLinks() and not pane.openExternalLinks()
    kind = int(QTextDocument.ResourceType.ImageResource)
    assert pane.loadResource(kind, QUrl("https://example.org/x.png")) is None
    assert pane.loadResource(kind, QUrl("http://127.0.0.1/x.png")) is None
    assert pane.loadResource(kind, QUrl.fromLocalFile(str(ARCHIVE / "bagit.txt"))) is None
    assert pane.loadResource(kind, QUrl("../archive_data/bagit.txt")) is None
    licence = resources_dir() / "fonts" / "OFL.txt"
    assert pane.loadResource(kind, QUrl.fromLocalFile(str(licence))) == licence.read_bytes()
    assert pane.loadResource(kind, QUrl("fonts/OFL.txt")) == licence.read_bytes()


def test_links_stay_text_with_a_copy_action(
    make_window: MakeWindow, shipped: Archive, qtbot: QtBot
) -> None:
    window = make_window(synthetic_archive(shipped), show=True)
    window.select(year=2022, view="en")
    pane = window.reader
    assert "https://example.org/report" in pane.toPlainText()
    assert "href" not in pane.toHtml()
    clicked: list[QUrl] = []
    pane.anchorClicked.connect(clicked.append)
    point = point_in(pane, ("en", 1), "https://example.org/report")
    assert pane.link_at(point) == "https://example.org/report"
    menu = pane.context_menu_at(point)
    copy = [a for a in menu.actions() if a.objectName() == "copy_link"]
    assert copy and copy[0].text() == "Copy link"
    copy[0].trigger()
    assert QGuiApplication.clipboard().text() == "https://example.org/report"
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert clicked == []
    # No link under the pointer: no such action.
    plain = point_in(pane, ("en", 2), "zebras")
    names = [a.objectName() for a in pane.context_menu_at(plain).actions()]
    assert "copy_link" not in names


def test_copy_with_citation(window: MainWindow, qtbot: QtBot) -> None:
    pane = window.reader
    window.select(view="side-by-side", script="original")
    select_in_block(pane, ("en", 2), 3, 40)
    pane.copy()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("The largest June Fourth commemoration")
    assert copied.endswith("\n— Coalition statement, June Fourth 2021, ¶2")
    select_in_block(pane, ("zh", 1), 3, 12)
    pane.setFocus()
    qtbot.keyClick(pane, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("香港曾經是每年六四\n")
    assert copied.endswith("\n— Coalition statement, June Fourth 2021, Chinese ¶1")
    # A selection across paragraphs cites each of them.
    doc = pane.document()
    cursor = QTextCursor(doc.findBlockByNumber(pane.paragraph_blocks[("en", 1)]))
    end = doc.findBlockByNumber(pane.paragraph_blocks[("en", 3)])
    cursor.setPosition(end.position() + 10, QTextCursor.MoveMode.KeepAnchor)
    pane.setTextCursor(cursor)
    assert pane.text_with_citation().endswith("¶1, ¶2, ¶3, Chinese ¶1")
    menu = pane.context_menu_at(QPoint(5, 5))
    copy = next(a for a in menu.actions() if a.objectName() == "copy")
    assert copy.isEnabled() and copy.text() == "Copy with citation"
    copy.trigger()
    assert QGuiApplication.clipboard().text().endswith("¶1, ¶2, ¶3, Chinese ¶1")
    assert citation(StatementKey(2021), []) == "— Coalition statement, June Fourth 2021"
    local = StatementKey(2021, 2, Origin.LOCAL)
    assert citation(local, [("en", 2)]) == (
        "— Coalition statement, June Fourth 2021 (version 2), added locally, not signed, ¶2"
    )


def test_find_in_page_highlights_every_match(window: MainWindow, qtbot: QtBot) -> None:
    window.select(view="side-by-side", script="simplified")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    assert bar.isVisible() and bar.field.hasFocus()
    assert not bar.next_button.icon().isNull() and not bar.close_button.icon().isNull()
    qtbot.keyClicks(bar.field, "hong kong")
    expected = window.reader.toPlainText().lower().count("hong kong")
    assert expected >= 5
    assert len(bar.matches) == expected
    assert len(window.reader.extraSelections()) == expected
    assert bar.count.text() == f"1 of {expected}"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.current == 1 and bar.count.text() == f"2 of {expected}"
    qtbot.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert bar.current == 0
    # Either script finds the Chinese shown (here converted to Simplified).
    bar.field.setText("國家安全法")
    assert len(bar.matches) == 2 and "国家安全法" in bar.matches[0].selectedText()
    bar.field.setText("no such words anywhere")
    assert bar.matches == [] and bar.count.text() == "No matches"
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible() and window.reader.extraSelections() == []


def test_find_survives_a_change_of_view(window: MainWindow, qtbot: QtBot) -> None:
    window.find_bar.open_bar()
    window.find_bar.field.setText("Uyghur")
    side = len(window.find_bar.matches)
    window.select(view="zh")  # only the signatories name them now
    assert len(window.find_bar.matches) == 2 < side
    window.select(view="en")
    assert len(window.find_bar.matches) == side


def test_find_spans_fold_case_and_script() -> None:
    assert find_spans_in_text("Hong Kong and HONG KONG", "hong kong") == [(0, 9), (14, 23)]
    assert find_spans_in_text("《國家安全法》", "国家") == [(1, 3)]
    assert find_spans_in_text("abc", "") == []


def test_text_is_shown_verbatim(window: MainWindow) -> None:
    """The stored paragraph, ASCII comma and the space before 《 included, is what is shown."""
    stored = window.archive.statements[0].zh[0]
    window.select(view="zh", script="original")
    shown = window.reader.paragraph_text("zh", 1)
    assert shown == "¶1 " + stored
    assert "然而,自2020年" in shown and "禁止。 《國家安全法》" in shown


def test_copying_converted_chinese_says_it_was_converted(window: MainWindow, qtbot: QtBot) -> None:
    pane = window.reader
    window.select(view="side-by-side", script="simplified")
    select_in_block(pane, ("zh", 1), 3, 12)
    pane.setFocus()
    qtbot.keyClick(pane, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("香港曾经是每年六四\n")  # OpenCC's Simplified, as on screen
    assert copied.endswith(
        "\n— Coalition statement, June Fourth 2021, Chinese ¶1, converted to Simplified by "
        "OpenCC from the Traditional original"
    )
    # Ctrl+Shift+C copies the stored original, whole, and says so.
    qtbot.keyClick(
        pane,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    original = QGuiApplication.clipboard().text()
    stored = window.archive.get(2021).zh[0]
    assert original == (
        stored + "\n— Coalition statement, June Fourth 2021, Chinese ¶1, original text as stored"
    )
    # English copied from the same converted view carries no conversion note.
    select_in_block(pane, ("en", 2), 3, 40)
    pane.copy()
    assert QGuiApplication.clipboard().text().endswith("June Fourth 2021, ¶2")
    names = [a.objectName() for a in pane.context_menu_at(QPoint(5, 5)).actions()]
    assert "copy_original" in names
