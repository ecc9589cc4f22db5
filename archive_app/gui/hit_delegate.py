"""How a search hit is painted: its rich text (bold header, marked snippet) wrapped to the list.

Its own module, imported when the first hit is shown: the Qt style and text-layout classes it
needs (and the enums PySide builds for them) are not needed for the window's first paint.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QTextDocument
from PySide6.QtWidgets import QListWidget, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from archive_app.gui.search_panel import HTML_ROLE
from archive_app.gui.themes import THEMES

__all__ = ["HitDelegate"]

Index = QModelIndex | QPersistentModelIndex


class HitDelegate(QStyledItemDelegate):
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
