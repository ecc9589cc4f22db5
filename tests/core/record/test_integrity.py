"""verify: the whole bag and every statement; each problem names its file."""

from __future__ import annotations

from pathlib import Path

from archive_app.core.record import verify_archive
from tests.conftest import ARCHIVE


def test_shipped_archive_verifies() -> None:
    report = verify_archive(ARCHIVE)
    assert report.ok, report.problems
    assert report.statements_checked == 1
    assert report.files_checked >= 2
    assert report.summary().startswith("OK")


def test_one_changed_character_is_named(archive_copy: Path) -> None:
    source = archive_copy / "data" / "sources" / "000_0b40565ccc724d68.txt"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("國家安全法", "國家安全發", 1), encoding="utf-8")
    report = verify_archive(archive_copy)
    assert not report.ok
    assert any(
        "000_0b40565ccc724d68.txt" in p.path and "changed" in p.message for p in report.problems
    )


def test_missing_and_extra_files_are_named(archive_copy: Path) -> None:
    (archive_copy / "data" / "statements" / "2021.json").unlink()
    (archive_copy / "data" / "planted.so").write_bytes(b"\x7fELF")
    report = verify_archive(archive_copy)
    messages = {Path(p.path).name: p.message for p in report.problems}
    assert messages["2021.json"].startswith("missing")
    assert messages["planted.so"].startswith("extra")


def test_tag_file_change_is_caught(archive_copy: Path) -> None:
    info = archive_copy / "bag-info.txt"
    info.write_text(info.read_text(encoding="utf-8") + "Note: hello\n", encoding="utf-8")
    assert not verify_archive(archive_copy).ok


def test_not_a_bag(tmp_path: Path) -> None:
    report = verify_archive(tmp_path)
    assert not report.ok and "bagit.txt" in str(report.problems[0])
