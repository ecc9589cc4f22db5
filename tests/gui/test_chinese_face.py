"""The reader's Chinese face (issue 14): Sans (黑體) by default, Serif (明體/宋體) by choice.

Chosen in View → Reading settings…, it re-renders the reading pane at once (keeping the place),
sets the Chinese paragraphs of the pane and the print-out and the original-text tooltip, is
saved, and leaves English and the headings in their own face (Sans, whose Bold Serif lacks).
The Serif files are registered only when Serif is asked for: a start-up in Sans never reads
them (checked through the real entry point, in a fresh process).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QImage, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from archive_app.core.settings import ChineseFace, SettingsFile
from archive_app.gui import fonts
from archive_app.gui.ebook import reading_of
from archive_app.gui.main_window import MainWindow
from archive_app.gui.reading_settings import ReadingSettings
from tests.gui.conftest import KEEP_WINDOWS, MakeWindow, run_to_first_paint

HAN = re.compile(r"[\u3400-\u9fff]")
SERIF_TC, SERIF_SC = "June Fourth Serif TC", "June Fourth Serif SC"
SANS_TC, SANS_SC = "June Fourth Sans TC", "June Fourth Sans SC"


def block_of(doc: QTextDocument, lang: str) -> int:
    """The number of the first paragraph block of ``lang`` (a Chinese one holds Han)."""
    block = doc.begin()
    while block.isValid():
        text = block.text()
        if text.startswith("¶") and (bool(HAN.search(text)) == (lang == "zh")):
            return block.blockNumber()
        block = block.next()
    raise AssertionError(f"no {lang} paragraph in the document")


def families_at(doc: QTextDocument, lang: str) -> list[str]:
    """The font families the document's char format asks for in a paragraph of ``lang``."""
    block = doc.findBlockByNumber(block_of(doc, lang))
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + len(block.text()) - 1)  # in the text, past "¶N "
    return list(cursor.charFormat().fontFamilies() or [])


def drawn_with(doc: QTextDocument, lang: str) -> set[str]:
    """The families Qt really laid the paragraph's glyphs out in (after any fallback)."""
    block = doc.findBlockByNumber(block_of(doc, lang))
    layout = block.layout()
    runs = layout.glyphRuns(0, len(block.text()))
    notdef = [run for run in runs if 0 in list(run.glyphIndexes())]
    assert not notdef, f"{lang}: .notdef (boxes) in {block.text()[:30]!r}"
    start = block.text().index(" ") + 1
    return {run.rawFont().familyName() for run in layout.glyphRuns(start, 6)}


def choose_face(window: MainWindow, face: ChineseFace) -> ReadingSettings:
    reading = reading_of(window)
    assert reading is not None
    reading.open_settings()
    dialog = window.findChild(ReadingSettings)
    assert dialog is not None and dialog.isVisible()
    dialog.face_box.setCurrentIndex(dialog.face_box.findData(face.value))
    return dialog


def test_choosing_serif_sets_the_chinese_and_keeps_the_place(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    store = SettingsFile(tmp_path / "settings.ini")
    store.load()
    window = make_window(settings_file=store, show=True)
    window.select(view="side-by-side", script="original")  # 2021 is stored in Traditional
    assert families_at(window.reader.document(), "zh")[0] == SANS_TC
    english_before = drawn_with(window.reader.document(), "en")
    window.reader.scroll_to_paragraph(("en", 5))
    place = window.reader.top_paragraph()
    assert place is not None

    dialog = choose_face(window, ChineseFace.SERIF)
    assert window.settings.chinese_face is ChineseFace.SERIF
    assert window.reader.chinese_face is ChineseFace.SERIF
    doc = window.reader.document()
    assert families_at(doc, "zh")[0] == SERIF_TC
    assert drawn_with(doc, "zh") == {SERIF_TC}
    assert window.reader.top_paragraph() == place, "the reader lost its place"
    # English keeps its face: the same runs as in Sans.
    assert drawn_with(doc, "en") == english_before
    assert not any("Serif" in f for f in drawn_with(doc, "en"))

    window.set_script("simplified")
    assert families_at(window.reader.document(), "zh")[0] == SERIF_SC
    assert drawn_with(window.reader.document(), "zh") == {SERIF_SC}

    # The headings keep Sans, in its Bold (Serif ships Regular only): 黑體 over 明體.
    title = doc.begin()
    assert "六四" in title.text()
    start = title.text().index("六四")
    runs = title.layout().glyphRuns(start, 2)
    assert {run.rawFont().familyName() for run in runs} <= {SANS_SC, SANS_TC}
    assert all(run.rawFont().weight() >= 600 for run in runs)  # a real Bold, not Regular

    # Saved, and read back by the next window.
    assert window.save_settings()
    again = SettingsFile(store.path)
    assert again.load().chinese_face is ChineseFace.SERIF
    second = make_window(settings_file=again)
    second.select(view="zh", script="traditional-tw")
    assert families_at(second.reader.document(), "zh")[0] == SERIF_TC
    reopened = ReadingSettings(second)
    assert reopened.face_box.currentData() == "serif"
    reopened.deleteLater()

    # Defaults bring Sans back, at once.
    dialog.restore_defaults()
    assert window.settings.chinese_face is ChineseFace.SANS
    assert families_at(window.reader.document(), "zh")[0] == SANS_SC


def test_print_and_the_original_tooltip_follow_the_face(
    make_window: MakeWindow, tmp_path: Path
) -> None:
    window = make_window()
    window.select(view="side-by-side", script="simplified")
    window.set_chinese_face("serif")
    printable = window.reader.printable_document()
    assert families_at(printable, "zh")[0] == SERIF_SC
    assert "June Fourth Serif" not in " ".join(families_at(printable, "en")[:1])
    tip = window.reader.original_tooltip(("zh", 1))
    assert tip is not None and f"font-family: '{SERIF_TC}'" in tip  # stored text: Traditional
    pdf = window.export_pdf(tmp_path / "serif.pdf")
    assert pdf is not None
    embedded = set(re.findall(rb"/BaseFont\s*/([A-Za-z0-9+_-]+)", pdf.read_bytes()))
    assert any(b"JuneFourthSerifSC" in name for name in embedded), embedded
    window.set_chinese_face("sans")
    assert families_at(window.reader.printable_document(), "zh")[0] == SANS_SC
    window.set_chinese_face("comic")  # not a face: nothing changes
    assert window.settings.chinese_face is ChineseFace.SANS


def test_the_face_labels_are_translated(make_window: MakeWindow) -> None:
    from archive_app.gui import i18n

    window = make_window()
    seen = []
    for lang in ("en", "zh_Hant", "zh_Hans"):
        i18n.set_language(lang)
        dialog = ReadingSettings(window)
        seen.append([dialog.face_box.itemText(i) for i in range(dialog.face_box.count())])
        dialog.deleteLater()
    assert seen == [
        ["Sans (Hei)", "Serif (Song/Ming)"],
        ["無襯線（黑體）", "襯線（明體／宋體）"],
        ["无衬线（黑体）", "衬线（宋体）"],
    ]


def test_the_serif_files_name_the_families_the_reader_asks_for() -> None:
    files = [p.name for p in fonts.face_files(ChineseFace.SERIF)]
    assert files == ["JuneFourthSerif-SC-Regular.otf", "JuneFourthSerif-TC-Regular.otf"]
    assert sorted(fonts.register_face(ChineseFace.SERIF)) == [SERIF_SC, SERIF_TC]
    assert fonts.chinese_family("traditional", ChineseFace.SERIF) == SERIF_TC
    assert fonts.chinese_family("simplified") == SANS_SC
    assert {SERIF_SC, SERIF_TC, SANS_SC, SANS_TC} == fonts.bundled_families()


# --- start-up: Serif is read only when the settings ask for it ------------------------------

PROBE = (
    KEEP_WINDOWS
    + r"""
import json, runpy, sys
from archive_app.gui import fonts

real_write = sys.stdout.write


def write(text):
    if text.startswith("first-paint"):
        from PySide6.QtGui import QFontDatabase

        window = made[-1]
        sheet = window.reader.document().defaultStyleSheet()
        report = {
            "registered": sorted(fonts.registered_faces()),
            "ours": sorted(f for f in QFontDatabase.families() if f.startswith("June Fourth")),
            "zh_rule": [line for line in sheet.splitlines() if line.startswith("p.zh")][0],
        }
        real_write("report " + json.dumps(report) + "\n")
    return real_write(text)


sys.stdout.write = write
sys.argv = ["archive_app", "gui", "--year", "2021"]
runpy.run_module("archive_app", run_name="__main__")
"""
)


@pytest.mark.parametrize("face", [None, "sans", "serif"])
def test_start_up_registers_serif_only_when_the_settings_ask_for_it(
    tmp_path: Path, face: str | None
) -> None:
    if face is not None:
        config = tmp_path / "config"
        config.mkdir()
        (config / "settings.ini").write_text(
            f"[settings]\nchinese_face = {face}\n", encoding="utf-8"
        )
    done = run_to_first_paint(PROBE, tmp_path)
    lines = [line for line in done.stdout.splitlines() if line.startswith("report ")]
    assert lines, done.stderr[-2000:]
    report = json.loads(lines[0].removeprefix("report "))
    if face == "serif":
        assert report["registered"] == ["sans", "serif"]
        assert SERIF_TC in report["ours"] and SERIF_SC in report["ours"]
        assert f"'{SERIF_TC}'" in report["zh_rule"]
    else:
        assert report["registered"] == ["sans"], "Serif was read at start-up"
        assert report["ours"] == [SANS_SC, SANS_TC]
        assert f"'{SANS_TC}'" in report["zh_rule"]


def _drawn(text: str, font: QFont) -> QImage:
    label = QLabel(text)
    label.setFont(font)
    label.resize(120, 60)
    return label.grab().toImage()


def test_switching_to_simplified_draws_the_simplified_shapes(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    """A full-width colon is centred in Traditional and sits low at the left in Simplified.
    Qt keeps a matched font by its first family (the Latin face) only, so a family list
    reordered during a session went on drawing the shape it matched first (fonts.
    follow_script_order makes it forget): the interface switched to 简体 and the reading pane
    switched to Simplified must draw what a window started that way draws."""
    window = make_window(show=True)
    window.set_ui_language("en")  # the interface's font lists: Traditional's face first
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    ui_traditional = _drawn("顯示：", app.font())
    reader_traditional = _drawn("來源：", window.reader.font())
    window.set_ui_language("zh_Hans")
    assert _drawn("顯示：", app.font()) != ui_traditional
    window.set_script("simplified")
    assert _drawn("來源：", window.reader.font()) != reader_traditional
    window.set_ui_language("en")
    window.set_script("original")
    assert _drawn("顯示：", app.font()) == ui_traditional
    assert _drawn("來源：", window.reader.font()) == reader_traditional
