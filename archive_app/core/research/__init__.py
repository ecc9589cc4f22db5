"""Research tools on top of search: concordance, trends, compare and export.

The public face of ``archive_app.core.research``: other packages import from here only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive_app.core._face import lazy_exports

if TYPE_CHECKING:
    from archive_app.core.research.compare import (
        MIN_CHARS,
        MIN_RATIO,
        MIN_WORDS,
        Comparison,
        ParagraphPair,
        SharedPhrase,
        compare,
        compare_years,
    )
    from archive_app.core.research.concordance import (
        SORTS,
        KwicLine,
        concordance,
        sort_by_left,
        sort_by_right,
        sort_by_year,
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
    from archive_app.core.research.trends import (
        TrendCell,
        TrendTable,
        trends,
    )

_TABLE = {
    "ArchiveStamp": "export",
    "CONCORDANCE_COLUMNS": "export",
    "Comparison": "compare",
    "FORMATS": "export",
    "KwicLine": "concordance",
    "MIN_CHARS": "compare",
    "MIN_RATIO": "compare",
    "MIN_WORDS": "compare",
    "ParagraphPair": "compare",
    "SEARCH_COLUMNS": "export",
    "SORTS": "concordance",
    "SharedPhrase": "compare",
    "TREND_COLUMNS": "export",
    "TrendCell": "trends",
    "TrendTable": "trends",
    "compare": "compare",
    "compare_years": "compare",
    "concordance": "concordance",
    "concordance_rows": "export",
    "csv_safe": "export",
    "export_concordance": "export",
    "export_search": "export",
    "export_trends": "export",
    "render": "export",
    "search_rows": "export",
    "sort_by_left": "concordance",
    "sort_by_right": "concordance",
    "sort_by_year": "concordance",
    "trend_rows": "export",
    "trends": "trends",
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
