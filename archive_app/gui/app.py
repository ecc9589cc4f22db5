"""Starting the window, or rendering it to a PNG for the README and the tests."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from archive_app.core.archive import Archive
from archive_app.core.errors import ArchiveAppError
from archive_app.core.paths import default_archive_dir

SCREENSHOT_SIZE = (1280, 800)


def run_gui(args: argparse.Namespace) -> int:
    if args.screenshot and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication, QMessageBox

    from archive_app.gui.fonts import load_bundled_fonts
    from archive_app.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    families = load_bundled_fonts()
    root = Path(args.archive) if getattr(args, "archive", None) else default_archive_dir()
    try:
        archive = Archive.load(root)
    except ArchiveAppError as exc:
        if args.screenshot:
            raise
        QMessageBox.critical(None, "June Fourth Archive", f"Cannot open the archive.\n\n{exc}")
        return 2
    window = MainWindow(archive, cjk_families=families)
    window.select(year=args.year, view=args.view, script=args.script)
    if args.screenshot:
        window.resize(*SCREENSHOT_SIZE)
        window.show()
        app.processEvents()
        if not window.grab().save(str(args.screenshot), "PNG"):
            raise ArchiveAppError("cannot write the screenshot", args.screenshot)
        print(f"screenshot written to {args.screenshot}")
        return 0
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    return int(app.exec())
