"""Export search results, concordance lines and trends with citations, as CSV, JSON or Markdown.

Every row carries year, paragraph and a citation string ("Coalition statement, June Fourth 2021,
¶2"), and every file says which archive it came from:

- CSV: ordinary header + rows (any CSV reader parses it); the last three columns,
  ``archive_sha256`` (SHA-256 of the archive's manifest-sha256.txt), ``archive_origin``
  (``shipped``) and ``local_archive_sha256`` (the user's own bag of local additions, empty when
  there is none), repeat on every row. A text cell that a spreadsheet would run as a formula
  (one starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a ``'`` in
  front, as OWASP recommends (:func:`csv_safe`).
- JSON: ``{"archive": {"sha256", "origin", "local_sha256", "local_origin", "kind", "query",
  "exported_by", ...}, "rows": [...]}``.
- Markdown: a heading, an ``Archive (shipped): sha256 `...``` line, then a table.

An export names its archives by identity (the manifest hash, and ``shipped`` or ``local``),
never by a folder: a host path would tell every reader of the file the user's name and where
the archive was mounted.

Snippets are exported as plain text with the matches in [brackets]; Chinese text is in the
script the results were made in (the ``script`` / ``converted`` columns say so).
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from archive_app import __version__
from archive_app.core.errors import ArchiveAppError, QueryError
from archive_app.core.record import Origin, cite, cite_statement

if TYPE_CHECKING:
    from archive_app.core.research.kwic import KwicLine
    from archive_app.core.research.trend_table import TrendTable
    from archive_app.core.search import SearchResult

__all__ = [
    "CONCORDANCE_COLUMNS",
    "FORMATS",
    "SEARCH_COLUMNS",
    "TREND_COLUMNS",
    "ArchiveStamp",
    "concordance_rows",
    "csv_safe",
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
    """Which archives an export came from, by identity: manifest hashes and origins.

    ``sha256`` is the SHA-256 of the archive's ``manifest-sha256.txt`` (``Archive.manifest_hash``),
    the archive read as ``shipped``; ``local_sha256`` is the user's own bag of local additions
    (``local``: added locally, not signed), ``None`` when there are none. No folder is kept.
    """

    sha256: str
    local_sha256: str | None = None

    origin: ClassVar[str] = Origin.SHIPPED.value
    local_origin: ClassVar[str] = Origin.LOCAL.value

    @classmethod
    def of(cls, archive: Any) -> ArchiveStamp:
        """From an :class:`Archive` or a library (``manifest_hash``, ``local_manifest_hash``)."""
        digest = getattr(archive, "manifest_hash", None)
        local = getattr(archive, "local_manifest_hash", None)
        return cls(str(digest) if digest else "unknown", str(local) if local else None)


SEARCH_COLUMNS = [
    "year", "version", "origin", "lang", "paragraph", "citation", "score", "occurrences",
    "script", "converted", "snippet", "text",
]  # fmt: skip
CONCORDANCE_COLUMNS = [
    "year", "version", "origin", "lang", "paragraph", "citation", "left", "keyword", "right",
    "script", "converted",
]  # fmt: skip
TREND_COLUMNS = ["year", "version", "origin", "term", "paragraphs", "occurrences", "citation"]
_STAMP_COLUMNS = ["archive_sha256", "archive_origin", "local_archive_sha256"]
_TAG = re.compile(r"</?mark>")


def _plain(snippet: str) -> str:
    """A search snippet as plain text, matches in [brackets] (exports carry no HTML)."""
    return html.unescape(_TAG.sub(lambda m: "]" if m.group(0) == "</mark>" else "[", snippet))


def search_rows(result: SearchResult) -> list[dict[str, Any]]:
    return [
        {
            "year": hit.year,
            "version": hit.key.version,
            "origin": hit.key.origin.value,
            "lang": hit.lang,
            "paragraph": hit.paragraph,
            "citation": hit.citation or cite(hit.key, hit.lang, hit.paragraph),
            "score": round(hit.score, 4),
            "occurrences": hit.occurrences,
            "script": hit.script,
            "converted": hit.converted,
            "snippet": _plain(hit.snippet),
            "text": hit.text,
        }
        for hit in result.hits
    ]


def concordance_rows(lines: Sequence[KwicLine]) -> list[dict[str, Any]]:
    return [{key: line.to_dict()[key] for key in CONCORDANCE_COLUMNS} for line in lines]


def trend_rows(table: TrendTable) -> list[dict[str, Any]]:
    """One row per (statement, term); the citation names the statement as a whole."""
    return [{**row, "citation": cite_statement(key)} for key, row in table.keyed_rows()]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> str:
    """A CSV cell no spreadsheet runs as a formula (OWASP, "CSV Injection"): text starting
    with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a ``'`` in front. Numbers
    stay numbers (a negative number is not text)."""
    cell = _cell(value)
    if isinstance(value, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def _md_cell(value: Any) -> str:
    return _cell(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render(
    kind: str,
    rows: list[dict[str, Any]],
    columns: list[str],
    fmt: str,
    stamp: ArchiveStamp,
    *,
    query: str | None = None,
    extra: dict[str, Any] | None = None,
) -> str:
    """The export file's text in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "json":
        header: dict[str, Any] = {
            "sha256": stamp.sha256,
            "origin": stamp.origin,
            "local_sha256": stamp.local_sha256,
            "local_origin": stamp.local_origin if stamp.local_sha256 else None,
            "kind": kind,
            "query": query,
            "exported_by": f"archive_app {__version__}",
        }
        if extra:
            header.update(extra)
        payload = {"archive": header, "rows": [{c: r.get(c) for c in columns} for r in rows]}
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([*columns, *_STAMP_COLUMNS])
        for row in rows:
            stamps = [stamp.sha256, stamp.origin, stamp.local_sha256 or ""]
            writer.writerow([*(csv_safe(row.get(c)) for c in columns), *stamps])
        return buffer.getvalue()
    if fmt == "markdown":
        title = {"search": "Search results", "concordance": "Concordance", "trends": "Trends"}
        out = [f"# {title.get(kind, kind)}" + (f": {query}" if query else ""), ""]
        out.append(f"Archive ({stamp.origin}): sha256 `{stamp.sha256}`")
        if stamp.local_sha256:
            out.append(
                f"Added locally, not signed ({stamp.local_origin}): sha256 `{stamp.local_sha256}`"
            )
        if extra:
            for key, value in extra.items():
                out.append(f"{key.replace('_', ' ').capitalize()}: {_md_cell(value)}")
        out += ["", "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        for row in rows:
            out.append("| " + " | ".join(_md_cell(row.get(c)) for c in columns) + " |")
        return "\n".join(out) + "\n"
    raise QueryError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def export_search(result: SearchResult, fmt: str, stamp: ArchiveStamp) -> str:
    extra: dict[str, Any] = {"total": result.total, "script": result.script}
    if result.expanded:
        extra["also_searched"] = ", ".join(result.expanded)
    return render(
        "search", search_rows(result), SEARCH_COLUMNS, fmt, stamp, query=result.query, extra=extra
    )


def export_concordance(
    lines: Sequence[KwicLine], fmt: str, stamp: ArchiveStamp, *, query: str | None = None
) -> str:
    return render(
        "concordance", concordance_rows(lines), CONCORDANCE_COLUMNS, fmt, stamp, query=query
    )


def export_trends(table: TrendTable, fmt: str, stamp: ArchiveStamp) -> str:
    extra: dict[str, Any] = {}
    also = {t: ", ".join(e) for t, e in table.expanded.items() if e}
    if also:
        extra["also_searched"] = "; ".join(f"{t}: {e}" for t, e in also.items())
    return render(
        "trends", trend_rows(table), TREND_COLUMNS, fmt, stamp,
        query=" | ".join(table.terms), extra=extra,
    )  # fmt: skip


def write_export(path: Path, text: str) -> None:
    """Write an export as UTF-8 (no BOM); errors name the file."""
    try:
        Path(path).write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise ArchiveAppError(f"cannot write the export: {exc.strerror}", path) from None
