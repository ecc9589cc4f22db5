"""Issue 15: archive, import and query text is never markup in any widget.

Hostile fixtures carry ``<img src="CANARY">`` (and a stylesheet link) in the title, paragraphs,
closing, signatories, alignment note and query. They are rendered through every widget that shows
such text: the year list and its tooltips, the reading pane, the search hits and their tooltips,
the import dialog's labels, and the error message box. Two watchers fail the test on any file
opened outside the app's resources:

- an inotify watch on the canary files (Qt opens images in C++, out of Python's sight);
- a Python audit hook on ``open`` that allows only the app's own resources, Python's and Qt's
  installation, the fonts and the test's temporary folders.

The watchers are tested too: a rich-text QLabel given the same markup *does* open the canary.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import struct
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget
from pytestqt.qtbot import QtBot

from archive_app.core.record import Archive, UserArchive
from archive_app.gui import tool_support
from archive_app.gui.import_dialog import ImportDialog
from archive_app.gui.plaintext import plain_message
from tests.conftest import DATA, REPO
from tests.gui.conftest import MakeWindow
from tests.hostile import crafted_bag, dump, statement

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="inotify is Linux only")

IN_OPEN = 0x20
IN_NONBLOCK = 0o4000
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


class Canary:
    """Files that must never be opened; inotify tells if anything (Qt included) opens one."""

    def __init__(self, folder: Path):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        self.fd = libc.inotify_init1(IN_NONBLOCK)
        assert self.fd >= 0
        folder.mkdir()
        self.png = folder / "canary.png"
        self.css = folder / "canary.css"
        self.png.write_bytes(PNG)
        self.css.write_text("body { color: red; }", encoding="utf-8")
        assert libc.inotify_add_watch(self.fd, str(folder).encode(), IN_OPEN) >= 0

    def opened(self) -> list[str]:
        names: list[str] = []
        try:
            data = os.read(self.fd, 65536)
        except BlockingIOError:
            return names
        offset = 0
        while offset < len(data):
            _wd, _mask, _cookie, length = struct.unpack_from("iIII", data, offset)
            names.append(data[offset + 16 : offset + 16 + length].rstrip(b"\0").decode())
            offset += 16 + length
        return names

    def markup(self) -> str:
        return (
            f'<img src="{self.png}"> <img src="file://{self.png}"> '
            f'<link rel="stylesheet" href="{self.css}"><b>bold?</b>'
        )

    def close(self) -> None:
        os.close(self.fd)


@pytest.fixture
def canary(tmp_path: Path) -> Iterator[Canary]:
    watcher = Canary(tmp_path / "canary")
    yield watcher
    watcher.close()


ALLOWED_PREFIXES = [
    str(REPO / "resources"),
    str(REPO / "archive_data"),
    str(REPO / "archive_app"),
    str(REPO / "tests"),
    sys.prefix,
    sys.base_prefix,
    sysconfig.get_paths()["stdlib"],
    "/usr/share/fonts",
    "/usr/share/zoneinfo",
    "/etc/fonts",
    "/dev/null",
]


@pytest.fixture
def open_audit(tmp_path: Path, canary: Canary) -> Iterator[list[str]]:
    """Every file Python opens outside the allowed places, collected while the test runs."""
    import tempfile

    allowed = [*ALLOWED_PREFIXES, str(tmp_path.parent), tempfile.gettempdir()]
    outside: list[str] = []
    active = [True]

    def hook(event: str, args: tuple[object, ...]) -> None:
        if not active[0] or event != "open" or not isinstance(args[0], str | bytes | Path):
            return
        path = os.fsdecode(args[0]) if not isinstance(args[0], Path) else str(args[0])
        if Path(path).is_absolute() and not any(path.startswith(p) for p in allowed):
            outside.append(path)
        if path.startswith(str(canary.png.parent)):
            outside.append(path)

    sys.addaudithook(hook)
    yield outside
    active[0] = False  # audit hooks cannot be removed; this one goes quiet


def _show_tooltips(widget: QListWidget, qtbot: QtBot) -> None:
    """Render each item's tooltip as Qt's tooltip does: a QLabel left to guess the format
    (``QTipLabel`` is one; showing the real tooltip offscreen only warns that it cannot raise)."""
    for row in range(widget.count()):
        tip = widget.item(row).toolTip()
        assert tip
        label = QLabel(tip)
        qtbot.addWidget(label)
        assert label.textFormat() == Qt.TextFormat.AutoText
        label.show()
        label.grab()


def test_the_canary_sees_rich_text(canary: Canary, qtbot: QtBot) -> None:
    """The watcher is not blind: Qt's own guess renders the markup and opens the file."""
    label = QLabel(canary.markup())
    qtbot.addWidget(label)
    label.show()
    label.grab()
    assert "canary.png" in canary.opened()


def test_hostile_archive_text_opens_nothing(
    canary: Canary,
    open_audit: list[str],
    make_window: MakeWindow,
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    bad = canary.markup()
    data = statement(
        title=f"Title {bad}",
        signatories=[f"Closing {bad}", f"Group {bad}"],
        sign_offs=[
            {"line": 1, "kind": f"kind {bad}", "by": f"by {bad}", "when": None, "why": f"{bad}"}
        ],
    )
    data["en"] = [f"Tibet {bad}", *data["en"][1:]]
    data["zh"] = [f"國家安全法 {bad}"]
    data["alignment"] = {**data["alignment"], "note": f"note {bad}", "pairs": [{"en": 1, "zh": 1}]}
    archive = Archive.load(crafted_bag(tmp_path, {"data/statements/2021.json": dump(data)}))
    assert not archive.problems
    window = make_window(archive, show=True)
    window.grab()
    _show_tooltips(window.years, qtbot)
    for query in ("Tibet", "國家安全法", f"Tibet {bad}"):
        window.search_box.setText(query)
        qtbot.waitUntil(lambda: not window.search_panel.isHidden(), timeout=10_000)
        qtbot.waitUntil(lambda: window.search_panel.hits.count() > 0, timeout=10_000)
        window.grab()
        _show_tooltips(window.search_panel.hits, qtbot)
    assert window.search_panel.hits.count() > 0
    assert canary.opened() == [] and open_audit == []


def test_hostile_import_opens_nothing(
    canary: Canary, open_audit: list[str], qtbot: QtBot, tmp_path: Path
) -> None:
    bad = canary.markup()
    text = (DATA / "curation" / "synthetic-2022-captured.txt").read_text(encoding="utf-8")
    text = text.replace("Synthetic Test Statement on June Fourth", f"Statement {bad}", 1)
    text = text.replace("Remember June Fourth", f"Remember June Fourth {bad}", 1)
    source = tmp_path / f"page {bad[:20]}.txt".replace("/", "_")
    source.write_text(text, encoding="utf-8")
    tool_support.cjk_families()
    dialog = ImportDialog(Archive.load(REPO / "archive_data"), UserArchive(tmp_path / "user"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.load_file(source)
    assert "<img" in dialog.title_value.text()
    assert dialog.title_value.textFormat() == Qt.TextFormat.PlainText
    dialog.grab()
    broken = tmp_path / f"broken {bad[:30]}.txt".replace("/", "_")
    broken.write_text("nothing to import here", encoding="utf-8")
    dialog.load_file(broken)
    dialog.grab()
    assert canary.opened() == [] and open_audit == []


def test_error_message_box_is_plain_text(
    canary: Canary, open_audit: list[str], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[QMessageBox] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box)
        box.show()
        box.grab()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    plain_message(None, "title", f"error: {canary.markup()}")
    assert shown and shown[0].textFormat() == Qt.TextFormat.PlainText
    assert canary.opened() == [] and open_audit == []


def test_hostile_queries_in_the_research_tools_open_nothing(
    canary: Canary, open_audit: list[str], qtbot: QtBot, tmp_path: Path
) -> None:
    from archive_app.core.search import SearchIndex
    from archive_app.gui.concordance_view import ConcordanceView
    from archive_app.gui.trends_view import TrendsView

    bad = canary.markup()
    data = statement()
    data["en"] = [f"Tibet {bad}", *data["en"][1:]]
    index = SearchIndex(
        Archive.load(crafted_bag(tmp_path, {"data/statements/2021.json": dump(data)}))
    )
    conc = ConcordanceView(index)
    trend = TrendsView(index)
    for view in (conc, trend):
        qtbot.addWidget(view)
        view.show()
    for query in (f"nothingsuch {bad}", f"Tibet {bad}", f"({bad}"):
        conc.query_edit.setText(query)
        conc.run()
        trend.terms_edit.setText(query)
        trend.run()
        conc.grab()
        trend.grab()
        assert conc.message.textFormat() == Qt.TextFormat.PlainText
    assert canary.opened() == [] and open_audit == []
