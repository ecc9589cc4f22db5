"""Print and export to PDF: the current view, side by side included, on white paper."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from archive_app.gui import dialogs
from archive_app.gui.main_window import MainWindow


def pdf_ok(path: Path) -> bytes:
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert len(data) > 10_000
    return data


def page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", data))


def embedded_fonts(data: bytes) -> set[str]:
    return {m.decode() for m in re.findall(rb"/BaseFont\s*/([A-Za-z0-9+_-]+)", data)}


def test_export_side_by_side_pdf(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.select(view="side-by-side", script="simplified")
    window.apply_theme("dark")  # paper is white whatever the screen shows
    asked: list[Path] = []

    def ask(parent: QWidget, title: str, suggested: Path, name_filter: str) -> Path:
        asked.append(suggested)
        return tmp_path / "statement"

    monkeypatch.setattr(dialogs, "ask_save_path", ask)
    written = window.export_pdf_dialog()
    assert asked[0].name == "june-fourth-2021-side-by-side-simplified.pdf"
    assert written == tmp_path / "statement.pdf"
    data = pdf_ok(written)
    assert page_count(data) >= 2
    fonts = embedded_fonts(data)
    assert any("JuneFourthSans-SC" in f or "JuneFourthSansSC" in f for f in fonts), fonts
    printable = window.reader.printable_document()
    assert "#ffffff" in printable.defaultStyleSheet() or "#1d1f21" in printable.defaultStyleSheet()
    assert "国家安全法" in printable.toPlainText()
    # Paper is labelled too, without the on-screen hints (hover, keys).
    assert "converted from Traditional to Simplified by OpenCC" in printable.toPlainText()
    assert "hover" not in printable.toPlainText()
    assert "No Chinese text in the source for this paragraph." in printable.toPlainText()


def test_export_english_only_is_shorter(window: MainWindow, tmp_path: Path) -> None:
    window.select(view="side-by-side")
    both = pdf_ok(window.export_pdf(tmp_path / "both.pdf"))  # type: ignore[arg-type]
    window.select(view="zh")
    zh = pdf_ok(window.export_pdf(tmp_path / "zh.pdf"))  # type: ignore[arg-type]
    assert page_count(zh) < page_count(both)
    fonts = embedded_fonts(zh)
    assert any("TC" in f for f in fonts), fonts


def test_export_to_a_missing_folder_is_a_notice(window: MainWindow, tmp_path: Path) -> None:
    assert window.export_pdf(tmp_path / "no" / "such" / "x.pdf") is None
    assert window.banner.isVisible() and "The PDF was not saved" in window.banner.text()
    assert str(tmp_path / "no" / "such") in window.banner.text()


def test_print_goes_through_the_print_dialog(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "printed.pdf"

    def accept(printer: QPrinter, parent: QWidget) -> bool:
        # Stands in for the user choosing "print to file" in the dialog.
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return True

    monkeypatch.setattr(dialogs, "ask_print", accept)
    assert window.print_current()
    pdf_ok(target)
    monkeypatch.setattr(dialogs, "ask_print", lambda printer, parent: False)
    target.unlink()
    assert not window.print_current()
    assert not target.exists()


def test_pdf_text_is_real_text(window: MainWindow, tmp_path: Path) -> None:
    """The PDF carries text (a ToUnicode map), not pictures of text."""
    window.select(view="en")
    data = pdf_ok(window.export_pdf(tmp_path / "en.pdf"))  # type: ignore[arg-type]
    assert b"/ToUnicode" in data


def test_every_pdf_page_carries_the_running_header_and_footer(
    window: MainWindow, tmp_path: Path
) -> None:
    """A loose page names the statement, year, version, script (converted) and manifest hash."""
    import shutil
    import subprocess
    import unicodedata

    window.select(view="side-by-side", script="simplified")
    written = window.export_pdf(tmp_path / "statement.pdf")
    assert written is not None
    data = pdf_ok(written)
    pages = page_count(data)
    assert pages >= 2
    manifest = window.archive.manifest_hash
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian poppler-utils, installed by .ci/run) is not here")

    def text_in(page: int, y: int, height: int) -> str:
        """The text pdftotext finds in a band of the page (points from the top, A4 width)."""
        out = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-x", "0", "-y", str(y),
             "-W", "595", "-H", str(height), str(written), "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        return " ".join(unicodedata.normalize("NFKC", out).split())  # ﬁ ligatures

    header = (
        "2021 Coalition Statement on June Fourth 六四32周年联合声明 June Fourth 2021 · version 1 "
        "· Chinese converted to Simplified by OpenCC from the Traditional original"
    )
    for page in range(1, pages + 1):
        # Qt leaves the clipped glyphs of the line before a page break in the PDF's text layer
        # (invisible, but words may run together), so the header band is checked word by word.
        top = text_in(page, 0, 60).replace(" ", "")
        assert all(word in top for word in header.split()), (page, top)
        bottom = text_in(page, 800, 42)
        assert f"Archive manifest SHA-256 {manifest} page {page} of {pages}" in bottom, page
    info = subprocess.run(
        ["pdfinfo", str(written)], capture_output=True, text=True, check=True
    ).stdout
    title = next(line for line in info.splitlines() if line.startswith("Title:"))
    assert (
        title.split(":", 1)[1].strip()
        == "2021 Coalition Statement on June Fourth 六四32周年联合声明"
    )


def test_pdf_save_dialog_starts_inside_the_portable_folder(tmp_path: Path) -> None:
    from archive_app.core.paths import AppPaths
    from archive_app.gui import printing

    portable = AppPaths.for_portable(tmp_path / "stick")
    assert printing.save_folder(portable) == tmp_path / "stick"
    assert printing.save_folder(AppPaths(tmp_path, tmp_path, tmp_path)) == Path.home()
