"""Research fixes of issue 10: concordance width 0, touching matches, compare of a reordering."""

from __future__ import annotations

import dataclasses

import pytest

from archive_app.core.record import Archive, load_statement
from archive_app.core.research import compare, concordance, trends
from archive_app.core.search import SearchIndex
from tests.conftest import ARCHIVE, DATA

FIXTURE = DATA / "search_golden" / "fixture-2017.json"


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex([*Archive.load(ARCHIVE), load_statement(FIXTURE)])


def test_concordance_width_zero_gives_the_keyword_alone(index: SearchIndex) -> None:
    lines = concordance(index, "vigil", width=0)
    assert lines and all(line.left == line.right == "" for line in lines)
    assert all(line.keyword.lower().startswith("vigil") for line in lines)
    zh = concordance(index, "國家安全法", width=0)
    assert zh and all(line.left == line.right == "" for line in zh)


def test_touching_matches_are_two_lines_and_two_occurrences(index: SearchIndex) -> None:
    lines = concordance(index, "人", year=2017, width=2)
    assert [(line.left, line.keyword, line.right) for line in lines] == [
        ("", "人", "人都"),
        ("人", "人", "都記"),
    ]
    table = trends(index, ["人"], lang="zh")
    (key,) = [k for k in table.keys if k.year == 2017]
    assert table.occurrences(key, "人") == 2


def test_concordance_in_hong_kong_script_finds_the_variant(index: SearchIndex) -> None:
    (line,) = concordance(index, "保衞", script="traditional-hk", width=2)
    assert (line.left, line.keyword, line.right) == ("我們", "保衞", "香港")
    assert line.converted


def test_compare_a_reordering_is_fully_similar() -> None:
    statement = Archive.load(ARCHIVE).get(2021)
    reordered = dataclasses.replace(statement, year=2020, en=tuple(reversed(statement.en)))
    result = compare(statement, reordered, "en")
    assert result.similarity == pytest.approx(1.0)
    assert all(pair.status == "same" for pair in result.pairs)
    half = dataclasses.replace(statement, year=2020, en=statement.en[: len(statement.en) // 2])
    assert 0.3 < compare(statement, half, "en").similarity < 0.9


def test_compare_folds_hong_kong_variants() -> None:
    fixture = load_statement(FIXTURE)
    from archive_app.core.convert import convert

    hk = dataclasses.replace(
        fixture,
        year=2016,
        zh=tuple(convert(t, "traditional", "traditional-hk") for t in fixture.zh),
    )
    result = compare(fixture, hk, "zh")
    assert result.similarity == pytest.approx(1.0)


def test_the_face_gives_functions_not_their_modules() -> None:
    """``from research import SORTS, concordance`` once gave the module ``concordance``
    (importing the submodule for SORTS bound the module to that name): the CLI crashed."""
    import subprocess
    import sys

    code = (
        "from archive_app.core.research import SORTS, concordance, compare, trends\n"
        "import types\n"
        "assert not any(isinstance(f, types.ModuleType) for f in (concordance, compare, trends))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_cli_concordance_width_zero(capsys: pytest.CaptureFixture[str]) -> None:
    from archive_app.cli import main

    assert main(["concordance", "國家安全法", "--width", "0"]) == 0
    assert "[國家安全法]" in capsys.readouterr().out
