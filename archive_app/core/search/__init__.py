"""Search: the Whoosh index, the query language and match spans.

The public face of ``archive_app.core.search``: other packages import from here only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive_app.core._face import lazy_exports

if TYPE_CHECKING:
    from archive_app.core.search.index import (
        LANGS,
        QUERY_HELP,
        SCRIPTS,
        Hit,
        MatchSet,
        ParagraphMatch,
        SearchIndex,
        SearchResult,
        cjk_tokens,
    )
    from archive_app.core.search.querylang import (
        And,
        Atom,
        Node,
        Not,
        Or,
        ParsedQuery,
        abbreviations,
        en_stem,
        en_tokens,
        load_abbreviations,
        parse_query,
        positive_atoms,
    )
    from archive_app.core.search.spans import (
        merge_spans,
    )

_TABLE = {
    "And": "querylang",
    "Atom": "querylang",
    "Hit": "index",
    "LANGS": "index",
    "MatchSet": "index",
    "Node": "querylang",
    "Not": "querylang",
    "Or": "querylang",
    "ParagraphMatch": "index",
    "ParsedQuery": "querylang",
    "QUERY_HELP": "index",
    "SCRIPTS": "index",
    "SearchIndex": "index",
    "SearchResult": "index",
    "abbreviations": "querylang",
    "cjk_tokens": "index",
    "en_stem": "querylang",
    "en_tokens": "querylang",
    "load_abbreviations": "querylang",
    "merge_spans": "spans",
    "parse_query": "querylang",
    "positive_atoms": "querylang",
}
__all__ = [
    "LANGS",
    "QUERY_HELP",
    "SCRIPTS",
    "And",
    "Atom",
    "Hit",
    "MatchSet",
    "Node",
    "Not",
    "Or",
    "ParagraphMatch",
    "ParsedQuery",
    "SearchIndex",
    "SearchResult",
    "abbreviations",
    "cjk_tokens",
    "en_stem",
    "en_tokens",
    "load_abbreviations",
    "merge_spans",
    "parse_query",
    "positive_atoms",
]
__getattr__ = lazy_exports(__name__, _TABLE)
