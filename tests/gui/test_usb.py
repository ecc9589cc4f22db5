"""The USB-stick features in the window: verify this copy, copy to a stick, notices."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu
from pytestqt.qtbot import QtBot

from archive_app.core import paths
from archive_app.core.distribution import SignatureStatus, stickcopy
from archive_app.core.paths import AppPaths
from archive_app.core.record import Archive
from archive_app.gui import copy_to_stick, usb
from archive_app.gui.copy_to_stick import CopyDialog, start_copy
from archive_app.gui.main_window import MainWindow
from archive_app.gui.verify_dialog import VerifyDialog
from tests.bundle_helpers import SigningKey, make_signed_bundle, new_key
from tests.conftest import ARCHIVE, DATA

SHOTS = os.environ.get("ARCHIVE_APP_TEST_SHOTS")  # set to a folder to look at the dialogs


def shoot(widget: Any, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


@pytest.fixture(scope="module")
def key() -> SigningKey:
    return new_key()


def _idle(busy: bool) -> bool:
    return not busy


def make_window(qtbot: QtBot, root: Path = ARCHIVE) -> MainWindow:
    window = MainWindow(Archive.load(root))
    qtbot.addWidget(window)
    return window


def action(window: MainWindow, menu: str, name: str) -> QAction:
    actions = window.menuBar().findChild(QMenu, menu).actions()
    found = [a for a in actions if a.objectName() == name]
    assert len(found) == 1, name
    return found[0]


def test_menus_have_the_actions(qtbot: QtBot) -> None:
    window = make_window(qtbot)
    file_menu = window.menuBar().findChild(QMenu, "menu_file")
    assert file_menu.actions()[0].objectName() == "action_copy_to_stick"
    assert "USB" in file_menu.actions()[0].text()
    assert "Verify this copy" in action(window, "menu_help", "action_verify_copy").text()
    assert window.findChild(QLabel, "readonly_banner") is None


def test_verify_from_source_checks_the_archive_and_says_so(qtbot: QtBot) -> None:
    window = make_window(qtbot)
    action(window, "menu_help", "action_verify_copy").trigger()
    dialog: VerifyDialog = window.session.tools["verify"]  # type: ignore[assignment]
    qtbot.waitUntil(lambda: dialog.outcome is not None and dialog.buttons.isEnabled())
    assert "not a signed bundle" in dialog.headline.text()
    assert "intact" in dialog.headline.text()
    details = dialog.details.toPlainText()
    assert "running from its Python sources" in details and "statement valid" in details
    assert "could lie about itself" in dialog.caveat.text()
    assert "sha256sum -c --strict MANIFEST.sha256" in dialog.commands.toPlainText()
    dialog.close()


def test_verify_dialog_on_a_signed_and_a_tampered_bundle(
    qtbot: QtBot, tmp_path: Path, key: SigningKey
) -> None:
    bundle = make_signed_bundle(tmp_path / "六四檔案", key)
    dialog = VerifyDialog(None, bundle=bundle, keys=[key.trusted])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(
        dialog.tasks.busy_changed, timeout=10_000, check_params_cb=lambda b: not b
    ):
        dialog.start()
    assert "complete and signed" in dialog.headline.text()
    details = dialog.details.toPlainText()
    assert key.trusted.fingerprint in details and key.trusted.key_id in details
    assert "version:0.1.0" in details
    assert key.trusted.public_key in dialog.commands.toPlainText()
    assert dialog.progress.value() == dialog.progress.maximum()
    dialog.show()
    shoot(dialog, "verify-good")

    (bundle / "_internal" / "lib" / "evil.so").write_bytes(b"planted")
    (bundle / "VERIFY.txt").write_text("changed")
    again = VerifyDialog(None, bundle=bundle, keys=[key.trusted])
    qtbot.addWidget(again)
    with qtbot.waitSignal(
        again.tasks.busy_changed, timeout=10_000, check_params_cb=lambda b: not b
    ):
        again.start()
    assert "has been changed" in again.headline.text()
    details = again.details.toPlainText()
    assert "Extra (not part of the app; it may have been planted): _internal/lib/evil.so" in details
    assert "Changed (does not match its checksum): VERIFY.txt" in details
    again.show()
    shoot(again, "verify-tampered")


def test_verify_dialog_says_not_signed(qtbot: QtBot, tmp_path: Path, key: SigningKey) -> None:
    bundle = make_signed_bundle(tmp_path / "b", key)
    (bundle / "MANIFEST.sha256.minisig").unlink()
    dialog = VerifyDialog(None, bundle=bundle, keys=[key.trusted])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(
        dialog.tasks.busy_changed, timeout=10_000, check_params_cb=lambda b: not b
    ):
        dialog.start()
    assert "not signed" in dialog.headline.text()
    assert "Not signed" in dialog.details.toPlainText()


@pytest.fixture
def running(tmp_path: Path, key: SigningKey) -> Path:
    return make_signed_bundle(tmp_path / "running", key)


def test_copy_to_stick_copies_and_checks(
    qtbot: QtBot,
    tmp_path: Path,
    running: Path,
    key: SigningKey,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stick = tmp_path / "STICK"
    stick.mkdir()
    monkeypatch.setattr(copy_to_stick, "choose_folder", lambda _parent, **_kw: stick)
    window = make_window(qtbot)
    dialog = start_copy(window, source=running, keys=[key.trusted])
    assert isinstance(dialog, CopyDialog)
    qtbot.waitUntil(lambda: dialog.outcome is not None and dialog.buttons.isEnabled())
    assert dialog.outcome is not None and dialog.outcome.report.ok
    assert dialog.outcome.report.signature.status is SignatureStatus.GOOD
    assert "copy was checked" in dialog.headline.text()
    assert "could lie about itself" in dialog.details.toPlainText()
    assert key.trusted.public_key in dialog.details.toPlainText()
    assert dialog.progress.value() == dialog.progress.maximum()
    assert (stick / "june-fourth-archive" / "portable").is_file()
    shoot(dialog, "copy-done")
    dialog.close()


def test_stick_pulled_out_during_the_copy(
    qtbot: QtBot,
    tmp_path: Path,
    running: Path,
    key: SigningKey,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stick = tmp_path / "STICK"
    stick.mkdir()
    monkeypatch.setattr(copy_to_stick, "choose_folder", lambda _parent, **_kw: stick)
    real_copy = stickcopy.copy_bundle

    def pulled_out(src: Path, dst: Path) -> None:
        raise OSError(5, "Input/output error", str(dst))

    monkeypatch.setattr(
        copy_to_stick,
        "copy_bundle",
        lambda plan, **kw: real_copy(plan, copy_file=pulled_out, **kw),
    )
    dialog = start_copy(None, source=running, keys=[key.trusted])
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.error is not None and dialog.buttons.isEnabled())
    assert "stick was removed" in dialog.details.toPlainText()
    assert "Nothing that looks complete" in dialog.headline.text()
    assert list(stick.iterdir()) == []
    shoot(dialog, "copy-failed")


def test_copy_refusals_are_messages(
    qtbot: QtBot, tmp_path: Path, running: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    messages: list[str] = []
    monkeypatch.setattr(copy_to_stick, "show_message", lambda _p, _t, text: messages.append(text))
    monkeypatch.setattr(copy_to_stick, "find_source_bundle", lambda: None)
    assert start_copy(None) is None
    assert "make dist" in messages[-1]

    stick = tmp_path / "locked"
    stick.mkdir()
    monkeypatch.setattr(copy_to_stick, "choose_folder", lambda _parent, **_kw: stick)
    monkeypatch.setattr(paths, "probe_writable", lambda _folder: False)
    assert start_copy(None, source=running) is None
    assert "read-only" in messages[-1] and str(stick) in messages[-1]

    monkeypatch.setattr(copy_to_stick, "choose_folder", lambda _parent, **_kw: None)
    count = len(messages)
    assert start_copy(None, source=running) is None  # cancelled: nothing said
    assert len(messages) == count


def test_refused_statement_file_is_shown_and_the_rest_stays_readable(
    qtbot: QtBot, archive_copy: Path
) -> None:
    stored = archive_copy / "data" / "statements" / "2021.json"
    (archive_copy / "data" / "statements" / "2022.json").write_bytes(stored.read_bytes())
    window = make_window(qtbot, archive_copy)
    # The main window names refused files in its own banner.
    assert "2022.json" in window.banner.text()
    assert "not listed in the manifest" in window.banner.text()
    assert window.years.count() == 1  # 2021 still readable
    window.show()
    window.resize(1000, 500)
    shoot(window, "window-problems")


def test_read_only_media_banner(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "probe_writable", lambda _folder: False)
    window = make_window(qtbot)
    assert window.findChild(QLabel, "readonly_banner") is not None
    banner = window.findChild(QLabel, "readonly_banner")
    assert "changes will not be saved" in banner.text()


def test_portable_qt_settings_stay_in_the_folder(
    tmp_path: Path, qt_settings_restored: None
) -> None:
    usb.portable_qt_settings(AppPaths.for_portable(tmp_path / "六四檔案"))
    qt = QSettings(QSettings.Scope.UserScope, "QtProject")
    assert Path(qt.fileName()).is_relative_to(tmp_path / "六四檔案" / "Data")


def test_portable_folder_chooser_keeps_no_history(qtbot: QtBot, tmp_path: Path) -> None:
    chooser = copy_to_stick.FolderChooser(None, "choose")
    qtbot.addWidget(chooser)
    (tmp_path / "stick").mkdir()
    index = chooser.model.index(str(tmp_path / "stick"))
    chooser.tree.setCurrentIndex(index)
    assert chooser.folder() == tmp_path / "stick"


@pytest.fixture
def qt_settings_restored() -> Iterator[None]:
    """Portable mode redirects QSettings for the whole process; put it back after the test."""
    before_format = QSettings.defaultFormat()
    probe = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "x")
    before_dir = str(Path(probe.fileName()).parent)
    yield
    QSettings.setDefaultFormat(before_format)
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, before_dir)


def test_window_paths_drive_the_notices_and_qt_settings(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qt_settings_restored: None
) -> None:
    probed: list[Path] = []

    def read_only(folder: Path) -> bool:
        probed.append(folder)
        return False

    monkeypatch.setattr(paths, "probe_writable", read_only)
    stick = AppPaths.for_portable(tmp_path / "六四檔案")
    window = MainWindow(Archive.load(ARCHIVE), app_paths=stick)
    qtbot.addWidget(window)
    assert window.session.paths is stick
    assert probed == [stick.data_dir]
    assert window.findChild(QLabel, "readonly_banner") is not None
    qt = QSettings(QSettings.Scope.UserScope, "QtProject")
    assert Path(qt.fileName()).is_relative_to(stick.data_dir)


def test_task_errors_read_as_user_errors(tmp_path: Path) -> None:
    from archive_app.core.errors import ArchiveAppError
    from archive_app.gui.tasks import error_message

    failure = ArchiveAppError("cannot read it", tmp_path / "x.json", 3)
    assert error_message(failure) == f"{tmp_path / 'x.json'}:3: cannot read it"
    gone = OSError(5, "Input/output error", str(tmp_path / "stick"))
    assert error_message(gone) == f"{tmp_path / 'stick'}: Input/output error"


def test_verify_this_copy_reports_the_users_own_archive(qtbot: QtBot, tmp_path: Path) -> None:
    """A planted local text is named in Help → Verify this copy, as outside the signature."""
    from archive_app.core.record import Library, UserArchive, import_file

    stick = AppPaths.for_portable(tmp_path / "stick")
    user = UserArchive.for_paths(stick)
    shipped = Archive.load(ARCHIVE)
    user.add(import_file(DATA / "curation" / "synthetic-2021-variant.txt"), shipped=shipped)
    library = Library.with_user_archive(shipped, user.root)
    window = MainWindow(library, app_paths=stick)
    qtbot.addWidget(window)
    action(window, "menu_help", "action_verify_copy").trigger()
    dialog: VerifyDialog = window.session.tools["verify"]  # type: ignore[assignment]
    qtbot.waitUntil(lambda: dialog.outcome is not None and dialog.buttons.isEnabled())
    assert dialog.user_outcome is not None and dialog.user_outcome.ok
    assert "1 text added locally, not signed" in dialog.headline.text()
    details = dialog.details.toPlainText()
    assert "Your own archive (statements added locally, not signed)" in details
    assert "2021 v2 · added locally, not signed" in details
    dialog.close()


def test_verify_action_in_a_bundle_checks_the_bundle_with_built_in_keys(
    qtbot: QtBot, tmp_path: Path, key: SigningKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = make_signed_bundle(tmp_path / "六四檔案", key)
    keys_dir = tmp_path / "keys"
    key.write_pub(keys_dir)
    monkeypatch.setattr(usb, "bundle_root", lambda: bundle)
    monkeypatch.setattr("archive_app.core.distribution.bundle.trusted_keys_dir", lambda: keys_dir)
    window = make_window(qtbot)
    action(window, "menu_help", "action_verify_copy").trigger()
    dialog: VerifyDialog = window.session.tools["verify"]  # type: ignore[assignment]
    qtbot.waitUntil(lambda: dialog.outcome is not None and dialog.buttons.isEnabled())
    assert "complete and signed" in dialog.headline.text()
    assert key.trusted.fingerprint in dialog.details.toPlainText()
    dialog.close()


def test_copy_action_from_the_file_menu(
    qtbot: QtBot,
    tmp_path: Path,
    running: Path,
    key: SigningKey,
    monkeypatch: pytest.MonkeyPatch,
    qt_settings_restored: None,
) -> None:
    keys_dir = tmp_path / "keys"
    key.write_pub(keys_dir)
    monkeypatch.setattr("archive_app.core.distribution.bundle.trusted_keys_dir", lambda: keys_dir)
    monkeypatch.setattr(copy_to_stick, "find_source_bundle", lambda: running)
    asked: list[bool] = []
    stick = tmp_path / "STICK"
    stick.mkdir()

    def choose(_parent: Any, *, portable: bool = False) -> Path:
        asked.append(portable)
        return stick

    monkeypatch.setattr(copy_to_stick, "choose_folder", choose)
    window = MainWindow(Archive.load(ARCHIVE), app_paths=AppPaths.for_portable(tmp_path / "here"))
    qtbot.addWidget(window)
    action(window, "menu_file", "action_copy_to_stick").trigger()
    dialog: CopyDialog = window.session.tools["copy_to_stick"]  # type: ignore[assignment]
    qtbot.waitUntil(lambda: dialog.outcome is not None and dialog.buttons.isEnabled())
    assert asked == [True]  # portable: the chooser that keeps no history
    assert dialog.outcome is not None and dialog.outcome.report.ok
    dialog.close()
