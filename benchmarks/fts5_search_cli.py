"""The CLI peer for ``benchmarks.search_build``: ``python fts5_search_cli.py QUERY``.

What ``python -m archive_app search QUERY`` does, done with SQLite FTS5 in one script: read the
archive's statement files, fold every paragraph with the app's own folding function, build an
in-memory trigram table, run the folded query and print each hit with an FTS5 snippet.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

from archive_app.core.convert import normalise_for_search

ROOT = Path(__file__).resolve().parent.parent


def main(query: str) -> int:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE p USING fts5(key UNINDEXED, body, tokenize='trigram')")
    rows = []
    for path in sorted((ROOT / "archive_data" / "data" / "statements").glob("*.json")):
        statement = json.loads(path.read_text(encoding="utf-8"))
        for lang in ("en", "zh"):
            for number, text in enumerate(statement[lang], 1):
                rows.append((f"{statement['year']} {lang} ¶{number}", normalise_for_search(text)))
    db.executemany("INSERT INTO p VALUES (?, ?)", rows)
    text = normalise_for_search(query.strip('"'))
    if len(text) < 3:
        found = db.execute("SELECT key, substr(body, 1, 90) FROM p WHERE instr(body, ?)", (text,))
    else:
        found = db.execute(
            "SELECT key, snippet(p, 1, '[', ']', '…', 24) FROM p WHERE p MATCH ? ORDER BY rank"
            " LIMIT 20",
            ('"' + text.replace('"', '""') + '"',),
        )
    hits = found.fetchall()
    for key, snippet in hits:
        print(f"{key}: {snippet}")
    print(f"— {len(hits)} matching paragraphs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
