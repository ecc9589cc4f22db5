"""The list of search hits under the years: statement, language, paragraph and a snippet.

The panel only shows what it is given; the window runs the search off the GUI thread (see
:mod:`archive_app.gui.tasks`) and hands the whole :class:`SearchResult`, an error message, or
"building…" here. Each hit names its statement by key (``2021 v2 · added locally, not
signed``); the status line gives the total, the counts per year and what the abbreviation list
made us search as well ("also searched: 國家安全法").
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from archive_app.gui import labels
from archive_app.gui.i18n import _, ngettext
from archive_app.gui.lazy_qt import Qt
from archive_app.gui.plaintext import plain_tooltip
from archive_app.gui.themes import THEMES, Theme

if TYPE_CHECKING:
    from archive_app.core.record import StatementKey
    from archive_app.core.search import Hit, SearchResult
    from archive_app.gui.hit_delegate import HitDelegate

__all__ = ["HIT_ROLE", "HTML_ROLE", "SearchPanel"]

HIT_ROLE = 0x0100 + 1  # Qt.ItemDataRole.UserRole + 1 (a number: see main_window.TOOLTIP_ROLE)
HTML_ROLE = 0x0100 + 2
_TAG = re.compile(r"<[^>]+>")


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
        # The delegate that paints rich hits (and the Qt style classes it needs) is made when
        # the first hit is shown: nothing of it is needed for the window's first paint.
        self.delegate: HitDelegate | None = None
        self.theme = THEMES["light"]
        self.families: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.hits, 1)
        self.hits.itemActivated.connect(self._chosen)
        self.hits.itemClicked.connect(self._chosen)
        self.query = ""
        self.error: str | None = None
        self.result: SearchResult | None = None
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
        self.theme, self.families = theme, families
        if self.delegate is not None:
            self.delegate.theme, self.delegate.families = theme, families
        if self.hits.isVisible():  # hidden (as at start), it paints in this theme when shown
            self.hits.viewport().update()

    def set_building(self, query: str) -> None:
        self.query, self._state, self.error = query, "building", None
        self._render()

    def set_searching(self, query: str) -> None:
        self.query = query
        if self._state != "building":
            self._state = "searching"
        self._render_status()

    def set_result(
        self, query: str, result: SearchResult, keys: list[StatementKey] | None = None
    ) -> None:
        """Show a whole result. ``keys`` (the library's statements) lets the counts per year
        say when a year holds more than one text."""
        self.query, self.result, self._state, self.error = query, result, "done", None
        self._hits = list(result.hits)
        self._render()

    def set_error(self, query: str, message: str) -> None:
        self.query, self._hits, self._state, self.error = query, [], "error", message
        self.result = None
        self._render()

    def clear(self) -> None:
        self.query, self._hits, self._state, self.error = "", [], "idle", None
        self.result = None
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
            text = self._summary()
        else:
            text = ""
        if text:
            self.status.setTextFormat(Qt.TextFormat.PlainText)  # the query is the user's text
        self.status.setText(text)
        error = self._state == "error"
        self.status.setStyleSheet(f"color: {self.theme.accent};" if error else "")

    def _render(self) -> None:
        self._render_status()
        self.hits.clear()
        if self._hits and self.delegate is None:
            from archive_app.gui.hit_delegate import HitDelegate

            self.delegate = HitDelegate(self.hits)
            self.delegate.theme, self.delegate.families = self.theme, self.families
            self.hits.setItemDelegate(self.delegate)
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

    def _summary(self) -> str:
        result = self.result
        total = result.total if result is not None else len(self._hits)
        if total == 0:
            text = _("No hits for “{query}”.").format(query=self.query)
        else:
            text = ngettext(
                "{count} paragraph matches “{query}”",
                "{count} paragraphs match “{query}”",
                total,
            ).format(count=total, query=self.query)
        if result is None:
            return text
        if total and len(result.hits) < total:
            text += " " + _("(the best {shown} are listed)").format(shown=len(result.hits))
        years = [(year, n) for year, n in result.counts_by_year.items() if n]
        if len(years) > 1:
            text += "\n" + _("By year: {counts}").format(
                counts=", ".join(f"{year}: {n}" for year, n in years)
            )
        if result.expanded:
            text += "\n" + _("Also searched: {terms}").format(terms=", ".join(result.expanded))
        return text

    def _describe(self, hit: Hit) -> tuple[str, str]:
        lang = _("English") if hit.lang == "en" else _("Chinese")
        where = _("{statement} · {language} · ¶{paragraph}").format(
            statement=labels.statement_label(hit.key), language=lang, paragraph=hit.paragraph
        )
        snippet = hit.snippet  # in the script shown: the window searches in it
        if hit.converted:
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
