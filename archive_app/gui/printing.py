"""Print and export to PDF: the current view (side by side included) on white paper."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from archive_app.core.errors import ArchiveAppError

__all__ = ["export_pdf", "pdf_printer", "print_document"]


def pdf_printer(path: Path, title: str) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setDocName(title)
    printer.setCreator("June Fourth Archive")
    return printer


def print_document(document: QTextDocument, printer: QPrinter) -> None:
    document.print_(printer)


def export_pdf(document: QTextDocument, path: Path, title: str) -> Path:
    """Write ``document`` to ``path`` as PDF; an :class:`ArchiveAppError` names the file."""
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        path = path.with_suffix(path.suffix + ".pdf") if path.suffix else path.with_suffix(".pdf")
    if not path.parent.is_dir():
        raise ArchiveAppError("the folder does not exist; choose another place", path.parent)
    printer = pdf_printer(path, title)
    print_document(document, printer)
    try:
        with path.open("rb") as handle:
            head = handle.read(5)
    except OSError as exc:
        raise ArchiveAppError(f"the PDF could not be written: {exc.strerror}", path) from None
    if head != b"%PDF-":
        raise ArchiveAppError("the PDF could not be written (read-only folder?)", path)
    return path
