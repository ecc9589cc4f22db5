"""Golden cases for what search once missed (issue 10): one case per bug, query → paragraphs.

The cases (``tests/data/search_golden/cases.json``) run over the shipped archive plus one
SYNTHETIC statement (``fixture-2017.json``) holding the text shapes involved.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from archive_app.core.record import Archive, load_statement
from archive_app.core.search import SearchIndex
from tests.conftest import ARCHIVE, DATA

GOLDEN = DATA / "search_golden"
CASES: list[dict[str, Any]] = json.loads((GOLDEN / "cases.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex([*Archive.load(ARCHIVE), load_statement(GOLDEN / "fixture-2017.json")])


def _case_id(case: dict[str, Any]) -> str:
    return f"{case['query']} [{case.get('script', 'original')}]"


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_golden_case(index: SearchIndex, case: dict[str, Any]) -> None:
    script = case.get("script", "original")
    hits = index.search(case["query"], limit=None, script=script)
    assert sorted([h.year, h.lang, h.paragraph] for h in hits) == sorted(case["expect"])
    by_place = {f"{h.year}/{h.lang}/{h.paragraph}": h for h in hits}
    for place, marks in case.get("marks", {}).items():
        hit = by_place[place]
        assert [hit.text[s:e] for s, e in hit.highlights] == marks
        assert hit.occurrences == len(marks)
    for place, count in case.get("occurrences", {}).items():
        assert by_place[place].occurrences == count
