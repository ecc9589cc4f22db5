"""Render the app icon's PNG sizes from ``packaging/desktop/june-fourth-archive.svg`` with Qt.

    python packaging/make_icons.py

Writes ``resources/icons/june-fourth-archive-<N>.png`` for N in SIZES (the window icon, the
``.desktop`` file's hicolor icons, the Windows and macOS builds). The PNGs are committed; run
this again after changing the SVG.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ICONS = REPO / "resources" / "icons"
SVG = REPO / "packaging" / "desktop" / "june-fourth-archive.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG}: Qt cannot read this SVG")
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = ICONS / f"june-fourth-archive-{size}.png"
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"{target}: cannot be written")
        print(target.relative_to(REPO))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
