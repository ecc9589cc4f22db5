"""Searching from the window: as you type, off the GUI thread, hits that open where they are."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from archive_app.core.record import Archive, Origin, StatementKey
from archive_app.core.search import SearchIndex
from archive_app.gui.main_window import MainWindow
from archive_app.gui.search_panel import HIT_ROLE, HTML_ROLE
from tests.gui.conftest import MakeWindow, synthetic_archive

WAIT = 10_000


def type_query(window: MainWindow, qtbot: QtBot, text: str) -> None:
    """Type as a person would: key by key, or Chinese committed by an input method."""
    box = window.search_box
    box.setFocus()
    with qtbot.waitSignal(window.search_finished, timeout=WAIT) as blocker:
        if text.isascii():
            qtbot.keyClicks(box, text)
        else:
            for char in text:
                event = QInputMethodEvent("", [])
                event.setCommitString(char)
                QApplication.sendEvent(box, event)
    # Only the query as finally typed is searched (the box waits for a pause in typing).
    assert blocker.args == [text]


def test_hits_appear_as_you_type(window: MainWindow, qtbot: QtBot) -> None:
    assert window.search_panel.isHidden()
    type_query(window, qtbot, "国家安全法")
    panel = window.search_panel
    assert panel.isVisible()
    assert panel.hits.count() == 1
    item = panel.hits.item(0)
    hit = item.data(HIT_ROLE)
    assert (hit.year, hit.lang, hit.paragraph) == (2021, "zh", 1)
    assert item.text().startswith("2021 · Chinese · ¶1: ")
    assert '<span class="mark"><b>國家安全法</b></span>' in item.data(HTML_ROLE)
    assert panel.status.text() == "1 paragraph matches “国家安全法”"


def test_english_hits_list_year_language_and_snippet(window: MainWindow, qtbot: QtBot) -> None:
    type_query(window, qtbot, "Hong Kong")
    panel = window.search_panel
    hits = [panel.hits.item(i).data(HIT_ROLE) for i in range(panel.hits.count())]
    assert {h.lang for h in hits} == {"en"} and all(h.year == 2021 for h in hits)
    assert panel.hits.count() >= 2
    assert "<b>Hong Kong</b>" in panel.hits.item(0).data(HTML_ROLE)


def test_snippets_follow_the_display_script(window: MainWindow, qtbot: QtBot) -> None:
    window.select(script="simplified")
    type_query(window, qtbot, "國家安全法")
    item = window.search_panel.hits.item(0)
    assert "国家安全法" in item.data(HTML_ROLE) and "converted" in item.text()


def test_choosing_a_hit_opens_the_paragraph_beside_its_counterpart(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.select(view="en")
    type_query(window, qtbot, "国家安全法")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    assert window.search_panel.hits.hasFocus()
    qtbot.keyClick(window.search_panel.hits, Qt.Key.Key_Return)
    # The Chinese hit cannot be shown in the English view: side by side, with English ¶2.
    assert window.view_mode == "side-by-side"
    pane = window.reader
    assert pane.highlighted_paragraphs == [("zh", 1), ("en", 2)]
    assert pane.block_background(("zh", 1)) == window.reader.shown.theme.hit  # type: ignore[union-attr]
    assert pane.block_background(("en", 2)) is not None
    assert pane.block_background(("en", 1)) is None
    qtbot.waitUntil(lambda: pane.verticalScrollBar().value() > 0, timeout=WAIT)
    assert pane.hasFocus()


def test_enter_in_the_box_opens_the_first_hit(window: MainWindow, qtbot: QtBot) -> None:
    type_query(window, qtbot, "Uyghur")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    first = window.search_panel.shown_hits()[0]
    assert window.reader.highlighted_paragraphs[0] == (first.lang, first.paragraph)
    assert window.settings.search_history[0] == "Uyghur"


def test_history_is_not_kept_when_disabled(make_window: MakeWindow, qtbot: QtBot) -> None:
    window = make_window(show=True)
    window.settings.search_history_enabled = False
    type_query(window, qtbot, "Tibet")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.settings.search_history == []


def test_malformed_query_is_explained_inline(window: MainWindow, qtbot: QtBot) -> None:
    type_query(window, qtbot, "NOT vigil")
    panel = window.search_panel
    assert panel.hits.count() == 0
    assert "nothing to look for" in panel.status.text()
    assert "Traceback" not in panel.status.text()


def test_clearing_the_box_hides_the_results(window: MainWindow, qtbot: QtBot) -> None:
    type_query(window, qtbot, "vigil")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.search_box.text() == "" and window.search_panel.isHidden()


def test_index_is_built_lazily_off_the_gui_thread(window: MainWindow, qtbot: QtBot) -> None:
    assert window.session.index is None  # nothing built for the first paint
    window.run_search("vigil")
    # The window answers at once: the panel says the index is being built.
    assert window.search_panel.status.text() == "Building the search index…"
    assert window.index_progress.isVisibleTo(window)
    with qtbot.waitSignal(window.search_finished, timeout=WAIT):
        pass
    assert not window.index_progress.isVisibleTo(window)
    assert window.search_panel.hits.count() >= 1


def test_stale_results_are_dropped(window: MainWindow, qtbot: QtBot) -> None:
    finished: list[str] = []
    window.search_finished.connect(finished.append)
    window.run_search("Hong Kong")
    window.run_search("国家安全法")
    qtbot.waitUntil(lambda: finished == ["国家安全法"], timeout=WAIT)
    window.run_search("Tibet")
    window.run_search("Uyghur")
    qtbot.waitUntil(lambda: finished[-1:] == ["Uyghur"], timeout=WAIT)
    window.session.wait()
    qtbot.wait(50)
    assert "Tibet" not in finished
    assert all(h.text.count("Uyghur") for h in window.search_panel.shown_hits())


def test_search_index_is_shared(window: MainWindow, qtbot: QtBot) -> None:
    got: list[SearchIndex] = []
    window.session.with_index(got.append)
    qtbot.waitUntil(lambda: len(got) == 1, timeout=WAIT)
    window.session.with_index(got.append)
    assert len(got) == 2 and got[0] is got[1]
    assert got[0].search("vigil")


def test_set_archive_relists_years_and_rebuilds_the_index(
    window: MainWindow, shipped: Archive, qtbot: QtBot
) -> None:
    type_query(window, qtbot, "zebras")
    assert window.search_panel.hits.count() == 0
    window.set_archive(synthetic_archive(shipped))
    assert window.years.count() == 2
    with qtbot.waitSignal(window.search_finished, timeout=WAIT):
        window.run_search("zebras")
    hits = window.search_panel.shown_hits()
    assert [(h.year, h.lang, h.paragraph) for h in hits] == [(2022, "en", 2)]
    assert window.open_statement(StatementKey(2022), "zh", 2)
    assert "只有中文的第二段" in window.reader.toPlainText()
    assert not window.open_statement(StatementKey(1999))


def test_search_history_can_be_cleared_and_turned_off(window: MainWindow, qtbot: QtBot) -> None:
    type_query(window, qtbot, "Tibet")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.settings.search_history == ["Tibet"]
    completer = window.search_box.completer()
    assert completer is not None and completer.model().rowCount() == 1
    window.act_clear_history.trigger()
    assert window.settings.search_history == [] and completer.model().rowCount() == 0
    assert window.act_history.isChecked()
    window.settings.remember_search("Uyghur")
    window.act_history.trigger()  # off: forgets, and remembers nothing more
    assert not window.settings.search_history_enabled and window.settings.search_history == []
    assert not window.act_history.isChecked()
    window.open_hit(window.search_panel.shown_hits()[0])
    assert window.settings.search_history == []


def test_the_window_shows_the_whole_result(window: MainWindow, qtbot: QtBot) -> None:
    """What ``run()`` returns reaches the panel: the abbreviation's expansion and the total."""
    type_query(window, qtbot, "國安法")
    status = window.search_panel.status.text()
    assert "Also searched: 國家安全法" in status
    assert window.last_result is not None and window.last_result.expanded == ["國家安全法"]
    assert status.startswith(f"{window.last_result.total} paragraph")


def test_a_local_second_text_is_named_everywhere_in_the_window(
    make_window: MakeWindow, shipped: Archive, qtbot: QtBot, tmp_path: Path
) -> None:
    """A changed copy of the 2021 page imported locally is "2021 v2", marked local and not
    signed, in the list, the bar above the text, the hits, the citation and About."""
    import dataclasses

    from PySide6.QtGui import QGuiApplication, QTextCursor

    from archive_app.core.record import Library
    from archive_app.gui import dialogs

    base = shipped.get(2021)
    changed = dataclasses.replace(
        base,
        en=(base.en[0] + " CHANGEDWORD", *base.en[1:]),
        source={**base.source, "sha256": "0" * 64},  # another (changed) copy of the page
        path=tmp_path / "2021.v2.json",
    )
    library = Library.combine(shipped, Archive(tmp_path, (changed,), (), "local"))
    window = make_window(library, show=True)
    local = StatementKey(2021, 2, Origin.LOCAL)
    assert window.years.count() == 2
    texts = [window.years.item(r).text() for r in range(2)]
    assert texts[0].startswith("2021\n") and "not signed" not in texts[0]
    assert texts[1].startswith("2021 v2 · added locally, not signed\n")
    window.years.setCurrentRow(0)
    assert window.statement_bar.isHidden()  # the signed text: nothing to warn about
    type_query(window, qtbot, "CHANGEDWORD")
    (hit,) = window.search_panel.shown_hits()
    assert hit.key == local
    assert (
        window.search_panel.hits.item(0)
        .text()
        .startswith("2021 v2 · added locally, not signed · English · ¶1")
    )
    window.open_hit(hit)
    assert window.current_key() == local  # exactly that text, not the signed one of 2021
    assert window.statement_bar.isVisible()
    assert "not part of the signed archive" in window.statement_bar_text
    pane = window.reader
    cursor = QTextCursor(pane.document().findBlockByNumber(pane.paragraph_blocks[("en", 1)]))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    pane.setTextCursor(cursor)
    QGuiApplication.clipboard().clear()
    pane.copy()
    assert (
        QGuiApplication.clipboard()
        .text()
        .endswith(
            "— Coalition statement, June Fourth 2021 (version 2), added locally, not signed, ¶1"
        )
    )
    assert "2021 v2" in window.windowTitle()
    about = dialogs.about_dialog(window)
    label = about.findChild(QLabel)
    assert label is not None
    assert "1 added locally, not signed (not part of the published archive): 2021 v2" in (
        label.text()
    )
    about.close()


def test_the_search_box_names_every_filter_in_every_language(window: MainWindow) -> None:
    """The tooltip is the query help at hand: each filter of the search language (titles and
    signatories included) is named in it, in English, 繁體 and 简体 alike."""
    from archive_app.gui import i18n

    try:
        for lang in i18n.LANGUAGES:
            window.set_ui_language(lang)
            tip = window.search_box.toolTip()
            for name in ("year:", "lang:", "title:", "signatory:"):
                assert name in tip, (lang, name, tip)
    finally:
        window.set_ui_language("en")
