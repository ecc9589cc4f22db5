"""Print and export to PDF: the current view (side by side included) on white paper.

Every page carries a running header and footer, so a loose page can be identified and its text
traced: the statement (title), year, version and origin, the script of the Chinese on the page
(with "converted by OpenCC" when it is not the stored script) and the archive's manifest SHA-256
(the hash a signature covers; the archive a page came from can be checked against it), with the
page number. The PDF's title metadata is the statement's title in the script shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrinter

from archive_app.core.convert import Mode, convert, is_converted
from archive_app.core.errors import ArchiveAppError
from archive_app.core.paths import AppPaths
from archive_app.core.record import Statement
from archive_app.gui import labels
from archive_app.gui.i18n import _

__all__ = [
    "PageMarks",
    "export_pdf",
    "page_marks",
    "pdf_printer",
    "pdf_title",
    "print_document",
    "save_folder",
]


@dataclass(frozen=True)
class PageMarks:
    """The running header (two lines) and footer (before the page number) of every page."""

    title: str
    identity: str
    footer: str


def pdf_title(statement: Statement, view: str, mode: Mode) -> str:
    """The document title in the script shown (the title line holds Chinese, as the page)."""
    title = statement.title
    if view != "en" and is_converted(statement.zh_script, mode):
        title = convert(title, statement.zh_script, mode)
    return f"{statement.year} {title}"


def page_marks(
    statement: Statement,
    *,
    version: int,
    origin_note: str | None,
    view: str,
    mode: Mode,
    manifest_hash: str,
) -> PageMarks:
    scripts, targets = labels.conversion_names()
    if view == "en" or not statement.zh:
        script = _("English")
    elif is_converted(statement.zh_script, mode):
        script = _("Chinese converted to {target} by OpenCC from the {source} original").format(
            target=targets[Mode(mode)], source=scripts[statement.zh_script]
        )
    else:
        script = _("Chinese as stored ({script})").format(script=scripts[statement.zh_script])
    identity = _("June Fourth {year} · version {version} · {script}").format(
        year=statement.year, version=version, script=script
    )
    if origin_note:
        identity += f" · {origin_note}"
    footer = _("Archive manifest SHA-256 {hash}").format(hash=manifest_hash)
    return PageMarks(pdf_title(statement, view, mode), identity, footer)


def save_folder(paths: AppPaths) -> Path:
    """Where a save dialog starts: inside the portable folder in portable mode, never the
    host's home; the user's home otherwise."""
    if paths.portable and paths.root is not None:
        return paths.root
    return Path.home()


def pdf_printer(path: Path, title: str) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setDocName(title)
    printer.setCreator("June Fourth Archive")
    return printer


def print_document(
    document: QTextDocument, printer: QPrinter, marks: PageMarks | None = None
) -> None:
    """Lay ``document`` out on the printer's pages, each with the running header and footer."""
    if marks is None:
        document.print_(printer)
        return
    painter = QPainter()
    if not painter.begin(printer):
        raise ArchiveAppError(_("the printer could not be started"))
    try:
        _paint_pages(document, printer, painter, marks)
    finally:
        painter.end()


def _paint_pages(
    document: QTextDocument, printer: QPrinter, painter: QPainter, marks: PageMarks
) -> None:
    page = printer.pageRect(QPrinter.Unit.DevicePixel)
    width, height = page.width(), page.height()
    small = QFont(document.defaultFont())
    small.setPointSizeF(7.5)
    painter.setFont(small)
    metrics = QFontMetricsF(small, printer)
    line = metrics.lineSpacing()
    gap = line * 0.8
    head_h = 2 * line + gap
    foot_h = line + gap
    doc = document.clone()
    doc.documentLayout().setPaintDevice(printer)
    doc.setPageSize(QSizeF(width, height - head_h - foot_h))
    body_h = height - head_h - foot_h
    pages = max(1, doc.pageCount())
    grey = QColor("#444444")
    for number in range(pages):
        if number:
            printer.newPage()
        painter.setFont(small)
        painter.setPen(grey)
        title = metrics.elidedText(marks.title, Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRectF(0, 0, width, line), Qt.AlignmentFlag.AlignLeft, title)
        identity = metrics.elidedText(marks.identity, Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRectF(0, line, width, line), Qt.AlignmentFlag.AlignLeft, identity)
        painter.drawLine(0, int(2 * line + gap / 3), int(width), int(2 * line + gap / 3))
        counter = _("page {page} of {pages}").format(page=number + 1, pages=pages)
        foot_y = height - line
        painter.drawLine(0, int(foot_y - gap / 3), int(width), int(foot_y - gap / 3))
        painter.drawText(
            QRectF(0, foot_y, width, line),
            Qt.AlignmentFlag.AlignLeft,
            metrics.elidedText(marks.footer, Qt.TextElideMode.ElideMiddle, width * 0.8),
        )
        painter.drawText(QRectF(0, foot_y, width, line), Qt.AlignmentFlag.AlignRight, counter)
        painter.save()
        painter.translate(0, head_h - number * body_h)
        doc.drawContents(painter, QRectF(0, number * body_h, width, body_h))
        painter.restore()


def export_pdf(
    document: QTextDocument, path: Path, title: str, marks: PageMarks | None = None
) -> Path:
    """Write ``document`` to ``path`` as PDF; an :class:`ArchiveAppError` names the file."""
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        path = path.with_suffix(path.suffix + ".pdf") if path.suffix else path.with_suffix(".pdf")
    if not path.parent.is_dir():
        raise ArchiveAppError("the folder does not exist; choose another place", path.parent)
    printer = pdf_printer(path, title)
    print_document(document, printer, marks)
    try:
        with path.open("rb") as handle:
            head = handle.read(5)
    except OSError as exc:
        raise ArchiveAppError(f"the PDF could not be written: {exc.strerror}", path) from None
    if head != b"%PDF-":
        raise ArchiveAppError("the PDF could not be written (read-only folder?)", path)
    return path
