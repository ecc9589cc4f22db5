"""What the research and curation tools share: file-dialog seams, fonts, the window's archive.

The tools plug into whatever main window is running through a few attributes, read with
``getattr`` so they work with the first window and with later ones: ``archive``, ``app_paths``,
``set_archive(archive)`` and ``open_statement(year, lang=None, paragraph=None)``.

File dialogs are opened only through :func:`choose_open_file` and :func:`choose_save_file`, the
seams tests replace; they never use the platform's native dialog (so they behave the same
everywhere and can be driven in tests).
"""

from __future__ import annotations

import gc
import sys
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtGui import QAction, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMenu,
    QProgressDialog,
    QToolButton,
    QWidget,
)

from archive_app.core.errors import ArchiveAppError
from archive_app.core.paths import AppPaths
from archive_app.core.record import Archive, Statement, describe_origin, statement_label
from archive_app.gui.i18n import _, on_language_changed

if TYPE_CHECKING:
    from archive_app.core.research import ArchiveStamp
    from archive_app.core.search import SearchIndex

__all__ = [
    "IndexBuilder",
    "app_paths_of",
    "cached_index",
    "choose_open_file",
    "choose_save_file",
    "cjk_font",
    "find_menu",
    "follow_language",
    "index_for",
    "open_statement",
    "show_error",
    "show_tool",
    "stamp_for",
    "statement_list_label",
    "wait_for_builders",
    "with_index",
]

_families: list[str] | None = None


def cjk_families() -> list[str]:
    """The bundled CJK families (loaded once per process)."""
    global _families
    if _families is None:
        from archive_app.gui.fonts import load_bundled_fonts

        _families = load_bundled_fonts()
    return _families


def cjk_font(base: QFont, *, point_size: int | None = None) -> QFont:
    """``base`` with a Latin face first and the bundled CJK faces after it."""
    font = QFont(base)
    font.setFamilies(["DejaVu Sans", *cjk_families()])
    if point_size is not None:
        font.setPointSize(point_size)
    return font


def choose_open_file(parent: QWidget | None, caption: str, filters: str) -> Path | None:
    """Ask for a file to read (Qt's own dialog, never the native one). Test seam."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, caption, "", filters, options=QFileDialog.Option.DontUseNativeDialog
    )
    return Path(path) if path else None


def choose_save_file(
    parent: QWidget | None, caption: str, suggested: str, filters: str
) -> Path | None:
    """Ask where to write a file (Qt's own dialog, never the native one). Test seam."""
    path, _filter = QFileDialog.getSaveFileName(
        parent, caption, suggested, filters, options=QFileDialog.Option.DontUseNativeDialog
    )
    return Path(path) if path else None


def show_error(parent: QWidget | None, error: ArchiveAppError | str) -> None:
    """A user-caused error in a message box (names the file and line). Test seam."""
    from archive_app.gui.plaintext import plain_message

    plain_message(parent, _("June Fourth Archive"), str(error))  # names files: plain text


def show_tool(widget: QWidget) -> None:
    """Show a tool window and bring it to the front (where the platform can)."""
    widget.show()
    if QGuiApplication.platformName() != "offscreen":  # offscreen warns that it cannot raise
        widget.raise_()
        widget.activateWindow()


_W = TypeVar("_W", bound=QWidget)


def tool_window(
    window: Any,
    attr: str,
    kind: type[_W],
    source: object,
    source_of: Callable[[_W], object],
    make: Callable[[], _W],
    size: tuple[int, int],
) -> _W:
    """The window's one tool window of ``kind``, made anew when its ``source`` (the index or
    archive it shows) has changed, then shown."""
    view = getattr(window, attr, None)
    if not isinstance(view, kind) or source_of(view) is not source:
        if isinstance(view, kind):
            view.close()
        view = make()
        view.setWindowFlag(Qt.WindowType.Window)
        view.resize(*size)
        setattr(window, attr, view)
    show_tool(view)
    return view


def export_button(
    formats: Sequence[tuple[str, str]], export: Callable[[str], object]
) -> tuple[QToolButton, dict[str, QAction]]:
    """An "Export" button whose menu offers ``formats`` ((key, label) pairs); disabled until
    there is something to export."""
    button = QToolButton()
    button.setText(_("Export"))
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(button)
    actions: dict[str, QAction] = {}
    for fmt, label in formats:
        action = menu.addAction(label)
        action.triggered.connect(lambda _checked=False, f=fmt: export(f))
        actions[fmt] = action
    button.setMenu(menu)
    button.setEnabled(False)
    return button, actions


def find_menu(window: Any, name: str) -> QMenu | None:
    bar = window.menuBar()
    menu = bar.findChild(QMenu, name)
    return menu if isinstance(menu, QMenu) else None


def follow_language(target: QAction | QLabel, text: Callable[[], str]) -> None:
    """Set ``target``'s text now and again after every UI language switch (while it lives).

    ``text`` calls :func:`_` itself, so it reads the catalog of the moment; once the action or
    label is gone (deleted with its window), the callback unsubscribes itself.
    """
    target.setText(text())
    ref = weakref.ref(target)

    def update() -> None:
        alive = ref()
        if alive is None or not shiboken6.isValid(alive):
            unsubscribe()
            return
        alive.setText(text())

    unsubscribe = on_language_changed(update)


def app_paths_of(window: Any) -> AppPaths:
    paths = getattr(window, "app_paths", None)
    return paths if isinstance(paths, AppPaths) else AppPaths.for_user()


_INDEX_ATTR = "_research_tools_index"
_BUILDER_ATTR = "_research_tools_builder"


def cached_index(window: Any) -> SearchIndex | None:
    """The index of the window's current archive, if one is built already.

    A window that offers its own index (``search_index``, built for its search panel) is used
    as is; otherwise the one built here for the tools, until the window's archive changes.
    """
    search = sys.modules.get("archive_app.core.search.index")
    if search is None:  # nothing has loaded the search engine yet, so no index exists
        return None
    archive = window.archive
    for name in ("search_index", _INDEX_ATTR):
        own = getattr(window, name, None)
        if isinstance(own, search.SearchIndex) and own.archive is archive:
            found: SearchIndex = own
            return found
    return None


def index_for(window: Any) -> SearchIndex:
    """The index of the window's archive, built here (on this thread) if there is none yet."""
    index = cached_index(window)
    if index is None:
        from archive_app.core.search import SearchIndex

        index = SearchIndex(window.archive)
        setattr(window, _INDEX_ATTR, index)
    return index


class IndexBuilder(QThread):
    """Builds a :class:`SearchIndex` off the GUI thread, reporting progress."""

    progressed = Signal(int, int)
    built = Signal(object)  # SearchIndex
    failed = Signal(str)

    def __init__(self, archive: Archive, parent: QObject | None = None):
        super().__init__(parent)
        self.archive = archive
        self.index: SearchIndex | None = None

    def run(self) -> None:
        from archive_app.core.search import SearchIndex

        try:
            self.index = SearchIndex(self.archive, progress=self.progressed.emit)
        except ArchiveAppError as exc:
            self.failed.emit(str(exc))
            return
        self.built.emit(self.index)


def with_index(window: Any, then: Callable[[SearchIndex], None]) -> IndexBuilder | None:
    """Call ``then(index)`` with the index of the window's archive.

    At once when it is built already; otherwise the index is built on a worker thread, with a
    progress dialog, and ``then`` runs on the GUI thread when it is ready. Returns the builder
    (``None`` when no build was needed).
    """
    own = getattr(window, "search_index_async", None)
    if callable(own):
        # The main window builds one index for its search box and every tool: share it.
        parent = window if isinstance(window, QWidget) else None
        own(then, lambda message: show_error(parent, message))
        return None
    index = cached_index(window)
    if index is not None:
        then(index)
        return None
    archive = window.archive
    builder = getattr(window, _BUILDER_ATTR, None)
    if isinstance(builder, IndexBuilder) and builder.archive is archive and builder.isRunning():
        builder.built.connect(then, Qt.ConnectionType.QueuedConnection)
        return builder
    # No Qt parent: a window closed mid-build must not destroy a running thread. The module
    # keeps the builder until its thread has finished.
    builder = IndexBuilder(archive)
    progress = QProgressDialog(_("Building the search index…"), "", 0, 0, window)
    progress.setObjectName("index_progress")
    progress.setCancelButton(None)
    progress.setMinimumDuration(400)
    progress.setWindowTitle(_("June Fourth Archive"))

    def step(done: int, total: int) -> None:
        progress.setMaximum(total)
        progress.setValue(done)

    def ready(built: SearchIndex) -> None:
        builder.wait()  # run() has returned; let the thread end before anything else
        progress.close()
        progress.deleteLater()
        if window.archive is archive:
            setattr(window, _INDEX_ATTR, built)

    def failed(message: str) -> None:
        progress.close()
        progress.deleteLater()
        show_error(window if isinstance(window, QWidget) else None, message)

    # Queued: the signals are emitted on the worker thread; the slots must run on this one.
    queued = Qt.ConnectionType.QueuedConnection
    builder.progressed.connect(step, queued)
    builder.built.connect(ready, queued)
    builder.built.connect(then, queued)
    builder.failed.connect(failed, queued)

    def done() -> None:
        _running.discard(builder)
        _resume_gc()

    builder.finished.connect(done, queued)
    _running.add(builder)
    setattr(window, _BUILDER_ATTR, builder)
    _pause_gc()
    builder.start()
    return builder


_running: set[IndexBuilder] = set()

# Python's cyclic garbage collector runs on whichever thread happens to allocate. Run on the
# builder's thread, it may destroy Qt objects (widgets from closed windows caught in reference
# cycles) off the GUI thread, which crashes Qt. So automatic collection pauses while a builder
# runs, and the GUI thread collects when the last one has finished.
_gc_pauses = 0
_gc_was_enabled = True


def _pause_gc() -> None:
    global _gc_pauses, _gc_was_enabled
    if _gc_pauses == 0:
        _gc_was_enabled = gc.isenabled()
        gc.disable()
    _gc_pauses += 1


def _resume_gc() -> None:
    global _gc_pauses
    _gc_pauses = max(0, _gc_pauses - 1)
    if _gc_pauses == 0 and _gc_was_enabled:
        gc.enable()
        gc.collect()


def wait_for_builders(timeout_ms: int = 30000) -> bool:
    """Wait until every index build has finished (at exit, and in tests)."""
    return all(builder.wait(timeout_ms) for builder in list(_running))


def open_statement(window: Any, year: int, lang: str | None, paragraph: int | None) -> bool:
    """Show a statement in the main window, with whichever API the window has."""
    opener = getattr(window, "open_statement", None)
    if callable(opener):
        opener(year, lang=lang, paragraph=paragraph)
        return True
    select = getattr(window, "select", None)
    if callable(select):
        try:
            select(year=year)
        except ValueError:
            return False
        return True
    return False


def stamp_for(archive: Any) -> ArchiveStamp:
    """Which archive an export came from (with the user's own archive, when it is in use)."""
    from archive_app.core.research import ArchiveStamp

    return ArchiveStamp.of(archive)


def statement_list_label(archive: Archive, statement: Statement) -> str:
    """How a statement is named in a list of years: ``2021``, ``2021 v2``, and for a local
    one ``2022 — added locally, not signed`` (for the main window's year list, and pickers)."""
    label = statement_label(statement)
    if describe_origin(archive, statement):
        return _("{label} — added locally, not signed").format(label=label)
    return label
