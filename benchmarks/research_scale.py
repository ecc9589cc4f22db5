"""Search at research scale: a synthetic corpus of 1,000 and 10,000 paragraphs, ours beside FTS5.

The corpus is generated at run time from the archive's own sentences (English sentences and
Chinese sentences reshuffled into paragraphs by a seeded random generator) and held in memory
only: it is marked SYNTHETIC in every title and never written anywhere, least of all into
``archive_data/``. Half of the synthetic statements carry their Chinese in Traditional, half in
Simplified (converted with OpenCC), so queries in either script meet text in both.

Peer: SQLite FTS5 with the trigram tokenizer, in memory, over the same paragraphs folded to
Simplified with the same OpenCC call we use (as in ``search_latency``). FTS5's trigram
tokenizer cannot MATCH fewer than three characters; for the two-character class it scans with
``instr``. Both sides answer the same question: every matching paragraph, ranked (FTS5
``ORDER BY rank``); ours also counts hits per year and builds the first page of 20 hits with
highlighted snippets (``SearchIndex.run(query, limit=20)``), which FTS5 is not asked to do.
"""

from __future__ import annotations

import random
import re
import sqlite3
import time
from collections.abc import Callable
from functools import partial

from whoosh import fields
from whoosh.analysis import StemmingAnalyzer
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import AndGroup, MultifieldParser

from archive_app.core.convert import Mode, convert, normalise_for_search
from archive_app.core.paths import default_archive_dir
from archive_app.core.record import Alignment, Archive, Statement
from archive_app.core.search.index import LANGS, ChineseTokenizer, SearchIndex
from benchmarks.harness import Section, Stats, measure, ratio

SIZES = (1_000, 10_000)
PARAGRAPHS_PER_STATEMENT = 20  # 10 English + 10 Chinese
QUERIES = [
    ("English word", "Tibet"),
    ("English phrase", '"National Security Law"'),
    ("Chinese 2 chars, Simplified", "监禁"),
    ("Chinese 2 chars, Traditional", "監禁"),
    ("Chinese 4 chars, Simplified", "政治活动"),
    ("Chinese 4 chars, Traditional", "政治活動"),
    ("Chinese 5 chars, Simplified", "国家安全法"),
    ("Chinese 5 chars, Traditional", "國家安全法"),
    ("Chinese 11 chars, Simplified", "重要民主活动人士的审判"),
    ("Chinese 11 chars, Traditional", "重要民主活動人士的審判"),
]

_EN_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_ZH_SENTENCE = re.compile(r"(?<=[。！？])")


def sentences(archive: Archive) -> tuple[list[str], list[str]]:
    english: list[str] = []
    chinese: list[str] = []
    for statement in archive:
        for paragraph in statement.en:
            english += [s for s in _EN_SENTENCE.split(paragraph) if s.strip()]
        for paragraph in statement.zh:
            chinese += [s for s in _ZH_SENTENCE.split(paragraph) if s.strip()]
    return english, chinese


def synthetic_statements(archive: Archive, documents: int, seed: int = 1989) -> list[Statement]:
    """``documents`` paragraphs in synthetic statements, half English, half Chinese."""
    english, chinese = sentences(archive)
    rng = random.Random(seed)
    half = PARAGRAPHS_PER_STATEMENT // 2
    statements: list[Statement] = []
    for number in range(documents // PARAGRAPHS_PER_STATEMENT):
        script = "traditional" if number % 2 == 0 else "simplified"
        en = tuple(" ".join(rng.choices(english, k=rng.randint(2, 6))) for _ in range(half))
        zh_trad = ["".join(rng.choices(chinese, k=rng.randint(2, 5))) for _ in range(half)]
        zh = tuple(convert(p, "traditional", Mode.SIMPLIFIED) if script == "simplified" else p
                   for p in zh_trad)  # fmt: skip
        statements.append(
            Statement(
                year=1990 + number % 60,
                year_basis={"method": "SYNTHETIC benchmark corpus"},
                title=f"SYNTHETIC BENCHMARK STATEMENT {number} (not a real statement)",
                en=en,
                zh=zh,
                zh_script=script,  # type: ignore[arg-type]
                signatories=("SYNTHETIC",),
                alignment=Alignment((), "none", "benchmark", "synthetic"),
                source={"file": "synthetic", "sha256": "", "kind": "synthetic"},
                importer={"name": "benchmarks.research_scale"},
            )
        )
    return statements


def build_fts(statements: list[Statement]) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE p USING fts5(key UNINDEXED, year UNINDEXED, body, tokenize='trigram')"
    )
    rows = [
        (f"{i}/{lang}/{n}", s.year, normalise_for_search(text))
        for i, s in enumerate(statements)
        for lang in LANGS
        for n, text in enumerate(s.paragraphs(lang), 1)
    ]
    db.executemany("INSERT INTO p VALUES (?, ?, ?)", rows)
    db.commit()
    return db


class PlainWhoosh:
    """The design this replaces, for reference: positional Whoosh phrases over bigrams.

    English stemmed with positions, Chinese as positional bigrams (plus single characters), a
    multi-character word parsed as a phrase of bigrams (the foundation's schema), every match
    scored by Whoosh. Only the ranked keys are produced (no snippets), so it does less work than
    ``SearchIndex.run``.
    """

    def __init__(self, statements: list[Statement]):
        schema = fields.Schema(
            key=fields.ID(stored=True),
            en=fields.TEXT(analyzer=StemmingAnalyzer(stoplist=None), phrase=True),
            zh=fields.TEXT(analyzer=ChineseTokenizer(), phrase=True, multitoken_query="phrase"),
        )
        storage = RamStorage()  # Whoosh's own file codec in memory (its scratch files in $TMPDIR)
        self.index = storage.create_index(schema)
        writer = self.index.writer()
        for i, statement in enumerate(statements):
            for lang in LANGS:
                for n, text in enumerate(statement.paragraphs(lang), 1):
                    writer.add_document(key=f"{i}/{lang}/{n}", **{lang: text})
        writer.commit()
        self.parser = MultifieldParser(["en", "zh"], schema, group=AndGroup)
        self.searcher = self.index.searcher()

    def search(self, text: str) -> list[str]:
        results = self.searcher.search(self.parser.parse(text), limit=None)
        return [hit["key"] for hit in results]


def fts_search(db: sqlite3.Connection, query: str) -> list[tuple[str, int]]:
    text = normalise_for_search(query.strip('"'))
    if len(text) < 3:
        sql = "SELECT key, year FROM p WHERE instr(body, ?) > 0"
        return db.execute(sql, (text,)).fetchall()
    sql = "SELECT key, year FROM p WHERE p MATCH ? ORDER BY rank"
    return db.execute(sql, ('"' + text.replace('"', '""') + '"',)).fetchall()


def _timed(func: Callable[[], object]) -> tuple[object, float]:
    start = time.perf_counter()
    value = func()
    return value, (time.perf_counter() - start) * 1000


def run(runs: int) -> Section:
    archive = Archive.load(default_archive_dir())
    section = Section(
        "research_scale",
        "Search at research scale (SYNTHETIC corpus from the archive's sentences), ms",
        [
            "docs",
            "class",
            "query",
            "hits",
            "ours median",
            "ours p95",
            "fts5 median",
            "fts5 p95",
            "ratio",
            "p95 ratio",
            "plain whoosh median",
        ],
    )
    builds: list[str] = []
    for size in SIZES:
        statements = synthetic_statements(archive, size)
        index, ours_build = _timed(partial(SearchIndex, statements))
        assert isinstance(index, SearchIndex)
        db, fts_build = _timed(partial(build_fts, statements))
        assert isinstance(db, sqlite3.Connection)
        rows: list[dict[str, object]] = []
        for label, query in QUERIES:
            ours: Stats = measure(partial(index.run, query, limit=20), runs)
            peer: Stats = measure(partial(fts_search, db, query), runs)
            rows.append(
                {
                    "docs": f"{len(index):,}",
                    "class": label,
                    "query": query,
                    "hits": f"{index.run(query, limit=0).total}/{len(fts_search(db, query))}",
                    "ours median": ours.median_ms,
                    "ours p95": ours.p95_ms,
                    "fts5 median": peer.median_ms,
                    "fts5 p95": peer.p95_ms,
                    "ratio": ratio(ours.median_ms, peer.median_ms),
                    "p95 ratio": ratio(ours.p95_ms, peer.p95_ms),
                }
            )
        db.close()
        docs = len(index)
        del index  # the reference engine is built and timed alone: its heap is not ours
        plain, plain_build = _timed(partial(PlainWhoosh, statements))
        assert isinstance(plain, PlainWhoosh)
        for row, (_label, query) in zip(rows, QUERIES, strict=True):
            old: Stats = measure(partial(plain.search, query), max(3, runs // 10), warmup=1)
            row["plain whoosh median"] = old.median_ms
        del plain
        section.rows.extend(rows)
        builds.append(
            f"{docs:,} docs: build ours {ours_build:,.0f} ms, FTS5 {fts_build:,.0f} ms "
            f"(ratio {ratio(ours_build, fts_build)}), plain Whoosh {plain_build:,.0f} ms"
        )
    section.notes = [
        "SYNTHETIC corpus generated at run time, in memory only (never stored). "
        f"{runs} runs per query and size (after 2 warm-up runs; the p95 of {runs} runs leaves "
        f"out only the {runs - round(0.95 * runs)} slowest, so stalls on a busy machine show); "
        "ratio = ours median / FTS5 median; p95 ratio = ours p95 / FTS5 p95 (aim: ≤ 1 at "
        "10,000 for every class). Ours = SearchIndex.run(q, limit=20): "
        "all matches found, exactly checked, ranked and counted per year, first 20 hits with "
        "snippets. FTS5 = every matching key ranked (ORDER BY rank); 2-char queries scan "
        "with instr (trigram cannot MATCH 2 chars).",
        f"plain whoosh = the design this replaces (positional phrase over bigrams, Whoosh "
        f"scoring, keys only), median of {max(3, runs // 10)} runs; for reference only.",
        "'hits' is ours/FTS5: ours counts English words by stem (Tibet ≠ Tibetan); FTS5 "
        "trigram matches substrings (Tibet finds Tibetan), so English counts differ.",
        *("Index " + b for b in builds),
    ]
    return section
