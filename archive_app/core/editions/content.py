"""What an edition holds, built from the core: statements by key, converted scripts, the folding
table, English tokens, citations and the interface strings.

Everything the page shows or searches is computed here, at build time, by the same functions
the app uses (:func:`~archive_app.core.convert.convert` for scripts,
:func:`~archive_app.core.convert.normalise_for_search` for folding, the index's English analyzer
for word forms, :func:`~archive_app.core.record.cite` for citations), so the page's script only
looks things up: it never decides what a text says.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from archive_app.core.convert import Mode, convert, is_converted, normalise_for_search
from archive_app.core.record import (
    Archive,
    Statement,
    StatementKey,
    cite,
    cite_statement,
    origin_note,
)

__all__ = [
    "FOLD_RANGES",
    "EditionEntry",
    "edition_entries",
    "edition_payload",
    "english_tokens",
    "fold_payload",
    "fold_table",
    "paragraph_anchor",
]

Progress = Callable[[int, int, str], None]

# The code points whose folding the page is given: every one outside ASCII (the core folds
# Chinese today; whatever else it learns to fold, the table follows). Surrogates are not
# characters.
FOLD_RANGES: tuple[tuple[int, int], ...] = (
    (0x80, 0xD7FF),
    (0xE000, 0xFFFF),
    (0x20000, 0x2FA1F),
)


@dataclass(frozen=True)
class EditionEntry:
    """One statement of an edition and its identity."""

    statement: Statement
    key: StatementKey
    several: bool  # the year holds more than one text: show and mark the version

    @property
    def slug(self) -> str:
        return self.key.slug


def paragraph_anchor(key: StatementKey, lang: str, number: int) -> str:
    """The stable anchor of a paragraph: ``2021-en-2``, ``2021.v2-zh-1``, ``2022.local-en-1``."""
    return f"{key.slug}-{lang}-{number}"


def edition_entries(archive: Archive) -> list[EditionEntry]:
    """The archive's statements in reading order, each with its key."""
    pairs = sorted(((archive.key_of(s), s) for s in archive), key=lambda p: p[0].sort_key())
    per_year: dict[int, int] = {}
    for key, _statement in pairs:
        per_year[key.year] = per_year.get(key.year, 0) + 1
    return [EditionEntry(s, k, per_year[k.year] > 1) for k, s in pairs]


def english_tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, stem) of each English token, cut and stemmed exactly as the search index
    does (:func:`archive_app.core.search.en_tokens` on the folded text, Snowball stems)."""
    from archive_app.core.search import en_stem, en_tokens

    plain = normalise_for_search(text)
    return [(start, end, en_stem(word)) for word, start, end in en_tokens(plain)]


def stem_table(texts: list[str]) -> dict[str, str]:
    """Word → the index's stem, for every English word of ``texts`` (the page stems a query
    word with this table first, so a word that occurs in the archive gets the app's own stem;
    a word the archive never uses falls back to the page's Porter stemmer)."""
    from archive_app.core.search import en_stem, en_tokens

    table: dict[str, str] = {}
    for text in texts:
        for word, _start, _end in en_tokens(normalise_for_search(text)):
            table.setdefault(word, en_stem(word))
    return dict(sorted(table.items()))


def fold_table() -> dict[str, str]:
    """Character → what the core's folding makes of it (lower-cased, as the index does), for
    every character where that is more than lower-casing.

    The table is asked of :func:`normalise_for_search` itself, one character at a time, so it
    follows whatever the core's folding does. The page folds the archive's paragraphs and the
    reader's query alike with it (a character not in the table is only lower-cased), so both
    always meet; on the archive's own text this gives exactly what the core gives for a whole
    paragraph (tested). Where OpenCC keeps a character inside a known word (乾隆) the page
    folds it anyway, so it finds a little more, never less.
    """
    table: dict[str, str] = {}
    for low, high in FOLD_RANGES:
        for code in range(low, high + 1):
            char = chr(code)
            folded = normalise_for_search(char).lower()
            if folded != char.lower():
                table[char] = folded
    return table


def fold_payload(table: dict[str, str]) -> dict[str, Any]:
    """The table as the page carries it: one-to-one folds as a string of pairs (a third of the
    size of an object), any other as an object."""
    pairs = "".join(k + v for k, v in sorted(table.items()) if len(k) == 1 and len(v) == 1)
    more = {k: v for k, v in sorted(table.items()) if not (len(k) == 1 and len(v) == 1)}
    return {"pairs": pairs, "more": more}


def _utf16(text: str) -> list[int]:
    """For each code-point offset of ``text``, the offset a browser's string uses (UTF-16)."""
    offsets, at = [], 0
    for char in text:
        offsets.append(at)
        at += 2 if ord(char) > 0xFFFF else 1
    offsets.append(at)
    return offsets


def _packed_tokens(text: str, tokens: list[tuple[int, int, str]]) -> dict[str, Any]:
    """Tokens as the page carries them (half the size of a list of triples): ``stems``, the
    stems joined by spaces (a token never holds one), and ``spans``, for each token the gap
    since the previous token's end and its length, in the browser's (UTF-16) offsets. The page
    unpacks them when it loads."""
    where = _utf16(text)
    spans: list[int] = []
    end = 0
    for start, stop, _stem in tokens:
        spans += [where[start] - end, where[stop] - where[start]]
        end = where[stop]
    return {"stems": " ".join(stem for _s, _e, stem in tokens), "spans": spans}


def _cite_label(key: StatementKey, lang: str, number: int) -> str:
    """``¶2`` / ``Chinese ¶1``: the paragraph part of the core's citation."""
    whole, prefix = cite(key, lang, number), cite_statement(key) + ", "
    return whole[len(prefix) :] if whole.startswith(prefix) else whole


_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def _statement_payload(entry: EditionEntry, href: str) -> dict[str, Any]:
    statement, key = entry.statement, entry.key
    source_script = statement.zh_script
    en = []
    for n, text in enumerate(statement.en, 1):
        tokens = english_tokens(text)
        en.append(
            {
                "n": n,
                "id": paragraph_anchor(key, "en", n),
                "text": text,
                **_packed_tokens(text, tokens),
                "cite": _cite_label(key, "en", n),
                "aligned": statement.alignment.zh_for(n),
            }
        )
    zh = []
    for n, text in enumerate(statement.zh, 1):
        variants = {
            mode: convert(text, source_script, mode)
            for mode in Mode
            if is_converted(source_script, mode)
        }
        zh.append(
            {
                "n": n,
                "id": paragraph_anchor(key, "zh", n),
                "text": text,
                "variants": {m: v for m, v in variants.items() if v != text},
                "cite": _cite_label(key, "zh", n),
                "aligned": statement.alignment.en_for(n),
            }
        )
    titles = {
        mode: convert(statement.title, source_script, mode)
        for mode in Mode
        if is_converted(source_script, mode)
    }
    return {
        "slug": key.slug,
        "href": href,
        "year": key.year,
        "version": key.version,
        "origin": key.origin.value,
        "note": origin_note(key),
        "several": entry.several,
        "title": statement.title,
        "titles": {m: t for m, t in titles.items() if t != statement.title},
        "zh_script": source_script,
        "converted": {mode: is_converted(source_script, mode) for mode in Mode},
        "cite": cite_statement(key),
        "en": en,
        "zh": zh,
    }


def edition_payload(
    entries: list[EditionEntry],
    hrefs: Callable[[EditionEntry], str],
    strings: dict[str, dict[str, str]],
    progress: Progress | None = None,
) -> dict[str, Any]:
    """The JSON object the page reads: statements, folding table, interface strings."""
    statements = []
    total = len(entries) + 1
    for i, entry in enumerate(entries):
        if progress:
            progress(i, total, entry.key.label)
        statements.append(_statement_payload(entry, hrefs(entry)))
    if progress:
        progress(len(entries), total, "folding table")
    return {
        "format": 1,
        "modes": [mode.value for mode in Mode],
        "statements": statements,
        "fold": fold_payload(_fold_table_cached()),
        "stems": stem_table([p for entry in entries for p in entry.statement.en]),
        "strings": strings,
    }


_TABLES: dict[int, dict[str, str]] = {}


def _fold_table_cached() -> dict[str, str]:
    # Asking the core ~100,000 characters takes most of a second; once per process is enough.
    # Keyed by the core function, so a different folding (tests, a reload) is asked again.
    key = id(normalise_for_search)
    if key not in _TABLES:
        _TABLES.clear()
        _TABLES[key] = fold_table()
    return _TABLES[key]
