"""Tools → Concordance, Trends, Compare two years, driven through their real widgets.

The multi-year archive is the shipped 2021 statement plus the clearly synthetic statements of
``tests/data/curation`` imported into a user archive (2022, 2023 and a second 2021 text), so
the views also show local statements and versions as such.
"""

from __future__ import annotations

import csv
import io
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from archive_app.core.paths import AppPaths
from archive_app.core.record import (
    Archive,
    Library,
    Origin,
    StatementKey,
    UserArchive,
    import_file,
)
from archive_app.core.research import concordance, sort_by_left, sort_by_right, trends
from archive_app.core.search import SearchIndex
from archive_app.gui import tool_support
from archive_app.gui.compare_view import SHARED_BG, CompareView
from archive_app.gui.concordance_view import COL_KEYWORD, COL_LEFT, COL_YEAR, ConcordanceView
from archive_app.gui.main_window import MainWindow
from archive_app.gui.trends_view import TrendsView, split_terms
from tests.conftest import ARCHIVE, DATA

CURATION = DATA / "curation"
SHOTS = Path(os.environ["ARCHIVE_APP_SHOTS"]) if os.environ.get("ARCHIVE_APP_SHOTS") else None


def shot(widget: QWidget, name: str) -> None:
    """Save what the widget looks like when ARCHIVE_APP_SHOTS names a folder (for people)."""
    if SHOTS is not None:
        QApplication.processEvents()
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / f"{name}.png"))


@pytest.fixture
def library(tmp_path: Path) -> Library:
    shipped = Archive.load(ARCHIVE)
    user = UserArchive(tmp_path / "user")
    for name in (
        "synthetic-2022-captured.txt",
        "synthetic-2023-saved-page.html",
        "synthetic-2021-variant.txt",
    ):
        assert user.add(import_file(CURATION / name), shipped=shipped).added
    library = user.library(shipped)
    assert library.years == [2021, 2021, 2022, 2023]
    return library


@pytest.fixture
def index(library: Library) -> SearchIndex:
    return SearchIndex(library)


@pytest.fixture
def saved(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    """Every save dialog answers with a fresh file in tmp_path; the paths are recorded."""
    paths: list[Path] = []

    def choose(parent: object, caption: str, suggested: str, filters: str) -> Path:
        path = tmp_path / "exports" / f"{len(paths)}-{suggested}"
        path.parent.mkdir(exist_ok=True)
        paths.append(path)
        return path

    monkeypatch.setattr(tool_support, "choose_save_file", choose)
    return paths


# --- concordance ----------------------------------------------------------------------------


def test_concordance_lines_sorts_and_origin_marks(qtbot: QtBot, index: SearchIndex) -> None:
    view = ConcordanceView(index)
    qtbot.addWidget(view)
    view.resize(1100, 460)
    view.show()
    view.query_edit.setText('"National Security Law" OR 國家安全法')
    qtbot.mouseClick(view.find_button, Qt.MouseButton.LeftButton)
    expected = concordance(index, '"National Security Law" OR 國家安全法', width=8)
    assert len(view.lines) == len(expected) == 8
    assert view.message.text().startswith("8 occurrences in 2 of 3 years (2021, 2022).")
    assert "added locally, not signed: their rows say so" in view.message.text()
    model = view.model
    years = [model.index(r, COL_YEAR).data() for r in range(model.rowCount())]
    assert years.count("2021") == 4
    assert years.count("2021 v2 · added locally, not signed") == 2
    assert years.count("2022 · added locally, not signed") == 2
    keywords = {model.index(r, COL_KEYWORD).data() for r in range(model.rowCount())}
    assert keywords == {"National Security Law", "國家安全法"}
    assert model.index(0, COL_KEYWORD).data(Qt.ItemDataRole.FontRole).bold()
    # Left context, read backwards from the keyword: by the header and by the chooser.
    view.table.horizontalHeader().sectionClicked.emit(COL_LEFT)
    assert view.lines == sort_by_left(expected)
    assert view.sort_box.currentData() == "left"
    view.sort_box.setCurrentIndex(view.sort_box.findData("right"))
    assert view.lines == sort_by_right(expected)
    shot(view, "concordance")


def test_concordance_chinese_in_another_script_and_errors(qtbot: QtBot, index: SearchIndex) -> None:
    view = ConcordanceView(index)
    qtbot.addWidget(view)
    view.lang_box.setCurrentIndex(view.lang_box.findData("zh"))
    view.script_box.setCurrentIndex(view.script_box.findData("simplified"))
    view.query_edit.setText("国安法")
    view.run()
    assert view.lines and {line.keyword for line in view.lines} == {"国家安全法"}
    assert all(line.lang == "zh" and line.converted for line in view.lines)
    assert "converted by OpenCC" in view.message.text()
    view.query_edit.setText("NOT tibet")
    view.run()
    assert view.lines == [] and not view.export_button.isEnabled()
    assert "nothing to look for" in view.message.text() or "NOT" in view.message.text()


def test_concordance_exports_parse_and_name_the_archive(
    qtbot: QtBot, index: SearchIndex, library: Library, saved: list[Path]
) -> None:
    view = ConcordanceView(index)
    qtbot.addWidget(view)
    view.query_edit.setText("vigil*")
    view.run()
    assert view.export_button.isEnabled()
    for action in view.export_actions.values():
        action.trigger()
    csv_path, json_path, md_path = saved
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    assert len(rows) == len(view.lines) > 0
    assert rows[0]["citation"].startswith("Coalition statement, June Fourth")
    assert rows[0]["archive_sha256"] == library.manifest_hash
    assert rows[0]["local_archive_sha256"] == library.local_manifest_hash
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["archive"]["sha256"] == library.manifest_hash and len(data["rows"]) == len(rows)
    markdown = md_path.read_text(encoding="utf-8")
    assert library.manifest_hash in markdown and "| year |" in markdown.replace(
        "|year|", "| year |"
    )
    assert "Exported" in view.message.text()
    # Lines from a local statement or a later text say so in their citation.
    by_citation = {r["citation"] for r in rows}
    assert any(
        c.startswith(
            "Coalition statement, June Fourth 2021 (version 2), added locally, not signed, "
        )
        for c in by_citation
    )
    assert any(
        c.startswith("Coalition statement, June Fourth 2022, added locally, not signed, ")
        for c in by_citation
    )
    assert any(
        c.startswith("Coalition statement, June Fourth 2021, ¶") and "(" not in c
        for c in by_citation
    )


def test_concordance_double_click_asks_to_open_the_paragraph(
    qtbot: QtBot, index: SearchIndex
) -> None:
    view = ConcordanceView(index)
    qtbot.addWidget(view)
    view.query_edit.setText("Exampleton")
    view.run()
    (line,) = view.lines
    with qtbot.waitSignal(view.openRequested) as signal:
        view.table.doubleClicked.emit(view.model.index(0, COL_LEFT))
    assert signal.args == [line.key, "en", 2] == [line.key, line.lang, line.paragraph]
    assert line.key == StatementKey(2023, 1, Origin.LOCAL)  # exactly that text, by its key


# --- trends ---------------------------------------------------------------------------------


def test_trends_table_chart_and_exports(
    qtbot: QtBot, index: SearchIndex, saved: list[Path]
) -> None:
    view = TrendsView(index)
    qtbot.addWidget(view)
    view.resize(1000, 480)
    view.show()
    view.terms_edit.setText('vigil; "National Security Law"; 國安法; Tiananmen')
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    expected = trends(index, split_terms(view.terms_edit.text()))
    assert view.table_data == expected
    assert view.chart.table is expected or view.chart.table == expected
    assert "國安法 also searched: 國家安全法" in view.message.text()
    # The table beside the chart: one row per statement text (2021 and 2021 v2 are two rows,
    # never summed), one column per term.
    assert view.table.rowCount() == len(expected.keys) == 4 and view.table.columnCount() == 5
    assert [view.table.item(r, 0).text() for r in range(4)] == [
        "2021",
        "2021 v2 · added locally, not signed",
        "2022 · added locally, not signed",
        "2023 · added locally, not signed",
    ]
    for row, key in enumerate(expected.keys):
        for column, term in enumerate(expected.terms, 1):
            assert view.table.item(row, column).text() == str(expected.paragraphs(key, term))
    view.measure_box.setCurrentIndex(view.measure_box.findData("occurrences"))
    first = expected.keys[0]
    assert view.table.item(0, 2).text() == str(expected.occurrences(first, expected.terms[1]))
    shot(view, "trends")
    for action in view.export_actions.values():
        action.trigger()
    png, svg, csv_path, json_path, md_path = saved
    image = QImage(str(png))
    assert not image.isNull() and image.width() == view.chart.width()
    root = ET.fromstring(svg.read_bytes())
    assert root.tag.endswith("svg")
    svg_text = svg.read_text(encoding="utf-8")
    assert all(str(year) in svg_text for year in expected.years) and "vigil" in svg_text
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    assert len(rows) == len(expected.keys) * len(expected.terms)
    assert {(r["year"], r["version"], r["origin"]) for r in rows} >= {("2021", "2", "local")}
    assert {r["term"] for r in rows} == set(expected.terms)
    assert json.loads(json_path.read_text(encoding="utf-8"))["rows"]
    assert "2022" in md_path.read_text(encoding="utf-8")


def test_trends_with_one_year_and_bad_input(qtbot: QtBot) -> None:
    view = TrendsView(SearchIndex(Archive.load(ARCHIVE)))
    qtbot.addWidget(view)
    view.run()
    assert "one or more terms" in view.message.text() and not view.export_button.isEnabled()
    view.terms_edit.setText("Tibet; Magnitsky")
    view.run()
    assert "one year" in view.message.text()
    assert view.table.rowCount() == 1 and view.table.item(0, 1).text() == "2"  # ¶4, ¶6
    view.resize(700, 400)
    view.show()
    shot(view, "trends-one-year")
    view.terms_edit.setText("NOT tibet")
    view.run()
    assert "NOT" in view.message.text()


# --- compare --------------------------------------------------------------------------------


def test_compare_marks_shared_phrases_and_similarity(qtbot: QtBot, library: Library) -> None:
    view = CompareView(library)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    labels = [view.a_box.itemText(i) for i in range(view.a_box.count())]
    assert labels == [
        "2021",
        "2021 v2 · added locally, not signed",
        "2022 · added locally, not signed",
        "2023 · added locally, not signed",
    ]
    # By default the last two statements: 2022 and 2023.
    assert view.comparison is not None
    assert (view.comparison.year_a, view.comparison.year_b) == (2022, 2023)
    assert "% similar overall" in view.summary.text()
    assert view.comparison.shared
    html = view.browser.toHtml()
    assert SHARED_BG in html and "democracy movement" in view.browser.toPlainText()
    shot(view, "compare")
    view.select(2, 3, lang="zh")
    assert view.comparison is not None and view.comparison.lang == "zh"
    assert "天安門" in view.browser.toPlainText()
    view.select(0, 0, lang="en")
    assert "identical" in view.browser.toPlainText() and "same statement" in view.summary.text()


def test_compare_with_one_year_says_so(qtbot: QtBot) -> None:
    view = CompareView(Archive.load(ARCHIVE))
    qtbot.addWidget(view)
    view.resize(800, 300)
    view.show()
    assert view.stack.currentWidget() is view.empty
    assert "needs two statements" in view.empty.text() and "(2021)" in view.empty.text()
    assert "Import statement" in view.empty.text()
    shot(view, "compare-one-year")


# --- through the window ---------------------------------------------------------------------


def test_tools_menu_opens_each_view_in_the_current_window(qtbot: QtBot) -> None:
    window = MainWindow(Archive.load(ARCHIVE), cjk_families=tool_support.cjk_families())
    qtbot.addWidget(window)
    menu = window.menuBar().findChild(QMenu, "menu_tools")
    assert menu is not None
    actions = {a.objectName(): a for a in menu.actions()}
    assert {"action_concordance", "action_trends", "action_compare"} <= actions.keys()
    actions["action_concordance"].trigger()
    # The index is built on a worker thread; the view appears when it is ready.
    qtbot.waitUntil(lambda: window.findChild(ConcordanceView) is not None)
    view = window.findChild(ConcordanceView)
    assert view is not None and view.isVisible()
    view.query_edit.setText("香港")
    view.run()
    assert view.lines and all(line.year == 2021 for line in view.lines)
    actions["action_concordance"].trigger()  # the same view again, not a second one
    assert len(window.findChildren(ConcordanceView)) == 1
    actions["action_trends"].trigger()  # the index is built: at once
    trends_view = window.findChild(TrendsView)
    assert trends_view is not None and trends_view.index is view.index  # one index shared
    actions["action_compare"].trigger()
    compare_view = window.findChild(CompareView)
    assert compare_view is not None and compare_view.stack.currentWidget() is compare_view.empty
    # A double-clicked line shows its statement in the window.
    view.table.doubleClicked.emit(view.model.index(0, 0))
    assert window.years.currentRow() == 0
    for widget in (view, trends_view, compare_view):
        widget.close()


# --- on the research-core's synthetic archive (2019, 2020 invented; 2021 real) ---------------


def test_views_on_the_synthetic_multi_year_archive(
    qtbot: QtBot, tmp_path: Path, saved: list[Path]
) -> None:
    from tests.synthetic import make_synthetic_archive

    archive = Archive.load(make_synthetic_archive(tmp_path))
    assert archive.years == [2019, 2020, 2021]
    index = SearchIndex(archive)
    conc = ConcordanceView(index)
    qtbot.addWidget(conc)
    conc.script_box.setCurrentIndex(conc.script_box.findData("traditional-tw"))
    conc.query_edit.setText("国家安全法")
    conc.run()
    assert {line.year for line in conc.lines} >= {2020, 2021}
    assert {line.keyword for line in conc.lines if line.lang == "zh"} == {"國家安全法"}
    # No local statements here: no origin marks.
    assert "not signed" not in conc.message.text()
    conc.resize(1000, 360)
    conc.show()
    shot(conc, "concordance-synthetic-tw")
    trend = TrendsView(index)
    qtbot.addWidget(trend)
    trend.terms_edit.setText("國安法; vigil")
    trend.run()
    assert trend.table.rowCount() == 3 and trend.table_data is not None
    assert trend.table_data.years == (2019, 2020, 2021)
    compare = CompareView(archive)
    qtbot.addWidget(compare)
    compare.select(0, 1, lang="zh")
    assert compare.comparison is not None
    assert (compare.comparison.year_a, compare.comparison.year_b) == (2019, 2020)
    assert "2019 and 2020:" in compare.summary.text() and "added locally" not in (
        compare.summary.text()
    )


def test_session_builds_the_index_off_the_gui_thread_once(qtbot: QtBot, library: Library) -> None:
    from archive_app.core.settings import SettingsFile
    from archive_app.gui.session import Session

    session = Session(library, AppPaths.for_user(), SettingsFile.in_memory())
    got: list[tuple[SearchIndex, bool]] = []
    gui_thread = QApplication.instance().thread()  # type: ignore[union-attr]

    def then(index: SearchIndex) -> None:
        got.append((index, QThread.currentThread() is gui_thread))

    with qtbot.waitSignal(session.index_ready, timeout=10000):
        session.with_index(then)
        session.with_index(then)  # asked twice while building: built once
    index, on_gui_thread = got[0]
    assert on_gui_thread and index.archive is library and got[1][0] is index
    assert len(index) == sum(len(s.en) + len(s.zh) for s in library)
    session.with_index(then)  # built: called at once
    assert len(got) == 3 and got[2][0] is index
    with qtbot.waitSignal(session.library_changed):
        session.set_library(Archive.load(ARCHIVE))  # another library: another index
    assert session.index is None
    session.wait()


def test_statement_labels_name_version_and_origin(library: Library) -> None:
    from archive_app.gui import labels

    assert [labels.statement_label(k) for k in library.keys] == [
        "2021",
        "2021 v2 · added locally, not signed",
        "2022 · added locally, not signed",
        "2023 · added locally, not signed",
    ]


def test_chart_draws_many_years_and_writes_svg(qtbot: QtBot) -> None:
    from archive_app.core.research import TrendCell, TrendTable
    from archive_app.gui.trends_view import TrendChart

    years = tuple(StatementKey(y) for y in range(1990, 2026))
    terms = ("vigil", "國安法")
    cells = {
        (k, t): TrendCell((k.year + len(t)) % 7, (k.year * 3) % 11) for k in years for t in terms
    }
    chart = TrendChart()
    qtbot.addWidget(chart)
    chart.resize(900, 400)
    chart.set_table(TrendTable(terms, years, cells, {}), "occurrences")
    chart.show()
    shot(chart, "chart-many-years")
    svg = chart.svg_bytes().decode("utf-8")
    assert ET.fromstring(svg).tag.endswith("svg")
    # Year labels are thinned so they do not overlap, but the first year is always labelled.
    assert "1990" in svg and svg.count(">199") < len([k for k in years if k.year < 2000])
