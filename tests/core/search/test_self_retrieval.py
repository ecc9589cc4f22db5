"""Self-retrieval: search finds what the reader sees.

Over the shipped archive, the synthetic multi-year fixtures and the golden fixture:

- every 2–8 character window of every Chinese paragraph that holds a Chinese character, as
  shown in every script mode (punctuation, digits and spaces included), finds its own paragraph
  with a highlight on exactly those characters of the shown text;
- every English word, and every run of 2–4 words (as a quoted phrase, the text between the
  words included), finds its own paragraph with a highlight over it.

A window that starts or ends with a space is the same query as the window without it, and a
window holding ``"`` cannot be written as a phrase; both are left out (and counted).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from archive_app.core.convert import MODES, convert, fold_for_search
from archive_app.core.record import Archive, Statement, load_statement
from archive_app.core.search import SearchIndex
from archive_app.core.search.index import ParagraphMatch
from tests.conftest import DATA
from tests.synthetic import make_synthetic_archive

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SYNTAX = re.compile(r'[\s()"]')
_EN_WORD = re.compile(r"\w+(?:\.?\w+)*")  # the English analyzer's own token pattern


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[SearchIndex, list[Statement]]:
    archive = Archive.load(make_synthetic_archive(tmp_path_factory.mktemp("self")))
    statements = [*archive, load_statement(DATA / "search_golden" / "fixture-2017.json")]
    return SearchIndex(statements), statements


def _query(window: str) -> str:
    return f'"{window}"' if _SYNTAX.search(window) or window in ("AND", "OR", "NOT") else window


def _windows(text: str) -> Iterator[str]:
    seen: set[str] = set()
    for size in range(2, 9):
        for start in range(len(text) - size + 1):
            window = text[start : start + size]
            if not _HAN.search(window) or window[0].isspace() or window[-1].isspace():
                continue
            if '"' in window or window in seen:
                continue
            seen.add(window)
            yield window


def _own(
    matches: list[ParagraphMatch], statement: Statement, lang: str, number: int
) -> ParagraphMatch | None:
    for match in matches:
        if match.statement is statement and match.lang == lang and match.paragraph == number:
            return match
    return None


def _first_folded(text: str, window: str) -> tuple[int, int]:
    folded = fold_for_search(text)
    want = fold_for_search(window).text
    start = folded.text.find(want)
    return folded.span(start, start + len(want))


def test_every_chinese_window_in_every_script_finds_its_paragraph(
    corpus: tuple[SearchIndex, list[Statement]],
) -> None:
    index, statements = corpus
    failures: list[str] = []
    checked = 0
    cache: dict[tuple[str, str], list[ParagraphMatch]] = {}
    for statement in statements:
        for number, stored in enumerate(statement.zh, 1):
            for mode in MODES:
                shown = convert(stored, statement.zh_script, mode)
                for window in _windows(shown):
                    query = _query(window)
                    key = (query, mode)
                    if key not in cache:
                        cache[key] = index.matches(query, script=mode).matches
                    checked += 1
                    own = _own(cache[key], statement, "zh", number)
                    # the first occurrence (folded) is the one a left-to-right scan marks
                    expected = _first_folded(shown, window)
                    if own is None or expected not in own.spans:
                        failures.append(f"{statement.year} zh ¶{number} {mode}: {query!r}")
    assert checked > 10_000
    assert not failures, f"{len(failures)} of {checked} windows: {failures[:20]}"


def test_every_english_word_and_phrase_finds_its_paragraph(
    corpus: tuple[SearchIndex, list[Statement]],
) -> None:
    index, statements = corpus
    failures: list[str] = []
    checked = 0
    for statement in statements:
        for number, text in enumerate(statement.en, 1):
            words = list(_EN_WORD.finditer(text))
            for size in range(1, 5):
                for i in range(len(words) - size + 1):
                    start, end = words[i].start(), words[i + size - 1].end()
                    phrase = text[start:end]
                    if '"' in phrase or (size == 1 and len(phrase) < 2):
                        continue
                    query = _query(phrase) if size == 1 else f'"{phrase}"'
                    checked += 1
                    own = _own(index.matches(query).matches, statement, "en", number)
                    covered = own is not None and any(s <= start and end <= e for s, e in own.spans)
                    if not covered:
                        failures.append(f"{statement.year} en ¶{number}: {query!r}")
    assert checked > 3_000
    assert not failures, f"{len(failures)} of {checked}: {failures[:20]}"
