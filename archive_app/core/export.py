"""Export search results, concordance lines and trends with citations, as CSV, JSON or Markdown.

Every row carries year, paragraph and a citation string ("Coalition statement, June Fourth 2021,
¶2"), and every file says which archive it came from:

- CSV: ordinary header + rows (any CSV reader parses it); the last columns ``archive_sha256``
  (SHA-256 of the archive's manifest-sha256.txt) and ``archive_root`` repeat on every row.
- JSON: ``{"archive": {"sha256": ..., "root": ..., "exported": ..., "kind": ..., "query": ...},
  "rows": [...]}``.
- Markdown: a heading, an "Archive: sha256 ..." line, then a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive_app.core.concordance import KwicLine
from archive_app.core.search import SearchResult
from archive_app.core.trends import TrendTable

__all__ = [
    "FORMATS",
    "ArchiveStamp",
    "concordance_rows",
    "export_concordance",
    "export_search",
    "export_trends",
    "render",
    "search_rows",
    "trend_rows",
    "write_export",
]

FORMATS = ("csv", "json", "markdown")


@dataclass(frozen=True)
class ArchiveStamp:
    """Which archive an export came from: the manifest hash (and its folder, for people)."""

    sha256: str
    root: str

    @classmethod
    def of(cls, archive: Any) -> ArchiveStamp:
        """From an :class:`Archive` (or anything with ``manifest_hash`` and ``root``)."""
        raise NotImplementedError


def search_rows(result: SearchResult) -> list[dict[str, Any]]:
    raise NotImplementedError


def concordance_rows(lines: Sequence[KwicLine]) -> list[dict[str, Any]]:
    raise NotImplementedError


def trend_rows(table: TrendTable) -> list[dict[str, Any]]:
    raise NotImplementedError


def render(
    kind: str,
    rows: list[dict[str, Any]],
    columns: list[str],
    fmt: str,
    stamp: ArchiveStamp,
    *,
    query: str | None = None,
) -> str:
    """The export file's text in ``fmt`` (one of :data:`FORMATS`)."""
    raise NotImplementedError


def export_search(result: SearchResult, fmt: str, stamp: ArchiveStamp) -> str:
    raise NotImplementedError


def export_concordance(
    lines: Sequence[KwicLine], fmt: str, stamp: ArchiveStamp, *, query: str | None = None
) -> str:
    raise NotImplementedError


def export_trends(table: TrendTable, fmt: str, stamp: ArchiveStamp) -> str:
    raise NotImplementedError


def write_export(path: Path, text: str) -> None:
    """Write an export as UTF-8 (CSV with a BOM-free header); errors name the file."""
    raise NotImplementedError
