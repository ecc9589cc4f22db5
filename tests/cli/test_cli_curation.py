"""Importing into the user's own archive from the CLI, and the origin marker in ``list``."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from archive_app.cli import main
from archive_app.core.paths import AppPaths
from tests.conftest import ARCHIVE, DATA

CURATION = DATA / "curation"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def shipped_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in ARCHIVE.rglob("*") if p.is_file()):
        digest.update(path.relative_to(ARCHIVE).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def test_import_without_archive_goes_to_the_user_archive(
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = shipped_digest()
    code, _, err = run(capsys, "import", str(CURATION / "synthetic-2022-captured.txt"))
    assert code == 0 and "added 2022 to your archive" in err and "not signed" in err
    user = AppPaths.for_user().user_archive_dir
    assert (user / "data" / "statements" / "2022.json").is_file()
    assert shipped_digest() == before
    code, _, err = run(capsys, "import", str(CURATION / "synthetic-2022-captured.txt"))
    assert code == 0 and "already in your archive" in err
    code, _, err = run(
        capsys, "import", str(ARCHIVE / "data" / "sources" / "000_0b40565ccc724d68.txt")
    )
    assert code == 0 and "already in the shipped archive" in err

    code, out, _ = run(capsys, "list")
    lines = out.splitlines()
    assert lines[0].startswith("2021  Coalition Statement on June Fourth")
    assert "not signed" not in lines[0]
    assert lines[1].startswith("2022 [added locally, not signed]  Synthetic Test Statement")
    code, out, _ = run(capsys, "list", "--json")
    rows = json.loads(out)
    assert [(r["year"], r["origin"], r["note"]) for r in rows] == [
        (2021, "shipped", None),
        (2022, "local", "added locally, not signed"),
    ]
    # The local statement is readable like any other.
    code, out, _ = run(capsys, "show", "2022", "--lang", "en")
    assert code == 0 and "Exampleton" not in out and "40 candlelight vigils" in out
    # verify checks the user's archive too, and names it for what it is.
    code, out, _ = run(capsys, "verify")
    assert code == 0 and out.startswith("OK")
    assert "your archive (added locally, not signed): OK" in out
    (user / "data" / "statements" / "2022.json").write_text("{}", encoding="utf-8")
    code, out, err = run(capsys, "verify")
    assert (
        code == 1
        and "2022.json" in err
        and "your archive (added locally, not signed): FAILED" in out
    )
    # --archive names exactly one bag: the user's additions are not mixed in.
    code, out, _ = run(capsys, "list", "--archive", str(ARCHIVE))
    assert "2022" not in out
    assert run(capsys, "verify", "--archive", str(ARCHIVE))[0] == 0


def test_second_version_and_curated_alignment(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "import", str(CURATION / "synthetic-2021-variant.txt"), "--align", "2:1",
        "--curator", "A. Tester",
    )  # fmt: skip
    assert code == 0 and "added 2021 v2" in err and "version 2" in err
    user = AppPaths.for_user().user_archive_dir
    stored = json.loads((user / "data/statements/2021.v2.json").read_text(encoding="utf-8"))
    assert stored["alignment"]["pairs"] == [{"en": 2, "zh": 1}]
    assert stored["alignment"]["by"] == "confirmed by the curator (A. Tester) on import"
    code, out, _ = run(capsys, "list")
    assert out.splitlines()[1].startswith(
        "2021 v2 [added locally, not signed]  Synthetic Test Statement"
    )
    code, out, _ = run(capsys, "show", "2021", "--lang", "en")
    assert code == 0 and out.startswith("2021 — Coalition Statement") and "not signed" not in out
    code, out, _ = run(capsys, "show", "2021", "--text", "2", "--lang", "en")
    assert out.startswith(
        "[2021 v2: added locally, not signed]\n2021 v2 — Synthetic Test Statement"
    )
    code, _, err = run(capsys, "show", "2021", "--text", "3")
    assert code == 2 and "no text 3 for 2021" in err and "1, 2" in err
    assert run(capsys, "verify", "--archive", str(user))[0] == 0


def test_bad_alignment_names_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    source = CURATION / "synthetic-2021-variant.txt"
    code, _, err = run(capsys, "import", str(source), "--align", "1:5")
    assert code == 2 and f"error: {source}:" in err and "no Chinese paragraph 5" in err
    assert not AppPaths.for_user().user_archive_dir.exists()


def test_portable_import_stays_in_the_portable_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    code, _, _ = run(
        capsys, "import", str(CURATION / "synthetic-2022-captured.txt"), "--portable", str(stick)
    )
    assert code == 0
    assert (stick / "Data" / "user-archive" / "data" / "statements" / "2022.json").is_file()
    assert not AppPaths.for_user().user_archive_dir.exists()
    code, out, _ = run(capsys, "--portable", str(stick), "list")
    assert "2022" in out and "added locally" in out
