"""Hits per year for one or more terms: the table behind the trends chart.

For each archive year (every year, zero included) and each term: how many paragraphs match and
how many times the term occurs. Terms are full search-language queries (``"National Security
Law"``, ``國安法``, ``secur*``), so abbreviation expansion applies as in search.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from archive_app.core.search import SearchIndex

__all__ = ["TrendCell", "TrendTable", "trends"]


@dataclass(frozen=True)
class TrendCell:
    paragraphs: int
    occurrences: int


@dataclass(frozen=True)
class TrendTable:
    """Years × terms; ``cells[(year, term)]`` exists for every year and term."""

    terms: tuple[str, ...]
    years: tuple[int, ...]
    cells: Mapping[tuple[int, str], TrendCell]
    expanded: Mapping[str, tuple[str, ...]]  # term -> what was also searched for it

    def paragraphs(self, year: int, term: str) -> int:
        return self.cells[(year, term)].paragraphs

    def occurrences(self, year: int, term: str) -> int:
        return self.cells[(year, term)].occurrences

    def series(self, term: str, measure: str = "paragraphs") -> list[tuple[int, int]]:
        """[(year, value)] for one term; ``measure`` is "paragraphs" or "occurrences"."""
        raise NotImplementedError

    def rows(self) -> list[dict[str, Any]]:
        """Long form, one row per (year, term): year, term, paragraphs, occurrences."""
        raise NotImplementedError


def trends(index: SearchIndex, terms: list[str], *, lang: str | None = None) -> TrendTable:
    """Count matching paragraphs and occurrences of each term in each archive year.

    Raises :class:`QueryError` naming the term that cannot be read, or when ``terms`` is empty.
    """
    raise NotImplementedError
