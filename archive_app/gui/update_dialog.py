"""Signed archive updates in the window (issue 16).

- **File → Open archive update…**: the chosen ``.jfa`` file is read and checked at once (the
  signature against the keys built into the app, every checksum, every statement; a few KB, so
  on the GUI thread). A refusal names the reason and writes nothing. A good update opens
  :class:`UpdateDialog`, which shows what it adds (years, titles, versions, signing date, key
  fingerprint) before anything is written; **Apply** stores it in the user's own data
  (``Data/updates`` in portable mode) and the window shows the library with it.
- **File → Save archive updates…**: copies the original update files the user holds, unchanged,
  into a folder (nobody can re-sign an update without the key, so the signed file itself is
  what is passed on).
- A statement from an update is marked wherever the window names it (the labels of
  :mod:`archive_app.gui.labels`: the year list, the bar above the text that cannot be scrolled
  away, hits, citations); the window's library holds the updates from the start
  (:mod:`archive_app.gui.app`).

Every text that comes from the update (titles, comments, paths) is shown as plain text.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from archive_app.core.distribution import (
    AppliedUpdate,
    UpdatePreview,
    apply_update,
    check_update,
    held_update_files,
    preview_update,
    read_update_file,
    with_held_updates,
)
from archive_app.core.errors import ArchiveAppError
from archive_app.core.paths import is_default_archive
from archive_app.core.record import (
    Archive,
    Library,
    Origin,
    Statement,
    StatementKey,
    UpdateStamp,
)
from archive_app.gui import labels, tool_support
from archive_app.gui.i18n import _, ngettext

if TYPE_CHECKING:
    from archive_app.gui.main_window import MainWindow
    from archive_app.gui.session import Session

__all__ = [
    "UpdateDialog",
    "choose_folder",
    "open_update",
    "origin_text",
    "save_updates",
    "update_note",
]


def update_note(stamp: UpdateStamp) -> str:
    """ "signed update of 2026-06-04, key 1a2b 3c4d 5e6f 7a8b", in the interface language."""
    note = labels.origin_label(StatementKey(0, 1, Origin.UPDATE, update=stamp))
    assert note is not None
    return note


def stamp_of(archive: Archive, statement: Statement) -> UpdateStamp | None:
    """The signed update ``statement`` came from, or ``None``."""
    if not isinstance(archive, Library):
        return None
    try:
        key = archive.key_of(statement)
    except KeyError:
        return None
    return key.update if key.origin is Origin.UPDATE else None


def origin_text(archive: Archive, statement: Statement) -> str | None:
    """The translated origin note of a statement from a signed update, else ``None``."""
    stamp = stamp_of(archive, statement)
    return update_note(stamp) if stamp is not None else None


# --- seams ----------------------------------------------------------------------------------


def choose_update_file(parent: QWidget | None) -> Path | None:
    """Ask for the update file (test seam)."""
    return tool_support.choose_open_file(
        parent, _("Open archive update"), _("Archive updates (*.jfa);;All files (*)")
    )


def choose_folder(parent: QWidget | None) -> Path | None:
    """Ask for the folder to save the updates into (test seam)."""
    path = QFileDialog.getExistingDirectory(
        parent,
        _("Save archive updates into"),
        "",
        QFileDialog.Option.DontUseNativeDialog | QFileDialog.Option.ShowDirsOnly,
    )
    return Path(path) if path else None


def show_message(parent: QWidget | None, title: str, text: str) -> None:
    """An information box (test seam)."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def show_refusal(parent: QWidget | None, text: str) -> None:
    """A refused update: the reason, in plain text (test seam)."""
    box = QMessageBox(QMessageBox.Icon.Warning, _("Archive update refused"), text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


# --- the dialog -----------------------------------------------------------------------------


def _plain(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


STATUS_TEXT = {
    "new": lambda: _("new year"),
    "new version": lambda: _("another text for a year already held: kept as a new version"),
    "already held": lambda: _("already held: nothing to add"),
}


class UpdateDialog(QDialog):
    """What a checked update adds; nothing is written until **Apply**."""

    applied = Signal(object)  # AppliedUpdate

    def __init__(
        self,
        parent: QWidget | None,
        path: Path,
        preview: UpdatePreview,
        library: Library,
        updates_dir: Path,
    ):
        super().__init__(parent)
        self.setObjectName("update_dialog")
        self.setWindowTitle(_("Open archive update"))
        self.path = path
        self.preview = preview
        self.library = library
        self.updates_dir = updates_dir
        self.result_: AppliedUpdate | None = None
        contents = preview.contents
        self.headline = _plain(
            _("Signed archive update: the signature is good and every file is as signed.")
        )
        self.headline.setObjectName("update_headline")
        font = self.headline.font()
        font.setBold(True)
        self.headline.setFont(font)
        details = [
            _("File: {name}").format(name=path.name),
            _("Made on: {date} (as its signature says)").format(date=contents.stamp.date),
            _("Signed with key {key_id}, fingerprint:").format(key_id=contents.stamp.key_id),
            "    " + contents.stamp.fingerprint,
            _("Signed comment: {comment}").format(comment=contents.signature.trusted_comment or ""),
        ]
        self.details = _plain("\n".join(details))
        self.details.setObjectName("update_details")
        self.list = QTreeWidget()
        self.list.setObjectName("update_statements")
        self.list.setHeaderLabels([_("Statement"), _("What it adds"), _("Title")])
        self.list.setRootIsDecorated(False)
        for line in preview.lines:
            item = QTreeWidgetItem([line.label, STATUS_TEXT[line.status](), line.statement.title])
            item.setToolTip(2, line.statement.title)
            self.list.addTopLevelItem(item)
        for column in range(2):
            self.list.resizeColumnToContents(column)
        self.note = _plain()
        self.note.setObjectName("update_note")
        if preview.already_applied:
            self.note.setText(_("This update is already applied: nothing to do."))
        elif not preview.adds_anything:
            self.note.setText(_("Every statement in it is already held: nothing to add."))
        else:
            self.note.setText(
                _(
                    "Nothing has been written yet. Apply keeps the update in your own data, as "
                    "its own archive beside the original file, and shows its statements as "
                    "“{note}”."
                ).format(note=update_note(contents.stamp))
            )
        self.status = _plain()
        self.status.setObjectName("update_status")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = QPushButton(_("&Apply"))
        self.apply_button.setObjectName("update_apply")
        self.apply_button.setEnabled(preview.adds_anything)
        self.buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.rejected.connect(self.reject)
        self.apply_button.clicked.connect(self.apply)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.details)
        layout.addWidget(rule)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(720, 420)

    def apply(self) -> None:
        try:
            result = apply_update(self.path, self.updates_dir, self.library)
        except ArchiveAppError as exc:
            self.status.setText(str(exc))
            self.apply_button.setEnabled(False)
            return
        self.result_ = result
        self.applied.emit(result)
        self.accept()


# --- the window's side ----------------------------------------------------------------------


def _library_of(session: Session) -> Library:
    library = session.library
    if isinstance(library, Library):
        return library
    return Library.with_user_archive(library, session.paths.user_archive_dir)


def open_update(window: MainWindow) -> UpdateDialog | None:
    """File → Open archive update…: choose, check, show what it adds (nothing written yet)."""
    session = window.session
    path = choose_update_file(window)
    if path is None:
        return None
    paths = session.paths
    try:
        _data, files = read_update_file(path)
        contents = check_update(files, path)
        library = _library_of(session)
        preview = preview_update(contents, library, paths.updates_dir)
    except ArchiveAppError as exc:
        show_refusal(
            window,
            _("This archive update was refused; nothing was written.\n\n{reason}").format(
                reason=exc
            ),
        )
        return None
    dialog = UpdateDialog(window, path, preview, library, paths.updates_dir)
    dialog.applied.connect(lambda result: _show_applied(window, result))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    session.tools["update"] = dialog
    dialog.show()
    return dialog


def _show_applied(window: MainWindow, result: AppliedUpdate) -> None:
    """Show the library with the new update and open its first new statement (by key)."""
    session = window.session
    if not isinstance(session.library, Library) and not is_default_archive(session.library.root):
        window.statusBar().showMessage(
            _("The update was stored; it shows with the archive shipped with the app."), 8000
        )
        return
    library = with_held_updates(_library_of(session), session.paths.updates_dir)
    session.set_library(library)
    for entry in library.update_entries:
        stamp = entry.key.update
        if stamp is not None and stamp.name == result.folder.name:
            session.open_statement(entry.key)
            break


def save_updates(window: MainWindow) -> list[Path]:
    """File → Save archive updates…: copy the original files held, unchanged, to a folder."""
    paths = window.session.paths
    originals = held_update_files(paths.updates_dir)
    title = _("Save archive updates")
    if not originals:
        show_message(window, title, _("No archive updates are held, so there is nothing to save."))
        return []
    folder = choose_folder(window)
    if folder is None:
        return []
    saved: list[Path] = []
    for original in originals:
        target = folder / original.name
        try:
            if target.exists():
                if target.read_bytes() == original.read_bytes():
                    saved.append(target)
                    continue
                raise ArchiveAppError("a different file already has this name", target)
            shutil.copyfile(original, target)
        except (OSError, ArchiveAppError) as exc:
            reason = exc if isinstance(exc, ArchiveAppError) else (exc.strerror or exc)
            show_message(
                window, title, _("Not saved: {reason}").format(reason=f"{target}: {reason}")
            )
            return saved
        saved.append(target)
    show_message(
        window,
        title,
        ngettext(
            "Saved {n} signed update file into {folder}, as it was signed: anyone can open it "
            "with File → Open archive update…",
            "Saved {n} signed update files into {folder}, as they were signed: anyone can open "
            "them with File → Open archive update…",
            len(saved),
        ).format(n=len(saved), folder=folder),
    )
    return saved
