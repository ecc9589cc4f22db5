"""Data is never markup: archive, import, settings and query text shown as plain text.

Qt guesses whether a label's, tooltip's or message box's text is rich text
(``Qt::mightBeRichText``): a statement title holding ``<img src="/dev/zero">`` would make the
window open and decode that file. Every widget that shows text from outside goes through one of
these helpers instead of Qt's guess.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from archive_app.gui.lazy_qt import Qt  # Qt's enums load on first use, after the first paint

if TYPE_CHECKING:  # imported where used: the window's first paint shows no message box
    from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

__all__ = ["plain_labels", "plain_message", "plain_tooltip"]


def plain_labels(*labels: QLabel) -> None:
    """Show these labels' text as plain text, whatever it holds."""
    for label in labels:
        label.setTextFormat(Qt.TextFormat.PlainText)


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` exactly: escaped into rich text we write ourselves (a
    tooltip has no plain-text switch; an escaped ``&lt;img&gt;`` is shown, never loaded)."""
    return '<p style="white-space: pre-wrap;">' + html.escape(text) + "</p>"


def plain_message(
    parent: QWidget | None,
    title: str,
    text: str,
    icon: QMessageBox.Icon | None = None,
) -> None:
    """A modal message box whose text (an error naming a file, a path) is plain text."""
    from PySide6.QtWidgets import QMessageBox

    icon = icon if icon is not None else QMessageBox.Icon.Warning
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
    box.deleteLater()
