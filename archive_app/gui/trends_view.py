"""Tools → Trends: hits per year for one or more terms, as a chart with the table beside it.

The chart is a small QPainter widget (grouped bars: one group per year, one bar per term), so
no plotting library is needed and one year still draws sensibly. It paints through one method,
:meth:`TrendChart.paint`, used for the screen, for PNG (``QWidget.grab``) and for SVG
(``QSvgGenerator``), so the exported picture is what the screen shows. CSV, JSON and Markdown
come from :mod:`archive_app.core.research.export`, with citations and the archive's manifest hash.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from archive_app.core.errors import ArchiveAppError
from archive_app.core.record import StatementKey
from archive_app.core.research import TrendTable, export_trends, trends, write_export
from archive_app.gui import labels, tool_support
from archive_app.gui.i18n import _, ngettext
from archive_app.gui.plaintext import plain_labels

if TYPE_CHECKING:
    from archive_app.core.search import SearchIndex
    from archive_app.gui.main_window import MainWindow

__all__ = ["TrendChart", "TrendsView", "open_trends", "split_terms"]

# Okabe–Ito: distinguishable with the common colour-vision deficiencies, and in greyscale print.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


def split_terms(text: str) -> list[str]:
    """Terms separated by ``;`` (a term may itself be a phrase or a whole query)."""
    return [part.strip() for part in text.split(";") if part.strip()]


def _axis_label(key: StatementKey) -> str:
    """Under a bar group: ``2021``, ``2021 v2``; a text that is not signed is starred (the
    chart's foot says what the star means)."""
    return key.label if key.signed else f"{key.label}*"


def _nice_max(value: int) -> int:
    """A round axis maximum at or above ``value`` (1, 2, 5, 10, 20, 50, ...)."""
    if value <= 0:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


class TrendChart(QWidget):
    """Grouped bars: years along the bottom, one coloured bar per term."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("trend_chart")
        self.table: TrendTable | None = None
        self.measure = "paragraphs"
        self.setMinimumSize(360, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAutoFillBackground(True)
        self.setFont(tool_support.cjk_font(self.font()))

    def sizeHint(self) -> QSize:
        return QSize(640, 400)

    def set_table(self, table: TrendTable | None, measure: str = "paragraphs") -> None:
        self.table = table
        self.measure = measure
        self.update()

    def value(self, key: StatementKey, term: str) -> int:
        assert self.table is not None
        if self.measure == "occurrences":
            return self.table.occurrences(key, term)
        return self.table.paragraphs(key, term)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, QRectF(self.rect()))
        painter.end()

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        """Draw the whole chart into ``rect`` (screen, PNG and SVG share this)."""
        painter.fillRect(rect, QColor("white"))
        painter.setFont(self.font())
        metrics = QFontMetricsF(self.font())
        line = metrics.height()
        ink = QColor("#222222")
        painter.setPen(ink)
        table = self.table
        if table is None or not table.keys or not table.terms:
            painter.drawText(
                rect, Qt.AlignmentFlag.AlignCenter, _("Enter one or more terms to see a chart.")
            )
            return
        terms = list(table.terms)
        years = list(table.keys)  # one group of bars per statement text
        # Legend: one line per term, above the plot.
        legend_top = rect.top() + 8
        x = rect.left() + 12
        y = legend_top
        for i, term in enumerate(terms):
            label = term
            width = metrics.horizontalAdvance(label) + 28
            if x + width > rect.right() - 8 and x > rect.left() + 12:
                x = rect.left() + 12
                y += line + 4
            painter.fillRect(QRectF(x, y + line * 0.2, 14, line * 0.6), QColor(PALETTE[i % 8]))
            painter.setPen(ink)
            painter.drawText(QRectF(x + 18, y, width, line), Qt.AlignmentFlag.AlignVCenter, label)
            x += width + 10
        top = y + line + 12
        measure = _("paragraphs") if self.measure == "paragraphs" else _("occurrences")
        peak = max((self.value(yr, t) for yr in years for t in terms), default=0)
        y_max = _nice_max(peak)
        y_label_width = metrics.horizontalAdvance(str(y_max)) + 10
        plot = QRectF(
            rect.left() + y_label_width + 14,
            top + line * 1.5 + 6,
            rect.width() - y_label_width - 30,
            rect.bottom() - top - 3.5 * line - 20,
        )
        if plot.width() < 20 or plot.height() < 20:
            return
        painter.drawText(
            QRectF(rect.left() + 6, top, rect.width(), line),
            Qt.AlignmentFlag.AlignLeft,
            _("Matching {measure} per year").format(measure=measure),
        )
        # Grid and y axis.
        ticks = 5 if y_max >= 5 else y_max
        grid = QPen(QColor("#dddddd"))
        for k in range(ticks + 1):
            value = y_max * k / ticks
            yy = plot.bottom() - plot.height() * k / ticks
            painter.setPen(grid)
            painter.drawLine(QLineF(plot.left(), yy, plot.right(), yy))
            painter.setPen(ink)
            text = f"{value:g}"
            painter.drawText(
                QRectF(rect.left(), yy - line / 2, y_label_width + 8, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
        painter.setPen(QPen(ink, 1.2))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        # Bars.
        group = plot.width() / len(years)
        bar = min(48.0, group * 0.8 / len(terms))
        label_width = max(metrics.horizontalAdvance(_axis_label(k)) for k in years) + 10
        label_every = max(1, math.ceil(label_width / group))
        for yi, year in enumerate(years):
            start = plot.left() + group * yi + (group - bar * len(terms)) / 2
            for ti, term in enumerate(terms):
                value = self.value(year, term)
                height = plot.height() * value / y_max
                painter.fillRect(
                    QRectF(start + bar * ti, plot.bottom() - height, bar - 1, height),
                    QColor(PALETTE[ti % 8]),
                )
            if yi % label_every == 0:
                painter.setPen(ink)
                painter.drawText(
                    QRectF(
                        plot.left() + group * (yi + 0.5) - label_width / 2,
                        plot.bottom() + 4,
                        label_width,
                        line,
                    ),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    _axis_label(year),
                )
        if len(table.years) == 1:
            painter.drawText(
                QRectF(rect.left(), rect.bottom() - line - 4, rect.width(), line),
                Qt.AlignmentFlag.AlignHCenter,
                _("The archive holds one year: import more years to see a trend."),
            )
        elif any(not k.signed for k in years):
            painter.drawText(
                QRectF(rect.left(), rect.bottom() - line - 4, rect.width(), line),
                Qt.AlignmentFlag.AlignHCenter,
                _("* added locally, not signed"),
            )

    def write_png(self, path: Path) -> bool:
        return bool(self.grab().save(str(path), "PNG"))

    def svg_bytes(self, size: QSize | None = None) -> bytes:
        """The chart as SVG, drawn by the same code as the screen."""
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice

        size = size or self.size()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(size)
        generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
        generator.setTitle(_("Trends"))
        generator.setDescription(self.description())
        painter = QPainter(generator)
        self.paint(painter, QRectF(0, 0, size.width(), size.height()))
        painter.end()
        buffer.close()
        return bytes(data.data())

    def description(self) -> str:
        if self.table is None:
            return ""
        return _("Matching {measure} per year for: {terms}").format(
            measure=self.measure, terms="; ".join(self.table.terms)
        )


class TrendsView(QWidget):
    """Terms box, the chart and the table beside it, and exports."""

    def __init__(self, index: SearchIndex, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("trends_view")
        self.index = index
        self.table_data: TrendTable | None = None
        self.setWindowTitle(_("Trends"))
        self.setFont(tool_support.cjk_font(self.font()))
        self.terms_edit = QLineEdit()
        self.terms_edit.setPlaceholderText(_('separate terms with ";": vigil; "Hong Kong"; 國安法'))
        self.terms_edit.setAccessibleName(_("Terms"))
        self.terms_edit.returnPressed.connect(self.run)
        self.show_button = QPushButton(_("Show"))
        self.show_button.clicked.connect(self.run)
        self.measure_box = QComboBox()
        self.measure_box.setAccessibleName(_("Count"))
        self.measure_box.addItem(_("Matching paragraphs"), "paragraphs")
        self.measure_box.addItem(_("Occurrences"), "occurrences")
        self.measure_box.currentIndexChanged.connect(self._measure_changed)
        self.export_button, self.export_actions = tool_support.export_button(
            (
                ("png", _("Chart as PNG…")),
                ("svg", _("Chart as SVG…")),
                ("csv", _("Table as CSV…")),
                ("json", _("Table as JSON…")),
                ("markdown", _("Table as Markdown…")),
            ),
            self.export,
        )

        top = QHBoxLayout()
        top.addWidget(QLabel(_("Terms:")))
        top.addWidget(self.terms_edit, 1)
        top.addWidget(self.measure_box)
        top.addWidget(self.show_button)
        top.addWidget(self.export_button)
        self.message = QLabel(_("Hits per year for one or more terms."))
        self.message.setObjectName("trends_message")
        self.message.setWordWrap(True)
        plain_labels(self.message)  # quotes the terms and errors naming files: never markup
        self.chart = TrendChart()
        self.table = QTableWidget(0, 0)
        self.table.setObjectName("trends_table")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        splitter = QSplitter()
        splitter.addWidget(self.chart)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 400])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)

    @property
    def measure(self) -> str:
        return str(self.measure_box.currentData())

    def _measure_changed(self) -> None:
        self.chart.set_table(self.table_data, self.measure)
        self._fill_table()

    def run(self) -> None:
        terms = split_terms(self.terms_edit.text())
        if not terms:
            self.message.setText(_("Type one or more terms, separated by “;”."))
            return
        try:
            table = trends(self.index, terms)
        except ArchiveAppError as exc:
            self.message.setText(str(exc))
            self.message.setStyleSheet("color: #a00000;")
            return
        self.message.setStyleSheet("")
        self.table_data = table
        self.chart.set_table(table, self.measure)
        self._fill_table()
        expanded = [
            _("{term} also searched: {also}").format(term=term, also=", ".join(also))
            for term, also in table.expanded.items()
            if also
        ]
        summary = (
            ngettext("{n} year", "{n} years", len(table.years)).format(n=len(table.years))
            + "; "
            + ngettext("{n} term.", "{n} terms.", len(table.terms)).format(n=len(table.terms))
        )
        if len(table.years) == 1:
            summary += " " + _("The archive holds one year: a trend needs more.")
        self.message.setText(" ".join([summary, *expanded]))
        self.export_button.setEnabled(True)

    def _fill_table(self) -> None:
        table = self.table_data
        self.table.clear()
        if table is None:
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            return
        self.table.setColumnCount(1 + len(table.terms))
        self.table.setHorizontalHeaderLabels([_("Statement"), *table.terms])
        self.table.setRowCount(len(table.keys))
        self.table.verticalHeader().hide()
        for row, key in enumerate(table.keys):
            self.table.setItem(row, 0, QTableWidgetItem(labels.statement_label(key)))
            for column, term in enumerate(table.terms, 1):
                value = (
                    table.occurrences(key, term)
                    if self.measure == "occurrences"
                    else table.paragraphs(key, term)
                )
                item = QTableWidgetItem(str(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)

    def export(self, fmt: str) -> bool:
        if self.table_data is None:
            return False
        suffix = {"png": "png", "svg": "svg", "csv": "csv", "json": "json", "markdown": "md"}[fmt]
        filters = {
            "png": _("PNG images (*.png)"),
            "svg": _("SVG images (*.svg)"),
            "csv": _("CSV files (*.csv)"),
            "json": _("JSON files (*.json)"),
            "markdown": _("Markdown files (*.md)"),
        }[fmt]
        path = tool_support.choose_save_file(self, _("Export trends"), f"trends.{suffix}", filters)
        if path is None:
            return False
        try:
            if fmt == "png":
                if not self.chart.write_png(path):
                    raise ArchiveAppError(_("cannot write the image"), path)
            elif fmt == "svg":
                try:
                    path.write_bytes(self.chart.svg_bytes())
                except OSError as exc:
                    raise ArchiveAppError(
                        _("cannot write the file: {reason}").format(reason=exc.strerror), path
                    ) from None
            else:
                stamp = tool_support.stamp_for(self.index.archive)
                write_export(path, export_trends(self.table_data, fmt, stamp))
        except ArchiveAppError as exc:
            tool_support.show_error(self, exc)
            return False
        self.message.setText(_("Exported to {path}.").format(path=path))
        return True


# --- the window ---------------------------------------------------------------------------


def open_trends(window: MainWindow) -> None:
    """Show the session's TrendsView (built once the library's index is ready)."""
    session = window.session

    def show(index: SearchIndex) -> None:
        tool_support.tool_window(
            session, "trends", TrendsView, index, lambda v: v.index,
            lambda: TrendsView(index, window), (1000, 560),
        )  # fmt: skip

    session.with_index(show, lambda message: tool_support.show_error(window, message))
