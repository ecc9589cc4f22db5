"""Keyword in context (KWIC): every occurrence of a query, with its left and right context.

``width`` counts characters for Chinese paragraphs (character context) and words for English
paragraphs (word context): ``width=40`` gives up to 40 characters of Chinese or up to 40 words
of English on each side. Every occurrence is a line, so a paragraph that says 國家安全法 twice
gives two lines. Chinese lines are in the display ``script`` (converted with OpenCC from the
statement's own script; the keyword is cut from the converted text).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from archive_app.core.search import SearchIndex

__all__ = [
    "SORTS",
    "KwicLine",
    "concordance",
    "sort_by_left",
    "sort_by_right",
    "sort_by_year",
]


@dataclass(frozen=True)
class KwicLine:
    """One occurrence: ``left`` + ``keyword`` + ``right`` is a contiguous stretch of the text."""

    year: int
    lang: str
    paragraph: int
    left: str
    keyword: str
    right: str
    citation: str
    start: int = 0  # offset of the keyword in the (displayed) paragraph text
    script: str = "original"
    converted: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "lang": self.lang,
            "paragraph": self.paragraph,
            "left": self.left,
            "keyword": self.keyword,
            "right": self.right,
            "citation": self.citation,
            "start": self.start,
            "script": self.script,
            "converted": self.converted,
        }


def concordance(
    index: SearchIndex,
    query: str,
    *,
    width: int = 40,
    script: str = "original",
    year: int | None = None,
    lang: str | None = None,
) -> list[KwicLine]:
    """Every occurrence of ``query`` (full search language) as a KWIC line, in text order.

    Lines come in year, language, paragraph and position order; use the sort helpers for
    other orders. Raises :class:`QueryError` for a query that cannot be read.
    """
    raise NotImplementedError


def sort_by_left(lines: list[KwicLine]) -> list[KwicLine]:
    """Sorted by the left context read backwards from the keyword (the classic KWIC order)."""
    raise NotImplementedError


def sort_by_right(lines: list[KwicLine]) -> list[KwicLine]:
    """Sorted by the keyword followed by its right context."""
    raise NotImplementedError


def sort_by_year(lines: list[KwicLine]) -> list[KwicLine]:
    """Sorted by year, then language, paragraph and position."""
    raise NotImplementedError


SORTS = {"left": sort_by_left, "right": sort_by_right, "year": sort_by_year}
