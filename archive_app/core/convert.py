"""Script conversion for display and search, on the official OpenCC wheel.

Conversion always starts from the source's own script: a Traditional source goes through
``t2s``/``t2tw``/``t2hk``, a Simplified one through ``s2t``/``s2tw``/``s2hk``. Going through the
other script first is lossy (``s2t(t2s("余慧明"))`` gives 餘慧明), so it is never done.
Nothing converted here is ever written back to the archive.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Literal, NamedTuple

from archive_app.core.errors import ConversionError

if TYPE_CHECKING:  # imported on first use (see _converter)
    import opencc

__all__ = [
    "FOLD_TABLE",
    "HAN_RANGES",
    "MODES",
    "Folded",
    "Mode",
    "Script",
    "convert",
    "detect_script",
    "find_folded",
    "fold_for_search",
    "has_han",
    "is_converted",
    "is_han",
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
    # Building a converter loads its dictionaries; one per configuration is plenty. OpenCC
    # itself is imported on first use: the window's first paint converts nothing.
    import opencc

    return opencc.OpenCC(config)


def _config_for(source: Script, mode: Mode | str) -> str | None:
    try:
        return _CONFIGS[(source, mode)]
    except KeyError:
        raise ConversionError(
            f"unknown script mode {mode!r}; choose one of: {', '.join(MODES)}"
        ) from None


def convert(text: str, source: Script, mode: Mode) -> str:
    """Return ``text`` (written in ``source`` script) as it reads in ``mode``."""
    config = _config_for(source, mode)
    if config is None:
        return text
    return str(_converter(config).convert(text))


def is_converted(source: Script, mode: Mode) -> bool:
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


# --- the one folding for search ------------------------------------------------------------
#
# Search, concordance, trends, compare, highlights and find-in-page all compare text through
# this folding, at index time and at query time alike. It never touches what is stored or shown.

FOLD_TABLE: tuple[tuple[str, str, str], ...] = (
    # (what, example, becomes)
    ("Unicode compatibility forms (NFKC, one character to one)", "２０２２ ，ＡＢＣ", "2022 ,abc"),
    ("Hong Kong variants (OpenCC hk2t)", "保衞、敍述", "保衛、敘述 → 保卫、叙述"),
    ("Taiwan variants (OpenCC tw2t)", "隨著", "隨着 → 随着"),
    ("Traditional to Simplified (OpenCC t2s)", "國家安全法", "国家安全法"),
    ("upper to lower case", "Hong Kong", "hong kong"),
    ("spaces and line breaks between two Chinese characters removed", "國家 安全法", "国家安全法"),
)
"""What :func:`fold_for_search` folds, in order (README and QUERY_HELP show this table).

Not folded: punctuation stays as it is (after NFKC: ``，`` and ``,`` meet, ``“`` and ``「`` do
not); a compatibility form that NFKC would turn into several characters (``㈠``) stays itself;
English word forms are left to the stemmer.
"""

# Chinese characters: the ranges search cuts into bigrams (not CJK punctuation, U+3000-303F).
_HAN_CODES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))
HAN_RANGES = "".join(rf"\U{low:08x}-\U{high:08x}" for low, high in _HAN_CODES)
"""The same ranges for a regular expression's character class."""


_FIRST_HAN = "\u3400"


def is_han(char: str) -> bool:
    """Whether ``char`` is a Chinese character (one of :data:`HAN_RANGES`)."""
    code = ord(char)
    return any(low <= code <= high for low, high in _HAN_CODES)


def has_han(text: str) -> bool:
    """Whether ``text`` holds a Chinese character. Without a regular expression: a character
    class of these ranges costs ~3 ms to compile, paid by every CLI call; most text (English,
    or Chinese from its first character) is decided by the first test or the first few."""
    if not text or max(text) < _FIRST_HAN:
        return False
    return any(is_han(char) for char in text if char >= _FIRST_HAN)


_SPACES = re.compile(r"\s+")  # (a lookaround pattern with the CJK class costs ~8 ms to compile)


def _cjk_side(char: str) -> bool:
    """A Chinese character or CJK punctuation (U+3000-303F): spaces between two are folded."""
    return 0x3000 <= ord(char) <= 0x303F or is_han(char)


_OPENCC_CHAIN = ("hk2t", "tw2t", "t2s")


@cache
def _nfkc_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


@cache
def _lower_char(char: str) -> str:
    lowered = char.lower()
    return lowered if len(lowered) == 1 else char


def _opencc_keeping_length(config: str, text: str) -> str:
    out = str(_converter(config).convert(text))
    if len(out) == len(text):
        return out
    # A phrase rule changed the length: convert character by character instead, so every
    # offset still points at the character it came from.
    return "".join(c if len(c2 := str(_converter(config).convert(c))) != 1 else c2 for c in text)


def normalise_for_search(text: str) -> str:
    """Fold ``text`` character by character (same length, every offset kept).

    NFKC (where it gives one character), Hong Kong and Taiwan variants to standard Traditional,
    Traditional to Simplified, lower case: the rows of :data:`FOLD_TABLE` but the last. Works
    whatever script the text (or a query) is in; used for the index and queries alike, never for
    display. :func:`fold_for_search` adds the last row.
    """
    if not unicodedata.is_normalized("NFKC", text):
        text = "".join(_nfkc_char(c) for c in text)
    # Anything from U+3400 up goes through OpenCC: exact where it matters, since the chain
    # changes no character that is not Chinese (tests/core/test_convert.py checks U+2000 up).
    if text and max(text) >= _FIRST_HAN:
        for config in _OPENCC_CHAIN:
            text = _opencc_keeping_length(config, text)
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else "".join(_lower_char(c) for c in text)


class Folded(NamedTuple):
    """Folded text and where each of its characters came from in the original.

    ``source[i]`` is the offset in the original of folded character ``i``; ``None`` when
    nothing was removed (the offsets are the same).
    """

    text: str
    source: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The ``[start, end)`` span of the folded text as a span of the original."""
        if self.source is None or start >= end:
            return start, end
        return self.source[start], self.source[end - 1] + 1


def fold_for_search(text: str) -> Folded:
    """THE folding of search: every row of :data:`FOLD_TABLE`, with the way back to offsets.

    Index, query, concordance, trends, compare and highlights all go through this (or through
    :func:`normalise_for_search`, its first rows, where no space can sit between two Chinese
    characters), so what the reader sees is what search finds.
    """
    folded = normalise_for_search(text)
    size = len(folded)
    cuts = [
        (match.start(), match.end())
        for match in _SPACES.finditer(folded)
        if match.start() > 0
        and match.end() < size
        and _cjk_side(folded[match.start() - 1])
        and _cjk_side(folded[match.end()])
    ]
    if not cuts:
        return Folded(folded)
    keep: list[int] = []
    last = 0
    for start, end in cuts:
        keep.extend(range(last, start))
        last = end
    keep.extend(range(last, size))
    return Folded("".join(folded[i] for i in keep), tuple(keep))


def find_folded(text: str, needle: str) -> list[tuple[int, int]]:
    """Spans of ``text`` where ``needle`` occurs once both are folded (non-overlapping, so two
    touching occurrences are two spans)."""
    want = fold_for_search(needle).text.strip()
    if not want:
        return []
    hay = fold_for_search(text)
    spans: list[tuple[int, int]] = []
    start = hay.text.find(want)
    while start >= 0:
        spans.append(hay.span(start, start + len(want)))
        start = hay.text.find(want, start + len(want))
    return spans
