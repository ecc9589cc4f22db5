"""Keyword in context (KWIC): every occurrence of a query, with its left and right context.

``width`` counts characters for Chinese paragraphs (character context) and words for English
paragraphs (word context): ``width=40`` gives up to 40 characters of Chinese or up to 40 words
of English on each side. Every occurrence is a line, so a paragraph that says 國家安全法 twice
gives two lines. Chinese lines are in the display ``script`` (converted with OpenCC from the
statement's own script; the keyword is cut from the converted text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from archive_app.core.convert import Mode, fold_for_search
from archive_app.core.errors import QueryError
from archive_app.core.record import StatementKey

if TYPE_CHECKING:
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
    key: StatementKey  # which text of the year the line comes from
    start: int = 0  # offset of the keyword in the (displayed) paragraph text
    script: Mode = Mode.ORIGINAL
    converted: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "version": self.key.version,
            "origin": self.key.origin.value,
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


_WORD = re.compile(r"\S+")


def _en_context(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    """Up to ``width`` whitespace-separated words each side, cut at word boundaries."""
    if width == 0:
        return "", ""
    before = text[:start]
    words = list(_WORD.finditer(before))
    left_start = words[-width].start() if len(words) >= width else 0
    after = text[end:]
    words_after = list(_WORD.finditer(after))
    right_end = words_after[width - 1].end() if len(words_after) >= width else len(after)
    return text[left_start:start], after[:right_end]


def concordance(
    index: SearchIndex,
    query: str,
    *,
    width: int = 40,
    script: Mode = Mode.ORIGINAL,
    year: int | None = None,
    lang: str | None = None,
) -> list[KwicLine]:
    """Every occurrence of ``query`` (full search language) as a KWIC line, in text order.

    Lines come in year, language, paragraph and position order; use the sort helpers for
    other orders. Raises :class:`QueryError` for a query that cannot be read or a negative
    width.
    """
    if width < 0:
        raise QueryError(f"the context width must be 0 or more, not {width}")
    found = index.matches(query, year=year, lang=lang, script=script, order="text")
    lines: list[KwicLine] = []
    for match in found.matches:
        text = match.text
        for start, end in match.spans:
            if match.lang == "zh":
                left = text[max(0, start - width) : start]
                right = text[end : end + width]
            else:
                left, right = _en_context(text, start, end, width)
            lines.append(
                KwicLine(
                    year=match.year,
                    lang=match.lang,
                    paragraph=match.paragraph,
                    left=left,
                    keyword=text[start:end],
                    right=right,
                    citation=match.citation,
                    key=match.key,
                    start=start,
                    script=match.script,
                    converted=match.converted,
                )
            )
    return lines


def _fold(text: str) -> str:
    return fold_for_search(text).text


def sort_by_left(lines: list[KwicLine]) -> list[KwicLine]:
    """Sorted by the left context read backwards from the keyword (the classic KWIC order).

    English compares words backwards (the word just before the keyword first); Chinese
    compares characters backwards. Both scripts sort together (compared folded).
    """

    def key(line: KwicLine) -> tuple[Any, ...]:
        if line.lang == "en":
            back: list[str] | str = [w.casefold() for w in reversed(line.left.split())]
        else:
            back = _fold(line.left)[::-1]
        return (line.lang, back, line.year, line.paragraph, line.start)

    return sorted(lines, key=key)


def sort_by_right(lines: list[KwicLine]) -> list[KwicLine]:
    """Sorted by the keyword followed by its right context."""

    def key(line: KwicLine) -> tuple[Any, ...]:
        return (line.lang, _fold(line.keyword + line.right), line.year, line.paragraph, line.start)

    return sorted(lines, key=key)


def sort_by_year(lines: list[KwicLine]) -> list[KwicLine]:
    """Sorted by year, then language, paragraph and position."""
    return sorted(lines, key=lambda line: (line.year, line.lang, line.paragraph, line.start))


SORTS = {"left": sort_by_left, "right": sort_by_right, "year": sort_by_year}
