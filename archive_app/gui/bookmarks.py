"""Bookmarks and notes: a side panel of the reading window, and their Markdown export.

The data lives in :class:`archive_app.core.reading.ReadingStore` (the user's own
``reading.json``, never the archive). The panel lists every bookmark (statement, paragraph, the
start of the note or of the paragraph) as plain text; Enter or a double click opens the
statement at that paragraph; the note of the chosen bookmark is edited below the list.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from archive_app.core.errors import ArchiveAppError
from archive_app.core.reading import Bookmark, Place
from archive_app.core.record import StatementKey
from archive_app.gui import tool_support
from archive_app.gui.i18n import _, on_language_changed

if TYPE_CHECKING:
    from archive_app.gui.ebook import Reading

__all__ = ["BookmarkPanel", "bookmark_label"]

NOTE_SAVE_DELAY_MS = 600
PREVIEW_CHARS = 48
DOCK_WIDTH = 300
ROLE = 0x0100  # Qt.ItemDataRole.UserRole: the bookmark's index in the store


def bookmark_label(mark: Bookmark, paragraph_text: str | None) -> str:
    """``2021 · ¶2 — the start of the note (or of the paragraph)``, plain text."""
    where = (
        f"¶{mark.paragraph}"
        if mark.lang == "en"
        else _("Chinese ¶{number}").format(number=mark.paragraph)
    )
    name = mark.key.label
    if mark.key.local:
        name = _("{label}, added locally").format(label=name)
    preview = (mark.note.strip() or paragraph_text or "").replace("\n", " ")
    if len(preview) > PREVIEW_CHARS:
        preview = preview[: PREVIEW_CHARS - 1] + "…"
    return f"{name} · {where}" + (f" — {preview}" if preview else "")


class BookmarkPanel:
    """The dock with the list, the note editor and the buttons; one per window."""

    def __init__(self, reading: Reading):
        self.reading = reading
        window = reading.window
        self.window = window
        self.store = reading.reading_store()
        self.dock = QDockWidget(window)
        self.dock.setObjectName("bookmarks_dock")
        self.dock.setAllowedAreas(
            Qt.DockWidgetArea.RightDockWidgetArea | Qt.DockWidgetArea.LeftDockWidgetArea
        )
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(6, 6, 6, 6)
        self.list = QListWidget()
        self.list.setObjectName("bookmarks_list")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.empty = QLabel()
        self.empty.setObjectName("bookmarks_empty")
        self.empty.setWordWrap(True)
        self.note_label = QLabel()
        self.note = QPlainTextEdit()
        self.note.setObjectName("bookmark_note")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(140)
        self.note_label.setBuddy(self.note)
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        self.export_button = QPushButton()
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button):
            buttons.addWidget(button)
        more = QHBoxLayout()
        more.addWidget(self.export_button)
        more.addStretch(1)
        column.addWidget(self.empty)
        column.addWidget(self.list, 1)
        column.addWidget(self.note_label)
        column.addWidget(self.note)
        column.addLayout(buttons)
        column.addLayout(more)
        body.setMinimumWidth(DOCK_WIDTH)
        self.dock.setWidget(body)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        window.resizeDocks([self.dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
        self.dock.hide()

        self._note_timer = QTimer(self.dock)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_SAVE_DELAY_MS)
        self._note_timer.timeout.connect(self.store_note)
        self.list.currentRowChanged.connect(self._chosen)
        self.list.itemActivated.connect(lambda item: self.open(self.list.row(item)))
        self.note.textChanged.connect(self._note_timer.start)
        self.add_button.clicked.connect(self.bookmark_here)
        self.remove_button.clicked.connect(self.remove_current)
        self.export_button.clicked.connect(self.export_dialog)
        self.dock.visibilityChanged.connect(
            lambda visible: reading.act_panel.setChecked(self.dock.isVisible())
        )
        self._loading_note = False
        self._note_for: Bookmark | None = None
        on_language_changed(self.retranslate)
        self.retranslate()

    # --- texts --------------------------------------------------------------------------------

    def retranslate(self) -> None:
        if not shiboken6.isValid(self.dock):
            return  # the window is gone
        self.dock.setWindowTitle(_("Bookmarks and notes"))
        self.empty.setText(
            _(
                "No bookmarks yet. Ctrl+D bookmarks the paragraph at the cursor; "
                "a note can be added here."
            )
        )
        self.note_label.setText(_("&Note on this paragraph:"))
        self.note.setPlaceholderText(_("Your note (kept in your own data, never in the archive)"))
        self.note.setAccessibleName(_("Note"))
        self.list.setAccessibleName(_("Bookmarks"))
        self.add_button.setText(_("Bookmark (Ctrl+D)"))
        self.remove_button.setText(_("Remove"))
        self.export_button.setText(_("Export…"))
        self.export_button.setToolTip(_("Save every bookmark and note as Markdown, with citations"))
        self.refresh()

    # --- the list -----------------------------------------------------------------------------

    def paragraph_text(self, key: StatementKey, lang: str, number: int) -> str | None:
        """The paragraph as stored (never converted), or None if the archive lacks it."""
        try:
            paragraphs = self.window.archive.statement(key).paragraphs(lang)
        except ArchiveAppError:
            return None
        return paragraphs[number - 1] if 0 < number <= len(paragraphs) else None

    def title_of(self, key: StatementKey) -> str | None:
        try:
            return self.window.archive.statement(key).title
        except ArchiveAppError:
            return None

    def refresh(self, select: Bookmark | None = None) -> None:
        self.store_note()
        current = select or self.current()
        self.list.blockSignals(True)
        self.list.clear()
        for number, mark in enumerate(self.store.bookmarks):
            text = self.paragraph_text(mark.key, mark.lang, mark.paragraph)
            item = QListWidgetItem(bookmark_label(mark, text))
            item.setData(ROLE, number)
            item.setToolTip(mark.citation())
            if text is None:
                item.setToolTip(mark.citation() + "\n" + _("(not in the archive shown)"))
            self.list.addItem(item)
        row = self.store.bookmarks.index(current) if current in self.store.bookmarks else -1
        self.list.setCurrentRow(row)
        self.list.blockSignals(False)
        has = bool(self.store.bookmarks)
        self.empty.setVisible(not has)
        self.list.setVisible(has)
        self.remove_button.setEnabled(row >= 0)
        self.export_button.setEnabled(has)
        self._show_note(current if row >= 0 else None)

    def current(self) -> Bookmark | None:
        row = self.list.currentRow()
        return self.store.bookmarks[row] if 0 <= row < len(self.store.bookmarks) else None

    def _chosen(self, row: int) -> None:
        self.store_note()  # the note of the bookmark chosen before
        mark = self.current()
        self.remove_button.setEnabled(mark is not None)
        self._show_note(mark)

    def _show_note(self, mark: Bookmark | None) -> None:
        self._loading_note = True
        self.note.setPlainText(mark.note if mark else "")
        self._loading_note = False
        self._note_for = mark  # the bookmark whose note the editor holds
        self.note.setEnabled(mark is not None)

    def store_note(self) -> None:
        """Keep what the editor holds as the note of the bookmark it was opened for."""
        self._note_timer.stop()
        shown = self._note_for
        if shown is None or self._loading_note:
            return
        mark = self.store.bookmark(shown.key, shown.place)
        if mark is None or self.note.toPlainText() == mark.note:
            return
        updated = self.store.set_note(mark.key, mark.place, self.note.toPlainText())
        self._note_for = updated
        row = self.store.bookmarks.index(updated)
        item = self.list.item(row)
        if item is not None:
            text = self.paragraph_text(updated.key, updated.lang, updated.paragraph)
            item.setText(bookmark_label(updated, text))
        self.reading._save_timer.start()

    # --- actions ------------------------------------------------------------------------------

    def bookmark_here(self) -> Bookmark | None:
        """Bookmark the paragraph at the cursor (or at the top of the view); show the panel."""
        reading = self.reading
        statement = self.window.current_statement()
        here = reading.paragraph_here()
        if statement is None or here is None:
            self.window.statusBar().showMessage(_("No paragraph to bookmark here."), 5000)
            return None
        self.store_note()
        key = reading.key_of(statement)
        mark = self.store.add_bookmark(key, Place(*here))
        self.refresh(select=mark)
        self.dock.show()
        self.note.setFocus()
        reading._save_timer.start()
        self.window.statusBar().showMessage(
            _("Bookmarked: {citation}").format(citation=mark.citation()), 5000
        )
        return mark

    def remove_current(self) -> None:
        mark = self.current()
        if mark is None:
            return
        self._note_timer.stop()
        self.store.remove_bookmark(mark.key, mark.place)
        self.refresh()
        self.reading._save_timer.start()

    def open(self, row: int) -> bool:
        """Show the bookmarked paragraph in the window (the exact text: year, version, origin)."""
        if not 0 <= row < len(self.store.bookmarks):
            return False
        mark = self.store.bookmarks[row]
        window = self.window
        keys = list(window.archive.keys)
        if mark.key not in keys:
            window.statusBar().showMessage(
                _("{citation}: not in the archive shown.").format(citation=mark.citation()), 8000
            )
            return False
        window.open_statement(mark.key)  # exactly that text, by its key
        return self.reading.go_to_paragraph(f"{mark.lang} {mark.paragraph}")

    def export_markdown(self, path: Path) -> Path:
        text = self.store.to_markdown(self.paragraph_text, self.title_of)
        path.write_text(text, encoding="utf-8")
        return path

    def export_dialog(self) -> Path | None:
        if not self.store.bookmarks:
            self.window.statusBar().showMessage(_("No bookmarks to export yet."), 5000)
            return None
        self.store_note()
        path = tool_support.choose_save_file(
            self.window,
            _("Export bookmarks and notes"),
            "bookmarks.md",
            _("Markdown files (*.md)"),
        )
        if path is None:
            return None
        try:
            written = self.export_markdown(path)
        except OSError as exc:
            tool_support.show_error(
                self.window, _("{path}: cannot be written ({error})").format(path=path, error=exc)
            )
            return None
        self.window.statusBar().showMessage(_("Saved {path}").format(path=written), 8000)
        return written
