"""The editions' content and markup, without a browser: self-contained, escaped, keyed,
folded by the core, written safely."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from archive_app.core.convert import normalise_for_search
from archive_app.core.editions import (
    EditionError,
    build_html,
    edition_entries,
    english_tokens,
    fold_table,
    paragraph_anchor,
)
from archive_app.core.editions import content as content_module
from archive_app.core.editions.content import _packed_tokens, fold_payload
from archive_app.core.editions.page import data_json
from archive_app.core.record import Archive, Library, cite
from tests.conftest import ARCHIVE
from tests.editions_helpers import (
    HOSTILE_PARAGRAPH,
    HOSTILE_SIGNATORY,
    HOSTILE_TITLE,
    tricky_library,
)

BUDGET = 600 * 1024


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.blocks: dict[str, list[str]] = {"script": [], "style": []}
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in self.blocks:
            self._open = tag
            self.blocks[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self.blocks[self._open][-1] += data


def _data(text: str) -> dict[str, object]:
    found = re.search(r'<script type="application/json" id="edition-data">(.*?)</script>', text)
    assert found
    value: dict[str, object] = json.loads(found.group(1))
    return value


@pytest.fixture(scope="module")
def shipped_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("edition") / "edition.html"
    build_html(Library.load(ARCHIVE), out)
    return out.read_text("utf-8")


def test_one_file_with_nothing_to_fetch(shipped_html: str) -> None:
    parser = _Tags()
    parser.feed(shipped_html)
    for tag, attrs in parser.tags:
        assert tag not in {"link", "img", "iframe", "object", "embed", "base", "form"}, tag
        assert "src" not in attrs, (tag, attrs)
        href = attrs.get("href")
        assert href is None or href.startswith("#"), (tag, href)
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
    csp = next(
        a["content"] for _t, a in parser.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert csp is not None
    assert "default-src 'none'" in csp
    assert "'unsafe-inline'" not in csp and "http" not in csp
    # The page's one script and one style are allowed by their hashes, nothing else is.
    scripts = [s for s in parser.blocks["script"] if not s.startswith("{")]
    assert len(scripts) == 1 and len(parser.blocks["style"]) == 1
    for block in (scripts[0], parser.blocks["style"][0]):
        digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_within_the_size_budget_and_linear(tmp_path: Path) -> None:
    library = Library.load(ARCHIVE)
    one = build_html(library, tmp_path / "one.html")
    assert one.size <= BUDGET
    empty = build_html(Archive(ARCHIVE, (), (), None), tmp_path / "empty.html")
    two = build_html(tricky_library(tmp_path), tmp_path / "two.html")
    per_statement = one.size - empty.size
    # A second (slightly longer) statement costs about what the first did: linear growth.
    assert 0.8 * per_statement < two.size - one.size < 1.6 * per_statement


def test_markup_in_the_archive_stays_text(tmp_path: Path) -> None:
    out = tmp_path / "hostile.html"
    build_html(tricky_library(tmp_path), out)
    text = out.read_text("utf-8")
    for raw in ("<img", "<b>Bold", "<script>alert(2)", "<iframe", "<b>markup"):
        assert raw not in text
    assert 'href="javascript' not in text
    assert html.escape(HOSTILE_TITLE) in text
    assert html.escape(HOSTILE_SIGNATORY) in text
    data = _data(text)
    statements = data["statements"]
    assert isinstance(statements, list)
    local = statements[1]
    assert local["title"] == HOSTILE_TITLE
    assert local["zh"][-1]["text"] == HOSTILE_PARAGRAPH
    # Every "<" of the data block is escaped, so no text can close the block.
    assert "</script>" not in data_json({"x": HOSTILE_PARAGRAPH})


def test_each_statement_carries_its_key(tmp_path: Path) -> None:
    out = tmp_path / "keys.html"
    library = tricky_library(tmp_path)
    build_html(library, out)
    text = out.read_text("utf-8")
    shipped = 'id="2021" data-slug="2021" data-year="2021" data-origin="shipped" data-version="1"'
    assert shipped in text
    assert 'data-slug="2021.v2.local" data-year="2021" data-origin="local" data-version="2"' in text
    paragraph = 'id="2021-en-2" lang="en" data-year="2021" data-lang="en" data-paragraph="2"'
    assert f'{paragraph} data-version="1"' in text
    assert (
        'id="2021.v2.local-zh-2" lang="zh-Hant" data-year="2021" data-lang="zh" '
        'data-paragraph="2" data-version="2" data-origin="local"'
    ) in text
    assert text.count('class="local-note"') == 2  # in the year list and on the statement
    data = _data(text)
    statements = data["statements"]
    assert isinstance(statements, list)
    assert [s["note"] for s in statements] == [None, "added locally, not signed"]
    for entry, st in zip(edition_entries(library), statements, strict=True):
        assert st["cite"].startswith("Coalition statement, June Fourth 2021")
        for lang in ("en", "zh"):
            for para in st[lang]:
                full = cite(entry.key, lang, para["n"])
                assert full == f"{st['cite']}, {para['cite']}"
                assert para["id"] == paragraph_anchor(entry.key, lang, para["n"])


def test_single_language_views_keep_the_chinese_order(tmp_path: Path) -> None:
    out = tmp_path / "rows.html"
    build_html(Library.load(ARCHIVE), out)
    text = out.read_text("utf-8")
    rows = re.findall(r'<div class="row(?: no-en| no-zh)*"(?: data-zh="(\d+)")?>', text)
    statement = next(iter(Library.load(ARCHIVE)))
    assert len(rows) == len(statement.en) + sum(
        1 for n in range(1, len(statement.zh) + 1) if statement.alignment.en_for(n) is None
    )
    assert [int(z) for z in rows if z] == list(range(1, len(statement.zh) + 1))
    assert "No Chinese text in the source for this paragraph." in text


def test_fold_table_is_the_cores_folding() -> None:
    statement = next(iter(Library.load(ARCHIVE)))
    table = fold_table()
    assert table["國"] == "国" and table["門"] == "门" and "国" not in table
    for char, folded in table.items():
        assert normalise_for_search(char).lower() == folded
    payload = fold_payload(table)
    pairs = payload["pairs"]
    assert dict(zip(pairs[::2], pairs[1::2], strict=True)) | payload["more"] == table
    # The page folds a query one character at a time; on the archive's own text that gives
    # exactly what the core gives for the whole paragraph.
    for paragraph in statement.zh:
        per_char = "".join(table.get(c, c.lower()) for c in paragraph)
        assert per_char == normalise_for_search(paragraph).lower()


def test_fold_table_follows_whatever_the_core_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """The table is asked of the core's function, so a change there changes the page."""
    monkeypatch.setattr(
        content_module, "normalise_for_search", lambda text: text.replace("國", "口")
    )
    assert fold_table() == {"國": "口"}


def test_english_tokens_are_the_index_analyzers() -> None:
    from archive_app.core.convert import normalise_for_search
    from archive_app.core.search import en_stem, en_tokens

    text = "Vigils were banned; the commemorations continued, U.K. students' memories."
    plain = normalise_for_search(text)
    expected = [(s, e, en_stem(w)) for w, s, e in en_tokens(plain)]
    assert ("banned" in text) and (text.index("banned"), text.index("banned") + 6, "ban") in (
        expected
    )  # Snowball: banned → ban (Whoosh's Porter gave "bann")
    assert english_tokens(text) == expected
    # As the page carries them: gaps and lengths, unpacked here as the page's script does.
    packed = _packed_tokens(text, expected)
    stems, spans, at, unpacked = packed["stems"].split(" "), packed["spans"], 0, []
    for i, stem in enumerate(stems):
        start = at + spans[2 * i]
        at = start + spans[2 * i + 1]
        unpacked.append((start, at, stem))
    assert unpacked == expected


def test_english_offsets_count_as_a_browser_does() -> None:
    """A character outside the BMP is two units in a browser's string: offsets follow."""
    text = "\U0001f56f vigils held"
    packed = _packed_tokens(text, english_tokens(text))
    assert packed["stems"] == "vigil held"
    assert packed["spans"] == [3, 6, 1, 4]


def test_refuses_a_folder_or_a_missing_folder_and_leaves_no_part(tmp_path: Path) -> None:
    library = Library.load(ARCHIVE)
    with pytest.raises(EditionError, match="is a folder"):
        build_html(library, tmp_path)
    with pytest.raises(EditionError, match="does not exist") as info:
        build_html(library, tmp_path / "missing" / "x.html")
    assert "missing" in str(info.value)
    target = tmp_path / "x.html"
    target.write_text("old", "utf-8")

    def boom(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "write_bytes", boom)
        with pytest.raises(EditionError, match="No space left"):
            build_html(library, target)
    assert target.read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.html"]


def test_the_html_edition_is_reproducible(tmp_path: Path) -> None:
    """Two builds of one archive are byte for byte the same (make dist signs it)."""
    first = build_html(Library.load(ARCHIVE), tmp_path / "a.html")
    second = build_html(Library.load(ARCHIVE), tmp_path / "b.html")
    assert first.path.read_bytes() == second.path.read_bytes()


def test_browser_tests_fail_in_ci_and_skip_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without chromium the browser tests skip with the reason, except under CI: they fail."""
    from tests import editions_helpers

    monkeypatch.setattr(editions_helpers, "CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="must run in CI: no chromium"):
        editions_helpers.require_browser()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="no chromium at /nonexistent/chromium"):
        editions_helpers.require_browser()
