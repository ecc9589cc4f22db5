"""Tools → Compare two years: two statements side by side, what stayed and what changed.

Each row pairs a paragraph of the first statement with its closest match in the second
(:mod:`archive_app.core.research.comparison`), shows how similar they are, and marks the
phrases both statements use with a background highlight. Paragraphs only in one statement are
shown as added or removed. With fewer than two statements in the archive the view says so instead of
showing an empty comparison.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from archive_app.core.errors import ArchiveAppError
from archive_app.core.record import Archive, Statement, StatementKey
from archive_app.core.research import Comparison, compare
from archive_app.gui import labels, tool_support
from archive_app.gui.i18n import _
from archive_app.gui.plaintext import plain_labels

if TYPE_CHECKING:
    from archive_app.gui.main_window import MainWindow

__all__ = ["CompareView", "comparison_html", "marked", "open_compare"]

SHARED_BG = "#fde68a"  # the highlight for phrases both statements use
STATUS_BG = {"same": "#ecfdf5", "changed": "#ffffff", "removed": "#fef2f2", "added": "#eff6ff"}


def marked(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """Escaped ``text`` with each span inside a highlighted ``<span>``."""
    out: list[str] = []
    cursor = 0
    for start, end in sorted(spans):
        if start < cursor:
            start = cursor
        if end <= start:
            continue
        out.append(html.escape(text[cursor:start]))
        out.append(
            f'<span style="background-color:{SHARED_BG}">{html.escape(text[start:end])}</span>'
        )
        cursor = end
    out.append(html.escape(text[cursor:]))
    return "".join(out)


def status_labels() -> dict[str, str]:
    return {
        "same": _("identical"),
        "changed": _("changed"),
        "removed": _("only in {a}"),
        "added": _("only in {b}"),
    }


def comparison_html(comparison: Comparison, label_a: str, label_b: str) -> str:
    """The side-by-side table: ¶ numbers, texts with shared phrases marked, similarity."""
    e = html.escape
    labels = status_labels()
    similarity = e(_("similarity"))
    no_match = e(_("(no matching paragraph)"))
    parts = [
        '<table width="100%" cellspacing="0" cellpadding="6" border="0">',
        f'<tr><th width="45%" align="left">{e(label_a)}</th>'
        f'<th width="10%">{similarity}</th>'
        f'<th width="45%" align="left">{e(label_b)}</th></tr>',
    ]
    for pair in comparison.pairs:
        bg = STATUS_BG.get(pair.status, "#ffffff")
        left = (
            f"<b>¶{pair.a}</b> {marked(pair.a_text, pair.a_spans)}"
            if pair.a is not None and pair.a_text is not None
            else f"<i>{no_match}</i>"
        )
        right = (
            f"<b>¶{pair.b}</b> {marked(pair.b_text, pair.b_spans)}"
            if pair.b is not None and pair.b_text is not None
            else f"<i>{no_match}</i>"
        )
        status = labels.get(pair.status, pair.status).format(a=label_a, b=label_b)
        middle = (
            f"{round(pair.ratio * 100)}%<br><small>{e(status)}</small>"
            if pair.a is not None and pair.b is not None
            else f"<small>{e(status)}</small>"
        )
        parts.append(
            f'<tr style="background-color:{bg}">'
            f'<td valign="top">{left}</td>'
            f'<td valign="top" align="center">{middle}</td>'
            f'<td valign="top">{right}</td></tr>'
        )
    parts.append("</table>")
    return "".join(parts)


class CompareView(QWidget):
    """Year pickers, a summary line and the side-by-side comparison."""

    def __init__(self, archive: Archive, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("compare_view")
        self.archive = archive
        self.statements: list[Statement] = list(archive)
        self.keys: list[StatementKey] = list(archive.keys)
        self.comparison: Comparison | None = None
        self.setWindowTitle(_("Compare two years"))
        self.setFont(tool_support.cjk_font(self.font()))
        self.a_box = QComboBox()
        self.a_box.setAccessibleName(_("First year"))
        self.b_box = QComboBox()
        self.b_box.setAccessibleName(_("Second year"))
        for i, key in enumerate(self.keys):
            label = labels.statement_label(key)
            self.a_box.addItem(label, i)
            self.b_box.addItem(label, i)
        self.lang_box = QComboBox()
        self.lang_box.setAccessibleName(_("Language"))
        self.lang_box.addItem(_("English"), "en")
        self.lang_box.addItem(_("Chinese"), "zh")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Compare")))
        bar.addWidget(self.a_box)
        bar.addWidget(QLabel(_("with")))
        bar.addWidget(self.b_box)
        bar.addWidget(QLabel(_("in")))
        bar.addWidget(self.lang_box)
        bar.addStretch(1)
        self.summary = QLabel()
        self.summary.setObjectName("compare_summary")
        self.summary.setWordWrap(True)
        plain_labels(self.summary)  # messages from the archive (errors name files)
        self.browser = QTextBrowser()
        self.browser.setObjectName("compare_browser")
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.setAccessibleName(_("Comparison"))
        self.browser.loadResource = self._no_resource  # type: ignore[method-assign]
        self.legend = QLabel(
            _("Marked: phrases both statements use. Similarity is per paragraph pair.")
        )
        self.legend.setStyleSheet(f"QLabel {{ background: {SHARED_BG}; padding: 2px 6px; }}")
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(bar)
        column.addWidget(self.summary)
        column.addWidget(self.browser, 1)
        column.addWidget(self.legend)
        self.empty = QLabel()
        self.empty.setObjectName("compare_empty")
        self.empty.setWordWrap(True)
        plain_labels(self.empty)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(content)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        if len(self.statements) < 2:
            held = ", ".join(labels.statement_label(k) for k in self.keys) or _("none")
            self.empty.setText(
                _(
                    "Comparing needs two statements, and the archive holds {n} ({held}). "
                    "Add another year with File → Import statement…"
                ).format(n=len(self.statements), held=held)
            )
            self.stack.setCurrentWidget(self.empty)
            return
        self.a_box.setCurrentIndex(len(self.statements) - 2)
        self.b_box.setCurrentIndex(len(self.statements) - 1)
        for box in (self.a_box, self.b_box, self.lang_box):
            box.currentIndexChanged.connect(self.refresh)
        self.refresh()

    @staticmethod
    def _no_resource(kind: int, url: QUrl | str) -> object:
        return None

    def select(self, a: int, b: int, lang: str | None = None) -> None:
        """Choose two statements by position in the archive (and the language)."""
        if lang is not None:
            self.lang_box.setCurrentIndex(self.lang_box.findData(lang))
        self.a_box.setCurrentIndex(a)
        self.b_box.setCurrentIndex(b)
        self.refresh()

    def refresh(self) -> None:
        if len(self.statements) < 2:
            return
        i, j = int(self.a_box.currentData()), int(self.b_box.currentData())
        a, b = self.statements[i], self.statements[j]
        key_a, key_b = self.keys[i], self.keys[j]
        lang = str(self.lang_box.currentData())
        label_a, label_b = key_a.label, key_b.label
        local = [key.label for key in (key_a, key_b) if not key.signed]
        if not a.paragraphs(lang) or not b.paragraphs(lang):
            missing = label_a if not a.paragraphs(lang) else label_b
            self.comparison = None
            self.browser.clear()
            self.summary.setText(
                _("The statement for {label} has no text in this language.").format(label=missing)
            )
            return
        try:
            comparison = compare(a, b, lang=lang, key_a=key_a, key_b=key_b)
        except ArchiveAppError as exc:
            self.comparison = None
            self.browser.clear()
            self.summary.setText(str(exc))
            return
        self.comparison = comparison
        counts = {key: 0 for key in ("same", "changed", "removed", "added")}
        for pair in comparison.pairs:
            counts[pair.status] = counts.get(pair.status, 0) + 1
        text = _(
            "{a} and {b}: {percent} similar overall; {same} identical, {changed} changed, "
            "{removed} only in {a}, {added} only in {b}; {shared} shared phrases."
        ).format(
            a=label_a,
            b=label_b,
            percent=f"{round(comparison.similarity * 100)}%",  # no bare % in the msgid
            same=counts["same"],
            changed=counts["changed"],
            removed=counts["removed"],
            added=counts["added"],
            shared=len(comparison.shared),
        )
        if a is b:
            text += " " + _("(the same statement on both sides)")
        if local:
            text += " " + _("{labels}: added locally, not signed.").format(
                labels=", ".join(dict.fromkeys(local))
            )
        self.summary.setText(text)
        self.browser.setHtml(comparison_html(comparison, label_a, label_b))


# --- the window ---------------------------------------------------------------------------


def open_compare(window: MainWindow) -> CompareView:
    session = window.session
    library = session.library
    return tool_support.tool_window(
        session, "compare", CompareView, library, lambda v: v.archive,
        lambda: CompareView(library, window), compare_size(library),
    )  # fmt: skip


def compare_size(archive: Archive) -> tuple[int, int]:
    """A comparison wants room; the sentence that says there is nothing to compare does not."""
    return (1200, 760) if len(list(archive)) >= 2 else (520, 180)
