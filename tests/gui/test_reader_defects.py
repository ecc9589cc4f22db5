"""Issue 14's defects, driven in the real window: disabled states, find inside a search hit,
keys of the tool windows and the reader, the compare window with one year, source kinds,
the concordance's script."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from archive_app.core.record import Archive, StatementKey, UserArchive
from archive_app.gui import i18n, tool_support
from archive_app.gui.compare_view import CompareView
from archive_app.gui.concordance_view import ConcordanceView
from archive_app.gui.import_dialog import ImportDialog
from archive_app.gui.main_window import MainWindow
from archive_app.gui.render import source_kind_label
from archive_app.gui.themes import THEMES, Theme, theme_palette
from archive_app.gui.trends_view import TrendsView
from tests.conftest import ARCHIVE
from tests.gui.conftest import MakeWindow

SHOTS = Path(os.environ["ARCHIVE_APP_SHOTS"]) if os.environ.get("ARCHIVE_APP_SHOTS") else None
LANGS = ("en", "zh_Hant", "zh_Hans")


def shot(widget: QWidget, name: str) -> None:
    """Save what the widget looks like when ARCHIVE_APP_SHOTS names a folder (for people)."""
    if SHOTS is not None:
        QApplication.processEvents()
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / f"{name}.png"))


def luminance(colour: str | QColor) -> float:
    c = QColor(colour)

    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast(a: str | QColor, b: str | QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def distance(a: str, b: str) -> float:
    ca, cb = QColor(a), QColor(b)
    return float(
        ((ca.red() - cb.red()) ** 2 + (ca.green() - cb.green()) ** 2 + (ca.blue() - cb.blue()) ** 2)
        ** 0.5
    )


# --- disabled states ------------------------------------------------------------------------


@pytest.mark.parametrize("key", list(THEMES))
def test_disabled_controls_look_disabled_in_every_theme(key: str) -> None:
    theme = THEMES[key]
    palette = theme_palette(theme)
    active, disabled = QPalette.ColorGroup.Active, QPalette.ColorGroup.Disabled
    for role in (
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
    ):
        on, off = palette.color(active, role), palette.color(disabled, role)
        assert on != off, role
        # Fainter against the face it stands on, clearly (not one shade).
        face = QPalette.ColorRole.Button if role == QPalette.ColorRole.ButtonText else None
        ground = palette.color(disabled, face) if face else QColor(theme.window)
        assert contrast(on, ground) > 1.6 * contrast(off, ground), role


def _dark_pixels(image: QImage, background: QColor, text: QColor) -> int:
    """How many pixels are nearer the text colour than the background (the label's ink)."""
    count = 0
    for y in range(image.height()):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            to_text = abs(c.lightness() - text.lightness())
            to_ground = abs(c.lightness() - background.lightness())
            if to_text < to_ground / 3:
                count += 1
    return count


@pytest.mark.parametrize("key", list(THEMES))
def test_disabled_buttons_in_the_import_dialog_are_drawn_fainter(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path, key: str
) -> None:
    window = make_window(show=True)
    window.apply_theme(key)
    tool_support.cjk_families()
    dialog = ImportDialog(window.archive, UserArchive(tmp_path / "user"), window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.add_button.isEnabled() and not dialog.reread_button.isEnabled()
    theme = THEMES[key]
    for button in (dialog.add_button, dialog.reread_button):
        assert button.palette().color(
            QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText
        ) == QColor(theme.disabled)
    # The same button, enabled and disabled, drawn: the disabled one has (almost) no ink of
    # the enabled text's colour.
    probe = QPushButton("Add to my archive", dialog)
    probe.resize(probe.sizeHint())
    probe.show()
    on = probe.grab().toImage()
    probe.setEnabled(False)
    off = probe.grab().toImage()
    text, face = QColor(theme.text), QColor(theme.button)
    assert _dark_pixels(on, face, text) > 3 * max(1, _dark_pixels(off, face, text))
    probe.hide()
    shot(dialog, f"disabled-{key}")


# --- find in page inside a search hit -------------------------------------------------------


@pytest.mark.parametrize("key", list(THEMES))
def test_find_colours_stand_out_on_every_background(key: str) -> None:
    theme: Theme = THEMES[key]
    for ground in (theme.base, theme.hit, theme.hit_soft, theme.hit_span, theme.banner):
        assert distance(theme.find, ground) > 90, ground
        assert distance(theme.find_current, ground) > 90, ground
    assert distance(theme.find, theme.find_current) > 40
    # The matches' text is drawn black: readable on both.
    assert contrast(theme.find, "#000000") > 7 and contrast(theme.find_current, "#000000") > 4.5


@pytest.mark.parametrize("key", list(THEMES))
def test_find_inside_a_search_hit_keeps_the_hit_and_shows_every_match(
    make_window: MakeWindow, qtbot: QtBot, key: str
) -> None:
    window = make_window(show=True)
    window.apply_theme(key)
    text = window.archive.get(2021).en[1]
    start = text.index("Hong Kong")
    window.open_statement(StatementKey(2021), "en", 2, spans=((start, start + 9),))
    pane = window.reader
    block = pane.document().findBlockByNumber(pane.paragraph_blocks[("en", 2)])

    def span_colours() -> list[str]:
        found = []
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.text() == "Hong Kong":
                found.append(fragment.charFormat().background().color().name())
            it += 1
        return found

    theme = THEMES[key]
    assert span_colours() == [theme.hit_span]
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.find_bar.field, "Hong Kong")
    assert len(window.find_bar.matches) >= 4
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Return)
    selections = pane.extraSelections()
    backgrounds = [s.format.background().color().name() for s in selections]
    assert backgrounds.count(theme.find_current) == 1
    assert backgrounds.count(theme.find) == len(selections) - 1
    assert pane.block_background(("en", 2)) == theme.hit
    assert span_colours() == [theme.hit_span]  # the search's mark is still there
    shot(window, f"find-in-hit-{key}")
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Escape)
    assert pane.extraSelections() == [] and span_colours() == [theme.hit_span]


# --- keys -----------------------------------------------------------------------------------


def _tool_views(window: MainWindow, qtbot: QtBot) -> list[QWidget]:
    menu = window.menuBar().findChild(QMenu, "menu_tools")
    assert menu is not None
    actions = {a.objectName(): a for a in menu.actions()}
    views: list[QWidget] = []
    for name, kind in (
        ("action_concordance", ConcordanceView),
        ("action_trends", TrendsView),
        ("action_compare", CompareView),
    ):
        actions[name].trigger()
        qtbot.waitUntil(lambda k=kind: window.findChild(k) is not None)  # type: ignore[misc]
        view = window.findChild(kind)
        assert isinstance(view, QWidget)
        views.append(view)
    return views


@pytest.mark.parametrize(
    "key",
    [
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    ],
)
def test_esc_and_ctrl_w_close_the_tool_windows(
    make_window: MakeWindow, qtbot: QtBot, key: tuple[Qt.Key, Qt.KeyboardModifier]
) -> None:
    window = make_window(show=True)
    for view in _tool_views(window, qtbot):
        with qtbot.waitActive(view):
            view.activateWindow()
        view.focusNextChild()  # as the window system does for a window just opened
        focus = view.focusWidget() or view
        assert view.isVisible()
        qtbot.keyClick(focus, key[0], key[1])
        assert not view.isVisible(), view.objectName()
    assert window.isVisible()


def test_ctrl_home_and_ctrl_end_in_the_reader(make_window: MakeWindow, qtbot: QtBot) -> None:
    window = make_window(show=True)
    window.resize(900, 500)
    pane = window.reader
    pane.setFocus()
    bar = pane.verticalScrollBar()
    assert bar.maximum() > 0
    qtbot.keyClick(pane, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert bar.value() == bar.maximum()
    assert pane.textCursor().atEnd()
    qtbot.keyClick(pane, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert bar.value() == 0 and pane.textCursor().atStart()


@pytest.mark.parametrize("key", list(THEMES))
def test_the_reading_pane_shows_a_focus_ring(
    make_window: MakeWindow, qtbot: QtBot, key: str
) -> None:
    window = make_window(show=True)
    window.apply_theme(key)
    pane = window.reader
    window.years.setFocus()
    qtbot.waitUntil(lambda: not pane.hasFocus())
    unfocused = pane.grab().toImage()
    pane.setFocus()
    qtbot.waitUntil(pane.hasFocus)
    focused = pane.grab().toImage()
    ring = QColor(THEMES[key].highlight)
    # The top-left corner's edge: the ring colour only with the focus.
    y = focused.height() // 2
    assert focused.pixelColor(0, y) == ring or focused.pixelColor(1, y) == ring
    assert unfocused.pixelColor(0, y) != ring and unfocused.pixelColor(1, y) != ring


# --- compare, source kinds, concordance script ----------------------------------------------


def test_compare_with_one_year_opens_a_small_window(make_window: MakeWindow, qtbot: QtBot) -> None:
    window = make_window(show=True)
    view = next(v for v in _tool_views(window, qtbot) if isinstance(v, CompareView))
    assert view.stack.currentWidget() is view.empty
    assert view.width() <= 600 and view.height() <= 260
    assert view.empty.text() and view.empty.isVisible()
    shot(view, "compare-one-year-small")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "captured page text"), ("zh_Hant", "擷取的網頁文字"), ("zh_Hans", "截取的网页文字")],
)
def test_source_kinds_are_translated(make_window: MakeWindow, lang: str, expected: str) -> None:
    window = make_window(show=True)
    window.set_ui_language(lang)
    assert source_kind_label("captured page text") == expected
    assert expected in window.reader.toPlainText()
    assert "captured page text" not in window.reader.toPlainText() or lang == "en"
    assert source_kind_label("something new") == "something new"  # data shown as stored
    assert source_kind_label(None) == i18n._("unknown")


def test_concordance_opens_in_the_windows_script(make_window: MakeWindow, qtbot: QtBot) -> None:
    window = make_window(show=True)
    window.set_script("simplified")
    view = next(v for v in _tool_views(window, qtbot) if isinstance(v, ConcordanceView))
    assert view.script_box.currentData() == "simplified"
    view.query_edit.setText("国家安全法")
    view.run()
    assert view.lines and all("國" not in line.keyword for line in view.lines)


def test_one_statement_compare_directly(qtbot: QtBot) -> None:
    view = CompareView(Archive.load(ARCHIVE))
    qtbot.addWidget(view)
    assert view.stack.currentWidget() is view.empty
