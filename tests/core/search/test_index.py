"""Search golden cases (query → expected paragraphs) and the behaviour around them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from archive_app.core.errors import QueryError
from archive_app.core.record import Archive
from archive_app.core.search import SearchIndex, cjk_tokens
from tests.conftest import ARCHIVE, DATA

CASES: list[dict[str, Any]] = json.loads((DATA / "search_cases.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(Archive.load(ARCHIVE))


@pytest.mark.parametrize("case", CASES, ids=[c["query"] for c in CASES])
def test_golden_search(index: SearchIndex, case: dict[str, Any]) -> None:
    hits = index.search(case["query"], limit=None)
    found = sorted([h.lang, h.paragraph] for h in hits)
    assert found == sorted(case["expect"])


def test_both_scripts_find_the_traditional_paragraph_with_alignment(index: SearchIndex) -> None:
    for query_text in ("国家安全法", "國家安全法"):
        (hit,) = index.search(query_text)
        assert hit.text.count("國家安全法") == 2  # the original script, never converted
        assert hit.aligned is not None and hit.aligned.startswith("The largest June Fourth")
        assert hit.aligned_paragraph == 2
        assert hit.highlights == ((81, 86), (209, 214))
        assert all(hit.text[s:e] == "國家安全法" for s, e in hit.highlights)
        assert "<mark>國家安全法</mark>" in hit.snippet


def test_english_hit_carries_its_chinese_counterpart(index: SearchIndex) -> None:
    (hit,) = index.search('"National Security Law"')
    assert hit.aligned is not None and "國家安全法" in hit.aligned
    unaligned = index.search("Magnitsky")[0]
    assert unaligned.aligned is None and unaligned.aligned_paragraph is None


def test_filters(index: SearchIndex) -> None:
    assert index.search("Hong Kong", lang="zh") == []
    assert [h.lang for h in index.search("香港", lang="zh")] == ["zh"]
    assert index.search("Hong Kong", year=2020) == []
    assert len(index.search("the", limit=2)) == 2


@pytest.mark.parametrize("bad", ["", "   ", "(", "NOT tibet", ")))"])
def test_queries_with_nothing_to_find_are_refused_clearly(index: SearchIndex, bad: str) -> None:
    with pytest.raises(QueryError):
        index.search(bad)


@pytest.mark.parametrize(
    "odd", ['"unclosed phrase', "Tibet AND", "(Tibet", "year:abc Tibet", "*", "lang:"]
)
def test_odd_queries_are_read_leniently(index: SearchIndex, odd: str) -> None:
    try:
        index.search(odd)
    except QueryError as exc:
        assert str(exc)


def test_bad_language_filter(index: SearchIndex) -> None:
    with pytest.raises(QueryError, match="'en' or 'zh'"):
        index.search("Tibet", lang="fr")


def test_cjk_tokens_index_and_query_modes() -> None:
    index_tokens = [t for t, *_ in cjk_tokens("國家安全", for_query=False)]
    assert index_tokens == ["国", "家", "安", "全", "国家", "家安", "安全"]
    assert [t for t, *_ in cjk_tokens("國家安全", for_query=True)] == ["国家", "家安", "安全"]
    assert [t for t, *_ in cjk_tokens("法", for_query=True)] == ["法"]
    assert [t for t, *_ in cjk_tokens("NSL 法", for_query=True)] == ["nsl", "法"]
