"""Research features on a multi-year archive of SYNTHETIC TEST FIXTURES (2019, 2020) + real 2021.

Golden search-language cases live in tests/data/search_language_cases.json (query → expected
(year, language, paragraph) and what the abbreviation list added).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive_app.core.errors import ArchiveError, QueryError
from archive_app.core.record import Archive, StatementKey
from archive_app.core.research import (
    ArchiveStamp,
    compare,
    compare_years,
    concordance,
    export_concordance,
    export_search,
    export_trends,
    sort_by_left,
    sort_by_right,
    sort_by_year,
    trends,
    write_export,
)
from archive_app.core.search import load_abbreviations, parse_query
from archive_app.core.search._whoosh import TermNotFound
from archive_app.core.search.index import QUERY_HELP, SearchIndex, _zh_terms
from tests.conftest import ARCHIVE, DATA
from tests.synthetic import make_synthetic_archive

CASES: list[dict[str, Any]] = json.loads(
    (DATA / "search_language_cases.json").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    return Archive.load(make_synthetic_archive(tmp_path_factory.mktemp("synthetic")))


@pytest.fixture(scope="module")
def index(archive: Archive) -> SearchIndex:
    return SearchIndex(archive)


@pytest.fixture(scope="module")
def single() -> SearchIndex:
    return SearchIndex(Archive.load(ARCHIVE))


# --- search language ------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c["query"] for c in CASES])
def test_search_language_golden(index: SearchIndex, case: dict[str, Any]) -> None:
    result = index.run(case["query"])
    assert sorted([h.year, h.lang, h.paragraph] for h in result.hits) == sorted(case["expect"])
    assert result.total == len(case["expect"])
    if "expanded" in case:
        assert result.expanded == case["expanded"]


def test_result_counts_every_year_and_all_hits(index: SearchIndex) -> None:
    result = index.run("Tiananmen", limit=1)
    assert result.total == 4 and len(result.hits) == 1
    assert result.counts_by_year == {2019: 1, 2020: 1, 2021: 2}
    assert index.run("Magnitsky").counts_by_year == {2019: 0, 2020: 0, 2021: 1}
    # all hits, several from one statement, ranked best first
    hits = index.search("Tibet", limit=None)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert sum(1 for h in hits if h.year == 2021) == 2


def test_ranking_prefers_more_occurrences(index: SearchIndex) -> None:
    hits = index.search("Tibet", limit=None)
    assert (hits[0].year, hits[0].paragraph, hits[0].occurrences) == (2019, 3, 2)


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("original", {2020: "国家安全法", 2021: "國家安全法"}),
        ("simplified", {2020: "国家安全法", 2021: "国家安全法"}),
        ("traditional-tw", {2020: "國家安全法", 2021: "國家安全法"}),
        ("traditional-hk", {2020: "國家安全法", 2021: "國家安全法"}),
    ],
)
def test_highlights_are_correct_in_the_display_script(
    index: SearchIndex, script: str, expected: dict[int, str]
) -> None:
    result = index.run("国家安全法", script=script, lang="zh")
    assert {h.year for h in result.hits} == {2020, 2021}
    for hit in result.hits:
        assert hit.highlights
        assert all(hit.text[s:e] == expected[hit.year] for s, e in hit.highlights)
        assert f"<mark>{expected[hit.year]}</mark>" in hit.snippet
        source_script = "simplified" if hit.year == 2020 else "traditional"
        assert hit.converted == (script not in ("original", source_script))
        assert hit.script == script


def test_expansion_highlights_both_forms(index: SearchIndex) -> None:
    (hit,) = index.search("國安法", year=2020)
    assert [hit.text[s:e] for s, e in hit.highlights] == ["国安法", "国家安全法"]
    assert hit.occurrences == 2


def test_english_phrase_highlight_and_citation(index: SearchIndex) -> None:
    (hit,) = index.search('"National Security Law"', year=2020)
    assert [hit.text[s:e] for s, e in hit.highlights] == ["National Security Law"]
    assert hit.citation == "Coalition statement, June Fourth 2020, ¶2"
    assert hit.to_dict()["citation"] == hit.citation
    zh = index.search("香港", year=2021)[0]
    assert zh.citation == "Coalition statement, June Fourth 2021, Chinese ¶1"


def test_adjacent_words_highlight_as_one(index: SearchIndex) -> None:
    (hit,) = index.search("Hong Kong", year=2020, lang="en")
    assert [hit.text[s:e] for s, e in hit.highlights] == ["Hong Kong"]


@pytest.mark.parametrize(
    "bad",
    ["year:19", "year:2019..x", "lang:fr Tibet", "lang:en lang:zh Tibet", "signatory: Tibet",
     "Tibet NOT year:2021", "NOT Tibet", "year:2021", "()"],
)  # fmt: skip
def test_bad_queries_say_what_to_write(index: SearchIndex, bad: str) -> None:
    with pytest.raises(QueryError) as info:
        index.run(bad)
    assert str(info.value)


def test_query_parser_structure() -> None:
    parsed = parse_query('(Tibet OR "Hong Kong") AND NOT secur* year:2019..2021 lang:en')
    assert parsed.years == (2019, 2021) and parsed.lang == "en"
    assert parsed.expanded == ()
    lower = parse_query("tibet and hong")  # lower-case operators are words
    assert lower.root.__class__.__name__ == "And" and len(lower.root.children) == 3  # type: ignore[union-attr]
    assert parse_query("year:2019.. year:..2020 Tibet").years == (2019, 2020)


def test_help_text_covers_the_language() -> None:
    for example in ("secur*", '"National Security Law"', "year:2019..2021", "lang:zh", "NOT"):
        assert example in QUERY_HELP
    assert 'signatory:"' in QUERY_HELP and "國安法" in QUERY_HELP


def test_abbreviation_list_is_reviewed_and_checked(tmp_path: Path) -> None:
    data = json.loads((ARCHIVE.parent / "resources" / "abbreviations.json").read_text("utf-8"))
    for entry in data["entries"]:
        assert entry["source"].strip() and entry["reviewer"].strip()
    bad = tmp_path / "abbreviations.json"
    bad.write_text('{"format": 1, "entries": [{"abbreviation": "x"}]}', encoding="utf-8")
    with pytest.raises(QueryError, match="entry 1") as info:
        load_abbreviations(bad)
    assert info.value.path == bad
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(QueryError, match="not valid JSON"):
        load_abbreviations(bad)


def test_whoosh_postings_are_the_documents_holding_each_term(index: SearchIndex) -> None:
    """Read back through Whoosh's reader, every term's postings are exactly the paragraphs
    whose analysed text holds it, in document order; the lexicon is sorted for prefixes."""
    reader = index._reader
    expected: dict[tuple[str, str], list[int]] = {}
    for n, doc in enumerate(index._docs):
        terms = [("zh", t) for t in _zh_terms(doc.norm)] if doc.lang == "zh" else []
        terms += [("en", stem) for stem in set(doc.stems)]
        for term in terms:
            expected.setdefault(term, []).append(n)
    assert len(expected) > 500 and reader.doc_count_all() == len(index._docs)
    for (field, term), docnums in expected.items():
        assert list(reader.postings(field, term).all_ids()) == docnums, (field, term)
        assert reader.doc_frequency(field, term) == len(docnums)
    for field in ("en", "zh"):
        lexicon = [t.decode("utf-8") if isinstance(t, bytes) else t for t in reader.lexicon(field)]
        assert lexicon == sorted(lexicon)
    assert {t.decode("utf-8") for t in reader.expand_prefix("en", "hong")} == {"hong"}
    with pytest.raises(TermNotFound):
        reader.postings("zh", "不在此")


def test_index_progress_and_iterable_of_statements(archive: Archive) -> None:
    seen: list[tuple[int, int]] = []
    index = SearchIndex(list(archive), progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (len(index), len(index)) and index.years == (2019, 2020, 2021)
    assert index.manifest_hash is None


def test_two_versions_of_a_year_are_both_searched(archive: Archive) -> None:
    second = dataclasses.replace(archive.get(2020), path=Path("2020.v2.json"))
    result = SearchIndex([*archive, second]).run("国家安全法", lang="zh", year=2020)
    assert result.total == 2 and result.counts_by_year[2020] == 2
    assert len({h.doc_id for h in result.hits}) == 2
    assert sorted(h.citation for h in result.hits) == [
        "Coalition statement, June Fourth 2020 (version 2), Chinese ¶2",
        "Coalition statement, June Fourth 2020, Chinese ¶2",
    ]


# --- concordance ----------------------------------------------------------------------------


def test_concordance_every_occurrence_with_context(index: SearchIndex) -> None:
    lines = concordance(index, "国家安全法", width=4)
    assert [(ln.year, ln.paragraph) for ln in lines] == [(2020, 2), (2021, 1), (2021, 1)]
    first = lines[0]
    assert (first.left, first.keyword, first.right) == ("胁香港。", "国家安全法", "未经咨询")
    assert lines[1].left == "止。 《" and lines[1].right == "》在香港"
    for line in lines:
        assert line.citation.startswith(f"Coalition statement, June Fourth {line.year}")
        text = line.left + line.keyword + line.right
        paragraph = index.run("国家安全法", year=line.year, lang="zh").hits[0].text
        assert text in paragraph


def test_concordance_english_word_context_and_scripts(index: SearchIndex) -> None:
    lines = concordance(index, '"National Security Law"', width=2, lang="en")
    assert [ln.year for ln in lines] == [2020, 2021, 2021]
    assert lines[0].left == "The " and lines[0].right == " threatens Hong"
    assert all(len(ln.right.split()) <= 2 and len(ln.left.split()) <= 2 for ln in lines)
    converted = concordance(index, "國家安全法", script="simplified", lang="zh")
    assert {ln.keyword for ln in converted} == {"国家安全法"}
    assert [ln.converted for ln in converted] == [False, True, True]


def test_concordance_sorts(index: SearchIndex) -> None:
    lines = concordance(index, "Tiananmen", width=3)
    by_year = sort_by_year(lines)
    assert [ln.year for ln in by_year] == sorted(ln.year for ln in lines)
    by_right = sort_by_right(lines)
    rights = [(ln.keyword + ln.right).casefold() for ln in by_right]
    assert rights == sorted(rights)
    by_left = sort_by_left(lines)
    lefts = [[w.casefold() for w in reversed(ln.left.split())] for ln in by_left]
    assert lefts == sorted(lefts)
    with pytest.raises(QueryError):
        concordance(index, "Tibet", width=-1)


# --- trends ---------------------------------------------------------------------------------


def test_trends_table_all_years_zero_included(index: SearchIndex) -> None:
    table = trends(index, ["Tibet", "國安法", "Magnitsky"])
    assert table.years == (2019, 2020, 2021)
    assert table.keys == tuple(StatementKey(y) for y in (2019, 2020, 2021))

    def by_year(series: list[tuple[StatementKey, int]]) -> list[tuple[int, int]]:
        return [(key.year, value) for key, value in series]

    assert by_year(table.series("Tibet")) == [(2019, 1), (2020, 0), (2021, 2)]
    assert by_year(table.series("Tibet", "occurrences")) == [(2019, 2), (2020, 0), (2021, 2)]
    assert by_year(table.series("國安法", "occurrences")) == [(2019, 0), (2020, 2), (2021, 2)]
    assert table.expanded["國安法"] == ("國家安全法",)
    assert len(table.rows()) == 9
    with pytest.raises(QueryError, match="NOT"):
        trends(index, ["Tibet", "NOT x"])
    with pytest.raises(QueryError):
        trends(index, [])


def test_trends_with_one_year_is_one_row(single: SearchIndex) -> None:
    table = trends(single, ["Tibet"])
    assert table.rows() == [
        {
            "year": 2021,
            "version": 1,
            "origin": "shipped",
            "term": "Tibet",
            "paragraphs": 2,
            "occurrences": 2,
        }
    ]


# --- compare --------------------------------------------------------------------------------


def test_compare_pairs_paragraphs_and_marks_shared_phrases(archive: Archive) -> None:
    result = compare_years(archive, 2019, 2020)
    pairs = [(p.a, p.b, p.status) for p in result.pairs]
    assert pairs == [(1, 1, "changed"), (None, 2, "added"), (2, 3, "changed"), (3, None, "removed")]
    texts = {s.text for s in result.shared}
    assert "We stand firmly with Tiananmen Mothers, supporting their demands for truth" in texts
    a, b = archive.get(2019), archive.get(2020)
    for phrase in result.shared:
        start, end = phrase.a_span
        assert a.en[phrase.a_paragraph - 1][start:end] == phrase.text
        start, end = phrase.b_span
        assert b.en[phrase.b_paragraph - 1][start:end] == phrase.text
        assert len(phrase.text.split()) >= 4
    marked = result.pairs[2]
    assert marked.a_spans and marked.a_text is not None
    assert marked.a_text[marked.a_spans[0][0] : marked.a_spans[0][1]].startswith("We stand")
    assert 0 < result.similarity < 1
    assert json.loads(json.dumps(result.to_dict()))["pairs"][1]["status"] == "added"


def test_compare_chinese_across_scripts(archive: Archive) -> None:
    result = compare(archive.get(2019), archive.get(2020), "zh")
    assert result.pairs[0].status == "changed" and result.pairs[0].ratio > 0.8
    (phrase,) = result.shared
    assert len(phrase.text) >= 6 and phrase.text.startswith("合成測試資料")
    assert archive.get(2020).zh[0][phrase.b_span[0] : phrase.b_span[1]].startswith("合成测试资料")


def test_compare_same_statement_and_errors(archive: Archive) -> None:
    same = compare(archive.get(2021), archive.get(2021))
    assert {p.status for p in same.pairs} == {"same"} and same.similarity == 1.0
    with pytest.raises(ArchiveError, match="two different years"):
        compare_years(archive, 2020, 2020)
    with pytest.raises(ArchiveError, match="no statement for 2018"):
        compare_years(archive, 2018, 2020)
    with pytest.raises(QueryError):
        compare(archive.get(2019), archive.get(2020), "fr")


def test_compare_with_one_year_says_so() -> None:
    with pytest.raises(ArchiveError, match="only one") as info:
        compare_years(Archive.load(ARCHIVE), 2021, 2020)
    assert "2021" in str(info.value)


# --- export ---------------------------------------------------------------------------------


def test_exports_parse_and_carry_citations_and_archive(
    archive: Archive, index: SearchIndex, tmp_path: Path
) -> None:
    stamp = ArchiveStamp.of(archive)
    assert stamp.sha256 == archive.manifest_hash and len(stamp.sha256) == 64
    result = index.run("國安法", script="simplified")
    rows = list(csv.DictReader(io.StringIO(export_search(result, "csv", stamp))))
    assert [r["year"] for r in rows] == ["2020", "2021"]
    assert all(r["archive_sha256"] == stamp.sha256 for r in rows)
    assert rows[1]["citation"] == "Coalition statement, June Fourth 2021, Chinese ¶1"
    assert "[国家安全法]" in rows[1]["snippet"] and "<mark>" not in rows[1]["snippet"]
    payload = json.loads(export_search(result, "json", stamp))
    assert payload["archive"]["sha256"] == stamp.sha256
    assert payload["archive"]["also_searched"] == "國家安全法"
    assert payload["rows"][0]["paragraph"] == 2

    lines = concordance(index, "Tiananmen")
    payload = json.loads(export_concordance(lines, "json", stamp, query="Tiananmen"))
    assert payload["archive"]["kind"] == "concordance" and len(payload["rows"]) == len(lines)
    wanted = {"year", "paragraph", "citation", "left", "keyword", "right"}
    assert wanted <= payload["rows"][0].keys()
    markdown = export_concordance(lines, "markdown", stamp, query="Tiananmen")
    assert stamp.sha256 in markdown and markdown.count("\n| 20") == len(lines)

    table = trends(index, ["Tibet", "國安法"])
    path = tmp_path / "trends.csv"
    write_export(path, export_trends(table, "csv", stamp))
    with path.open(encoding="utf-8", newline="") as handle:
        trend_rows = list(csv.DictReader(handle))
    assert len(trend_rows) == 6 and trend_rows[0]["citation"].endswith("June Fourth 2019")
    with pytest.raises(QueryError, match="unknown export format"):
        export_trends(table, "xml", stamp)


def test_markdown_escapes_table_cells(index: SearchIndex, archive: Archive) -> None:
    text = export_search(index.run('"June Fourth"'), "markdown", ArchiveStamp.of(archive))
    table = [line for line in text.splitlines() if line.startswith("| 20")]
    assert table and all(line.count(" | ") == 11 for line in table)


def test_index_build_writes_no_scratch_files(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile
    from concurrent.futures import ThreadPoolExecutor

    # A file squatting on the shared name: Whoosh's default scratch folder cannot be made.
    (tmp_path / "MAIN.tmp").write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with ThreadPoolExecutor(2) as pool:
        built = list(pool.map(lambda _: SearchIndex(archive), range(2)))
    assert [ix.run("Tibet").total for ix in built] == [3, 3]
    assert [p.name for p in tmp_path.iterdir()] == ["MAIN.tmp"]  # nothing written to disk


def test_prefixes_agree_with_a_plain_scan(archive: Archive, index: SearchIndex) -> None:
    """Every English prefix (5 letters of every word) finds what a plain regex scan finds."""
    words = {w.lower() for s in archive for p in s.en for w in re.findall(r"[A-Za-z]{3,}", p)}
    prefixes = sorted({w[:5] for w in words})
    assert len(prefixes) > 150
    for prefix in prefixes:
        truth = sorted(
            (s.year, n)
            for s in archive
            for n, text in enumerate(s.en, 1)
            if re.search(rf"(?<![A-Za-z0-9]){prefix}", text, re.IGNORECASE)
        )
        found = sorted(
            (h.year, h.paragraph) for h in index.search(f"{prefix}*", lang="en", limit=None)
        )
        assert found == truth, prefix


def test_chinese_substrings_agree_with_a_plain_scan(archive: Archive, index: SearchIndex) -> None:
    """Every 2-, 5- and 11-character stretch of Chinese text is found exactly where it occurs,
    in either script (the scan folds to Simplified the same way)."""
    from archive_app.core.convert import convert, normalise_for_search

    folded = {(s.year, n): normalise_for_search(t) for s in archive for n, t in enumerate(s.zh, 1)}
    needles: set[str] = set()
    for text in folded.values():
        for size in (2, 5, 11):
            needles.update(text[i : i + size] for i in range(0, max(0, len(text) - size), 7))
    needles = {n for n in needles if re.fullmatch(r"[\u4e00-\u9fff]+", n)}
    assert len(needles) > 30
    for needle in sorted(needles):
        truth = sorted(key for key, text in folded.items() if needle in text)
        for query in (needle, convert(needle, "simplified", "traditional-tw")):
            found = sorted(
                (h.year, h.paragraph) for h in index.search(query, lang="zh", limit=None)
            )
            assert found == truth, query


_QUERY_PIECES = st.sampled_from(
    ["Tibet", "secur*", '"', "(", ")", "AND", "OR", "NOT", " ", "year:", "2019", "..", "lang:",
     "zh", "en", "signatory:", "國安法", "香港", "法", "*", ":", "-", "Hong Kong", "，", "x"]
)  # fmt: skip


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(_QUERY_PIECES, max_size=8).map("".join))
def test_any_query_gives_results_or_a_query_error(index: SearchIndex, text: str) -> None:
    try:
        result = index.run(text, limit=3)
    except QueryError as exc:
        assert str(exc)
    else:
        assert result.total >= len(result.hits)
        for hit in result.hits:
            assert all(0 <= s < e <= len(hit.text) for s, e in hit.highlights)
