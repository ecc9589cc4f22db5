"""Tools → Concordance: every occurrence of a query as keyword-in-context lines.

Left context | keyword | right context, with year and paragraph; sortable by left context
(read backwards from the keyword, the classic KWIC order), right context and year, by the
header or the "Sort by" chooser. Chinese context counts characters, English context words
(:mod:`archive_app.core.research.kwic`). Export goes through
:mod:`archive_app.core.research.export`, so
every row carries a citation and the file names the archive it came from.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from archive_app.core.convert import Mode
from archive_app.core.errors import ArchiveAppError
from archive_app.core.research import (
    KwicLine,
    concordance,
    export_concordance,
    sort_by_left,
    sort_by_right,
    sort_by_year,
    write_export,
)
from archive_app.gui import labels, tool_support
from archive_app.gui.i18n import _, ngettext
from archive_app.gui.plaintext import plain_labels

if TYPE_CHECKING:
    from archive_app.core.search import SearchIndex
    from archive_app.gui.main_window import MainWindow

__all__ = ["ConcordanceModel", "ConcordanceView", "open_concordance"]

Index = QModelIndex | QPersistentModelIndex

COL_YEAR, COL_PARAGRAPH, COL_LEFT, COL_KEYWORD, COL_RIGHT = range(5)
# Which core sort each column header uses; ¶ sorts with the year (text order), the keyword
# with what follows it.
_COLUMN_SORT = {
    COL_YEAR: "year",
    COL_PARAGRAPH: "year",
    COL_LEFT: "left",
    COL_KEYWORD: "right",
    COL_RIGHT: "right",
}

SORTERS: dict[str, Callable[[list[KwicLine]], list[KwicLine]]] = {
    "year": sort_by_year,
    "left": sort_by_left,
    "right": sort_by_right,
}


class ConcordanceModel(QAbstractTableModel):
    """KWIC lines as table rows; sorting reorders with the core's sort helpers."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.lines: list[KwicLine] = []
        self.sort_key = "year"
        self.descending = False

    def set_lines(self, lines: list[KwicLine]) -> None:
        self.beginResetModel()
        self.lines = list(lines)
        self._apply()
        self.endResetModel()

    def sort_lines(self, key: str, descending: bool = False) -> None:
        self.layoutAboutToBeChanged.emit()
        self.sort_key, self.descending = key, descending
        self._apply()
        self.layoutChanged.emit()

    def _apply(self) -> None:
        self.lines = SORTERS[self.sort_key](self.lines)
        if self.descending:
            self.lines.reverse()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = _COLUMN_SORT.get(column)
        if key is not None:
            self.sort_lines(key, order == Qt.SortOrder.DescendingOrder)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (_("Year"), _("¶"), _("Left context"), _("Keyword"), _("Right context"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_YEAR:
                # Each line names its statement: "2021 v2 · added locally, not signed".
                return labels.statement_label(line.key)
            if column == COL_PARAGRAPH:
                return (_("¶{n}") if line.lang == "en" else _("中 ¶{n}")).format(n=line.paragraph)
            return (line.left, line.keyword, line.right)[column - COL_LEFT]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == COL_LEFT:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if column == COL_KEYWORD:
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            note = _(" (converted for display)") if line.converted else ""
            # Escaped rich text: the context is archive text (Qt guesses a tooltip's format).
            tip = f"{line.citation}{note}\n{line.left}{line.keyword}{line.right}"
            return "<p>" + html.escape(tip).replace("\n", "<br/>") + "</p>"
        if role == Qt.ItemDataRole.FontRole and column == COL_KEYWORD:
            font = QFont()
            font.setBold(True)
            return font
        return None


class ConcordanceView(QWidget):
    """Query box, options, the KWIC table and its exports."""

    openRequested = Signal(object, str, int)  # StatementKey, lang, paragraph

    def __init__(
        self, index: SearchIndex, parent: QWidget | None = None, *, script: Mode = Mode.ORIGINAL
    ):
        super().__init__(parent)
        self.setObjectName("concordance_view")
        self.index = index
        self.setWindowTitle(_("Concordance"))
        self.setFont(tool_support.cjk_font(self.font()))
        self.model = ConcordanceModel(self)
        self.query_edit = QLineEdit()
        self.query_edit.setPlaceholderText(_('a word, a "phrase" or Chinese characters'))
        self.query_edit.setAccessibleName(_("Query"))
        self.query_edit.returnPressed.connect(self.run)
        self.find_button = QPushButton(_("Find"))
        self.find_button.clicked.connect(self.run)
        self.width_box = QSpinBox()
        self.width_box.setRange(1, 200)
        self.width_box.setValue(8)
        self.width_box.setAccessibleName(_("Context width"))
        self.width_box.setToolTip(
            _("Context on each side: words for English, characters for Chinese")
        )
        self.script_box = QComboBox()
        self.script_box.setAccessibleName(_("Script"))
        names = labels.script_labels()
        for mode in Mode:
            self.script_box.addItem(names[mode], mode.value)
        self.script_box.setCurrentIndex(max(0, self.script_box.findData(str(script))))
        self.lang_box = QComboBox()
        self.lang_box.setAccessibleName(_("Language"))
        self.lang_box.addItem(_("English and Chinese"), None)
        self.lang_box.addItem(_("English"), "en")
        self.lang_box.addItem(_("Chinese"), "zh")
        self.sort_box = QComboBox()
        self.sort_box.setAccessibleName(_("Sort by"))
        self.sort_box.addItem(_("Year"), "year")
        self.sort_box.addItem(_("Left context"), "left")
        self.sort_box.addItem(_("Right context"), "right")
        self.sort_box.currentIndexChanged.connect(
            lambda: self.model.sort_lines(str(self.sort_box.currentData()))
        )
        for box in (self.script_box, self.lang_box):
            box.currentIndexChanged.connect(self._rerun)
        self.width_box.valueChanged.connect(self._rerun)

        self.export_button, self.export_actions = tool_support.export_button(
            (("csv", _("CSV…")), ("json", _("JSON…")), ("markdown", _("Markdown…"))),
            self.export,
        )

        top = QHBoxLayout()
        top.addWidget(QLabel(_("Find:")))
        top.addWidget(self.query_edit, 1)
        top.addWidget(self.find_button)
        options = QHBoxLayout()
        options.addWidget(QLabel(_("Context:")))
        options.addWidget(self.width_box)
        options.addWidget(QLabel(_("Language:")))
        options.addWidget(self.lang_box)
        options.addWidget(QLabel(_("Chinese script:")))
        options.addWidget(self.script_box)
        options.addWidget(QLabel(_("Sort by:")))
        options.addWidget(self.sort_box)
        options.addStretch(1)
        options.addWidget(self.export_button)

        self.message = QLabel()
        self.message.setObjectName("concordance_message")
        self.message.setWordWrap(True)
        plain_labels(self.message)  # quotes the query and errors naming files: never markup
        self.table = QTableView()
        self.table.setObjectName("concordance_table")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)
        self.table.horizontalHeader().setSectionsClickable(True)
        self.table.horizontalHeader().sectionClicked.connect(self._header_clicked)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_LEFT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_RIGHT, QHeaderView.ResizeMode.Stretch)
        for column in (COL_YEAR, COL_PARAGRAPH, COL_KEYWORD):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(self._open)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(options)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        self.last_query: str | None = None
        self.message.setText(_("Type a word or phrase and press Find."))

    @property
    def lines(self) -> list[KwicLine]:
        return self.model.lines

    def _header_clicked(self, column: int) -> None:
        key = _COLUMN_SORT.get(column)
        if key is None:
            return
        descending = key == self.model.sort_key and not self.model.descending
        self.model.sort_lines(key, descending)
        self.sort_box.blockSignals(True)
        self.sort_box.setCurrentIndex(self.sort_box.findData(key))
        self.sort_box.blockSignals(False)

    def _rerun(self) -> None:
        if self.last_query:
            self.run()

    def run(self) -> None:
        text = self.query_edit.text().strip()
        if not text:
            self.message.setText(_("Type a word or phrase and press Find."))
            return
        try:
            lines = concordance(
                self.index,
                text,
                width=self.width_box.value(),
                script=Mode(self.script_box.currentData()),
                lang=self.lang_box.currentData(),
            )
        except ArchiveAppError as exc:
            self.model.set_lines([])
            self.export_button.setEnabled(False)
            self.message.setText(str(exc))
            self.message.setStyleSheet("color: #a00000;")
            return
        self.last_query = text
        self.message.setStyleSheet("")
        self.model.sort_key = str(self.sort_box.currentData())
        self.model.set_lines(lines)
        years = sorted({line.year for line in lines})
        if lines:
            total = len({s.year for s in self.index.statements})
            self.message.setText(
                ngettext(
                    "{n} occurrence in {y} of {total} years ({years}).",
                    "{n} occurrences in {y} of {total} years ({years}).",
                    len(lines),
                ).format(
                    n=len(lines),
                    y=len(years),
                    total=total,
                    years=", ".join(str(y) for y in years),
                )
            )
        else:
            self.message.setText(_("No occurrences of {query}.").format(query=text))
        if any(not line.key.signed for line in lines):
            self.message.setText(
                self.message.text()
                + " "
                + _("Some lines come from texts added locally, not signed: their rows say so.")
            )
        converted = any(line.converted for line in lines)
        if converted:
            self.message.setText(
                self.message.text()
                + " "
                + _("Chinese converted by OpenCC for display; the archive keeps the original.")
            )
        self.export_button.setEnabled(bool(lines))

    def export_text(self, fmt: str) -> str:
        stamp = tool_support.stamp_for(self.index.archive)
        return export_concordance(self.lines, fmt, stamp, query=self.last_query)

    def export(self, fmt: str) -> bool:
        suffix = {"csv": "csv", "json": "json", "markdown": "md"}[fmt]
        path = tool_support.choose_save_file(
            self,
            _("Export concordance"),
            f"concordance.{suffix}",
            {
                "csv": _("CSV files (*.csv)"),
                "json": _("JSON files (*.json)"),
                "markdown": _("Markdown files (*.md)"),
            }[fmt],
        )
        if path is None:
            return False
        try:
            write_export(path, self.export_text(fmt))
        except ArchiveAppError as exc:
            tool_support.show_error(self, exc)
            return False
        self.message.setText(
            ngettext(
                "Exported {n} line to {path}.", "Exported {n} lines to {path}.", len(self.lines)
            ).format(n=len(self.lines), path=path)
        )
        return True

    def _open(self, index: QModelIndex) -> None:
        line = self.lines[index.row()]
        self.openRequested.emit(line.key, line.lang, line.paragraph)


# --- the window ---------------------------------------------------------------------------


def open_concordance(window: MainWindow) -> None:
    """Show the session's ConcordanceView (built once the library's index is ready), in the
    script the main window shows; a line opens exactly its statement there."""
    session = window.session

    def make(index: SearchIndex) -> ConcordanceView:
        view = ConcordanceView(index, window, script=window.script_mode)
        view.openRequested.connect(
            lambda key, lang, paragraph: session.open_statement(key, lang, paragraph)
        )
        return view

    def show(index: SearchIndex) -> None:
        tool_support.tool_window(
            session, "concordance", ConcordanceView, index, lambda v: v.index,
            lambda: make(index), (1100, 640),
        )  # fmt: skip

    session.with_index(show, lambda message: tool_support.show_error(window, message))
