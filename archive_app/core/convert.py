"""Script conversion for display and search, on the official OpenCC wheel.

Conversion always starts from the source's own script: a Traditional source goes through
``t2s``/``t2tw``/``t2hk``, a Simplified one through ``s2t``/``s2tw``/``s2hk``. Going through the
other script first is lossy (``s2t(t2s("余慧明"))`` gives 餘慧明), so it is never done.
Nothing converted here is ever written back to the archive.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Literal

import opencc

from archive_app.core.errors import ConversionError

__all__ = [
    "MODES",
    "Mode",
    "Script",
    "convert",
    "detect_script",
    "is_converted",
    "normalise_for_search",
]

Script = Literal["traditional", "simplified"]


class Mode(StrEnum):
    """How Chinese is shown: as stored, or converted by OpenCC (declared once; the GUI's
    :mod:`archive_app.gui.labels` names each in the UI language)."""

    ORIGINAL = "original"
    SIMPLIFIED = "simplified"
    TRADITIONAL_TW = "traditional-tw"
    TRADITIONAL_HK = "traditional-hk"


MODES: tuple[str, ...] = tuple(m.value for m in Mode)

# (source script, mode) -> OpenCC configuration; None means the text is shown as stored.
_CONFIGS: dict[tuple[Script, str], str | None] = {
    ("traditional", "original"): None,
    ("traditional", "simplified"): "t2s",
    ("traditional", "traditional-tw"): "t2tw",
    ("traditional", "traditional-hk"): "t2hk",
    ("simplified", "original"): None,
    ("simplified", "simplified"): None,
    ("simplified", "traditional-tw"): "s2tw",
    ("simplified", "traditional-hk"): "s2hk",
}


@cache
def _converter(config: str) -> opencc.OpenCC:
    # Building a converter loads its dictionaries; one per configuration is plenty.
    return opencc.OpenCC(config)


def _config_for(source: Script, mode: str) -> str | None:
    try:
        return _CONFIGS[(source, mode)]
    except KeyError:
        raise ConversionError(
            f"unknown script mode {mode!r}; choose one of: {', '.join(MODES)}"
        ) from None


def convert(text: str, source: Script, mode: str) -> str:
    """Return ``text`` (written in ``source`` script) as it reads in ``mode``."""
    config = _config_for(source, mode)
    if config is None:
        return text
    return str(_converter(config).convert(text))


def is_converted(source: Script, mode: str) -> bool:
    """True when ``mode`` shows something other than the stored text, so the UI must say so."""
    return _config_for(source, mode) is not None


def detect_script(text: str) -> Script:
    """Tell whether Chinese text is written in Traditional or Simplified characters.

    Counts the characters that ``t2s`` would change against those ``s2t`` would change; mixed
    text goes to the majority. Used by the importer, which records the result with its basis.
    """
    to_simplified = _converter("t2s").convert(text)
    to_traditional = _converter("s2t").convert(text)
    trad_marks = sum(1 for a, b in zip(text, to_simplified, strict=False) if a != b)
    simp_marks = sum(1 for a, b in zip(text, to_traditional, strict=False) if a != b)
    return "traditional" if trad_marks >= simp_marks else "simplified"


def normalise_for_search(text: str) -> str:
    """Fold Chinese text to Simplified so 國家安全法 and 国家安全法 meet in the index.

    ``t2s`` leaves Simplified characters alone, so this works whatever script the text
    (or a query) is in. Used for the index and for queries alike, never for display.
    """
    return str(_converter("t2s").convert(text))
