"""The bundled CJK faces: loaded from ``resources/fonts`` so Chinese never shows as boxes.

Two faces, each with a Traditional (TC) and a Simplified (SC) family: **June Fourth Sans** (the
reader's default, its headings and English fallback, and the Chinese of the interface) and **June
Fourth Serif** (Song/Ming, Regular only, for the Chinese paragraphs when chosen in View → Reading
settings…). Sans is registered at start-up; Serif only when it is first asked for
(:func:`chinese_family`), so a start-up in Sans never reads its 5 MB.

:func:`chinese_family` is the one place that names the family for a script in a face: the reading
pane, its original-text tooltip, the print-out and the window's font all ask it;
:func:`reading_families` orders a whole family list from it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase

from archive_app.core.convert import Script
from archive_app.core.paths import resources_dir
from archive_app.core.settings import ChineseFace

__all__ = [
    "FACE_NAMES",
    "bundled_families",
    "chinese_family",
    "face_files",
    "follow_script_order",
    "load_bundled_fonts",
    "reading_families",
    "register_face",
    "registered_faces",
    "ui_script",
]

FACE_NAMES: dict[ChineseFace, str] = {
    ChineseFace.SANS: "June Fourth Sans",
    ChineseFace.SERIF: "June Fourth Serif",
}
"""Each face's family name without its region (packaging/subset_font.py names the files so)."""

_REGIONS: dict[Script, str] = {"traditional": "TC", "simplified": "SC"}

_registered: dict[ChineseFace, list[str]] = {}
_first_region: dict[str, Script] = {}  # by role ("ui", "reader"): which script's face leads


def face_files(face: ChineseFace) -> list[Path]:
    """The font files of ``face`` in ``resources/fonts`` (``JuneFourthSerif-TC-Regular.otf``)."""
    folder = resources_dir() / "fonts"
    stem = FACE_NAMES[face].replace(" ", "")
    return sorted(folder.glob(f"{stem}-*.[ot]tf")) if folder.is_dir() else []


def register_face(face: ChineseFace) -> list[str]:
    """Register the files of ``face`` with Qt, once per process; the family names Qt knows."""
    families = _registered.get(face)
    if families is None:
        families = []
        for path in face_files(face):
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                for family in QFontDatabase.applicationFontFamilies(font_id):
                    if family not in families:
                        families.append(family)
        _registered[face] = families
    return list(families)


def registered_faces() -> set[ChineseFace]:
    """The faces registered so far in this process (a start-up in Sans registers Sans only)."""
    return set(_registered)


def load_bundled_fonts() -> list[str]:
    """Register the start-up face (Sans); return the family names Qt now knows them by."""
    return register_face(ChineseFace.SANS)


def chinese_family(script: Script, face: ChineseFace = ChineseFace.SANS) -> str:
    """The family that sets Chinese written in ``script`` in ``face`` ("June Fourth Serif TC"),
    its files registered first if this is the first time the face is asked for."""
    face = ChineseFace(face)
    register_face(face)
    return f"{FACE_NAMES[face]} {_REGIONS[script]}"


def ui_script(ui_language: str) -> Script:
    """The script whose face leads the interface's fonts: Simplified for 简体, else Traditional."""
    return "simplified" if ui_language == "zh_Hans" else "traditional"


def reading_families(
    script: Script, face: ChineseFace = ChineseFace.SANS, base: list[str] | None = None
) -> list[str]:
    """A reading font's families: ``base`` (the system's Latin face) first, then ``face`` in
    ``script``, then ``face`` in the other script (a character only one standard has)."""
    other: Script = "simplified" if script == "traditional" else "traditional"
    return [*(base or []), chinese_family(script, face), chinese_family(other, face)]


def bundled_families() -> frozenset[str]:
    """Every family name the bundled faces can have, registered or not (nothing is loaded)."""
    return frozenset(
        f"{name} {region}" for name in FACE_NAMES.values() for region in _REGIONS.values()
    )


def follow_script_order(role: str, first: Script) -> None:
    """Say that ``role``'s family lists (the interface's, the reading pane's) now put ``first``'s
    face before the other script's. When that changes during a session, Qt is made to forget the
    fonts it has matched: it keeps a matched font by its first family only (the system's Latin
    face), so without this a list reordered for 简体 would go on drawing the characters both
    faces have (、：，) in the Traditional shapes it matched first."""
    before = _first_region.get(role)
    _first_region[role] = first
    if before is not None and before != first:
        _forget_font_matches()


def _forget_font_matches() -> None:
    """Registering and removing a face is what makes Qt drop every font it matched (its font
    cache has no public reset); the faces registered stay as they were."""
    files = face_files(ChineseFace.SANS)
    if files:
        font_id = QFontDatabase.addApplicationFont(str(files[0]))
        if font_id >= 0:
            QFontDatabase.removeApplicationFont(font_id)
