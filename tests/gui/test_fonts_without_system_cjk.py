"""On a machine with no CJK font at all, the reader still draws Chinese: with the bundled faces.

The window is opened in a child process whose fontconfig sees one empty font directory, so the
only fonts Qt can find are those the app registers from ``resources/fonts``. The child goes
through the real entry point (``gui --screenshot``), then reports what Qt actually laid out: the
font of every glyph run of the reading pane's Chinese, whether any glyph is .notdef (a box), and
the same for the menu bar in the Chinese UI. Then it chooses the Serif face (Reading settings…)
and reports the same again. The parent checks those and looks at the PNGs (``pytest
--basetemp=DIR`` leaves them in ``DIR/no-cjk0/`` to open and look at: ``window.png``, the reader
in Serif ``serif-traditional.png`` and ``serif-simplified.png``, the panel
``reading-settings-zh_Hant.png``; with ``ARCHIVE_APP_SHOTS=docs/screenshots`` the Serif ones are
also written there for the README).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage

from tests.conftest import REPO
from tests.gui.conftest import KEEP_WINDOWS

BUNDLED = ("June Fourth Sans TC", "June Fourth Sans SC")
SERIF = ("June Fourth Serif TC", "June Fourth Serif SC")
SHOTS = Path(os.environ["ARCHIVE_APP_SHOTS"]) if os.environ.get("ARCHIVE_APP_SHOTS") else None
SAMPLE = "國家安全法"

# Runs in the child. Keeps the window the entry point builds by recording MainWindow instances.
PROBE = (
    KEEP_WINDOWS
    + r"""
import json, re, sys
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QFontMetrics, QTextCursor, QTextLayout

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QComboBox, QMenu, QTextBrowser, QWidget

from archive_app.cli import main
from archive_app.gui import i18n

png, sample = sys.argv[1], sys.argv[2]
code = main(["gui", "--screenshot", png, "--year", "2021", "--view", "zh", "--script",
             "original"])
assert code == 0, code
window = made[-1]
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


panes = [b for b in window.findChildren(QTextBrowser) if sample in b.toPlainText()]
assert panes, "no reading pane shows the sample"
pane = panes[0]


def runs_of(layout, text):
    out = []
    for start, char in enumerate(text):
        if HAN.match(char):
            for run in layout.glyphRuns(start, 1):
                out.append([run.rawFont().familyName(), 0 in list(run.glyphIndexes())])
    return out


def pane_runs():
    # What the reading pane laid out for its Chinese, block by block.
    block, runs = pane.document().begin(), []
    while block.isValid():
        if HAN.search(block.text()):
            where = block.text()[:40]
            runs += [[*run, where] for run in runs_of(block.layout(), block.text())]
        block = block.next()
    return runs


def english_families():
    # The faces the pane's English paragraphs are drawn in (their letters, not the ¶ marks).
    block, families = pane.document().begin(), set()
    while block.isValid():
        text = block.text()
        if text.startswith("¶") and not HAN.search(text):
            start = text.index(" ") + 1
            families |= {r.rawFont().familyName() for r in block.layout().glyphRuns(start, 20)}
        block = block.next()
    return sorted(families)


def first_han_rect():
    # Where the first Chinese character visible in the pane is, in window coordinates.
    viewport = pane.viewport()
    block = pane.document().begin()
    while block.isValid():
        found = HAN.search(block.text())
        if found:
            cursor = QTextCursor(block)
            cursor.setPosition(block.position() + found.start())
            rect = pane.cursorRect(cursor)
            if viewport.rect().contains(rect.center()):
                top_left = viewport.mapTo(window, rect.topLeft())
                return [top_left.x(), top_left.y(), rect.height()]
        block = block.next()
    return None


def text_runs(text, font):
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return runs_of(layout, text)


report = {
    "families": QFontDatabase.families(),
    "ours_at_start": sorted(f for f in QFontDatabase.families() if f.startswith("June Fourth")),
    "rect": first_han_rect(),
    "width": window.width(),
    "runs": {"original": pane_runs()},
    "resolved": {f: QFontInfo(QFont(f)).family() for f in QFontDatabase.families()},
    "covers": {
        family: all(QFontMetrics(QFont(family)).inFontUcs4(ord(c)) for c in sample)
        for family in QFontDatabase.families()
    },
}
for script in ("simplified", "traditional-tw", "traditional-hk"):
    window.select(script=script)
    QApplication.processEvents()
    report["runs"][script] = pane_runs()
i18n.set_language("zh_Hant")
QApplication.processEvents()
menus = [m for m in window.menuBar().findChildren(QMenu) if m.title()]
report["menus"] = [
    [m.title(), text_runs(m.title(), window.menuBar().font())] for m in menus
]
# The reading settings panel in 繁體中文, Serif chosen in it: its labels join the box check below.
from archive_app.gui.fonts import registered_faces
from archive_app.gui.reading_settings import open_reading_settings

report["faces_before_serif"] = sorted(registered_faces())
window.select(view="side-by-side", script="original")
report["english_in_sans"] = english_families()
panel = open_reading_settings(window)
panel.face_box.setCurrentIndex(panel.face_box.findData("serif"))
QApplication.processEvents()
panel_png = png.replace("window.png", "reading-settings-zh_Hant.png")
report["shots"] = {"reading-settings-zh_Hant": panel_png}
panel.grab().save(panel_png)
report["english_in_serif"] = english_families()


def boxes(text, font):
    # Characters of ``text`` that would be drawn as .notdef (a box) in ``font``.
    out = []
    for start, char in enumerate(text):
        if char.isspace() or char == "&":
            continue
        layout = QTextLayout(text, font)
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        if any(0 in list(run.glyphIndexes()) for run in layout.glyphRuns(start, 1)):
            out.append(char)
    return out


shown = []
for widget in window.findChildren(QWidget):
    for text in (getattr(widget, "text", lambda: "")(), widget.toolTip()):
        if isinstance(text, str) and text.strip():
            shown.append((type(widget).__name__, text, widget.font()))
    if isinstance(widget, QComboBox):
        for i in range(widget.count()):
            shown.append(("QComboBox", widget.itemText(i), widget.font()))
for action in window.findChildren(QAction):
    if action.text():
        shown.append(("QAction", action.text(), window.menuBar().font()))
report["boxes"] = sorted(
    {f"{kind} {text!r}: {''.join(b)}" for kind, text, font in shown if (b := boxes(text, font))}
)
# The reader in Serif, each script; a picture of 繁體 (in the 繁體中文 UI) and 简体 (简体中文 UI).
report["serif_runs"] = {}
for script in ("original", "simplified", "traditional-tw", "traditional-hk"):
    window.select(script=script)
    QApplication.processEvents()
    report["serif_runs"][script] = pane_runs()
panel.close()
for script, lang, name in (
    ("original", "zh_Hant", "serif-traditional"),
    ("simplified", "zh_Hans", "serif-simplified"),
):
    i18n.set_language(lang)
    window.select(script=script)
    window.reader.scroll_to_paragraph(("en", 3))
    QApplication.processEvents()
    report["shots"][name] = png.replace("window.png", f"{name}.png")
    window.grab().save(report["shots"][name])
print(json.dumps(report, ensure_ascii=False))
"""
)


@pytest.fixture(scope="module")
def no_cjk(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], QImage]:
    """One child run, shared by the checks below (it is the slow part)."""
    tmp = tmp_path_factory.mktemp("no-cjk")
    empty = tmp / "fonts"
    empty.mkdir()
    conf = tmp / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  <dir>{empty}</dir>\n  <cachedir>{tmp / 'cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FONTCONFIG", "QT_"))}
    env |= {
        "FONTCONFIG_FILE": str(conf),
        "QT_QPA_FONTDIR": str(empty),
        "QT_QPA_PLATFORM": "offscreen",
        "ARCHIVE_APP_HOME": str(tmp / "home"),
        "LANGUAGE": "en",
    }
    png = tmp / "window.png"
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(png), SAMPLE],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), QImage(str(png))


def test_no_system_font_can_draw_chinese(no_cjk: tuple[dict[str, Any], QImage]) -> None:
    """The set-up is real: Qt knows no font but the bundled ones (and fontconfig's aliases)."""
    report, _ = no_cjk
    assert set(report["resolved"].values()) <= set(BUNDLED), report["resolved"]
    assert all(report["covers"][family] for family in BUNDLED), report["covers"]


@pytest.mark.parametrize("script", ["original", "simplified", "traditional-tw", "traditional-hk"])
def test_reader_draws_chinese_with_the_bundled_face(
    no_cjk: tuple[dict[str, Any], QImage], script: str
) -> None:
    report, _ = no_cjk
    runs = report["runs"][script]
    assert runs, f"{script}: no Chinese laid out in the reading pane"
    assert {family for family, _, _ in runs} <= set(BUNDLED), runs
    boxed = {where for _, notdef, where in runs if notdef}
    assert not boxed, f"{script}: boxes (.notdef) in the reader: {boxed}"


@pytest.mark.parametrize(
    ("script", "face"),
    [
        ("original", "June Fourth Sans TC"),  # the 2021 statement is stored in Traditional
        ("traditional-tw", "June Fourth Sans TC"),
        ("traditional-hk", "June Fourth Sans TC"),
        ("simplified", "June Fourth Sans SC"),
    ],
)
def test_each_script_gets_its_regional_face(
    no_cjk: tuple[dict[str, Any], QImage], script: str, face: str
) -> None:
    """繁體 in the TC face, 简体 in the SC face: the two standards differ in glyph shapes and
    in where ，。sit (centred in Taiwan and Hong Kong, low left in the mainland)."""
    report, _ = no_cjk
    wrong = {where: family for family, _, where in report["runs"][script] if family != face}
    assert wrong == {}, f"{script}: not in {face}"


def test_chinese_menus_draw_with_the_bundled_face(no_cjk: tuple[dict[str, Any], QImage]) -> None:
    report, _ = no_cjk
    runs = [run for _, title_runs in report["menus"] for run in title_runs]
    assert runs, f"no Chinese in the menu bar after switching to 繁體中文: {report['menus']}"
    assert {family for family, _ in runs} <= set(BUNDLED), report["menus"]
    assert not any(notdef for _, notdef in runs), report["menus"]


def test_no_boxes_anywhere_in_the_chinese_window(no_cjk: tuple[dict[str, Any], QImage]) -> None:
    """Every label, button, tooltip and action text of the 繁體中文 window has its glyphs."""
    report, _ = no_cjk
    assert report["boxes"] == [], (
        "drawn as boxes where no system font helps: use characters the bundled faces have, an "
        "icon, or add them to the subset (packaging/subset_font.py) and rebuild the fonts"
    )


def test_screenshot_shows_ink_where_the_chinese_is(no_cjk: tuple[dict[str, Any], QImage]) -> None:
    report, image = no_cjk
    assert not image.isNull() and image.width() == report["width"]
    assert report["rect"] is not None, "no Chinese character visible in the reading pane"
    x, y, height = report["rect"]
    background = image.pixelColor(max(0, x - 4), y + height // 2)
    ink = total = 0
    for py in range(y, min(image.height(), y + height)):
        for px in range(x, min(image.width(), x + 20 * height)):
            total += 1
            ink += _distance(image.pixelColor(px, py), background) > 96
    assert total and ink / total > 0.03, f"only {ink} of {total} pixels drawn: blank Chinese"


def _distance(a: QColor, b: QColor) -> int:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())


def test_serif_is_not_registered_before_it_is_chosen(
    no_cjk: tuple[dict[str, Any], QImage],
) -> None:
    report, _ = no_cjk
    assert report["ours_at_start"] == sorted(BUNDLED), report["ours_at_start"]
    assert report["faces_before_serif"] == ["sans"]


@pytest.mark.parametrize(
    ("script", "face"),
    [
        ("original", "June Fourth Serif TC"),
        ("traditional-tw", "June Fourth Serif TC"),
        ("traditional-hk", "June Fourth Serif TC"),
        ("simplified", "June Fourth Serif SC"),
    ],
)
def test_serif_draws_every_script_in_its_regional_face(
    no_cjk: tuple[dict[str, Any], QImage], script: str, face: str
) -> None:
    """Chosen in the panel, Serif sets the Chinese paragraphs of the pane (the blocks that
    start with their ¶ number), without a box, in the face of the script shown; the headings,
    the meta line and the notes stay in Sans (its Bold)."""
    report, _ = no_cjk
    runs = report["serif_runs"][script]
    paragraphs = [run for run in runs if run[2].startswith("¶")]
    assert paragraphs, f"{script}: no Chinese paragraph laid out in Serif"
    wrong = {where: family for family, _, where in paragraphs if family != face}
    assert wrong == {}, f"{script}: not in {face}"
    rest = {where: family for family, _, where in runs if not where.startswith("¶")}
    assert rest and set(rest.values()) <= set(BUNDLED), rest
    boxed = {where for _, notdef, where in runs if notdef}
    assert not boxed, f"{script}: boxes (.notdef) in Serif: {boxed}"


@pytest.mark.parametrize(
    "name", ["serif-traditional", "serif-simplified", "reading-settings-zh_Hant"]
)
def test_serif_screenshots_are_written(no_cjk: tuple[dict[str, Any], QImage], name: str) -> None:
    report, _ = no_cjk
    path = Path(report["shots"][name])
    picture = QImage(str(path))
    assert not picture.isNull() and picture.width() > 300, f"{path} was not written"
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        target = SHOTS / (f"reader-{name}.png" if name.startswith("serif") else f"{name}.png")
        shutil.copyfile(path, target)


def test_english_keeps_its_face_when_the_chinese_is_serif(
    no_cjk: tuple[dict[str, Any], QImage],
) -> None:
    """With no Latin font on the machine English is drawn by the bundled Sans; choosing Serif
    for the Chinese leaves it so."""
    report, _ = no_cjk
    assert report["english_in_sans"], "no English laid out"
    assert report["english_in_serif"] == report["english_in_sans"]
