"""The app's icon (``resources/icons``, made from ``packaging/desktop/*.svg``) and desktop ID."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication

from archive_app.core.paths import resources_dir

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

DESKTOP_ID = "io.github.junefourtharchive.JuneFourthArchive"
"""The ``.desktop`` file's name (without ``.desktop``) and the AppStream ID: on Wayland the
compositor finds the window's icon and name through it."""
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """Every PNG size of the icon that exists (a missing one is left out, never an error)."""
    from PySide6.QtGui import QIcon  # imported here: the icon is read after the first paint

    icon = QIcon()
    folder = resources_dir() / "icons"
    for size in ICON_SIZES:
        path = folder / f"june-fourth-archive-{size}.png"
        if path.is_file():
            icon.addFile(str(path))
    return icon


def install_app_icon(
    app: QGuiApplication, *, after: list[Callable[[], None]] | None = None
) -> None:
    """Give every window of ``app`` the icon, and tie the app to its ``.desktop`` file.

    ``after``: a window's ``first_paint_callbacks``; the icon (eight PNG sizes, ~5 ms to read)
    is then set from the event loop once the window's first frame is painted, not before it.
    """
    app.setDesktopFileName(DESKTOP_ID)  # before any window exists (Wayland reads it then)
    if after is None:
        app.setWindowIcon(app_icon())
    else:
        after.append(lambda: QTimer.singleShot(0, lambda: app.setWindowIcon(app_icon())))
