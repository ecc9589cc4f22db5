"""Hits per year for one or more terms: the table behind the trends chart.

For each archive year (every year, zero included) and each term: how many paragraphs match and
how many times the term occurs. Terms are full search-language queries (``"National Security
Law"``, ``國安法``, ``secur*``), so abbreviation expansion applies as in search.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from archive_app.core.errors import QueryError

if TYPE_CHECKING:
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
        if measure not in ("paragraphs", "occurrences"):
            raise ValueError(f"unknown measure {measure!r}")
        return [(year, getattr(self.cells[(year, term)], measure)) for year in self.years]

    def rows(self) -> list[dict[str, Any]]:
        """Long form, one row per (year, term): year, term, paragraphs, occurrences."""
        return [
            {
                "year": year,
                "term": term,
                "paragraphs": self.cells[(year, term)].paragraphs,
                "occurrences": self.cells[(year, term)].occurrences,
            }
            for year in self.years
            for term in self.terms
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "terms": list(self.terms),
            "years": list(self.years),
            "expanded": {t: list(e) for t, e in self.expanded.items()},
            "rows": self.rows(),
        }


def trends(index: SearchIndex, terms: list[str], *, lang: str | None = None) -> TrendTable:
    """Count matching paragraphs and occurrences of each term in each archive year.

    Every year of the archive is a row, zero included (one year gives one row). Raises
    :class:`QueryError` naming the term that cannot be read, or when ``terms`` is empty.
    """
    if not terms:
        raise QueryError("give at least one term to count")
    unique = tuple(dict.fromkeys(terms))
    years = tuple(index.years)
    cells: dict[tuple[int, str], TrendCell] = {}
    expanded: dict[str, tuple[str, ...]] = {}
    for term in unique:
        try:
            found = index.matches(term, lang=lang)
        except QueryError as exc:
            raise QueryError(f"term {term!r}: {exc.message}") from None
        expanded[term] = tuple(found.expanded)
        paragraphs = dict.fromkeys(years, 0)
        occurrences = dict.fromkeys(years, 0)
        for match in found.matches:
            paragraphs[match.year] += 1
            occurrences[match.year] += len(match.spans)
        for year in years:
            cells[(year, term)] = TrendCell(paragraphs[year], occurrences[year])
    return TrendTable(unique, years, cells, expanded)
