"""The bundled CJK faces: loaded from ``resources/fonts`` so Chinese never shows as boxes."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase

from archive_app.core.paths import resources_dir


def load_bundled_fonts() -> list[str]:
    """Register every bundled font; return the family names Qt now knows them by."""
    families: list[str] = []
    folder = resources_dir() / "fonts"
    for path in sorted(folder.glob("*.[ot]tf")) if folder.is_dir() else []:
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    return families
