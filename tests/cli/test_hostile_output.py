"""Issue 15: what the CLI prints and exports is data, never a command to a terminal or a
spreadsheet, and never the user's folder names."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from archive_app.cli import main, terminal_safe
from tests.hostile import crafted_bag, dump, statement

# ESC ] 0 ; title BEL (window title), OSC 52 (clipboard write), a C1 CSI, CR, a bidi override.
HOSTILE = "\x1b]0;pwned\x07 \x1b]52;c;ZWNobyBoaQ==\x07 \x9b31m \r\u202e end"


@pytest.fixture
def hostile_root(tmp_path: Path) -> Path:
    data = statement(title=f"Title {HOSTILE}")
    formula = '=HYPERLINK("http://example.invalid/?leak", "HYPERLINK")'
    data["en"] = [f"Tibet {HOSTILE}", f"{formula} {data['en'][1]}", *data["en"][2:]]
    return crafted_bag(tmp_path, {"data/statements/2021.json": dump(data)})


def _unsafe(text: str) -> list[str]:
    return [c for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F]


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["show", "2021"],
        ["search", "Tibet"],
        ["concordance", "Tibet"],
        ["search", "Tibet", "--format", "markdown"],
    ],
    ids=lambda argv: "-".join(argv),
)
def test_text_output_shows_control_characters_escaped(
    hostile_root: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--archive", str(hostile_root), *argv])
    out, err = capsys.readouterr()
    assert code == 0
    assert not _unsafe(out) and not _unsafe(err)
    assert "\u202e" not in out
    if argv[0] in ("list", "show"):
        assert "\\x1b]0;pwned\\x07" in out and "\\u009b31m" in out and "\\x0d" in out


def test_json_output_still_decodes_to_the_stored_text(
    hostile_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["--archive", str(hostile_root), "show", "2021", "--json"])
    out = capsys.readouterr().out
    assert not _unsafe(out)
    assert json.loads(out)["title"] == f"Title {HOSTILE}"


def test_terminal_safe_escapes_lone_surrogates_from_the_command_line() -> None:
    assert terminal_safe("a\udcffb") == "a\\udcffb"
    assert terminal_safe("國安法\tok\n") == "國安法\tok\n"


def test_csv_cells_are_never_formulas(
    hostile_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "hits.csv"
    code = main(["--archive", str(hostile_root), "search", "HYPERLINK", "--output", str(out_file)])
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out_file.read_text(encoding="utf-8"))))
    assert rows and all(not v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())
    assert any(r["text"].startswith("'=HYPERLINK(") for r in rows)
    main(["--archive", str(hostile_root), "search", "HYPERLINK", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and rows[0]["text"].startswith("'=HYPERLINK(")


@pytest.mark.parametrize("fmt", ["csv", "json", "markdown"])
def test_exports_name_no_host_path(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from archive_app.core.paths import AppPaths, default_archive_dir

    code = main(["search", "Tibet", "--format", fmt, "--output", str(tmp_path / f"x.{fmt}")])
    assert code == 0
    text = (tmp_path / f"x.{fmt}").read_text(encoding="utf-8")
    home = AppPaths.for_user().data_dir
    for folder in (default_archive_dir(), default_archive_dir().resolve(), home, Path.home()):
        assert str(folder) not in text
    assert "shipped" in text
