"""The bundled CJK fonts draw every character the reader can show.

Why: on a machine with no CJK font of its own, a character missing from ``resources/fonts`` is a
box on screen. Each statement is checked as stored and in every conversion the reader offers for
its script (``archive_app.core.convert``), against the cmap of every bundled face. When this fails
after statements were added, rebuild the fonts: ``python packaging/subset_font.py``.

Only fontTools and the core's conversion (OpenCC) are used (no Qt), so this runs anywhere the core
tests run. The modes are the reader's own (``archive_app.core.convert.MODES``) through the same
``convert`` call the reader makes, so a new mode or a changed OpenCC configuration is checked too.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from archive_app.core import convert as convert_module

ttlib: Any = pytest.importorskip(
    "fontTools.ttLib",
    reason="fontTools is needed to read the bundled fonts (pip install fonttools)",
)

REPO = Path(__file__).resolve().parents[2]
FONTS_DIR = REPO / "resources" / "fonts"
STATEMENTS_DIR = REPO / "archive_data" / "data" / "statements"
SEEDS_DIR = REPO.parent / "shared" / "seeds"

FONT_FILES = sorted(FONTS_DIR.glob("*.otf"))
MAX_FACE_BYTES = 5 * 1024 * 1024

# The modes the reader offers (original, simplified, traditional-tw, traditional-hk), applied
# with the app's own conversion, so the test follows whatever the reader shows.
MODES: tuple[str, ...] = convert_module.MODES

# The faces the reader offers (archive_app.gui.fonts.FACE_NAMES, as file name stems).
FACES = ("JuneFourthSans", "JuneFourthSerif")

# Names that the OFL (Reserved Font Name "Source") and Google's trademark keep off a subset.
FORBIDDEN_IN_NAMES = ("noto", "source")


def _strings(value: object) -> Iterator[str]:
    """Every string value in a JSON document: title, en, zh, signatories, notes, anything."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _texts() -> list[tuple[str, str, str]]:
    """(label, text, script) for each statement, or for each seed while there is no archive.

    The text is every string of the statement file (title, paragraphs, signatories, notes);
    the script is the one it declares (``zh_script``), or the one detected for a seed.
    """
    statements = sorted(STATEMENTS_DIR.glob("*.json")) if STATEMENTS_DIR.is_dir() else []
    if statements:
        out = []
        for path in statements:
            doc = json.loads(path.read_text(encoding="utf-8"))
            text = "\n".join(_strings(doc))
            script = doc.get("zh_script") if isinstance(doc, dict) else None
            if script not in ("traditional", "simplified"):
                script = convert_module.detect_script(text)
            out.append((f"statements/{path.name}", text, script))
        return out
    seeds = sorted(SEEDS_DIR.glob("*.txt")) if SEEDS_DIR.is_dir() else []
    out = []
    for seed in seeds:
        text = seed.read_text(encoding="utf-8")
        out.append((f"seeds/{seed.name}", text, convert_module.detect_script(text)))
    return out


def _cases() -> list[Any]:
    cases = [
        pytest.param(font, label, text, script, mode, id=f"{font.stem}-{label}-{mode}")
        for font in FONT_FILES
        for label, text, script in _texts()
        for mode in MODES
    ]
    if cases:
        return cases
    if not FONT_FILES:
        reason = f"no fonts in {FONTS_DIR}: test_fonts_are_bundled says why"
    else:
        reason = f"no statements in {STATEMENTS_DIR} and no seeds in {SEEDS_DIR}: nothing to check"
    skip = pytest.mark.skip(reason=reason)
    return [pytest.param(None, "", "", "", "", marks=skip, id="no-text")]


@cache
def _cmap(font_path: Path) -> frozenset[int]:
    font = ttlib.TTFont(str(font_path), lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def _needs_glyph(char: str) -> bool:
    # Whitespace is laid out, not drawn; controls and format characters (ZWJ, BOM) have no glyph.
    return not char.isspace() and unicodedata.category(char) not in {"Cc", "Cf"}


def test_fonts_are_bundled() -> None:
    """A Traditional and a Simplified face ship in Sans and in Serif (the reader's choice of
    Chinese face), each within the size budget; the coverage test below checks every one."""
    names = {path.name for path in FONT_FILES}
    for face in FACES:
        for region in ("TC", "SC"):
            assert f"{face}-{region}-Regular.otf" in names, f"no {face} {region} in {FONTS_DIR}"
    for path in FONT_FILES:
        assert path.stat().st_size <= MAX_FACE_BYTES, f"{path.name} is over 5 MB"
    assert (FONTS_DIR / "OFL.txt").is_file(), "the OFL requires its text next to the fonts"


@pytest.mark.parametrize("font_path", FONT_FILES, ids=[p.stem for p in FONT_FILES])
def test_font_names_avoid_reserved_names(font_path: Path) -> None:
    """OFL §3: a subset must not be presented under the original's reserved name."""
    font = ttlib.TTFont(str(font_path), lazy=True)
    try:
        name = font["name"]
        shown = [name.getDebugName(i) or "" for i in (1, 3, 4, 6, 16, 17)]
        shown += list(font["CFF "].cff.fontNames)
    finally:
        font.close()
    for text in shown:
        for word in FORBIDDEN_IN_NAMES:
            assert word not in text.lower(), f"{font_path.name}: name {text!r} contains {word!r}"


@pytest.mark.parametrize(("font_path", "label", "text", "script", "mode"), _cases())
def test_font_covers_text(font_path: Path, label: str, text: str, script: str, mode: str) -> None:
    shown = convert_module.convert(text, script, mode)
    cmap = _cmap(font_path)
    missing = sorted({c for c in shown if _needs_glyph(c) and ord(c) not in cmap}, key=ord)
    assert not missing, (
        f"{font_path.name} lacks {len(missing)} character(s) of {label} "
        f"({mode}): "
        + " ".join(f"U+{ord(c):04X} {c}" for c in missing)
        + " — rebuild with: python packaging/subset_font.py"
    )
