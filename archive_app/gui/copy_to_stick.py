"""File → Copy to USB stick…: copy the running bundle onto a stick, then check the copy.

The folder is chosen with Qt's own dialog (``DontUseNativeDialog``: no entry in the desktop's
recent-files list). The copy runs off the GUI thread with a progress bar
(:mod:`archive_app.core.distribution.stickcopy` does the work);
a full stick, a read-only one or a stick pulled
out gives a clear message and leaves no copy that looks complete.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QDir, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFileSystemModel,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from archive_app.core.distribution import (
    CopyPlan,
    CopyResult,
    TrustedKey,
    copy_bundle,
    external_commands,
    find_source_bundle,
    plan_copy,
)
from archive_app.core.errors import ArchiveAppError
from archive_app.gui.i18n import _
from archive_app.gui.tasks import Progress, TaskRunner, error_message
from archive_app.gui.verify_dialog import bundle_headline, bundle_report_text, caveat_text

__all__ = ["CopyDialog", "choose_folder", "show_message", "start_copy"]

PROGRESS_STEPS = 1000


def _where_sticks_are() -> Path | None:
    """The folder where this system mounts USB sticks, if it has one of the usual ones."""
    user = os.environ.get("USER") or os.environ.get("USERNAME") or ""
    for candidate in (f"/run/media/{user}", f"/media/{user}", "/media", "/Volumes"):
        if user or "{" not in candidate:
            folder = Path(candidate)
            if folder.is_dir():
                return folder
    return None


class FolderChooser(QDialog):
    """A plain folder tree: unlike ``QFileDialog`` it keeps no history anywhere (Qt's file
    dialog saves its history through ``QSettings``, which on Windows is the registry)."""

    def __init__(self, parent: QWidget | None, title: str):
        super().__init__(parent)
        self.setObjectName("folder_chooser")
        self.setWindowTitle(title)
        self.resize(560, 440)
        self.model = QFileSystemModel(self)
        self.model.setFilter(QDir.Filter.AllDirs | QDir.Filter.NoDotAndDotDot | QDir.Filter.Drives)
        self.model.setRootPath("")
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        for column in range(1, self.model.columnCount()):
            self.tree.hideColumn(column)
        self.tree.setHeaderHidden(True)
        start = self.model.index(str(_where_sticks_are() or QDir.rootPath()))
        self.tree.setCurrentIndex(start)
        above = start
        while above.isValid():  # show the path down to it
            self.tree.expand(above)
            above = above.parent()
        self.tree.scrollTo(start)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(title))
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)

    def folder(self) -> Path | None:
        index = self.tree.currentIndex()
        return Path(self.model.filePath(index)) if index.isValid() else None


def choose_folder(parent: QWidget | None, *, portable: bool = False) -> Path | None:
    """Ask for the stick (or a folder on it). The seam tests replace.

    Qt's own dialog (never the native one, which feeds the desktop's recent-files list), or in
    portable mode a plain folder tree that keeps no history at all.
    """
    title = _("Choose the USB stick (or a folder on it) to copy the app to")
    if portable:
        chooser = FolderChooser(parent, title)
        try:
            accepted = chooser.exec() == QDialog.DialogCode.Accepted
            return chooser.folder() if accepted else None
        finally:
            chooser.deleteLater()
    options = QFileDialog.Option.DontUseNativeDialog | QFileDialog.Option.ShowDirsOnly
    chosen = QFileDialog.getExistingDirectory(parent, title, "", options)
    return Path(chosen) if chosen else None


def show_message(parent: QWidget | None, title: str, text: str) -> None:
    """Tell the user something. The seam tests replace."""
    from archive_app.gui.plaintext import plain_message

    plain_message(parent, title, text, QMessageBox.Icon.Information)  # paths: plain text


class CopyDialog(QDialog):
    """Shows the copy's progress, then the check of the copy."""

    def __init__(
        self,
        parent: QWidget | None,
        plan: CopyPlan,
        *,
        keys: Iterable[TrustedKey] | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("copy_dialog")
        self.setWindowTitle(_("Copy to USB stick"))
        self.resize(720, 480)
        self.plan = plan
        self._keys = list(keys) if keys is not None else None
        self.outcome: CopyResult | None = None
        self.error: str | None = None

        self.headline = QLabel(_("Copying the app to {target}…").format(target=plan.target))
        self.headline.setTextFormat(Qt.TextFormat.PlainText)  # a folder name: never markup
        self.headline.setObjectName("copy_headline")
        self.headline.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, PROGRESS_STEPS)
        self.details = QPlainTextEdit()
        self.details.setObjectName("copy_details")
        self.details.setReadOnly(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.buttons.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.progress)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.buttons)

        self.tasks = TaskRunner(self)

    def start(self) -> None:
        self.tasks.run(
            self._job, self._on_done, self._on_failed, on_progress=self._on_progress,
            with_progress=True,
        )  # fmt: skip

    def is_running(self) -> bool:
        return self.tasks.busy

    def _job(self, progress: Progress) -> CopyResult:
        return copy_bundle(self.plan, progress=progress, keys=self._keys)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setValue(round(PROGRESS_STEPS * done / total) if total else PROGRESS_STEPS)

    def _on_done(self, result: CopyResult) -> None:
        self.buttons.setEnabled(True)
        self.outcome = result
        self.progress.setValue(PROGRESS_STEPS)
        report = result.report
        if report.files_ok:
            self.headline.setText(
                _("The app was copied to {target} and the copy was checked.").format(
                    target=result.target
                )
            )
        else:
            self.headline.setText(
                _("The app was copied to {target}, but the copy does not match.").format(
                    target=result.target
                )
            )
        commands = "\n".join(external_commands(report.signature.key))
        self.details.setPlainText(
            "\n\n".join(
                [bundle_headline(report), bundle_report_text(report), caveat_text(), commands]
            )
        )

    def _on_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        message = error_message(exc)
        self.error = message
        self.headline.setText(_("The copy failed. Nothing that looks complete was left behind."))
        self.details.setPlainText(message)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_running():
            self.tasks.wait()  # never leave a copy half done behind a closed window
        super().closeEvent(event)

    def reject(self) -> None:
        if self.is_running():
            return
        super().reject()


def start_copy(
    parent: QWidget | None,
    *,
    source: Path | None = None,
    keys: Iterable[TrustedKey] | None = None,
    portable: bool = False,
    updates_dir: Path | None = None,
) -> CopyDialog | None:
    """The action: find the bundle, ask for the folder, check the plan, start the copy."""
    title = _("Copy to USB stick")
    source = source if source is not None else find_source_bundle()
    if source is None:
        show_message(
            parent,
            title,
            _(
                "This app is running from its Python sources, not from a bundle, so there is "
                "nothing to copy yet. Build the bundle with `make dist` and copy it from the "
                "folder dist/june-fourth-archive, or start that bundle and use this menu there."
            ),
        )
        return None
    folder = choose_folder(parent, portable=portable)
    if folder is None:
        return None
    try:
        plan = plan_copy(source, folder, updates_dir=updates_dir)  # carries signed updates
    except ArchiveAppError as exc:
        show_message(
            parent, title, _("The app cannot be copied there.\n\n{reason}").format(reason=exc)
        )
        return None
    dialog = CopyDialog(parent, plan, keys=keys)
    dialog.show()
    dialog.start()
    return dialog
