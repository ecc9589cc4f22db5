"""The research commands through ``main``: search language, concordance, trends, compare, exports.

Multi-year behaviour runs on a temporary bag of SYNTHETIC TEST FIXTURES (tests/synthetic.py);
one-year behaviour on the shipped archive.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from archive_app.cli import main
from archive_app.core.record import Archive
from tests.synthetic import make_synthetic_archive


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def bag(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(make_synthetic_archive(tmp_path_factory.mktemp("cli-synthetic")))


def test_search_help_syntax(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "--help-syntax")
    assert code == 0 and "year:2019..2021" in out and 'signatory:"' in out
    code, _, err = run(capsys, "search")
    assert code == 2 and "--help-syntax" in err


def test_search_language_counts_and_expansion(capsys: pytest.CaptureFixture[str], bag: str) -> None:
    code, out, _ = run(capsys, "search", "國安法", "--archive", bag, "--script", "simplified")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("2020 zh ¶2:") and "[国安法]" in lines[0]
    assert "— 2 of 2 matching paragraphs (2020: 1, 2021: 1)" in out
    assert "also searched: 國家安全法" in out
    assert "converted to simplified" in out
    _, out, _ = run(capsys, "search", "year:2019..2020 Tibet", "--archive", bag)
    assert out.startswith("2019 en ¶3:")
    _, out, _ = run(
        capsys, "search", 'signatory:"democracy for hong kong" Tiananmen', "--archive", bag,
        "--format", "json",
    )  # fmt: skip
    assert sorted(h["year"] for h in json.loads(out)) == [2020, 2021, 2021]
    code, _, err = run(capsys, "search", "Tibet NOT year:2021", "--archive", bag)
    assert code == 2 and err.startswith("error:") and "NOT" in err


def test_search_export_to_file(
    capsys: pytest.CaptureFixture[str], bag: str, tmp_path: Path
) -> None:
    digest = Archive.load(Path(bag)).manifest_hash
    target = tmp_path / "hits.csv"
    code, _, err = run(capsys, "search", "Tiananmen", "--archive", bag, "--output", str(target))
    assert code == 0 and str(target) in err
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 4 and {r["archive_sha256"] for r in rows} == {digest}
    assert all(r["citation"].startswith("Coalition statement, June Fourth") for r in rows)
    target = tmp_path / "hits.out"
    code, _, _ = run(
        capsys, "search", "Tibet", "--archive", bag, "--format", "json", "--output", str(target)
    )
    payload = json.loads(target.read_text(encoding="utf-8"))
    assert code == 0 and payload["archive"]["sha256"] == digest and len(payload["rows"]) == 3
    code, out, _ = run(capsys, "search", "Tibet", "--archive", bag, "--format", "markdown")
    assert code == 0 and out.startswith("# Search results: Tibet") and digest in out
    code, _, err = run(capsys, "search", "Tibet", "--output", str(tmp_path / "x.txt"))
    assert code == 2 and "x.txt" in err


def test_concordance_cli(capsys: pytest.CaptureFixture[str], bag: str) -> None:
    code, out, _ = run(capsys, "concordance", "国家安全法", "--archive", bag, "--width", "3")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 4 and lines[-1] == "— 3 occurrences"
    assert "香港。 [国家安全法] 未经咨" in lines[0] and lines[0].startswith("2020 zh ¶2")
    code, out, _ = run(
        capsys, "concordance", "Tiananmen", "--archive", bag, "--format", "csv", "--sort", "left"
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 4
    assert {"year", "paragraph", "citation", "left", "keyword", "right", "archive_sha256"} <= set(
        rows[0]
    )
    code, out, _ = run(capsys, "concordance", "Tiananmen", "--archive", bag, "--format", "json")
    payload = json.loads(out)
    assert payload["archive"]["kind"] == "concordance" and len(payload["rows"]) == 4
    code, out, _ = run(capsys, "concordance", "nothingatall", "--archive", bag)
    assert code == 0 and "No occurrences" in out


def test_trends_cli(capsys: pytest.CaptureFixture[str], bag: str, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "trends", "Tibet", "國安法", "--archive", bag)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["year", "Tibet", "國安法"]
    assert lines[1].split()[0] == "2019" and lines[2].split()[:2] == ["2020", "0"]
    assert "國安法: also searched 國家安全法" in out
    target = tmp_path / "trends.json"
    code, _, _ = run(capsys, "trends", "Tibet", "--archive", bag, "--output", str(target))
    rows = json.loads(target.read_text(encoding="utf-8"))["rows"]
    assert [(r["year"], r["paragraphs"]) for r in rows] == [(2019, 1), (2020, 0), (2021, 2)]
    code, out, _ = run(capsys, "trends", "Tibet", "--format", "csv")  # the shipped archive
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["year"] for r in rows] == ["2021"]


def test_compare_cli(capsys: pytest.CaptureFixture[str], bag: str) -> None:
    code, out, _ = run(capsys, "compare", "2019", "2020", "--archive", bag)
    assert code == 0 and out.startswith("2019 → 2020 (en): overall similarity")
    assert "added" in out and "removed" in out and "Shared phrases:" in out
    code, out, _ = run(capsys, "compare", "2019", "2020", "--archive", bag, "--format", "json")
    assert json.loads(out)["pairs"][0]["a"] == 1
    code, out, _ = run(capsys, "compare", "2020", "2021", "--archive", bag, "--lang", "zh")
    assert code == 0 and "(zh)" in out
    code, _, err = run(capsys, "compare", "2021", "2020")  # the shipped archive: one year
    assert code == 2 and "only one" in err and "Traceback" not in err


def test_exports_name_the_users_local_archive_too(capsys: pytest.CaptureFixture[str]) -> None:
    from archive_app.core.paths import AppPaths
    from tests.conftest import DATA

    code, _, _ = run(capsys, "import", str(DATA / "curation" / "synthetic-2022-captured.txt"))
    assert code == 0
    local = Archive.load(AppPaths.for_user().user_archive_dir).manifest_hash
    code, out, _ = run(capsys, "trends", "June", "--format", "json")
    payload = json.loads(out)
    assert code == 0 and payload["archive"]["local_sha256"] == local
    assert [row["year"] for row in payload["rows"]] == [2021, 2022]
    code, out, _ = run(capsys, "trends", "June", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["local_archive_sha256"] for r in rows} == {local}
    code, out, _ = run(capsys, "search", "June", "--format", "markdown")
    assert "Added locally, not signed (local): sha256" in out and local in out
