"""The window's USB-stick features, installed through :mod:`archive_app.gui.extensions`.

- File → Copy to USB stick… (:mod:`archive_app.gui.copy_to_stick`)
- Help → Verify this copy… (:mod:`archive_app.gui.verify_dialog`)
- a notice bar under the menus: statement files the archive refused, and read-only media
  ("changes will not be saved")
- portable mode for Qt itself: ``QSettings`` (which Qt's own file dialog writes its history to)
  goes to an INI file inside the portable folder instead of the user's folders or the registry.

The window's :class:`~archive_app.core.paths.AppPaths` come from its session
(``window.session.paths``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QMainWindow, QToolBar, QWidget

from archive_app.core.paths import AppPaths, bundle_root
from archive_app.gui import tool_support
from archive_app.gui.i18n import _
from archive_app.gui.lazy_qt import Qt

if TYPE_CHECKING:
    from archive_app.gui.main_window import MainWindow

__all__ = [
    "install_notices",
    "open_copy_to_stick",
    "open_verify",
    "portable_qt_settings",
]


def portable_qt_settings(paths: AppPaths) -> None:
    """Keep Qt's own settings (a ``QFileDialog`` saves its history there) in our config folder,
    never in the user's ~/.config; the app's own settings never use QSettings.

    In portable mode that folder is inside the portable folder, and every format and scope goes
    there. Effective for INI files, which is every format on Linux; on Windows and macOS Qt's
    native store (registry, plist) cannot be moved, so in portable mode the app's own dialogs
    avoid ``QFileDialog`` (see :func:`copy_to_stick.choose_folder`)."""
    folder = str(paths.config_dir / "qt")
    scopes = [QSettings.Scope.UserScope]
    if paths.portable:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        scopes.append(QSettings.Scope.SystemScope)
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        for scope in scopes:
            QSettings.setPath(fmt, scope, folder)


def open_copy_to_stick(window: MainWindow) -> None:
    """File → Copy to USB stick… (declared in :mod:`archive_app.gui.extensions`)."""
    from archive_app.gui import copy_to_stick

    session = window.session
    paths = session.paths
    dialog = copy_to_stick.start_copy(
        window, portable=paths.portable, updates_dir=paths.updates_dir
    )
    if dialog is not None:
        session.tools["copy_to_stick"] = dialog


def open_verify(window: MainWindow) -> None:
    """Help → Verify this copy… (declared in :mod:`archive_app.gui.extensions`): the bundle
    (or, from source, the shipped archive) and the user's own archive, whose texts are named."""
    from archive_app.core.record import Library
    from archive_app.gui.verify_dialog import VerifyDialog

    session = window.session
    library = session.library
    shipped_root = library.root
    local = [e.key for e in library.local_entries] if isinstance(library, Library) else []
    dialog = VerifyDialog(
        window,
        bundle=bundle_root(),
        archive_root=shipped_root,
        user_root=session.paths.user_archive_dir,
        local=local,
        updates_dir=session.paths.updates_dir,
    )
    session.tools["verify"] = dialog
    dialog.show()
    dialog.start()


def _notice_bar(window: QMainWindow) -> QToolBar:
    bar = window.findChild(QToolBar, "notice_bar")
    if bar is None:
        bar = QToolBar(window)
        bar.setObjectName("notice_bar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setStyleSheet(
            "QToolBar#notice_bar { background: #fff4ce; border-bottom: 1px solid #c9a800; }"
            " QLabel { color: #3b2f00; padding: 4px 8px; }"
        )
        window.addToolBar(bar)
    return bar


def _add_notice(window: QMainWindow, name: str, text: Callable[[], str], tip: str = "") -> QLabel:
    from PySide6.QtWidgets import QSizePolicy  # only when there is a notice to show

    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names folders: data, never markup
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    if tip:
        label.setToolTip(tip)
    tool_support.follow_language(label, text)
    _notice_bar(window).addWidget(label)
    return label


def _apply_paths(window: MainWindow) -> None:
    paths = window.session.paths
    portable_qt_settings(paths)
    already_said = window.session.settings_file.read_only  # the window's own banner says so
    if (
        not paths.writable
        and not already_said
        and window.findChild(QWidget, "readonly_banner") is None
    ):
        _add_notice(
            window,
            "readonly_banner",
            lambda: _(
                "This copy is on read-only media: you can read and search, but changes will not "
                "be saved."
            ),
            str(paths.data_dir),
        )


def install_notices(window: MainWindow) -> None:
    """The paths' notices (read-only media). Refused statement files are listed by the main
    window's own banner."""
    _apply_paths(window)
