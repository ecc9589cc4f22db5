"""Research tools on top of search: concordance, trends, compare and export.

The public face of ``archive_app.core.research``: other packages import from here only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive_app.core._face import lazy_exports

if TYPE_CHECKING:
    from archive_app.core.research.comparison import (
        MIN_CHARS,
        MIN_RATIO,
        MIN_WORDS,
        Comparison,
        ParagraphPair,
        SharedPhrase,
        compare,
        compare_years,
    )
    from archive_app.core.research.export import (
        CONCORDANCE_COLUMNS,
        FORMATS,
        SEARCH_COLUMNS,
        TREND_COLUMNS,
        ArchiveStamp,
        concordance_rows,
        csv_safe,
        export_concordance,
        export_search,
        export_trends,
        render,
        search_rows,
        trend_rows,
        write_export,
    )
    from archive_app.core.research.kwic import (
        SORTS,
        KwicLine,
        concordance,
        sort_by_left,
        sort_by_right,
        sort_by_year,
    )
    from archive_app.core.research.trend_table import (
        TrendCell,
        TrendTable,
        trends,
    )

_TABLE = {
    "ArchiveStamp": "export",
    "CONCORDANCE_COLUMNS": "export",
    "Comparison": "comparison",
    "FORMATS": "export",
    "KwicLine": "kwic",
    "MIN_CHARS": "comparison",
    "MIN_RATIO": "comparison",
    "MIN_WORDS": "comparison",
    "ParagraphPair": "comparison",
    "SEARCH_COLUMNS": "export",
    "SORTS": "kwic",
    "SharedPhrase": "comparison",
    "TREND_COLUMNS": "export",
    "TrendCell": "trend_table",
    "TrendTable": "trend_table",
    "compare": "comparison",
    "compare_years": "comparison",
    "concordance": "kwic",
    "concordance_rows": "export",
    "csv_safe": "export",
    "export_concordance": "export",
    "export_search": "export",
    "export_trends": "export",
    "render": "export",
    "search_rows": "export",
    "sort_by_left": "kwic",
    "sort_by_right": "kwic",
    "sort_by_year": "kwic",
    "trend_rows": "export",
    "trends": "trend_table",
    "write_export": "export",
}
__all__ = [
    "CONCORDANCE_COLUMNS",
    "FORMATS",
    "MIN_CHARS",
    "MIN_RATIO",
    "MIN_WORDS",
    "SEARCH_COLUMNS",
    "SORTS",
    "TREND_COLUMNS",
    "ArchiveStamp",
    "Comparison",
    "KwicLine",
    "ParagraphPair",
    "SharedPhrase",
    "TrendCell",
    "TrendTable",
    "compare",
    "compare_years",
    "concordance",
    "concordance_rows",
    "csv_safe",
    "export_concordance",
    "export_search",
    "export_trends",
    "render",
    "search_rows",
    "sort_by_left",
    "sort_by_right",
    "sort_by_year",
    "trend_rows",
    "trends",
    "write_export",
]
__getattr__ = lazy_exports(__name__, _TABLE)
