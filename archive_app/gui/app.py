"""Starting the window, or rendering it to a PNG for the README and the tests."""

from __future__ import annotations

import argparse
import linecache
import os
import sys
import time
from pathlib import Path

from archive_app.core.convert import Mode
from archive_app.core.errors import ArchiveAppError
from archive_app.core.paths import default_archive_dir, resolve_app_paths
from archive_app.core.record import Archive, Library
from archive_app.core.settings import ChineseFace, SettingsFile, ThemeName, View
from archive_app.startup import release_collector, spare_pyside_source_scans

SCREENSHOT_SIZE = (1280, 800)
ENV_FIRST_PAINT_EXIT = "ARCHIVE_APP_FIRST_PAINT_EXIT"
SCREENSHOT_WAIT_MS = 20_000
SCREENSHOT_MAX_BYTES = 300_000


def peak_rss_kib() -> int | None:
    """This process's peak resident memory so far (Linux ``VmHWM``), for the startup benchmark.

    Read by the process itself: a parent's ``wait4`` figure on Linux also counts the parent's
    own memory at fork time, which made a large benchmark process look like a large app.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _exit_after_first_paint(window: object) -> None:
    """For the startup benchmark: print when the reading pane first painted, then quit."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def painted() -> None:
        print(f"first-paint {time.perf_counter_ns()}", flush=True)
        print(f"peak-rss-kib {peak_rss_kib()}", flush=True)
        QTimer.singleShot(0, QApplication.quit)

    window.reader.first_paint_callbacks.append(painted)  # type: ignore[attr-defined]


def run_gui(args: argparse.Namespace) -> int:
    screenshot = getattr(args, "screenshot", None)
    if screenshot and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    spare_pyside_source_scans()
    from archive_app.gui import i18n
    from archive_app.gui.app_icon import install_app_icon
    from archive_app.gui.fonts import load_bundled_fonts
    from archive_app.gui.main_window import MainWindow, apply_ui_font
    from archive_app.gui.usb import portable_qt_settings

    # The sources PySide's import hook still read (a few modules first imported since, see
    # spare_pyside_source_scans) stay in linecache: let them go. Tracebacks read them again.
    linecache.clearcache()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    families = load_bundled_fonts()
    app_paths = resolve_app_paths(getattr(args, "portable", None))
    portable_qt_settings(app_paths)
    settings_file = SettingsFile(
        None if screenshot else app_paths.settings_file,
        history_default=app_paths.search_history_default,
    )
    settings = settings_file.load()
    ui_lang = getattr(args, "ui_lang", None) or settings.ui_language or i18n.system_language()
    apply_ui_font(ui_lang)
    i18n.set_language(ui_lang)
    named = getattr(args, "archive", None)
    root = Path(named) if named else default_archive_dir()
    try:
        archive: Archive = Archive.load(root)
        if not named:
            # The shipped archive with the user's own additions (each marked as such); an
            # archive named with --archive is shown alone.
            archive = Library.with_user_archive(archive, app_paths.user_archive_dir)
            if app_paths.updates_dir.is_dir():  # signed updates, each checked again
                from archive_app.core.distribution import with_held_updates

                assert isinstance(archive, Library)
                archive = with_held_updates(archive, app_paths.updates_dir)
    except ArchiveAppError as exc:
        if screenshot:
            raise
        from PySide6.QtWidgets import QMessageBox

        from archive_app.gui.plaintext import plain_message

        plain_message(  # the error names a file: plain text
            None,
            i18n._("June Fourth Archive"),
            i18n._("Cannot open the archive.\n\n{error}").format(error=exc),
            QMessageBox.Icon.Critical,
        )
        return 2
    if screenshot:
        # A screenshot shows what it is asked for, from the defaults, and remembers nothing.
        settings.view = View(getattr(args, "view", None) or View.SIDE_BY_SIDE)
        settings.script = Mode(getattr(args, "script", None) or Mode.ORIGINAL)
        settings.theme = ThemeName(getattr(args, "theme", None) or ThemeName.LIGHT)
        settings.chinese_face = ChineseFace(getattr(args, "face", None) or ChineseFace.SANS)
    else:
        # What the command line asks for is what the window is built with (and remembered,
        # as choosing it in the window would be): the first statement is laid out once.
        if getattr(args, "view", None):
            settings.view = View(args.view)
        if getattr(args, "script", None):
            settings.script = Mode(args.script)
        if getattr(args, "theme", None):
            settings.theme = ThemeName(args.theme)
        if getattr(args, "face", None):
            settings.chinese_face = ChineseFace(args.face)
    year = getattr(args, "year", None)
    window = MainWindow(
        archive,
        cjk_families=families,
        app_paths=app_paths,
        settings_file=settings_file,
        start_at=(year, getattr(args, "text", 1)) if year is not None else None,
    )
    install_app_icon(app, after=window.reader.first_paint_callbacks)  # type: ignore[arg-type]
    if screenshot:
        window.persist_on_close = False
        return _screenshot(app, window, args)
    if getattr(args, "search", None):
        window.search_box.setText(args.search)  # searched after the first paint, as typed
    if os.environ.get(ENV_FIRST_PAINT_EXIT) == "1":
        _exit_after_first_paint(window)
    if not settings.window_geometry:
        window.resize(*SCREENSHOT_SIZE)
    window.reader.first_paint_callbacks.append(release_collector)
    window.show()
    code = int(app.exec())
    window.close()  # saves the settings, also when the app was quit without closing it
    return code


def _save_png(image: object, path: Path) -> None:
    """Full colour, or 256 colours when that is needed to keep the PNG small for a README."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    assert isinstance(image, QImage)
    if not image.save(str(path), "PNG", 0):  # type: ignore[call-overload]
        raise ArchiveAppError("cannot write the screenshot", path)
    if path.stat().st_size > SCREENSHOT_MAX_BYTES:
        small = image.convertToFormat(
            QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.AvoidDither
        )
        small.save(str(path), "PNG", 0)  # type: ignore[call-overload]


def _screenshot(app: object, window: object, args: argparse.Namespace) -> int:
    from PySide6.QtCore import QEventLoop, QTimer

    from archive_app.gui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    query = getattr(args, "search", None)
    if query:
        loop = QEventLoop()
        window.search_finished.connect(lambda _q: loop.quit())
        QTimer.singleShot(SCREENSHOT_WAIT_MS, loop.quit)
        window.search_box.setText(query)
        window.run_search(query)
        loop.exec()
        hits = window.search_panel.shown_hits()
        if hits:
            window.open_hit(hits[0])
    app.processEvents()  # type: ignore[attr-defined]
    if not window.reader.painted:
        window.reader.repaint()
    for _ in range(2):  # what waits for the first paint, then the layouts it asks for
        app.processEvents()  # type: ignore[attr-defined]
    _save_png(window.grab().toImage(), Path(args.screenshot))
    window.close()
    print(f"screenshot written to {args.screenshot}")
    return 0
