"""Compare two statements: which paragraphs correspond, how similar they are, shared phrases.

Each paragraph of ``a`` is paired with its best match in ``b`` (difflib ``SequenceMatcher`` ratio
on words for English, characters for Chinese), greedily, best pairs first, each paragraph used
once; pairs under :data:`MIN_RATIO` are not pairs: the paragraph shows as removed (only in ``a``)
or added (only in ``b``). Shared phrases are common runs of at least 4 words (English) or 6
characters (Chinese) found anywhere in the two texts, with their spans in each paragraph so a
view can mark them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from archive_app.core.archive import Archive, Statement

__all__ = [
    "MIN_RATIO",
    "Comparison",
    "ParagraphPair",
    "SharedPhrase",
    "compare",
    "compare_years",
]

MIN_RATIO = 0.3


@dataclass(frozen=True)
class SharedPhrase:
    """One phrase both statements use; spans are character offsets in the paragraph texts."""

    text: str
    a_paragraph: int
    a_span: tuple[int, int]
    b_paragraph: int
    b_span: tuple[int, int]

    def to_dict(self) -> dict[str, Any]:
        raise NotImplementedError


@dataclass(frozen=True)
class ParagraphPair:
    """A paragraph of ``a`` and its match in ``b``; one side is None when added/removed.

    ``status``: "same" (identical), "changed", "removed" (only in a), "added" (only in b).
    ``a_spans`` / ``b_spans``: shared-phrase spans inside this pair's texts.
    """

    a: int | None
    b: int | None
    a_text: str | None
    b_text: str | None
    ratio: float
    status: str
    a_spans: tuple[tuple[int, int], ...]
    b_spans: tuple[tuple[int, int], ...]

    def to_dict(self) -> dict[str, Any]:
        raise NotImplementedError


@dataclass(frozen=True)
class Comparison:
    year_a: int
    year_b: int
    lang: str
    pairs: tuple[ParagraphPair, ...]  # in reading order of a, added paragraphs where they fall in b
    shared: tuple[SharedPhrase, ...]
    similarity: float  # whole-text ratio

    def to_dict(self) -> dict[str, Any]:
        raise NotImplementedError


def compare(a: Statement, b: Statement, lang: str = "en") -> Comparison:
    """Pair the paragraphs of ``a`` and ``b`` in ``lang`` and find their shared phrases."""
    raise NotImplementedError


def compare_years(archive: Archive, year_a: int, year_b: int, lang: str = "en") -> Comparison:
    """:func:`compare` by year; a clear :class:`ArchiveError` when a year is missing or the
    archive holds a single year (nothing to compare with)."""
    raise NotImplementedError
