"""The peer of the startup benchmark: the barest PySide6 window that shows a Chinese paragraph.

``python benchmarks/bare_window.py FONT_FILE TEXT``: registers one bundled font file, shows a
1280x800 window with ``TEXT`` in a word-wrapped label in that face, prints
``first-paint <time.perf_counter_ns()>`` after the label first painted, and quits. Run as a
plain script (not ``-m``) so that it imports nothing but Python and PySide6.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QFontDatabase, QPaintEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


def peak_rss_kib() -> int | None:
    """Peak resident memory so far (Linux VmHWM); the peer imports nothing of the app's."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next((int(x.split()[1]) for x in status if x.startswith("VmHWM:")), None)
    except OSError:
        return None


class Paragraph(QLabel):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setWordWrap(True)
        self.painted = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            print(f"first-paint {time.perf_counter_ns()}", flush=True)
            print(f"peak-rss-kib {peak_rss_kib()}", flush=True)
            QTimer.singleShot(0, QApplication.quit)


def main(argv: list[str]) -> int:
    font_file, text = argv[1], argv[2]
    app = QApplication(argv[:1])
    font_id = QFontDatabase.addApplicationFont(font_file)
    if font_id < 0:
        print(f"error: {font_file}: not a font Qt can load", file=sys.stderr)
        return 2
    window = QMainWindow()
    label = Paragraph(text)
    label.setFont(QFont(QFontDatabase.applicationFontFamilies(font_id), 12))
    window.setCentralWidget(label)
    window.resize(1280, 800)
    window.show()
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main(sys.argv))
