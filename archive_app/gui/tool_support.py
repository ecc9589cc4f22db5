"""What the research and curation tools share: file-dialog seams, fonts, tool windows.

Tool windows and dialogs get the main window's :class:`~archive_app.gui.session.Session`
explicitly (``window.session``): its library, paths, settings and search index, and its
``open_statement(key, …)`` to show a statement in the main window. Nothing here probes a window
for attributes.

File dialogs are opened only through :func:`choose_open_file` and :func:`choose_save_file`, the
seams tests replace; they never use the platform's native dialog (so they behave the same
everywhere and can be driven in tests).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import shiboken6
from PySide6.QtGui import QAction, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QToolButton,
    QWidget,
)

from archive_app.core.errors import ArchiveAppError
from archive_app.gui.i18n import _, on_language_changed
from archive_app.gui.lazy_qt import Qt

if TYPE_CHECKING:
    from archive_app.core.research import ArchiveStamp
    from archive_app.gui.session import Session

__all__ = [
    "choose_open_file",
    "choose_save_file",
    "cjk_font",
    "closable_by_keys",
    "export_button",
    "find_menu",
    "follow_language",
    "show_error",
    "show_tool",
    "stamp_for",
    "tool_window",
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
    """``base`` with a Latin face first and the bundled CJK faces after it: the interface
    language's script first (a 简体 interface draws the Simplified shapes of ：、，)."""
    from archive_app.core.settings import ChineseFace
    from archive_app.gui.fonts import reading_families, ui_script
    from archive_app.gui.i18n import language

    cjk_families()  # registered
    font = QFont(base)
    font.setFamilies(reading_families(ui_script(language()), ChineseFace.SANS, ["DejaVu Sans"]))
    if point_size is not None:
        font.setPointSize(point_size)
    return font


def choose_open_file(parent: QWidget | None, caption: str, filters: str) -> Path | None:
    """Ask for a file to read (Qt's own dialog, never the native one). Test seam."""
    from PySide6.QtWidgets import QFileDialog  # dialogs load on first use, after the first paint

    path, _filter = QFileDialog.getOpenFileName(
        parent, caption, "", filters, options=QFileDialog.Option.DontUseNativeDialog
    )
    return Path(path) if path else None


def choose_save_file(
    parent: QWidget | None, caption: str, suggested: str, filters: str
) -> Path | None:
    """Ask where to write a file (Qt's own dialog, never the native one). Test seam."""
    from PySide6.QtWidgets import QFileDialog

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
    session: Session,
    name: str,
    kind: type[_W],
    source: object,
    source_of: Callable[[_W], object],
    make: Callable[[], _W],
    size: tuple[int, int],
) -> _W:
    """The session's one tool window ``name``, made anew when its ``source`` (the index or
    library it shows) has changed, then shown."""
    view = session.tools.get(name)
    if not isinstance(view, kind) or not shiboken6.isValid(view) or source_of(view) is not source:
        if isinstance(view, kind) and shiboken6.isValid(view):
            view.close()
        view = make()
        view.setWindowFlag(Qt.WindowType.Window)
        view.resize(*size)
        closable_by_keys(view)
        session.tools[name] = view
    show_tool(view)
    return view


def closable_by_keys(view: QWidget) -> None:
    """Esc and Ctrl+W (the platform's Close key) close a tool window, like a dialog."""
    from PySide6.QtGui import QKeySequence, QShortcut

    keys = [*QKeySequence.keyBindings(QKeySequence.StandardKey.Close), QKeySequence("Ctrl+W")]
    keys.append(QKeySequence("Esc"))
    for key in dict.fromkeys(k.toString() for k in keys if not k.isEmpty()):
        shortcut = QShortcut(QKeySequence(key), view)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # a window of its own
        shortcut.activated.connect(view.close)


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


def find_menu(window: QMainWindow, name: str) -> QMenu | None:
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


def stamp_for(archive: object) -> ArchiveStamp:
    """Which archive an export came from (with the user's own archive, when it is in use)."""
    from archive_app.core.research import ArchiveStamp

    return ArchiveStamp.of(archive)
