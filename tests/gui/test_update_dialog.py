"""File → Open archive update… and Save archive updates…, driven through the real window
(file dialogs and message boxes stubbed at their seams)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from archive_app.core.paths import AppPaths
from archive_app.core.record import Library, Origin
from archive_app.gui import update_dialog
from archive_app.gui.main_window import MainWindow
from archive_app.gui.update_dialog import UpdateDialog
from tests.bundle_helpers import SigningKey, new_key
from tests.gui.conftest import MakeWindow
from tests.update_helpers import build, payload_2022, signed_files, statement_2022, zip_of

LEFT = Qt.MouseButton.LeftButton
SHOTS = (
    Path(os.environ.get("ARCHIVE_APP_SHOTS", "")) if os.environ.get("ARCHIVE_APP_SHOTS") else None
)


def shot(widget: object, name: str) -> None:
    """Save what the widget looks like when ARCHIVE_APP_SHOTS names a folder (for people)."""
    if SHOTS is not None:
        QApplication.processEvents()
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / f"{name}.png"))  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _no_modal_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A message box left to block would hang the run: each test stubs the ones it expects."""

    def unexpected(*args: object) -> None:
        raise AssertionError(f"an unexpected message box: {args[1:]}")

    monkeypatch.setattr(update_dialog, "show_refusal", unexpected)
    monkeypatch.setattr(update_dialog, "show_message", unexpected)


@pytest.fixture
def key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SigningKey:
    key = new_key()
    keys_dir = tmp_path / "keys"
    key.write_pub(keys_dir)
    monkeypatch.setattr("archive_app.core.distribution.bundle.trusted_keys_dir", lambda: keys_dir)
    return key


def _open(window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(update_dialog, "choose_update_file", lambda parent: path)
    action = next(
        a
        for a in window.findChildren(type(window.act_quit))
        if a.objectName() == ("action_open_update")
    )
    assert action.text() == "&Open archive update…"
    action.trigger()


def _dialog(window: MainWindow) -> UpdateDialog:
    found = window.findChild(UpdateDialog, "update_dialog")
    assert isinstance(found, UpdateDialog)
    return found


def test_open_shows_what_it_adds_then_apply_shows_it_as_a_signed_update(
    make_window: MakeWindow,
    qtbot: QtBot,
    tmp_path: Path,
    key: SigningKey,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    update = build(tmp_path / "maintainer", key)
    window = make_window(show=True)
    updates_dir = AppPaths.for_user().updates_dir
    _open(window, qtbot, monkeypatch, update)
    dialog = _dialog(window)
    assert dialog.headline.text().startswith("Signed archive update: the signature is good")
    details = dialog.details.text()
    assert "Made on: 2026-06-04" in details and key.trusted.fingerprint in details
    assert key.trusted.key_id in details
    assert "statements:2022" in details
    item = dialog.list.topLevelItem(0)
    assert [item.text(c) for c in range(3)] == [
        "2022",
        "new year",
        "SYNTHETIC TEST FIXTURE: Coalition Statement 2022",
    ]
    assert "Nothing has been written yet" in dialog.note.text()
    assert not updates_dir.exists()  # shown before anything is written
    shot(dialog, "update-dialog")

    with qtbot.waitSignal(dialog.applied):
        qtbot.mouseClick(dialog.apply_button, LEFT)
    assert isinstance(window.archive, Library)
    assert [e.key.origin for e in window.archive.entries] == [Origin.SHIPPED, Origin.UPDATE]
    short = " ".join(key.trusted.fingerprint.split()[:4])
    assert window.years.item(1).text() == (
        f"2022 · signed update of 2026-06-04, key {short}\n"
        "SYNTHETIC TEST FIXTURE: Coalition Statement 2022"
    )
    assert window.years.item(0).text().startswith("2021\n")
    statement = window.current_statement()
    assert statement is not None and statement.year == 2022
    banner = window.statement_bar
    assert banner.isVisible()
    assert window.statement_bar_text.startswith(f"Signed update of 2026-06-04, key {short}: ")
    assert "not part of the archive shipped with the app" in window.statement_bar_text
    shot(window, "signed-update-window")
    # The shipped text is not marked.
    window.years.setCurrentRow(0)
    assert banner.isHidden()
    assert len(list(updates_dir.glob("*.jfa"))) == 1


def test_a_window_opened_later_shows_the_updates_held(
    make_window: MakeWindow, tmp_path: Path, key: SigningKey
) -> None:
    from archive_app.core.distribution import apply_update, open_library
    from tests.conftest import ARCHIVE

    update = build(tmp_path / "maintainer", key)
    apply_update(update, AppPaths.for_user().updates_dir, Library.load(ARCHIVE))
    # What the app does at start (gui/app.py): the library with the updates held.
    window = make_window(open_library(ARCHIVE, AppPaths.for_user()))
    assert [s.year for s in window.archive] == [2021, 2022]
    assert "signed update of 2026-06-04" in window.years.item(1).text()


def test_refused_update_names_the_reason_and_writes_nothing(
    make_window: MakeWindow,
    qtbot: QtBot,
    tmp_path: Path,
    key: SigningKey,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = signed_files(new_key())  # a key the app does not carry
    hostile = tmp_path / "unknown.jfa"
    hostile.write_bytes(zip_of(files))
    said: list[str] = []
    monkeypatch.setattr(update_dialog, "show_refusal", lambda parent, text: said.append(text))
    window = make_window()
    _open(window, qtbot, monkeypatch, hostile)
    assert window.findChild(UpdateDialog) is None
    assert said and said[0].startswith("This archive update was refused; nothing was written.")
    assert str(hostile) in said[0] and "a key this app does not know" in said[0]
    assert not AppPaths.for_user().updates_dir.exists()


def test_hostile_text_in_an_update_is_shown_as_plain_text(
    make_window: MakeWindow,
    qtbot: QtBot,
    tmp_path: Path,
    key: SigningKey,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    title = '<img src="http://example.invalid/x.png"><b>bold</b> &amp;'
    data = statement_2022(title=title)
    update = tmp_path / "hostile-title.jfa"
    update.write_bytes(zip_of(signed_files(key, payload_2022(data))))
    window = make_window()
    _open(window, qtbot, monkeypatch, update)
    dialog = _dialog(window)
    assert dialog.list.topLevelItem(0).text(2) == title  # an item's text is never markup
    for label in (dialog.headline, dialog.details, dialog.note, dialog.status):
        assert label.textFormat() == Qt.TextFormat.PlainText
    with qtbot.waitSignal(dialog.applied):
        qtbot.mouseClick(dialog.apply_button, LEFT)
    assert window.years.item(1).text().endswith("\n" + title)


def test_save_updates_passes_on_the_original_signed_file_unchanged(
    make_window: MakeWindow,
    tmp_path: Path,
    key: SigningKey,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from archive_app.core.distribution import apply_update
    from tests.conftest import ARCHIVE

    said: list[str] = []
    monkeypatch.setattr(
        update_dialog, "show_message", lambda parent, title, text: said.append(text)
    )
    window = make_window()
    assert update_dialog.save_updates(window) == []
    assert said.pop() == "No archive updates are held, so there is nothing to save."

    update = build(tmp_path / "maintainer", key)
    apply_update(update, AppPaths.for_user().updates_dir, Library.load(ARCHIVE))
    out = tmp_path / "to-pass-on"
    out.mkdir()
    monkeypatch.setattr(update_dialog, "choose_folder", lambda parent: out)
    [saved] = update_dialog.save_updates(window)
    assert saved.parent == out and saved.suffix == ".jfa"
    assert saved.read_bytes() == update.read_bytes()
    assert said.pop().startswith(f"Saved 1 signed update file into {out}")


def test_update_applied_with_the_cli_in_a_fresh_portable_folder_shows_in_the_window(
    qtbot: QtBot, tmp_path: Path, key: SigningKey, capsys: pytest.CaptureFixture[str]
) -> None:
    from archive_app.cli import main
    from archive_app.gui.fonts import load_bundled_fonts
    from tests.conftest import ARCHIVE

    update = build(tmp_path / "maintainer", key)
    stick = tmp_path / "六四 stick"
    assert main(["--portable", str(stick), "update", "apply", str(update)]) == 0
    capsys.readouterr()
    from archive_app.core.distribution import open_library

    paths = AppPaths.for_portable(stick)
    window = MainWindow(
        open_library(ARCHIVE, paths), cjk_families=load_bundled_fonts(), app_paths=paths
    )
    qtbot.addWidget(window)
    window.persist_on_close = False
    assert [s.year for s in window.archive] == [2021, 2022]
    assert window.years.item(1).text().startswith("2022 · signed update of 2026-06-04, key ")
    window.years.setCurrentRow(1)
    banner = window.statement_bar
    assert not banner.isHidden()
    assert key.trusted.fingerprint.split()[0] in window.statement_bar_text


def test_research_views_mark_update_statements_as_signed_updates_not_local(
    qtbot: QtBot, tmp_path: Path, key: SigningKey
) -> None:
    from archive_app.core.distribution import apply_update, open_library
    from archive_app.core.search import SearchIndex
    from archive_app.gui.compare_view import CompareView
    from archive_app.gui.concordance_view import COL_YEAR, ConcordanceView
    from tests.conftest import ARCHIVE

    paths = AppPaths.for_portable(tmp_path / "stick")
    apply_update(build(tmp_path / "m", key), paths.updates_dir, Library.load(ARCHIVE))
    library = open_library(ARCHIVE, paths)
    short = " ".join(key.trusted.fingerprint.split()[:4])
    compare = CompareView(library)
    qtbot.addWidget(compare)
    labels = [compare.a_box.itemText(i) for i in range(compare.a_box.count())]
    assert labels == ["2021", f"2022 · signed update of 2026-06-04, key {short}"]
    assert "added locally" not in compare.summary.text()
    view = ConcordanceView(SearchIndex(library))
    qtbot.addWidget(view)
    view.query_edit.setText("vigil")
    qtbot.mouseClick(view.find_button, LEFT)
    years = {view.model.index(r, COL_YEAR).data() for r in range(view.model.rowCount())}
    assert years == {"2021", f"2022 · signed update of 2026-06-04, key {short}"}
    assert "added locally" not in view.message.text()
    assert "added locally" not in view.message.text()


def test_verify_this_copy_reports_each_signed_update(
    qtbot: QtBot, tmp_path: Path, key: SigningKey
) -> None:
    """Help → Verify this copy checks every held update again and names it."""
    from archive_app.core.distribution import apply_update, open_library
    from archive_app.gui.verify_dialog import VerifyDialog
    from tests.conftest import ARCHIVE

    paths = AppPaths.for_portable(tmp_path / "stick")
    apply_update(build(tmp_path / "m", key), paths.updates_dir, Library.load(ARCHIVE))
    window = MainWindow(open_library(ARCHIVE, paths), app_paths=paths)
    qtbot.addWidget(window)
    window.persist_on_close = False
    (action,) = [
        a
        for a in window.findChildren(type(window.act_quit))
        if a.objectName() == "action_verify_copy"
    ]
    action.trigger()
    dialog = window.session.tools["verify"]
    assert isinstance(dialog, VerifyDialog)
    qtbot.waitUntil(lambda: dialog.outcome is not None and dialog.buttons.isEnabled())
    assert len(dialog.update_checks) == 1 and dialog.update_checks[0][1]
    details = dialog.details.toPlainText()
    assert "signature and files intact" in details and key.trusted.fingerprint in details
    dialog.close()
