"""File → Export edition…: write the offline HTML file or the ZIM for Kiwix, with progress.

The build is the core's (:mod:`archive_app.core.editions`), the same as ``edition html|zim`` on
the command line; it runs off the GUI thread. Where to write is asked with Qt's own save dialog
(:func:`tool_support.choose_save_file`, the test seam). Paths and messages are shown as plain
text.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from archive_app.core.editions import BUILDERS, EditionResult, zim_available
from archive_app.core.record import Archive, Library
from archive_app.gui import tool_support
from archive_app.gui.i18n import _, ngettext
from archive_app.gui.tasks import Progress, TaskRunner, error_message

if TYPE_CHECKING:
    from archive_app.gui.main_window import MainWindow

__all__ = ["EditionDialog", "open_export_edition"]

SUGGESTED = {"html": "june-fourth-archive.html", "zim": "june-fourth-archive.zim"}


def _plain(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class EditionDialog(QDialog):
    """Choose HTML or ZIM, where to write it, and whether to include local additions."""

    exported = Signal(object)
    """The :class:`EditionResult`, or the error message (str), once an export's thread ended."""

    def __init__(self, archive: Archive, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("edition_dialog")
        self.setWindowTitle(_("Export edition"))
        self.archive = archive
        self.tasks = TaskRunner(self)
        self._outcome: EditionResult | str | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(
            _plain(
                QLabel(
                    _(
                        "An edition needs no install: the HTML file opens in any browser, on a "
                        "computer or a phone, with no network; the ZIM file opens in Kiwix."
                    )
                )
            )
        )
        self.html = QRadioButton(_("One HTML file (any browser)"))
        self.html.setObjectName("edition_html")
        self.zim = QRadioButton(_("ZIM file (Kiwix)"))
        self.zim.setObjectName("edition_zim")
        self.html.setChecked(True)
        self.kinds = QButtonGroup(self)
        for button in (self.html, self.zim):
            self.kinds.addButton(button)
            layout.addWidget(button)
        self.zim_missing = _plain(
            QLabel(
                _(
                    "This copy of the app cannot write ZIM files (it was built without libzim, "
                    "to keep it small). The HTML file works everywhere."
                )
            )
        )
        self.zim_missing.setObjectName("edition_zim_missing")
        self.zim.setEnabled(zim_available())
        self.zim_missing.setVisible(not zim_available())
        layout.addWidget(self.zim_missing)
        local = isinstance(archive, Library) and bool(archive.local_entries)
        self.include_local = QCheckBox(
            _("Include your own additions (marked “added locally, not signed”)")
        )
        self.include_local.setObjectName("edition_include_local")
        self.include_local.setChecked(local)
        self.include_local.setVisible(local)
        layout.addWidget(self.include_local)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        layout.addWidget(self.progress)
        self.status = _plain(QLabel(""))
        self.status.setObjectName("edition_status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = QPushButton(_("Export…"))
        self.export_button.setObjectName("edition_export")
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.export)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    @property
    def kind(self) -> str:
        return "zim" if self.zim.isChecked() else "html"

    def _archive_to_write(self) -> Archive:
        archive = self.archive
        if isinstance(archive, Library) and not self.include_local.isChecked():
            return Library.combine(archive.shipped_archive(), None)
        return archive

    def export(self) -> None:
        kind = self.kind
        filters = _("HTML file (*.html)") if kind == "html" else _("ZIM file (*.zim)")
        target = tool_support.choose_save_file(self, _("Export edition"), SUGGESTED[kind], filters)
        if target is None:
            return
        self.start(kind, target)

    def start(self, kind: str, target: Path) -> None:
        archive = self._archive_to_write()
        builder = BUILDERS[kind]

        def job(progress: Progress) -> EditionResult:
            return builder(archive, target, lambda done, total, _label: progress(done, total))

        self.export_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.status.setText(_("Writing {path}…").format(path=str(target)))
        self.tasks.run(
            job, self._succeeded, self._failed, on_progress=self._progressed, with_progress=True
        )

    def _progressed(self, done: Any, total: Any) -> None:
        self.progress.setRange(0, int(total))
        self.progress.setValue(int(done))

    def _succeeded(self, result: EditionResult) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.export_button.setEnabled(True)
        size = f"{result.size / 1024:,.0f} KB"
        count = ngettext("{count} statement", "{count} statements", result.statements).format(
            count=result.statements
        )
        self.status.setText(
            _("Written: {path} ({size}, {count}).").format(
                path=str(result.path), size=size, count=count
            )
        )
        self._outcome = result
        self.exported.emit(self._outcome)

    def _failed(self, exc: BaseException) -> None:
        message = error_message(exc)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.export_button.setEnabled(True)
        self.status.setText(_("Not written: {error}").format(error=message))
        self._outcome = message
        self.exported.emit(self._outcome)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.tasks.busy:
            self.tasks.wait()
        super().closeEvent(event)


def open_export_edition(window: MainWindow) -> EditionDialog:
    """File → Export edition…: the session's library (its local texts optional, and marked)."""
    dialog = EditionDialog(window.session.library, window)
    window.session.tools["edition"] = dialog
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    tool_support.show_tool(dialog)
    return dialog
