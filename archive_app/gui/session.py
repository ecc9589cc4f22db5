"""The session: what the main window and every tool window share, passed explicitly.

One :class:`Session` per main window (Anki's ``mw.col`` + ``mw.taskman``, without the global):
the library (shipped statements plus the user's own additions), the :class:`AppPaths` of this
run, the settings, the search index of the current library, and the one task runner that does
long work off the GUI thread. Tool windows and dialogs take the session in their constructor
and talk to the main window through its signals only:

- ``library_changed`` — a statement was added (import) or the library was replaced; views list
  the statements again and the index is rebuilt on next use;
- ``open_requested(key, lang, paragraph, spans)`` — show this exact statement (a
  :class:`StatementKey`, never a bare year), optionally at a paragraph with highlights;
- ``index_ready`` — the search index of the current library exists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from archive_app.core.paths import AppPaths
from archive_app.core.record import Archive, Library, StatementKey, UserArchive
from archive_app.core.settings import Settings, SettingsFile
from archive_app.gui.i18n import _
from archive_app.gui.tasks import TaskRunner, error_message

if TYPE_CHECKING:
    from archive_app.core.search import SearchIndex

__all__ = ["Session"]

Spans = tuple[tuple[int, int], ...]


class Session(QObject):
    library_changed = Signal()
    open_requested = Signal(object, object, object, object)  # key, lang, paragraph, spans
    index_ready = Signal()
    index_failed = Signal(str)

    def __init__(
        self,
        library: Archive,
        paths: AppPaths,
        settings_file: SettingsFile,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.library = library
        self.paths = paths
        self.settings_file = settings_file
        self.tasks = TaskRunner(self)
        self.tools: dict[str, QObject] = {}  # the tool windows open in this session, by name
        self._index: SearchIndex | None = None
        self._index_for: Archive | None = None
        self._building_for: Archive | None = None
        self._waiters: list[tuple[Callable[[SearchIndex], None], Callable[[str], None]]] = []

    @property
    def settings(self) -> Settings:
        return self.settings_file.settings

    # --- the library --------------------------------------------------------------------------

    def user_archive(self) -> UserArchive:
        """The user's own bag (created on the first import)."""
        return UserArchive.for_paths(self.paths)

    def set_library(self, library: Archive) -> None:
        """Show another library everywhere: views list it again, the index is rebuilt."""
        self.library = library
        self._index = None
        self._index_for = None
        self.library_changed.emit()

    def reload_user_archive(self) -> None:
        """Read the user's bag again (after an import) and show the combined library."""
        shipped = (
            self.library.shipped_archive() if isinstance(self.library, Library) else self.library
        )
        self.set_library(Library.with_user_archive(shipped, self.user_archive().root))

    def open_statement(
        self,
        key: StatementKey,
        lang: str | None = None,
        paragraph: int | None = None,
        spans: Spans = (),
    ) -> None:
        """Ask the main window to show exactly this statement (at a paragraph)."""
        self.open_requested.emit(key, lang, paragraph, spans)

    # --- the search index ---------------------------------------------------------------------

    @property
    def index(self) -> SearchIndex | None:
        """The index of the current library, if it is built."""
        return self._index if self._index_for is self.library else None

    @property
    def index_building(self) -> bool:
        return self._building_for is self.library

    def with_index(
        self,
        callback: Callable[[SearchIndex], None],
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        """Call ``callback(index)`` on the GUI thread once the current library's index exists
        (at once if it does; otherwise it is built off the GUI thread)."""
        ready = self.index
        if ready is not None:
            callback(ready)
            return
        self._waiters.append((callback, on_error or (lambda message: None)))
        if self.index_building:
            return
        library = self.library
        self._building_for = library

        def build() -> SearchIndex:
            from archive_app.core.search import SearchIndex

            return SearchIndex(library)

        def built(index: SearchIndex) -> None:
            if self._building_for is library:
                self._building_for = None
            if library is not self.library:  # the library changed meanwhile: build again
                waiters, self._waiters = self._waiters, []
                for cb, err in waiters:
                    self.with_index(cb, err)
                return
            self._index, self._index_for = index, library
            self.index_ready.emit()
            waiters, self._waiters = self._waiters, []
            for cb, _err in waiters:
                cb(index)

        def failed(exc: BaseException) -> None:
            if self._building_for is library:
                self._building_for = None
            message = _("The search index could not be built: {error}").format(
                error=error_message(exc)
            )
            self.index_failed.emit(message)
            waiters, self._waiters = self._waiters, []
            for _cb, err in waiters:
                err(message)

        self.tasks.run(build, built, failed)

    def wait(self) -> None:
        """Let every task end (when the window closes)."""
        self.tasks.wait()
