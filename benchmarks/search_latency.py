"""Query latency on the real archive: our Whoosh index beside SQLite FTS5 (trigram).

Both sides see the same text: FTS5 indexes each paragraph folded to Simplified with the same
OpenCC call we use, and queries are folded the same way, so the peer answers the same question.
FTS5's trigram tokenizer cannot MATCH fewer than three characters; for the two-character class
it scans with ``instr`` (this SQLite's trigram ``LIKE`` finds nothing for two characters).
"""

from __future__ import annotations

import sqlite3
import time
from functools import partial

from archive_app.core.convert import normalise_for_search
from archive_app.core.paths import default_archive_dir
from archive_app.core.record import Archive
from archive_app.core.search import LANGS, SearchIndex
from benchmarks.harness import Section, measure, ratio

QUERIES = [
    ("English word", "Tibet"),
    ("English phrase", '"National Security Law"'),
    ("Chinese 2 chars, Simplified", "监禁"),
    ("Chinese 2 chars, Traditional", "監禁"),
    ("Chinese 5 chars, Simplified", "国家安全法"),
    ("Chinese 5 chars, Traditional", "國家安全法"),
]


def build_fts(archive: Archive) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE p USING fts5(key UNINDEXED, body, tokenize='trigram')")
    rows = [
        (f"{s.year}/{lang}/{n}", normalise_for_search(text))
        for s in archive
        for lang in LANGS
        for n, text in enumerate(s.paragraphs(lang), 1)
    ]
    db.executemany("INSERT INTO p VALUES (?, ?)", rows)
    db.commit()
    return db


def fts_search(db: sqlite3.Connection, query: str) -> list[str]:
    text = normalise_for_search(query.strip('"'))
    if len(text) < 3:
        sql = "SELECT key FROM p WHERE instr(body, ?) > 0"
        return [r[0] for r in db.execute(sql, (text,))]
    sql = "SELECT key FROM p WHERE p MATCH ? ORDER BY rank"
    return [r[0] for r in db.execute(sql, ('"' + text.replace('"', '""') + '"',))]


def run(runs: int) -> Section:
    archive = Archive.load(default_archive_dir())
    start = time.perf_counter()
    index = SearchIndex(archive)
    ours_build = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    db = build_fts(archive)
    fts_build = (time.perf_counter() - start) * 1000
    section = Section(
        "search_latency",
        f"Query latency on the real archive ({sum(len(s.en) + len(s.zh) for s in archive)} "
        f"paragraphs), ms",
        ["class", "query", "hits", "ours median", "ours p95", "fts5 median", "fts5 p95", "ratio"],
    )
    for label, query in QUERIES:
        ours = measure(partial(index.search, query, limit=None), runs)
        peer = measure(partial(fts_search, db, query), runs)
        section.rows.append(
            {
                "class": label,
                "query": query,
                "hits": f"{len(index.search(query, limit=None))}/{len(fts_search(db, query))}",
                "ours median": ours.median_ms,
                "ours p95": ours.p95_ms,
                "fts5 median": peer.median_ms,
                "fts5 p95": peer.p95_ms,
                "ratio": ratio(ours.median_ms, peer.median_ms),
            }
        )
    section.notes = [
        f"Index build: ours {ours_build:.1f} ms, FTS5 {fts_build:.1f} ms (both in memory). "
        f"{runs} runs per query after 2 warm-up runs; ratio = ours median / FTS5 median. "
        "'hits' is ours/FTS5 (ours counts paragraphs; FTS5 trigram matches substrings, so "
        "English words can differ).",
    ]
    return section
