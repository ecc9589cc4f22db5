"""The list of search hits under the years: year, language, paragraph and a highlighted snippet.

The panel only shows what it is given; the window runs the search off the GUI thread (see
:mod:`archive_app.gui.workers`) and hands the hits, an error message, or "building…" here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QKeyEvent, QPainter, QTextDocument
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from archive_app.core.convert import Script, convert, is_converted
from archive_app.gui.i18n import _
from archive_app.gui.plaintext import plain_tooltip
from archive_app.gui.themes import THEMES, Theme

if TYPE_CHECKING:
    from archive_app.core.search import Hit

__all__ = ["HIT_ROLE", "HTML_ROLE", "SearchPanel"]

HIT_ROLE = 0x0100 + 1  # Qt.ItemDataRole.UserRole + 1 (a number: see main_window.YEAR_ROLE)
HTML_ROLE = 0x0100 + 2
_TAG = re.compile(r"<[^>]+>")

Index = QModelIndex | QPersistentModelIndex


class _HitDelegate(QStyledItemDelegate):
    """Paints each hit's rich text (bold header, marked snippet) wrapped to the list's width."""

    def __init__(self, parent: QListWidget):
        super().__init__(parent)
        self.view = parent
        self.theme = THEMES["light"]
        self.families: list[str] = []

    def _document(self, index: Index, width: int, *, selected: bool = False) -> QTextDocument:
        doc = QTextDocument()
        font = self.view.font()
        if self.families:
            font.setFamilies([font.family(), *self.families])
        doc.setDefaultFont(font)
        # On the selection colour, muted grey would not read: the header takes the text colour.
        css = f"span.mark {{ background-color: {self.theme.hit}; color: {self.theme.text}; }}"
        if not selected:
            css += f"span.where {{ color: {self.theme.muted}; }}"
        doc.setDefaultStyleSheet(css)
        doc.setHtml(str(index.data(HTML_ROLE) or ""))
        doc.setTextWidth(max(width, 80))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        text_only = QStyleOptionViewItem(option)
        text_only.text = ""
        if style is not None:
            style.drawControl(
                QStyle.ControlElement.CE_ItemViewItem, text_only, painter, option.widget
            )
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        doc = self._document(index, rect.width() - 8, selected=selected)
        painter.save()
        painter.translate(rect.left() + 4, rect.top() + 3)
        context = QAbstractTextDocumentLayout.PaintContext()
        palette = option.palette
        role = palette.ColorRole.HighlightedText if selected else palette.ColorRole.Text
        context.palette.setColor(palette.ColorRole.Text, palette.color(role))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        width = self.view.viewport().width()
        doc = self._document(index, width - 8)
        return QSize(width, int(doc.size().height()) + 6)


class _HitList(QListWidget):
    """Enter (or a click) opens the hit; Up from the first row goes back to the search box."""

    back_to_search = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Up and self.currentRow() <= 0:
            self.back_to_search.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self.itemActivated.emit(self.currentItem())
            return
        super().keyPressEvent(event)


class SearchPanel(QWidget):
    """Status line plus the hit list; ``hit_chosen`` carries the :class:`Hit` to open."""

    hit_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.hits = _HitList()
        self.hits.setWordWrap(True)
        self.hits.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.hits.setUniformItemSizes(False)
        self.delegate = _HitDelegate(self.hits)
        self.hits.setItemDelegate(self.delegate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.hits, 1)
        self.hits.itemActivated.connect(self._chosen)
        self.hits.itemClicked.connect(self._chosen)
        self.query = ""
        self.error: str | None = None
        self.mode = "original"
        self.script_of: Callable[[int], Script] = lambda year: "traditional"
        self._hits: list[Hit] = []
        self._state = "idle"
        self.retranslate()

    def retranslate(self) -> None:
        self.hits.setAccessibleName(_("Search results"))
        self.hits.setAccessibleDescription(
            _(
                "Each result shows the year, the language, the paragraph and the matching words; "
                "press Enter to open it"
            )
        )
        self.status.setAccessibleName(_("Search status"))
        self._render()

    def set_theme(self, theme: Theme, families: list[str]) -> None:
        self.delegate.theme = theme
        self.delegate.families = families
        self.hits.viewport().update()

    def set_mode(self, mode: str) -> None:
        """The script Chinese snippets are shown in (labelled when converted)."""
        if mode != self.mode:
            self.mode = mode
            self._render()

    def set_building(self, query: str) -> None:
        self.query, self._state, self.error = query, "building", None
        self._render()

    def set_searching(self, query: str) -> None:
        self.query = query
        if self._state != "building":
            self._state = "searching"
        self._render_status()

    def set_hits(self, query: str, hits: list[Hit]) -> None:
        self.query, self._hits, self._state, self.error = query, list(hits), "done", None
        self._render()

    def set_error(self, query: str, message: str) -> None:
        self.query, self._hits, self._state, self.error = query, [], "error", message
        self._render()

    def clear(self) -> None:
        self.query, self._hits, self._state, self.error = "", [], "idle", None
        self._render()

    def shown_hits(self) -> list[Hit]:
        return list(self._hits)

    def _render_status(self) -> None:
        if self._state == "building":
            text = _("Building the search index…")
        elif self._state == "error":
            text = self.error or ""
        elif self._state == "searching" and not self._hits:
            text = _("Searching…")
        elif self._state in ("done", "searching"):
            count = len(self._hits)
            if count == 0:
                text = _("No hits for “{query}”.").format(query=self.query)
            elif count == 1:
                text = _("1 hit for “{query}”").format(query=self.query)
            else:
                text = _("{count} hits for “{query}”").format(count=count, query=self.query)
        else:
            text = ""
        if text:
            self.status.setTextFormat(Qt.TextFormat.PlainText)  # the query is the user's text
        self.status.setText(text)
        error = self._state == "error"
        self.status.setStyleSheet(f"color: {self.delegate.theme.accent};" if error else "")

    def _render(self) -> None:
        self._render_status()
        self.hits.clear()
        for hit in self._hits:
            item = QListWidgetItem()
            item.setData(HIT_ROLE, hit)
            rich, plain = self._describe(hit)
            item.setData(HTML_ROLE, rich)
            item.setText(plain)
            item.setToolTip(plain_tooltip(plain))  # the paragraph is data, never markup
            self.hits.addItem(item)
        if self._hits:
            self.hits.setCurrentRow(0)

    def _describe(self, hit: Hit) -> tuple[str, str]:
        lang = _("English") if hit.lang == "en" else _("Chinese")
        where = _("{year} · {language} · ¶{paragraph}").format(
            year=hit.year, language=lang, paragraph=hit.paragraph
        )
        snippet = hit.snippet
        statement_script = self.script_of(hit.year)  # snippets come in the stored script
        if hit.lang == "zh" and is_converted(statement_script, self.mode):
            snippet = convert(snippet, statement_script, self.mode)
            where += " · " + _("converted")
        marked = snippet.replace("<mark>", '<span class="mark"><b>').replace(
            "</mark>", "</b></span>"
        )
        rich = f'<span class="where"><b>{html.escape(where)}</b></span><br/>{marked}'
        plain = f"{where}: {html.unescape(_TAG.sub('', snippet))}"
        return rich, plain

    def _chosen(self, item: QListWidgetItem) -> None:
        hit = item.data(HIT_ROLE)
        if hit is not None:
            self.hit_chosen.emit(hit)
