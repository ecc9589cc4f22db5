"""The CLI, driven in-process through ``main`` with real files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from archive_app.cli import main
from tests.conftest import ARCHIVE, DATA

STORED = ARCHIVE / "data" / "statements" / "2021.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    assert json.loads(out)[0]["year"] == 2021
    code, out, _ = run(capsys, "list")
    assert out.startswith("2021  Coalition Statement on June Fourth")


def test_show_json_is_the_stored_statement(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "2021", "--json")
    assert code == 0
    assert out == STORED.read_text(encoding="utf-8")


def test_show_labels_converted_text(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "show", "2021", "--lang", "zh", "--script", "simplified")
    assert "converted from Traditional" in out and "《国家安全法》" in out
    _, out, _ = run(capsys, "show", "2021", "--lang", "zh")
    assert "converted" not in out and "《國家安全法》" in out
    _, out, _ = run(capsys, "show", "2021", "--lang", "en")
    assert "Tibetan Community in Britain" in out and "香港" not in out.split("\n", 1)[1]


def test_search_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "国家安全法", "--format", "json")
    assert code == 0
    (hit,) = json.loads(out)
    assert {"year", "lang", "paragraph", "text", "snippet", "aligned"} <= hit.keys()
    assert hit["year"] == 2021 and hit["lang"] == "zh" and hit["paragraph"] == 1
    assert "《國家安全法》" in hit["text"]
    english = json.loads(STORED.read_text(encoding="utf-8"))["en"]
    assert hit["aligned"] == english[1]


def test_search_text_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "search", "Magnitsky")
    assert out.startswith("2021 en ¶6:") and "[Magnitsky]" in out
    _, out, _ = run(capsys, "search", "香港", "--format", "csv", "--lang", "zh")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["lang"] == "zh" and rows[0]["aligned"].startswith("The largest")
    _, out, _ = run(capsys, "search", "nothingatall")
    assert "No hits" in out


def test_bad_query_is_a_message_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "search", "NOT tibet")
    assert code == 2 and err.startswith("error:") and "Traceback" not in err


def test_archive_option_before_or_after_the_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "--archive", str(ARCHIVE), "list")[0] == 0
    assert run(capsys, "list", "--archive", str(ARCHIVE))[0] == 0
    code, _, err = run(capsys, "list", "--archive", str(tmp_path))
    assert code == 2 and str(tmp_path) in err
    code, _, err = run(capsys, "--archive", str(tmp_path), "list")
    assert code == 2 and str(tmp_path) in err


def test_verify_passes_then_names_the_changed_file(
    capsys: pytest.CaptureFixture[str], archive_copy: Path
) -> None:
    code, out, _ = run(capsys, "verify", "--archive", str(archive_copy))
    assert code == 0 and out.startswith("OK")
    statement = archive_copy / "data" / "statements" / "2021.json"
    statement.write_text(
        statement.read_text(encoding="utf-8").replace("余慧明", "餘慧明"), encoding="utf-8"
    )
    code, out, err = run(capsys, "verify", "--archive", str(archive_copy))
    assert code == 1 and "2021.json" in err and "changed" in err and out.startswith("FAILED")


def test_import_dry_run_json_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "new-archive"
    code, out, _ = run(
        capsys, "import", str(DATA / "import" / "2021-saved-page.html"), "--dry-run", "--json",
        "--archive", str(target),
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["year"] == 2021
    assert not target.exists()


def test_import_into_a_new_archive_then_verify(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "new-archive"
    seed = ARCHIVE / "data" / "sources" / "000_0b40565ccc724d68.txt"
    assert run(capsys, "import", str(seed), "--archive", str(target))[0] == 0
    assert (target / "data" / "statements" / "2021.json").read_bytes() == STORED.read_bytes()
    assert run(capsys, "verify", "--archive", str(target))[0] == 0
    code, _, err = run(capsys, "import", str(seed), "--archive", str(target))
    assert code == 0 and "already in the archive" in err and "nothing was written" in err
    # The same text from another capture (the saved page): already there, nothing written.
    code, _, err = run(
        capsys, "import", str(DATA / "import" / "2021-saved-page.html"), "--archive", str(target)
    )
    assert code == 0 and "has the same text" in err and "nothing was written" in err
    # A different text for the same year is refused in a named archive, never overwritten
    # (the user's own archive would keep it as version 2: one policy, core/record).
    code, _, err = run(
        capsys,
        "import",
        str(DATA / "curation" / "synthetic-2021-variant.txt"),
        "--archive",
        str(target),
    )
    assert code == 2 and "refused" in err and "never overwritten" in err
    assert (target / "data" / "statements" / "2021.json").read_bytes() == STORED.read_bytes()


def test_import_of_unreadable_structure_exits_2_naming_the_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "menu.html"
    bad.write_text(
        "<html><body>\n<p>Welcome</p>\n<p>Nothing here</p>\n</body></html>", encoding="utf-8"
    )
    target = tmp_path / "archive"
    code, _, err = run(capsys, "import", str(bad), "--archive", str(target))
    assert code == 2 and f"{bad}:" in err and "title" in err
    assert not target.exists()


def test_unknown_year(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "show", "1999")
    assert code == 2 and "no statement for 1999" in err


def test_show_json_lists_the_whole_signature_block(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "2021", "--json")
    data = json.loads(out)
    assert code == 0 and data["format"] == 2 and len(data["signatories"]) == 8
    assert data["signatories"][0] == "Remember June Fourth" and data["sign_offs"] == []
    assert "closing" not in data


def test_dry_run_says_what_is_already_held(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = ARCHIVE / "data" / "sources" / "000_0b40565ccc724d68.txt"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    code, out, _ = run(capsys, "import", str(seed), "--dry-run")
    assert code == 0 and "already in the shipped archive: this source (same SHA-256)" in out
    assert "nothing would be written" in out
    code, out, _ = run(capsys, "import", str(DATA / "import" / "2021-saved-page.html"), "--dry-run")
    assert code == 0 and "already in the shipped archive" in out and "same text" in out
    code, out, _ = run(capsys, "import", str(seed), "--dry-run", "--archive", str(ARCHIVE))
    assert code == 0 and "already in" in out and "unchanged" in out


def test_an_implausible_year_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = tmp_path / "far.txt"
    page.write_text(
        "Coalition Statement\n\nThis year marks the 300th anniversary of the massacre.\n",
        encoding="utf-8",
    )
    target = tmp_path / "bag"
    code, _, err = run(capsys, "import", str(page), "--archive", str(target))
    assert code == 2 and "far.txt:3" in err and "2289 is not a plausible" in err
    assert not target.exists()  # not even the bag: every check runs before anything is written


def test_import_names_what_the_page_held_that_was_not_taken(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = tmp_path / "hidden.html"
    text = (DATA / "import" / "2021-saved-page.html").read_text(encoding="utf-8")
    page.write_text(text.replace("</h1>", "</h1><p hidden>Not shown.</p>", 1), encoding="utf-8")
    code, _, err = run(capsys, "import", str(page), "--dry-run", "--archive", str(tmp_path / "b"))
    assert code == 0 and "hidden.html: ignored: " in err
    assert "1 hidden paragraph (first at line 29)" in err and "1 page footer" in err


def test_only_the_command_run_gets_built() -> None:
    """The parser builds the command named alone (every command is listed for --help and for a
    mistyped name); the global options' values are never taken for it."""
    from archive_app.cli import _command_in, build_parser

    assert _command_in(["search", "list"]) == "search"
    assert _command_in(["--archive", "list", "search", "x"]) == "search"
    assert _command_in(["--arch", "show", "--portable=x", "verify"]) == "verify"
    assert _command_in(["--version"]) is None and _command_in(["--", "list"]) is None
    lazy = build_parser(["search", "國家安全法"])
    args = lazy.parse_args(["search", "國家安全法", "--limit", "3"])
    assert args.query == "國家安全法" and args.limit == 3
    with pytest.raises(SystemExit):
        lazy.parse_args(["show", "2021", "--lang", "en"])  # show's options were not built
    full = build_parser()
    assert full.parse_args(["show", "2021", "--lang", "en"]).lang == "en"
    assert "    search " in lazy.format_help() and "    list " not in lazy.format_help()
    assert "    list " in full.format_help()
    helped = build_parser(["search", "--help"])
    assert helped.format_help() == full.format_help()  # asked for help: every command listed
    typo = build_parser(["serach", "x"])
    assert typo.format_help() == full.format_help()
