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
from archive_app.core.record import StatementKey

if TYPE_CHECKING:
    from archive_app.core.search import SearchIndex

__all__ = ["TrendCell", "TrendTable", "trends"]


@dataclass(frozen=True)
class TrendCell:
    paragraphs: int
    occurrences: int


@dataclass(frozen=True)
class TrendTable:
    """Statements × terms; ``cells[(key, term)]`` exists for every statement and term.

    A row is one statement text (a :class:`StatementKey`), not a bare year: a year that holds a
    second version, or a local text, has a row of its own, named as such, so counts are never
    summed across two texts of one year.
    """

    terms: tuple[str, ...]
    keys: tuple[StatementKey, ...]
    cells: Mapping[tuple[StatementKey, str], TrendCell]
    expanded: Mapping[str, tuple[str, ...]]  # term -> what was also searched for it

    @property
    def years(self) -> tuple[int, ...]:
        """The distinct years of the rows, in order."""
        return tuple(dict.fromkeys(key.year for key in self.keys))

    def paragraphs(self, key: StatementKey, term: str) -> int:
        return self.cells[(key, term)].paragraphs

    def occurrences(self, key: StatementKey, term: str) -> int:
        return self.cells[(key, term)].occurrences

    def series(self, term: str, measure: str = "paragraphs") -> list[tuple[StatementKey, int]]:
        """[(statement, value)] for one term; ``measure`` is "paragraphs" or "occurrences"."""
        if measure not in ("paragraphs", "occurrences"):
            raise ValueError(f"unknown measure {measure!r}")
        return [(key, getattr(self.cells[(key, term)], measure)) for key in self.keys]

    def keyed_rows(self) -> list[tuple[StatementKey, dict[str, Any]]]:
        """Long form, one row per (statement, term), with the statement's key."""
        return [
            (
                key,
                {
                    **key.to_dict(),
                    "term": term,
                    "paragraphs": self.cells[(key, term)].paragraphs,
                    "occurrences": self.cells[(key, term)].occurrences,
                },
            )
            for key in self.keys
            for term in self.terms
        ]

    def rows(self) -> list[dict[str, Any]]:
        """Long form: year, version, origin, term, paragraphs, occurrences."""
        return [row for _key, row in self.keyed_rows()]

    def to_dict(self) -> dict[str, Any]:
        return {
            "terms": list(self.terms),
            "years": list(self.years),
            "statements": [key.to_dict() for key in self.keys],
            "expanded": {t: list(e) for t, e in self.expanded.items()},
            "rows": self.rows(),
        }


def trends(index: SearchIndex, terms: list[str], *, lang: str | None = None) -> TrendTable:
    """Count matching paragraphs and occurrences of each term in each statement text.

    Every statement of the archive is a row, zero included (one statement gives one row).
    Raises :class:`QueryError` naming the term that cannot be read, or when ``terms`` is empty.
    """
    if not terms:
        raise QueryError("give at least one term to count")
    unique = tuple(dict.fromkeys(terms))
    keys = tuple(index.keys)
    cells: dict[tuple[StatementKey, str], TrendCell] = {}
    expanded: dict[str, tuple[str, ...]] = {}
    for term in unique:
        try:
            found = index.matches(term, lang=lang)
        except QueryError as exc:
            raise QueryError(f"term {term!r}: {exc.message}") from None
        expanded[term] = tuple(found.expanded)
        paragraphs = dict.fromkeys(keys, 0)
        occurrences = dict.fromkeys(keys, 0)
        for match in found.matches:
            paragraphs[match.key] += 1
            occurrences[match.key] += len(match.spans)
        for key in keys:
            cells[(key, term)] = TrendCell(paragraphs[key], occurrences[key])
    return TrendTable(unique, keys, cells, expanded)
