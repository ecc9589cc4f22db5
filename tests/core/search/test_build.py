"""The index build: long posting lists, prefixes, and a brute-force check."""

from __future__ import annotations

import dataclasses
import re

import pytest

from archive_app.core.record import Archive, Statement
from archive_app.core.search import SearchIndex
from tests.conftest import ARCHIVE


@pytest.fixture(scope="module")
def many() -> list[Statement]:
    """2,560 SYNTHETIC one-paragraph statements, every one saying vigil and 燭光."""
    base = Archive.load(ARCHIVE).get(2021)
    count = 2560
    return [
        dataclasses.replace(
            base,
            year=1990 + i % 30,
            title=f"SYNTHETIC {i}",
            en=(f"SYNTHETIC vigil number w{i} banned",),
            zh=(f"合成燭光第{i}號",),
            alignment=dataclasses.replace(base.alignment, pairs=()),
        )
        for i in range(count)
    ]


def test_long_posting_lists(many: list[Statement]) -> None:
    index = SearchIndex(many)
    assert len(index) == 2 * len(many)
    assert index.run("vigil", limit=0).total == len(many)
    assert index.run("燭光", limit=0).total == len(many)
    assert index.run("烛光 year:1990", limit=0).total == sum(1 for s in many if s.year == 1990)
    assert index.run("w1*", limit=0).total == sum(1 for i in range(len(many)) if str(i)[0] == "1")
    assert index.run("ban*", limit=0).total == len(many)  # enw: "banned" stems to "ban"
    (hit,) = index.search(f"w{len(many) - 1}")
    assert hit.year == many[-1].year and hit.text == many[-1].en[0]


def test_every_word_agrees_with_a_scan(many: list[Statement]) -> None:
    index = SearchIndex(many[:300])
    for i in range(0, 300, 7):
        expected = [s.en[0] for s in many[:300] if re.search(rf"\bw{i}\b", s.en[0])]
        assert [h.text for h in index.search(f"w{i}", limit=None)] == expected


def test_whoosh_is_imported_without_urllib_request_or_asyncio() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from archive_app.core.search import SearchIndex\n"
        "import archive_app.core.search.index\n"
        "import whoosh.compat\n"
        "assert 'urllib.request' not in sys.modules and 'asyncio' not in sys.modules\n"
        "try:\n"
        "    whoosh.compat.urlretrieve('http://example.invalid/', '/dev/null')\n"
        "except RuntimeError:\n"
        "    pass\n"
        "else:\n"
        "    raise SystemExit('whoosh could download')\n"
        "import urllib.request\n"
        "assert hasattr(urllib.request, 'urlopen')  # the real module, once asked for\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_queries_hold_the_garbage_collector_off_and_put_it_back(
    many: list[Statement], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A query runs with the cyclic collector off (its full passes were the p95 outliers at
    10,000 paragraphs) and leaves it as it found it, on or off, also when the query fails."""
    import gc

    from archive_app.core.errors import QueryError

    index = SearchIndex(many[:200])
    seen: list[bool] = []
    real = SearchIndex._ranked

    def spy(self: SearchIndex, *args: object) -> object:
        seen.append(gc.isenabled())
        return real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(SearchIndex, "_ranked", spy)
    was_on = gc.isenabled()
    try:
        gc.enable()
        assert index.run("vigil", limit=3).total == 200 and gc.isenabled()
        assert len(index.matches("燭光").matches) == 200 and gc.isenabled()
        with pytest.raises(QueryError):
            index.run("vigil", lang="xx")
        assert gc.isenabled()
        gc.disable()
        index.run("vigil")
        assert not gc.isenabled()
    finally:
        if was_on:
            gc.enable()
    assert seen == [False, False, False, False]
