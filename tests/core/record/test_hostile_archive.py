"""Issue 15: one bad file never stops the archive, every command and the window.

Each case is a bag holding the good shipped 2021 statement beside one crafted file. Loading
refuses the crafted file by name (and line, where there is one) and keeps 2021 readable; every
command answers without a traceback and without hanging (a guard fails a blocked test).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from archive_app.cli import main
from archive_app.core.errors import ArchiveError
from archive_app.core.record import (
    MAX_JSON_DEPTH,
    MAX_PARAGRAPHS,
    MAX_STATEMENT_BYTES,
    Archive,
    Library,
    load_statement,
    verify_archive,
)
from tests.hostile import (
    STATEMENT,
    crafted_bag,
    dump,
    fifo,
    folder,
    hang_guard,
    link_to,
    statement,
)

BAD = "data/statements/2022.json"


def _alignment(pairs: object) -> dict[str, object]:
    return {**STATEMENT["alignment"], "pairs": pairs}


def _deep(depth: int) -> bytes:
    return b'{"format": 1, "year_basis": ' + b"[" * depth + b"]" * depth + b"}"


def _huge_year() -> bytes:
    text = dump(statement(year=2022)).decode()
    return text.replace('"year": 2022', '"year": 2' + "0" * 5000, 1).encode()


def _surrogate() -> bytes:
    text = dump(statement(year=2022, title="TITLE")).decode()
    return text.replace('"TITLE"', '"half \\ud800 a character"', 1).encode()


def _too_large() -> bytes:
    data = statement(year=2022)
    filler = "x" * 1000
    data["en"] = [filler] * (MAX_STATEMENT_BYTES // 1000 + 10)
    return dump(data)


Case = tuple[bytes | Callable[[Path], None], str]
CASES: dict[str, Case] = {
    "pairs null": (dump(statement(year=2022, alignment=_alignment(None))), "must be a list"),
    "pairs 5": (dump(statement(year=2022, alignment=_alignment(5))), "must be a list"),
    "pair of booleans": (
        dump(statement(year=2022, alignment=_alignment([{"en": True, "zh": True}]))),
        "names no English paragraph",
    ),
    "nested 200,000 deep": (_deep(200_000), f"nested more than {MAX_JSON_DEPTH} deep"),
    "a folder named 2022.json": (folder, "a folder, not a regular file"),
    "a year of 5,000 digits": (_huge_year(), "not valid JSON"),
    "a float year": (dump(statement(year=1e300)), "expected int, found float"),
    "a lone surrogate": (_surrogate(), "lone surrogate"),
    "a link to /dev/zero": (link_to("/dev/zero"), "a symbolic link"),
    "a link to a file elsewhere": (link_to("/etc/hostname"), "a symbolic link"),
    "a FIFO": (fifo, "a named pipe (FIFO)"),
    "larger than the limit": (_too_large(), "more than the 1 MiB this app reads"),
    "too many paragraphs": (
        dump(statement(year=2022, en=["a"] * (MAX_PARAGRAPHS + 1))),
        f"a statement holds at most {MAX_PARAGRAPHS}",
    ),
    "not UTF-8": (b'{"format": 1, "title": "\xff\xfe"}', "not UTF-8"),
    "a JSON list": (b"[]", "one JSON object"),
    "the name says another year": (dump(statement(year=2023)), "the file name says 2022"),
}


@pytest.fixture(params=sorted(CASES), ids=lambda name: name.replace(" ", "-"))
def bad_bag(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    content, message = CASES[request.param]
    return crafted_bag(tmp_path, {BAD: content}), message


def test_a_bad_file_is_refused_by_name_and_the_rest_stays_readable(
    bad_bag: tuple[Path, str],
) -> None:
    root, message = bad_bag
    with hang_guard():
        archive = Archive.load(root)
    assert archive.years == [2021]
    assert len(archive.problems) == 1, archive.problems
    problem = archive.problems[0]
    assert problem.path is not None and problem.path.name == "2022.json"
    assert message in problem.message, problem.message
    assert len(str(problem)) < 400  # the file's content is never echoed


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["show", "2021"],
        ["search", "Tibet"],
        ["concordance", "Tibet"],
        ["trends", "Tibet"],
        ["verify"],
    ],
    ids=lambda argv: argv[0],
)
def test_every_command_answers_despite_the_bad_file(
    bad_bag: tuple[Path, str], argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    root, _ = bad_bag
    with hang_guard():
        code = main(["--archive", str(root), *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert "2022.json" in err
    if argv[0] == "verify":
        assert code == 1 and "FAILED" in out
    else:
        assert code == 0 and out


def test_load_statement_refuses_before_reading(tmp_path: Path) -> None:
    with hang_guard():
        for name, content in (("fifo.json", fifo), ("zero.json", link_to("/dev/zero"))):
            path = tmp_path / name
            content(path)
            with pytest.raises(ArchiveError, match=r"not a regular file|symbolic link"):
                load_statement(path)


# --- the bag's own files --------------------------------------------------------------------

BAG_CASES: dict[str, tuple[str, bytes | Callable[[Path], None], str]] = {
    "garbage bagit.txt": ("bagit.txt", b"\x00\xff\xfe garbage \x9b", "bagit.txt:1: not UTF-8"),
    "text bagit.txt": ("bagit.txt", b"hello\nworld\n", "not a valid BagIt bag"),
    "binary manifest": ("manifest-sha256.txt", bytes(range(256)) * 8, "manifest-sha256.txt:1"),
    "50 MB manifest line": (
        "manifest-sha256.txt",
        b"a" * (50 * 1024 * 1024) + b"\n",
        "more than the 16 MiB",
    ),
    "5 MB manifest line": (
        "manifest-sha256.txt",
        b"b" * (5 * 1024 * 1024) + b"\n",
        "a manifest line is at most 4,096",
    ),
    "manifest FIFO": ("manifest-sha256.txt", fifo, "named pipe"),
    "manifest link to /dev/zero": ("manifest-sha256.txt", link_to("/dev/zero"), "symbolic link"),
    "manifest is a folder": ("manifest-sha256.txt", folder, "a folder"),
    "bag-info FIFO": ("bag-info.txt", fifo, "named pipe"),
    "tagmanifest binary": ("tagmanifest-sha256.txt", b"\xff" * 100, "not UTF-8"),
}


@pytest.mark.parametrize("case", sorted(BAG_CASES), ids=lambda c: c.replace(" ", "-"))
def test_verify_reports_a_broken_bag_without_traceback_or_hang(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name, content, message = BAG_CASES[case]
    root = crafted_bag(tmp_path, {}, hashed=True)
    target = root / name
    target.unlink()
    if callable(content):
        content(target)
    else:
        target.write_bytes(content)
    with hang_guard():
        report = verify_archive(root)
        code = main(["verify", "--archive", str(root)])
    _, err = capsys.readouterr()
    assert not report.ok
    assert any(message in str(p) for p in report.problems), report.problems
    assert code == 1 and "Traceback" not in err and len(err) < 2000
    if name == "manifest-sha256.txt":  # reading refuses the archive with one clear line
        with hang_guard():
            code = main(["list", "--archive", str(root)])
        _, err = capsys.readouterr()
        assert code == 2 and err.startswith("error: ") and "manifest" in err and len(err) < 600


@pytest.mark.parametrize(
    "content", [fifo, link_to("/dev/zero"), link_to("/etc/hostname")], ids=["fifo", "zero", "link"]
)
def test_verify_names_a_payload_file_that_is_not_regular(
    content: Callable[[Path], None], tmp_path: Path
) -> None:
    root = crafted_bag(tmp_path, {"data/sources/extra.txt": content})
    with hang_guard():
        report = verify_archive(root)
    assert any("extra.txt" in p.path and "not a regular file" in p.message for p in report.problems)


# --- versions: the signed text always first ------------------------------------------------


def _user_bag(files: dict[str, bytes]) -> Path:
    from archive_app.core.paths import AppPaths

    root = AppPaths.for_user().user_archive_dir
    made = crafted_bag(root.parent / "scratch", files, keep_shipped=False)
    made.rename(root)
    return root


def _other_text(year: int = 2021) -> bytes:
    data = statement(year=year, title="A LOCAL TEXT")
    data["source"] = {**data["source"], "sha256": "1" * 64}
    return dump(data)


@pytest.mark.parametrize("name", ["2021.v0.json", "2021.v1.json", "2021.v01.json", "x2021.json"])
def test_non_canonical_names_are_refused_by_name(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _user_bag({f"data/statements/{name}": _other_text()})
    code = main(["show", "2021"])
    out, err = capsys.readouterr()
    assert code == 0 and "A LOCAL TEXT" not in out and "Coalition Statement" in out
    assert name in err and "not a statement file name" in err
    main(["list", "--json"])
    rows = json.loads(capsys.readouterr().out)
    assert [(r["year"], r["version"], r["origin"]) for r in rows] == [(2021, 1, "shipped")]


def test_a_local_first_version_of_a_shipped_year_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _user_bag({"data/statements/2021.json": _other_text()})
    code = main(["show", "2021"])
    out, err = capsys.readouterr()
    assert code == 0 and "A LOCAL TEXT" not in out
    assert "2021.json" in err and "rename it to 2021.v2.json" in err


def test_local_versions_come_after_the_signed_text(tmp_path: Path) -> None:
    user = _user_bag(
        {
            "data/statements/2021.v2.json": _other_text(),
            "data/statements/2020.json": _other_text(2020),
        }
    )
    library = Library.open(crafted_bag(tmp_path, {}), user)
    assert not library.problems
    keys = [(k.year, k.version, k.origin.value) for k in library.keys]
    assert keys == [(2020, 1, "local"), (2021, 1, "shipped"), (2021, 2, "local")]
    assert library.get(2021).title == STATEMENT["title"]


# --- the importer: a source is a regular file; what it gives must fit the limits ------------


@pytest.mark.parametrize(
    "content", [fifo, link_to("/dev/zero"), folder], ids=["fifo", "dev-zero", "folder"]
)
def test_import_refuses_what_is_not_a_regular_file(
    content: Callable[[Path], None], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "page.txt"
    content(path)
    with hang_guard():
        code = main(["import", str(path), "--dry-run"])
    err = capsys.readouterr().err
    assert code == 2 and "page.txt" in err and "not a regular file" in err


def test_import_refuses_a_statement_past_the_limits_before_writing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.conftest import DATA

    seed = (DATA / "curation" / "synthetic-2022-captured.txt").read_text(encoding="utf-8")
    head, sep, tail = seed.partition("Remember June Fourth")
    many = "\n\n".join(f"Paragraph {n} about vigils." for n in range(MAX_PARAGRAPHS + 5))
    path = tmp_path / "many.txt"
    path.write_text(head + many + "\n\n" + sep + tail, encoding="utf-8")
    code = main(["import", str(path)])
    err = capsys.readouterr().err
    assert code == 2 and "many.txt" in err and f"at most {MAX_PARAGRAPHS:,}" in err
    from archive_app.core.paths import AppPaths

    assert not AppPaths.for_user().user_archive_dir.exists()  # nothing written


def test_import_into_a_bag_holding_a_fifo_is_refused_before_writing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Adding regenerates the manifests, which reads every file: a FIFO would hang it."""
    from tests.conftest import DATA

    seed = DATA / "curation" / "synthetic-2022-captured.txt"
    user = _user_bag({})
    fifo(user / "data" / "sources" / seed.name)
    before = sorted(p.name for p in (user / "data" / "statements").iterdir())
    with hang_guard():
        code = main(["import", str(seed)])
    err = capsys.readouterr().err
    assert code == 2 and seed.name in err and "named pipe" in err and "remove it" in err
    assert sorted(p.name for p in (user / "data" / "statements").iterdir()) == before


# --- found by the fuzzers (tests/fuzz): each was a traceback --------------------------------


def test_a_query_that_is_not_text_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    # ``search $'\xff'``: Python hands the byte over as a lone surrogate; OpenCC raised.
    code = main(["search", "Tibet \udcff"])
    err = capsys.readouterr().err
    assert code == 2 and "not text" in err and "\\udcff" in err


def test_bagit_txt_with_a_key_twice_is_reported(tmp_path: Path) -> None:
    root = crafted_bag(tmp_path, {})
    text = (root / "bagit.txt").read_text(encoding="utf-8")
    (root / "bagit.txt").write_text(text + text, encoding="utf-8")  # bagit gave a TypeError
    report = verify_archive(root)
    assert not report.ok and "not a valid BagIt bag" in str(report.problems[0])


def test_manifest_names_too_long_for_the_file_system_are_reported(tmp_path: Path) -> None:
    root = crafted_bag(tmp_path, {})
    manifest = root / "manifest-sha256.txt"
    line = manifest.read_text(encoding="utf-8").splitlines()[0]
    long_name = "data/" + "z" * 3000  # os.stat raised ENAMETOOLONG inside verify
    manifest.write_text(f"{line}\n{line.split()[0]}  {long_name}\n", encoding="utf-8")
    report = verify_archive(root)
    assert any("cannot be checked" in p.message for p in report.problems)
    assert all(len(str(p)) < 700 for p in report.problems)


def test_a_page_whose_markup_html_parser_cannot_read_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Markup that made the stdlib's html.parser raise AssertionError ("<![OCTYPE"): the
    importer's own reader takes it, and the page is refused for what it lacks, by name and
    line, never with a traceback."""
    page = tmp_path / "page.html"
    page.write_text("<![OCTYPE html>\n<p>Statement</p>\n", encoding="utf-8")
    code = main(["import", str(page), "--dry-run"])
    err = capsys.readouterr().err
    assert code == 2 and f"{page}:" in err and "Traceback" not in err
