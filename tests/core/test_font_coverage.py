"""The bundled CJK fonts draw every character the reader can show.

Why: on a machine with no CJK font of its own, a character missing from ``resources/fonts`` is a
box on screen. Each statement is checked as stored and in every conversion the reader offers for
its script (``archive_app.core.convert``), against the cmap of every bundled face. When this fails
after statements were added, rebuild the fonts: ``python packaging/subset_font.py``.

Only fontTools and OpenCC are used (no Qt), so this runs anywhere the core tests run.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

opencc: Any = pytest.importorskip("opencc", reason="OpenCC is a runtime dependency of the app")
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

# The conversions the reader applies, by the script the statement is stored in (mirrors
# archive_app.core.convert; None is the stored text). Text of unknown script gets them all.
MODES_BY_SCRIPT: dict[str, tuple[str | None, ...]] = {
    "traditional": (None, "t2s", "t2tw", "t2hk"),
    "simplified": (None, "s2t", "s2tw", "s2hk"),
}
ALL_MODES: tuple[str | None, ...] = (None, "t2s", "t2tw", "t2hk", "s2t", "s2tw", "s2hk")

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


def _texts() -> list[tuple[str, str, tuple[str | None, ...]]]:
    """(label, text, modes) for each statement, or for each seed while there is no archive."""
    statements = sorted(STATEMENTS_DIR.glob("*.json")) if STATEMENTS_DIR.is_dir() else []
    if statements:
        out = []
        for path in statements:
            doc = json.loads(path.read_text(encoding="utf-8"))
            script = doc.get("zh_script") if isinstance(doc, dict) else None
            modes = MODES_BY_SCRIPT.get(script, ALL_MODES) if isinstance(script, str) else ALL_MODES
            out.append((f"statements/{path.name}", "\n".join(_strings(doc)), modes))
        return out
    seeds = sorted(SEEDS_DIR.glob("*.txt")) if SEEDS_DIR.is_dir() else []
    return [(f"seeds/{p.name}", p.read_text(encoding="utf-8"), ALL_MODES) for p in seeds]


def _cases() -> list[Any]:
    cases = [
        pytest.param(font, label, text, mode, id=f"{font.stem}-{label}-{mode or 'original'}")
        for font in FONT_FILES
        for label, text, modes in _texts()
        for mode in modes
    ]
    if cases:
        return cases
    if not FONT_FILES:
        reason = f"no fonts in {FONTS_DIR}: test_fonts_are_bundled says why"
    else:
        reason = f"no statements in {STATEMENTS_DIR} and no seeds in {SEEDS_DIR}: nothing to check"
    return [pytest.param(None, "", "", None, marks=pytest.mark.skip(reason=reason), id="no-text")]


@cache
def _cmap(font_path: Path) -> frozenset[int]:
    font = ttlib.TTFont(str(font_path), lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


@cache
def _converter(config: str) -> Any:
    return opencc.OpenCC(config)


def _needs_glyph(char: str) -> bool:
    # Whitespace is laid out, not drawn; controls and format characters (ZWJ, BOM) have no glyph.
    return not char.isspace() and unicodedata.category(char) not in {"Cc", "Cf"}


def test_fonts_are_bundled() -> None:
    """A Traditional and a Simplified face ship, each within the size budget."""
    names = {path.name for path in FONT_FILES}
    assert any("-TC-" in n for n in names), f"no TC face in {FONTS_DIR}: {sorted(names)}"
    assert any("-SC-" in n for n in names), f"no SC face in {FONTS_DIR}: {sorted(names)}"
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


@pytest.mark.parametrize(("font_path", "label", "text", "mode"), _cases())
def test_font_covers_text(font_path: Path, label: str, text: str, mode: str | None) -> None:
    shown = text if mode is None else _converter(mode).convert(text)
    cmap = _cmap(font_path)
    missing = sorted({c for c in shown if _needs_glyph(c) and ord(c) not in cmap}, key=ord)
    assert not missing, (
        f"{font_path.name} lacks {len(missing)} character(s) of {label} "
        f"({mode or 'original'}): "
        + " ".join(f"U+{ord(c):04X} {c}" for c in missing)
        + " — rebuild with: python packaging/subset_font.py"
    )
