"""Dialogs, each opened through one small function: the seam tests replace.

Nothing here blocks a test: tests monkeypatch :func:`run_dialog`, :func:`ask_save_path` or
:func:`ask_print` instead of letting a modal dialog wait for a click.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from archive_app import __version__
from archive_app.gui.i18n import _, ngettext

if TYPE_CHECKING:
    from archive_app.gui.main_window import MainWindow

__all__ = ["about_dialog", "ask_print", "ask_save_path", "run_dialog", "shortcuts_dialog"]


def run_dialog(dialog: QDialog) -> int:
    """Show a modal dialog and return its result (the seam tests replace)."""
    return int(dialog.exec())


def ask_save_path(parent: QWidget, title: str, suggested: Path, name_filter: str) -> Path | None:
    """Ask where to save; None when the user cancels. Qt's own dialog, no recent-files lists."""
    path, _selected = QFileDialog.getSaveFileName(
        parent,
        title,
        str(suggested),
        name_filter,
        options=QFileDialog.Option.DontUseNativeDialog,
    )
    return Path(path) if path else None


def ask_print(printer: QPrinter, parent: QWidget) -> bool:
    """The print dialog; True when the user chose to print."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print"))
    return run_dialog(dialog) == int(QDialog.DialogCode.Accepted)


def _action_rows(window: MainWindow) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for action in window.findChildren(QAction):
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        keys = [k for k in keys if k]
        # "列印(&P)…" → "列印…", "&Print…" → "Print…" ("&&" is a real ampersand).
        text = re.sub(r"\(&\w\)", "", action.text())
        name = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
        if not keys or not name or name in seen:
            continue
        seen.add(name)
        rows.append((name, ", ".join(keys)))
    return rows


def shortcuts_dialog(window: MainWindow) -> QDialog:
    """Every shortcut the window has, read from its actions, plus the keys of its lists."""
    dialog = QDialog(window)
    dialog.setObjectName("shortcuts_dialog")
    dialog.setWindowTitle(_("Keyboard shortcuts"))
    rows = _action_rows(window)
    rows += [
        (_("Move between years or search results"), _("Up / Down")),
        (_("Open the chosen search result"), _("Enter")),
        (_("From the search box to its results"), _("Down")),
        (_("Clear the search box"), _("Esc")),
        (_("Move between parts of the window"), _("Tab / Shift+Tab")),
        (_("Close the find bar"), _("Esc")),
        (_("Previous match in the find bar"), _("Shift+Enter")),
        (_("Copy the selected paragraphs' original text as stored"), _("Ctrl+Shift+C")),
        (_("To the top or the end of the statement"), _("Ctrl+Home / Ctrl+End")),
        (_("Leave focus mode or full screen (in the text)"), _("Esc")),
        (_("Close the Concordance, Trends or Compare window"), _("Esc / Ctrl+W")),
    ]
    table = QTableWidget(len(rows), 2, dialog)
    table.setObjectName("shortcuts_table")
    table.setHorizontalHeaderLabels([_("Action"), _("Keys")])
    table.setAccessibleName(_("Keyboard shortcuts"))
    for row, (name, keys) in enumerate(rows):
        table.setItem(row, 0, QTableWidgetItem(name))
        table.setItem(row, 1, QTableWidgetItem(keys))
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(table)
    layout.addWidget(buttons)
    dialog.resize(560, 520)
    return dialog


def _about_origins(window: MainWindow) -> str:
    """Which statements are the signed record and which were added locally, by name."""
    from archive_app.gui import labels

    keys = window.archive.keys
    local = [k for k in keys if not k.signed]
    signed = len(keys) - len(local)
    text = "\n" + ngettext(
        "{count} from the archive shipped with the app", "{count} from the archive shipped with "
        "the app", signed,
    ).format(count=signed)  # fmt: skip
    if local:
        text += "\n" + ngettext(
            "{count} added locally, not signed (not part of the published archive): {names}",
            "{count} added locally, not signed (not part of the published archive): {names}",
            len(local),
        ).format(count=len(local), names=", ".join(labels.statement_label(k) for k in local))
    return text


def about_dialog(window: MainWindow) -> QDialog:
    dialog = QDialog(window)
    dialog.setObjectName("about_dialog")
    dialog.setWindowTitle(_("About June Fourth Archive"))
    text = QLabel(dialog)
    text.setWordWrap(True)
    text.setTextFormat(text.textFormat().PlainText)
    text.setText(
        _(
            "June Fourth Archive {version}\n\n"
            "The annual June Fourth coalition statements, readable and searchable with no "
            "network. The stored text is the source text; Chinese shown in another script is "
            "converted by OpenCC for display and labelled as converted.\n\n"
            "Archive: {archive}\nStatements: {count}"
        ).format(version=__version__, archive=window.archive.root, count=len(window.archive))
        + _about_origins(window)
    )
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(text)
    layout.addWidget(buttons)
    dialog.resize(460, 260)
    return dialog
