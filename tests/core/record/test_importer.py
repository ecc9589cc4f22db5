"""The importer: golden files for both input kinds, and clear errors for what it cannot read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive_app.core.errors import ImportFailure
from archive_app.core.record import import_file, load_statement, statement_to_json
from tests.conftest import ARCHIVE, DATA, SEED_DIR

STORED = ARCHIVE / "data" / "statements" / "2021.json"
SEED = "000_0b40565ccc724d68.txt"


def test_reimporting_the_seed_gives_the_stored_statement_exactly() -> None:
    seed = SEED_DIR / SEED
    if not seed.exists():  # CI always has ../shared; a bare clone falls back to the bag's copy
        seed = ARCHIVE / "data" / "sources" / SEED
    result = import_file(seed)
    assert statement_to_json(result.statement) == STORED.read_text(encoding="utf-8")


def test_stored_source_is_the_unmodified_seed() -> None:
    stored = ARCHIVE / "data" / "sources" / SEED
    if (SEED_DIR / SEED).exists():
        assert stored.read_bytes() == (SEED_DIR / SEED).read_bytes()
    statement = load_statement(STORED)
    import hashlib

    assert statement.source["sha256"] == hashlib.sha256(stored.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", ["2021-captured.txt", "2021-saved-page.html"])
def test_golden_import(name: str) -> None:
    """Each input kind against its expected statement (tests/data/import/<name>.expected.json)."""
    path = DATA / "import" / name
    expected = json.loads((DATA / "import" / f"{name}.expected.json").read_text(encoding="utf-8"))
    assert import_file(path).statement.to_dict() == expected


def test_saved_page_and_captured_text_give_the_same_statement_text() -> None:
    page = import_file(DATA / "import" / "2021-saved-page.html").statement
    text = import_file(DATA / "import" / "2021-captured.txt").statement
    for key in ("title", "year", "en", "zh", "closing", "signatories", "alignment"):
        assert getattr(page, key) == getattr(text, key), key
    assert page.source["kind"] == "saved web page"
    assert text.source["kind"] == "captured page text"


def test_text_is_kept_to_the_letter() -> None:
    statement = load_statement(STORED)
    zh = statement.zh[0]
    assert "然而,自2020" in zh  # ASCII comma stays ASCII
    assert "。 《國家安全法》" in zh  # the space before 《 stays
    assert statement.year == 2021
    assert statement.year_basis["rule"] == "1989 + 32"
    assert statement.year_basis["evidence"] == ["32nd anniversary", "六四32週年"]
    assert statement.source["url"] is None and statement.source["published"] is None
    assert statement.alignment.pairs == ((2, 1),)
    assert statement.alignment.kind == "editorial judgement"
    assert "Skip to main content" not in statement_to_json(statement)
    assert "View latest posts" not in statement_to_json(statement)
    assert statement.signatories[0] == "Chinese Solidarity Campaign"
    assert statement.signatories[-1] == "Tibetan Community in Britain"
    assert statement.closing == "Remember June Fourth"


def test_every_word_of_the_seed_body_is_kept(tmp_path: Path) -> None:
    statement = load_statement(STORED)
    seed = (ARCHIVE / "data" / "sources" / SEED).read_text(encoding="utf-8")
    kept = [statement.title, *statement.en, *statement.zh, *statement.signatories]
    kept.append(statement.closing or "")
    chrome = {"Skip to main content", "Amnesty International UK", "Log in", "In\xa0 Chinese"}
    body, _, _footer = seed.partition("About Amnesty UK Blogs")
    for line in body.split("\n"):
        if line.strip() and line not in chrome:
            assert line in kept, line


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_page_without_title_names_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.txt", "Skip to main content\n\nJust some words here.\n")
    with pytest.raises(ImportFailure) as info:
        import_file(path)
    assert "x.txt:1" in str(info.value)
    assert "title" in str(info.value)


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.txt", b"Coalition Statement\n\n\xff\xfe broken\n")
    with pytest.raises(ImportFailure) as info:
        import_file(path)
    assert "bad.txt:3" in str(info.value)


def test_unknown_year_is_refused_not_guessed(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "noyear.txt",
        "Coalition Statement on June Fourth\n\nWe remember those who died in 1989 in Beijing.\n",
    )
    with pytest.raises(ImportFailure) as info:
        import_file(path)
    assert "noyear.txt:1" in str(info.value) and "--year" in str(info.value)
    assert import_file(path, year=2019).statement.year_basis["method"] == "given by the curator"


def test_contradicting_anniversaries_are_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "two.txt",
        "Statement 六四33週年\n\nThis year marks the 32nd anniversary of the massacre.\n",
    )
    with pytest.raises(ImportFailure, match="different anniversaries"):
        import_file(path)


def test_paragraph_after_signatories_is_refused(tmp_path: Path) -> None:
    text = (
        "Coalition Statement\n\nThis year marks the 32nd anniversary of the massacre.\n\n"
        "Some Campaign\n\nAnd then another long paragraph that reads like part of the statement.\n"
    )
    path = _write(tmp_path, "late.txt", text)
    with pytest.raises(ImportFailure) as info:
        import_file(path)
    assert "late.txt:7" in str(info.value)
