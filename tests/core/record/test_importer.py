"""The importer: golden files for both input kinds, and clear errors for what it cannot read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive_app.core.errors import ArchiveError, ImportFailure
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


GOLDEN = sorted(
    p.name.removesuffix(".expected.json") for p in (DATA / "import").glob("*.expected.json")
)


@pytest.mark.parametrize("name", GOLDEN)
def test_golden_import(name: str) -> None:
    """Each input kind against its expected statement (tests/data/import/<name>.expected.json)."""
    path = DATA / "import" / name
    expected = json.loads((DATA / "import" / f"{name}.expected.json").read_text(encoding="utf-8"))
    assert import_file(path).statement.to_dict() == expected


def test_the_golden_folder_holds_every_case() -> None:
    inputs = {p.name for p in (DATA / "import").iterdir() if not p.name.endswith(".json")}
    assert set(GOLDEN) == inputs


def test_saved_page_and_captured_text_give_the_same_statement_text() -> None:
    page = import_file(DATA / "import" / "2021-saved-page.html").statement
    text = import_file(DATA / "import" / "2021-captured.txt").statement
    for key in ("title", "year", "en", "zh", "signatories", "sign_offs", "alignment"):
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
    # The whole signature block in source order: "Remember June Fourth" is a signing group.
    assert statement.signatories[0] == "Remember June Fourth"
    assert statement.signatories[1] == "Chinese Solidarity Campaign"
    assert statement.signatories[-1] == "Tibetan Community in Britain"
    assert len(statement.signatories) == 8 and statement.sign_offs == ()


def test_every_word_of_the_seed_body_is_kept(tmp_path: Path) -> None:
    statement = load_statement(STORED)
    seed = (ARCHIVE / "data" / "sources" / SEED).read_text(encoding="utf-8")
    kept = [statement.title, *statement.en, *statement.zh, *statement.signatories]
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


# --- the signature block ------------------------------------------------------------------


def test_a_signer_whose_name_starts_with_never_forget_stays_a_signer() -> None:
    statement = import_file(DATA / "import" / "align-one-for-one.txt").statement
    assert statement.signatories == (
        "Never Forget June Fourth Group",
        "SYNTHETIC Solidarity Network",
    )
    assert statement.sign_offs == ()


def test_format_1_files_still_load_with_the_closing_line_kept_in_place(tmp_path: Path) -> None:
    data = json.loads(STORED.read_text(encoding="utf-8"))
    data["format"] = 1
    block = data.pop("signatories")
    data.pop("sign_offs")
    old = {k: v for k, v in data.items() if k not in ("alignment", "source", "importer")}
    old |= {"closing": block[0], "signatories": block[1:]}
    old |= {k: data[k] for k in ("alignment", "source", "importer")}
    old["importer"] = {"name": "archive_app.core.importer", "version": "1"}
    path = tmp_path / "2021.json"
    path.write_text(json.dumps(old, ensure_ascii=False, indent=2), encoding="utf-8")
    statement = load_statement(path)
    assert statement.signatories == tuple(block)  # the source's order, closing line first
    (judged,) = statement.sign_offs
    assert judged.line == 1 and judged.kind == "pattern guess (format 1 file)"
    assert "no person made this judgement" in judged.by and "importer v1" in judged.by
    assert statement.to_dict()["format"] == 2  # written again, it is a format 2 file


def test_a_curators_sign_off_judgement_is_stored_and_checked(tmp_path: Path) -> None:
    data = json.loads(STORED.read_text(encoding="utf-8"))
    data["sign_offs"] = [
        {
            "line": 1,
            "kind": "editorial judgement",
            "by": "A. Curator",
            "when": "2026-11-28",
            "why": "a slogan in the layout of the page",
        }
    ]
    path = tmp_path / "2021.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    statement = load_statement(path)
    assert statement.signature_block()[0] == ("Remember June Fourth", statement.sign_offs[0])
    assert statement.signature_block()[1] == ("Chinese Solidarity Campaign", None)
    data["sign_offs"][0]["line"] = 9
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ArchiveError, match="line 9 is not in the signature block"):
        load_statement(path)


# --- alignment proposals (golden cases) ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "pairs"),
    [
        ("2021-captured.txt", ((2, 1),)),  # a partial translation: one pair, by its numbers
        ("align-one-for-one.txt", ((1, 1), (2, 2), (3, 3))),  # no shared numbers at all
        ("align-merged.txt", ((1, 1), (2, 2), (3, 2), (4, 3))),  # Chinese ¶2 = English ¶2 + ¶3
    ],
)
def test_alignment_proposal(name: str, pairs: tuple[tuple[int, int], ...]) -> None:
    result = import_file(DATA / "import" / name)
    assert result.statement.alignment.pairs == pairs
    assert result.statement.alignment.kind == "editorial judgement"
    assert "Gale–Church" in result.statement.alignment.by
    assert sorted((e, z) for r in result.reasons for e in r.en for z in r.zh) == list(pairs)


def test_reasons_are_plain_words() -> None:
    result = import_file(DATA / "import" / "align-merged.txt")
    merged = next(r for r in result.reasons if r.en == (2, 3))
    assert merged.zh == (2,) and merged.anchors == ("64",)
    text = merged.describe()
    assert text.startswith("English ¶2 and ¶3 ↔ Chinese ¶2: one Chinese paragraph for two")
    assert "both name 64" in text and "Chinese characters per English character" in text
    assert "shared numbers" not in result.statement.alignment.note


# --- pages it has never seen ----------------------------------------------------------------

_PAGE = (
    "<html><head><title>x</title><meta charset=utf-8>\n"
    "<div><h1>Coalition Statement on June Fourth</h1>\n"
    "<p>This year marks the 33rd anniversary of the massacre, and we remember.</p>\n"
    "{body}"
    "<p>Some Group</p><p>中文</p><p>{zh}</p></div></html>"
)


def _page(tmp_path: Path, body: str = "", zh: str = "我們記得。", name: str = "p.html") -> Path:
    return _write(tmp_path, name, _PAGE.format(body=body, zh=zh))


def test_line_breaks_between_chinese_characters_vanish_as_in_a_browser(tmp_path: Path) -> None:
    path = _page(tmp_path, zh="《國家\n   安全法》在香港\n頒布。 English\nword 與\n香港")
    (zh,) = import_file(path).statement.zh
    assert zh == "《國家安全法》在香港頒布。 English word 與香港"


def test_hidden_and_embedded_content_is_reported_by_name(tmp_path: Path) -> None:
    body = (
        "<p hidden>Secret one.</p><p hidden>Secret two.<p style='display: none'>Three.</p>"
        '<embed src="talk.pdf"><![CDATA[ marked ]]><![foo[ odd ]]>\n'
    )
    result = import_file(_page(tmp_path, body))
    assert "Secret" not in statement_to_json(result.statement)
    kinds = {i.kind: i.count for i in result.ignored}
    assert kinds == {"hidden paragraph": 3, "embedded object": 1, "marked section": 2}
    assert "3 hidden paragraphs (first at line 4)" in result.ignored_text()


def test_a_head_never_closed_still_imports(tmp_path: Path) -> None:
    text = _PAGE.format(body="", zh="我們記得。").replace("<html><head>", "<html><head>", 1)
    path = _write(tmp_path, "nohead.html", text)  # no </head>, no <body>
    assert "</head>" not in text
    assert import_file(path).statement.en[0].startswith("This year marks the 33rd")


def test_unclosed_tags_and_comments_are_reported(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "open.html", _PAGE.format(body="", zh="我們記得。") + "<!-- never closed"
    )
    result = import_file(path)
    assert [i.kind for i in result.ignored] == ["unclosed comment"]
    assert result.statement.signatories == ("Some Group",)


@pytest.mark.parametrize(
    "junk",
    ["<b>x</b>" * 25_000, "</i>" * 60_000, "<a" * 100_000, "<!--" * 50_000, "</" * 100_000,
     "<span>" * 40_000, "<li>" * 40_000, "<![" * 50_000],
)  # fmt: skip
def test_pathological_markup_reads_in_linear_time(tmp_path: Path, junk: str) -> None:
    """Each of these took minutes with html.parser (quadratic); here they read at once."""
    path = _page(tmp_path, body=f"<div>{junk}</div>")
    import_file(path)  # reads, whatever it makes of the junk; a quadratic parser would hang


def test_mhtml_imports_like_the_saved_page(tmp_path: Path) -> None:
    import email.policy
    from email.message import EmailMessage

    page = (DATA / "import" / "2021-saved-page.html").read_bytes()
    message = EmailMessage(policy=email.policy.SMTP)
    message["Snapshot-Content-Location"] = "https://example.org/statement"
    message["Subject"] = "Coalition Statement"
    message.make_related()
    html_part = EmailMessage()
    html_part.set_content(page.decode("utf-8"), subtype="html", cte="quoted-printable")
    html_part["Content-Location"] = "https://example.org/statement"
    message.attach(html_part)
    image = EmailMessage()
    image.set_content(b"\x89PNG...", maintype="image", subtype="png")
    message.attach(image)
    path = _write(tmp_path, "page.mhtml", message.as_bytes())
    result = import_file(path)
    saved = import_file(DATA / "import" / "2021-saved-page.html").statement
    assert result.statement.en == saved.en and result.statement.zh == saved.zh
    assert result.statement.signatories == saved.signatories
    assert result.statement.source["kind"] == "saved web page (MHTML)"
    assert result.statement.source["url"] == "https://example.org/statement"
    assert any(i.kind == "mhtml part" for i in result.ignored)


def test_an_implausible_year_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    text = "Coalition Statement\n\nThis year marks the 300th anniversary of the massacre.\n"
    path = _write(tmp_path, "far.txt", text)
    with pytest.raises(ImportFailure) as info:
        import_file(path)
    assert "far.txt:3" in str(info.value) and "2289 is not a plausible" in str(info.value)


def test_a_big5_page_is_read_in_the_charset_it_declares(tmp_path: Path) -> None:
    text = _PAGE.format(body="", zh="我們記得六四。").replace(
        "<meta charset=utf-8>", '<meta http-equiv="Content-Type" content="text/html; charset=big5">'
    )
    path = _write(tmp_path, "big5.html", text.encode("big5"))
    assert import_file(path).statement.zh == ("我們記得六四。",)


def test_the_fast_wide_letter_count_follows_unicodedata_for_every_code_point() -> None:
    from archive_app.core.record.importer import _WIDE_RANGES, _is_wide_letter

    wrong = [
        hex(code)
        for code in range(0x110000)
        if (ch := chr(code)).isalpha() and _is_wide_letter(ch) != bool(_WIDE_RANGES.fullmatch(ch))
    ]
    assert wrong == []
