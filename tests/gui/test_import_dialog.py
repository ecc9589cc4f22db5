"""File → Import statement…, driven through the real dialog (file dialog stubbed at its seam)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from archive_app.core.paths import AppPaths
from archive_app.core.record import LOCAL_NOTE, Archive, Library, UserArchive
from archive_app.gui import tool_support
from archive_app.gui.import_dialog import ImportDialog
from archive_app.gui.main_window import MainWindow
from tests.conftest import ARCHIVE, DATA

CURATION = DATA / "curation"
LEFT = Qt.MouseButton.LeftButton
SHOTS = (
    Path(os.environ.get("ARCHIVE_APP_SHOTS", "")) if os.environ.get("ARCHIVE_APP_SHOTS") else None
)


def shot(widget: object, name: str) -> None:
    """Save what the widget looks like when ARCHIVE_APP_SHOTS names a folder (for people)."""
    if SHOTS is not None:
        QApplication.processEvents()  # let pending layout requests settle first
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / f"{name}.png"))  # type: ignore[attr-defined]


@pytest.fixture
def dialog(qtbot: QtBot, tmp_path: Path) -> ImportDialog:
    tool_support.cjk_families()
    widget = ImportDialog(Archive.load(ARCHIVE), UserArchive(tmp_path / "user"))
    qtbot.addWidget(widget)
    return widget


def test_shows_what_was_read_and_adds_with_the_corrected_alignment(
    dialog: ImportDialog, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = CURATION / "synthetic-2022-captured.txt"
    monkeypatch.setattr(tool_support, "choose_open_file", lambda *a: source)
    dialog.show()
    qtbot.mouseClick(dialog.choose_button, LEFT)
    assert dialog.parsed is not None and not dialog.error_label.isVisible()
    assert dialog.title_value.text().startswith("Synthetic Test Statement on June Fourth")
    assert dialog.year_value.text() == "2022"
    basis = dialog.basis_value.text()
    assert basis.startswith("derived from the anniversary named in the text")
    assert "“33rd anniversary”" in basis and "“六四33週年”" in basis and "1989 + 33" in basis
    assert dialog.counts_value.text() == "3 English ¶, 2 Chinese ¶, 3 signatories"
    assert dialog.ignored_value.text() == "nothing"
    text = dialog.text_view.toPlainText()
    assert "Example Solidarity Group of Nowhere" in text and "《國家安全法》" in text
    # The proposal pairs ¶1 ↔ ¶1 and ¶2 ↔ ¶2, each with its reason in plain words; the
    # curator keeps ¶2 ↔ ¶2 and pairs English ¶3 with Chinese ¶2 as well (a 2–1 match).
    assert dialog.pairs() == [(1, 1), (2, 2)]
    assert dialog.reason_of_row(1) == (
        "both name 40, 2022; the length of a translation (0.27 Chinese characters per "
        "English character)"
    )
    assert dialog.reason_of_row(0).startswith("a length unusual for a translation (0.18")
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.remove_pair_button, LEFT)
    qtbot.mouseClick(dialog.add_pair_button, LEFT)
    assert dialog.reason_of_row(1) == "added by you"
    dialog.set_pair(1, 3, 2)
    dialog.curator_edit.setText("A. Tester")
    shot(dialog, "import-dialog")
    with qtbot.waitSignal(dialog.statementAdded) as signal:
        qtbot.mouseClick(dialog.add_button, LEFT)
    added = signal.args[0]
    assert added.added and added.year == 2022 and LOCAL_NOTE in dialog.status_label.text()
    stored = json.loads(Path(added.path).read_text(encoding="utf-8"))
    assert stored["alignment"]["pairs"] == [{"en": 2, "zh": 2}, {"en": 3, "zh": 2}]
    assert stored["alignment"]["by"] == "corrected by the curator (A. Tester) on import"
    assert not dialog.add_button.isEnabled()


def test_import_failure_shows_file_and_line_and_writes_nothing(
    dialog: ImportDialog, tmp_path: Path
) -> None:
    bad = tmp_path / "menu.html"
    bad.write_text("<html><body>\n<p>Welcome</p>\n</body></html>", encoding="utf-8")
    assert not dialog.load_file(bad)
    assert dialog.error_label.isVisibleTo(dialog)
    assert dialog.error_label.text().startswith(f"{bad}:")
    assert "title" in dialog.error_label.text()
    assert not dialog.add_button.isEnabled() and dialog.add_to_archive() is None
    assert not (tmp_path / "user").exists()


def test_year_given_by_the_curator_when_the_text_names_none(dialog: ImportDialog) -> None:
    source = CURATION / "synthetic-no-year.txt"
    assert not dialog.load_file(source)
    assert f"{source}:1:" in dialog.error_label.text() and "cannot tell the year" in (
        dialog.error_label.text()
    )
    dialog.year_box.setValue(2024)
    dialog.reread_button.click()
    assert dialog.parsed is not None and dialog.parsed.statement.year == 2024
    assert "given by the curator" in dialog.basis_value.text()
    assert not dialog.table.isEnabled()  # no Chinese section, nothing to align
    added = dialog.add_to_archive()
    assert added is not None and added.added and added.year == 2024


def test_same_source_and_second_version(dialog: ImportDialog) -> None:
    dialog.load_file(ARCHIVE / "data" / "sources" / "000_0b40565ccc724d68.txt")
    # Known as soon as it is read: the Add button is off and the dialog says why.
    assert "Already in the shipped archive" in dialog.status_label.text()
    assert "Nothing will be written" in dialog.status_label.text()
    assert not dialog.add_button.isEnabled()
    added = dialog.add_to_archive()
    assert added is not None and not added.added
    assert "Already in the shipped archive" in dialog.status_label.text()
    assert "Nothing was written" in dialog.status_label.text()
    dialog.load_file(CURATION / "synthetic-2021-variant.txt")
    assert "kept beside it as version 2" in dialog.status_label.text()
    assert dialog.add_button.isEnabled()
    added = dialog.add_to_archive()
    assert added is not None and added.added and added.version == 2
    assert "2021.v2.json" in str(added.path)
    assert "kept beside it as version 2" in dialog.status_label.text()


def test_bad_pairing_is_shown_not_written(dialog: ImportDialog, tmp_path: Path) -> None:
    dialog.load_file(CURATION / "synthetic-2022-captured.txt")
    dialog.add_pair_row(2, 1)  # with ¶1 ↔ ¶1 and ¶2 ↔ ¶2: a 2–2 tangle, not a match
    assert dialog.add_to_archive() is None
    assert "more than a 1–2 match allows" in dialog.error_label.text()
    assert not (tmp_path / "user").exists()


def test_file_menu_action_in_the_current_window(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(Archive.load(ARCHIVE), cjk_families=tool_support.cjk_families())
    qtbot.addWidget(window)
    menu = window.menuBar().findChild(QMenu, "menu_file")
    assert menu is not None
    (action,) = [a for a in menu.actions() if a.objectName() == "action_import_statement"]
    assert action.text() == "&Import statement…"
    monkeypatch.setattr(
        tool_support, "choose_open_file", lambda *a: CURATION / "synthetic-2022-captured.txt"
    )
    action.trigger()
    dialog = window.findChild(ImportDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.choose_button.click()
    added = dialog.add_to_archive()
    assert added is not None and added.added
    assert added.path is not None
    assert added.path.is_relative_to(AppPaths.for_user().user_archive_dir)
    dialog.close()


def test_import_in_the_window_shows_the_new_text_as_local(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A statement added through File → Import… joins the session's library at once, marked
    local, and the window opens exactly that text (its key), not the signed one."""
    from archive_app.core.record import Origin, StatementKey

    paths = AppPaths.for_portable(tmp_path / "stick")
    window = MainWindow(
        Archive.load(ARCHIVE), cjk_families=tool_support.cjk_families(), app_paths=paths
    )
    qtbot.addWidget(window)
    monkeypatch.setattr(
        tool_support, "choose_open_file", lambda *a: CURATION / "synthetic-2022-captured.txt"
    )
    menu = window.menuBar().findChild(QMenu, "menu_file")
    assert menu is not None
    (action,) = [a for a in menu.actions() if a.objectName() == "action_import_statement"]
    action.trigger()
    dialog = window.findChild(ImportDialog)
    assert dialog is not None
    dialog.choose_button.click()
    with qtbot.waitSignal(window.session.library_changed):
        added = dialog.add_to_archive()
    assert added is not None and added.added
    assert isinstance(window.archive, Library)
    assert window.current_key() == StatementKey(2022, 1, Origin.LOCAL)
    assert "added locally, not signed" in window.years.currentItem().text()
    assert not window.statement_bar.isHidden()
    assert "not part of the signed archive" in window.statement_bar_text
    dialog.close()


def test_every_kind_of_content_not_taken_has_a_translatable_label() -> None:
    from archive_app.core.record.htmltext import IGNORED_KINDS
    from archive_app.gui.import_dialog import IGNORED_LABELS

    assert set(IGNORED_LABELS) == set(IGNORED_KINDS)
