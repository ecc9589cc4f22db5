"""The one folding of search (``fold_for_search``) and the query limits."""

from __future__ import annotations

import time

import pytest

from archive_app.core.convert import (
    FOLD_TABLE,
    find_folded,
    fold_for_search,
    normalise_for_search,
)
from archive_app.core.errors import QueryError
from archive_app.core.search import parse_query
from archive_app.core.search.querylang import MAX_DEPTH, MAX_QUERY_CHARS, MAX_TERMS


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("國家安全法", "国家安全法"),
        ("保衞", "保卫"),  # Hong Kong variant
        ("敍述", "叙述"),
        ("隨著", "随着"),  # Taiwan form
        ("２０２２年", "2022年"),  # full-width digits
        ("ＮＳＬ，", "nsl,"),  # full-width letters and comma
        ("《國家 安全法》", "《国家安全法》"),  # a space inside a Chinese word
        ("國家\n安全", "国家安全"),  # a line break
        ("Hong Kong", "hong kong"),  # spaces between Latin words stay
        ("Ding Zilin (丁子霖)", "ding zilin (丁子霖)"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold_for_search(text).text == folded


def test_every_row_of_the_fold_table_holds() -> None:
    for _what, example, becomes in FOLD_TABLE:
        assert fold_for_search(example).text == becomes.split(" → ")[-1].lower()


def test_offsets_lead_back_to_the_stored_text() -> None:
    text = "《國家 安全法》和國家\n安全"
    folded = fold_for_search(text)
    start = folded.text.find("国家安全法")
    assert text[slice(*folded.span(start, start + 5))] == "國家 安全法"
    assert [text[s:e] for s, e in find_folded(text, "国家安全")] == ["國家 安全", "國家\n安全"]
    assert find_folded("人人", "人") == [(0, 1), (1, 2)]  # touching: two


def test_normalise_keeps_every_offset() -> None:
    for text in ("İstanbul ﬁ ㈠ 保衞", "２０２２　年", "Ａ國家安全法"):
        assert len(normalise_for_search(text)) == len(text)


def test_query_length_is_capped() -> None:
    with pytest.raises(QueryError, match="limit is"):
        parse_query("a" * (MAX_QUERY_CHARS + 1))


def test_nesting_is_capped_with_a_message_not_a_recursion_error() -> None:
    with pytest.raises(QueryError, match="deep"):
        parse_query("(" * 330 + "tibet" + ")" * 330)
    with pytest.raises(QueryError, match="deep"):
        parse_query("NOT " * 200 + "tibet")
    assert parse_query("(" * MAX_DEPTH + "tibet" + ")" * MAX_DEPTH)


def test_many_terms_and_prefixes_are_refused_quickly() -> None:
    started = time.perf_counter()
    with pytest.raises(QueryError, match="limit is"):
        parse_query("a* " * 3000)
    with pytest.raises(QueryError, match=r"ending in \*"):
        parse_query("a* " * 9)
    with pytest.raises(QueryError, match="words and phrases"):
        parse_query(" ".join(f"w{i}" for i in range(MAX_TERMS + 1)))
    # not a timing assertion on the engine: a guard that the refusal does not parse everything
    assert time.perf_counter() - started < 5
