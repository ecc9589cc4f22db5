"""Loading the archive: valid statements load, damaged ones are refused by name, the rest stay."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive_app.core.errors import ArchiveError
from archive_app.core.record import Archive, load_statement, statement_from_dict
from tests.conftest import ARCHIVE

STATEMENT = ARCHIVE / "data" / "statements" / "2021.json"


def test_shipped_archive_loads() -> None:
    archive = Archive.load(ARCHIVE)
    assert archive.years == [2021]
    assert archive.problems == ()
    assert len(archive.manifest_hash) == 64
    statement = archive.get(2021)
    assert len(statement.en) == 7 and len(statement.zh) == 1
    assert statement.aligned_text("zh", 1) == statement.en[1]
    assert statement.aligned("en", 1) is None


def test_missing_year_names_what_there_is() -> None:
    with pytest.raises(ArchiveError, match="2021"):
        Archive.load(ARCHIVE).get(1999)


def test_changed_statement_is_refused_and_named(archive_copy: Path) -> None:
    path = archive_copy / "data" / "statements" / "2021.json"
    path.write_text(path.read_text(encoding="utf-8").replace("香港", "香江", 1), encoding="utf-8")
    archive = Archive.load(archive_copy)
    assert archive.years == []
    (problem,) = archive.problems
    assert "2021.json" in str(problem) and "checksum" in str(problem)


def test_not_a_bag(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match=r"bagit\.txt"):
        Archive.load(tmp_path)


def test_bad_json_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "2021.json"
    path.write_text('{\n  "format": 1,\n  "year": 2021,,\n}\n', encoding="utf-8")
    with pytest.raises(ArchiveError) as info:
        load_statement(path)
    assert f"{path}:3" in str(info.value)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("year", "2021", "expected int"),
        ("format", 3, "not supported"),
        ("en", ["ok", ""], "item 2"),
        ("zh_script", "cyrillic", "traditional"),
        (
            "alignment",
            {"pairs": [{"en": 99, "zh": 1}], "kind": "", "by": "", "note": ""},
            "English",
        ),
    ],
)
def test_schema_errors_point_at_the_key(
    tmp_path: Path, key: str, value: object, message: str
) -> None:
    data = json.loads(STATEMENT.read_text(encoding="utf-8"))
    data[key] = value
    path = tmp_path / "2021.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    with pytest.raises(ArchiveError, match=message) as info:
        load_statement(path)
    line = info.value.line
    assert line is not None
    assert f'"{key}"' in path.read_text(encoding="utf-8").splitlines()[line - 1]


def test_unknown_keys_and_non_objects_are_refused() -> None:
    data = json.loads(STATEMENT.read_text(encoding="utf-8"))
    with pytest.raises(ArchiveError, match="unknown key"):
        statement_from_dict({**data, "surprise": 1})
    with pytest.raises(ArchiveError, match="one JSON object"):
        statement_from_dict([1, 2])
    del data["title"]
    with pytest.raises(ArchiveError, match="missing key 'title'"):
        statement_from_dict(data)
