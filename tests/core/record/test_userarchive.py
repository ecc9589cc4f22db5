"""The user's own archive: added beside the shipped bag, never into it; versions, not overwrites."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from archive_app.core.errors import ArchiveError, ImportFailure
from archive_app.core.paths import AppPaths
from archive_app.core.record import (
    ADDED,
    ALREADY,
    LOCAL,
    LOCAL_NOTE,
    SHIPPED,
    Archive,
    Library,
    Origin,
    Statement,
    StatementKey,
    UserArchive,
    curated_alignment,
    import_file,
    load_statement,
    origin_note,
    statement_version,
    verify_archive,
)
from tests.conftest import ARCHIVE, DATA

CURATION = DATA / "curation"
SEED = ARCHIVE / "data" / "sources" / "000_0b40565ccc724d68.txt"


def tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def shipped(archive_copy: Path) -> Archive:
    return Archive.load(archive_copy)


def test_new_year_goes_to_the_user_bag_and_never_the_shipped_one(
    shipped: Archive, tmp_path: Path
) -> None:
    before = tree_digest(shipped.root)
    user = UserArchive(tmp_path / "user")
    result = user.add(import_file(CURATION / "synthetic-2022-captured.txt"), shipped=shipped)
    assert result.outcome == ADDED and (result.year, result.version) == (2022, 1)
    assert result.path == tmp_path / "user" / "data" / "statements" / "2022.json"
    assert "added locally, not signed" in result.message
    assert tree_digest(shipped.root) == before
    assert verify_archive(user.root).ok
    stored = json.loads(result.path.read_text(encoding="utf-8"))
    assert stored["source"]["file"] == "data/sources/synthetic-2022-captured.txt"
    source = user.root / stored["source"]["file"]
    assert source.read_bytes() == (CURATION / "synthetic-2022-captured.txt").read_bytes()
    assert "not signed" in (user.root / "bag-info.txt").read_text(encoding="utf-8").lower()


def test_same_source_again_is_already_in_your_archive(shipped: Archive, tmp_path: Path) -> None:
    user = UserArchive(tmp_path / "user")
    imported = import_file(CURATION / "synthetic-2022-captured.txt")
    assert user.add(imported, shipped=shipped).added
    before = tree_digest(user.root)
    again = user.add(import_file(CURATION / "synthetic-2022-captured.txt"), shipped=shipped)
    assert again.outcome == ALREADY and again.where == "your archive"
    assert "already in your archive" in again.message and again.reason == "same source"
    assert tree_digest(user.root) == before


def test_shipped_source_is_already_in_the_shipped_archive(shipped: Archive, tmp_path: Path) -> None:
    user = UserArchive(tmp_path / "user")
    result = user.add(import_file(SEED), shipped=shipped)
    assert result.outcome == ALREADY and result.where == "the shipped archive"
    assert not user.root.exists()
    # Another capture of the same page (a saved web page): same text, different bytes.
    page = user.add(import_file(DATA / "import" / "2021-saved-page.html"), shipped=shipped)
    assert page.outcome == ALREADY and page.reason == "same text"
    assert not user.root.exists()


def test_different_text_for_a_shipped_year_is_a_second_version(
    shipped: Archive, tmp_path: Path
) -> None:
    user = UserArchive(tmp_path / "user")
    result = user.add(import_file(CURATION / "synthetic-2021-variant.txt"), shipped=shipped)
    assert result.added and (result.year, result.version) == (2021, 2)
    assert result.path is not None and result.path.name == "2021.v2.json"
    assert "version 2" in result.message
    library = user.library(shipped)
    versions = library.versions(2021)
    assert [(e.version, e.origin) for e in versions] == [(1, SHIPPED), (2, LOCAL)]
    assert versions[0].statement == shipped.get(2021)
    assert versions[1].key == StatementKey(2021, 2, Origin.LOCAL)
    assert versions[1].key.label == "2021 v2" and not versions[1].key.signed
    assert library.get(2021) is versions[0].statement
    # A third text for the same year is version 3, and the loader keeps version order.
    third = tmp_path / "variant-3.txt"
    third.write_text(
        (CURATION / "synthetic-2021-variant.txt")
        .read_text(encoding="utf-8")
        .replace("12 cities", "13 cities"),
        encoding="utf-8",
    )
    assert user.add(import_file(third), shipped=shipped).version == 3
    local = Archive.load(user.root)
    assert [statement_version(s) for s in local] == [2, 3]
    assert verify_archive(user.root).ok


def test_local_first_text_then_second_text_of_a_new_year(tmp_path: Path) -> None:
    user = UserArchive(tmp_path / "user")
    first = import_file(CURATION / "synthetic-2022-captured.txt")
    assert user.add(first).version == 1
    other = tmp_path / "synthetic-2022-captured.txt"  # same name, different bytes
    other.write_text(
        (CURATION / "synthetic-2022-captured.txt")
        .read_text(encoding="utf-8")
        .replace("40 candlelight vigils", "41 candlelight vigils"),
        encoding="utf-8",
    )
    second = user.add(import_file(other))
    assert second.added and second.version == 2
    stored = load_statement(user.root / "data" / "statements" / "2022.v2.json")
    # The name was taken by the first source, so the second is stored under its hash.
    assert stored.source["file"] != "data/sources/synthetic-2022-captured.txt"
    assert (user.root / str(stored.source["file"])).read_bytes() == other.read_bytes()
    assert (user.root / "data/sources/synthetic-2022-captured.txt").read_bytes() == (
        CURATION / "synthetic-2022-captured.txt"
    ).read_bytes()
    assert verify_archive(user.root).ok


def test_curated_alignment_records_the_curator() -> None:
    imported = import_file(CURATION / "synthetic-2022-captured.txt")
    statement = imported.statement
    assert statement.alignment.pairs == ((1, 1), (2, 2))
    same = curated_alignment(statement, [(2, 2), (1, 1)])
    assert same.by == "confirmed by the curator on import" and same.pairs == ((1, 1), (2, 2))
    corrected = curated_alignment(statement, [(2, 2)], curator="A. Tester")
    assert corrected.pairs == ((2, 2),)
    assert corrected.by == "corrected by the curator (A. Tester) on import"
    assert corrected.kind == "editorial judgement" and "importer" in corrected.note
    with pytest.raises(ImportFailure, match="no Chinese paragraph 3"):
        curated_alignment(statement, [(1, 3)])
    with pytest.raises(ImportFailure, match="is given twice"):
        curated_alignment(statement, [(1, 1), (1, 1)])
    # 1–2 is a match (one English paragraph, two Chinese); 2–2 is not.
    assert curated_alignment(statement, [(1, 1), (1, 2)]).pairs == ((1, 1), (1, 2))
    with pytest.raises(ImportFailure, match="more than a 1–2 match allows"):
        curated_alignment(statement, [(1, 1), (1, 2), (2, 2)])


def test_add_with_curated_alignment_is_stored(tmp_path: Path) -> None:
    imported = import_file(CURATION / "synthetic-2022-captured.txt")
    alignment = curated_alignment(imported.statement, [(1, 1), (2, 2)])
    result = UserArchive(tmp_path / "user").add(imported, alignment=alignment)
    assert result.path is not None
    stored = load_statement(result.path)
    assert stored.alignment == alignment
    assert stored.en == imported.statement.en and stored.zh == imported.statement.zh


def test_user_archive_folder_that_is_not_a_bag_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "user"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ArchiveError, match="not empty"):
        UserArchive(folder).add(import_file(CURATION / "synthetic-2022-captured.txt"))
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_portable_mode_keeps_the_user_archive_in_the_portable_folder(tmp_path: Path) -> None:
    paths = AppPaths.for_portable(tmp_path / "stick")
    user = UserArchive.for_paths(paths)
    user.add(import_file(CURATION / "synthetic-2022-captured.txt"))
    assert user.root.is_relative_to(tmp_path / "stick")
    assert (tmp_path / "stick" / "Data" / "user-archive" / "bagit.txt").is_file()


def test_library_marks_origins_and_survives_a_damaged_user_bag(
    shipped: Archive, tmp_path: Path
) -> None:
    user = UserArchive(tmp_path / "user")
    user.add(import_file(CURATION / "synthetic-2022-captured.txt"), shipped=shipped)
    library = Library.open(shipped.root, user.root)
    assert library.years == [2021, 2022]
    assert library.manifest_hash == shipped.manifest_hash
    assert library.local_manifest_hash is not None
    local = library.get(2022)
    assert origin_note(library.key_of(local).origin) == LOCAL_NOTE
    assert origin_note(library.key_of(library.get(2021)).origin) is None
    assert origin_note(shipped.key_of(shipped.get(2021)).origin) is None
    assert [e.statement.year for e in library.local_entries] == [2022]
    assert library.shipped_archive().years == [2021]
    # A damaged user bag is a named problem; the shipped statements stay readable.
    (user.root / "manifest-sha256.txt").unlink()
    damaged = Library.open(shipped.root, user.root)
    assert damaged.years == [2021]
    assert any("manifest" in str(p) for p in damaged.problems)
    # No user bag at all: the library is the shipped archive.
    assert Library.open(shipped.root, tmp_path / "none").years == [2021]


def test_local_copy_is_superseded_once_the_shipped_archive_carries_it(tmp_path: Path) -> None:
    user = UserArchive(tmp_path / "user")
    imported = import_file(CURATION / "synthetic-2022-captured.txt")
    user.add(imported)
    # A later shipped archive that carries the same source (simulated with a second bag).
    from archive_app.core.record import add_to_bag, create_bag

    later = tmp_path / "later-shipped"
    create_bag(later)
    add_to_bag(later, imported)
    library = Library.open(later, user.root)
    (entry,) = library.entries
    assert entry.origin == SHIPPED and len(library.superseded) == 1


def test_citations_and_single_bag_library(shipped: Archive, tmp_path: Path) -> None:
    from archive_app.core.record import cite_statement

    def citation_note(archive: Archive, statement: Statement) -> str:
        return cite_statement(archive.key_of(statement))

    user = UserArchive(tmp_path / "user")
    user.add(import_file(CURATION / "synthetic-2021-variant.txt"), shipped=shipped)
    user.add(import_file(CURATION / "synthetic-2022-captured.txt"), shipped=shipped)
    library = user.library(shipped)
    first, second = library.versions(2021)
    assert citation_note(library, first.statement) == "Coalition statement, June Fourth 2021"
    assert citation_note(library, second.statement) == (
        "Coalition statement, June Fourth 2021 (version 2), added locally, not signed"
    )
    assert citation_note(library, library.get(2022)) == (
        "Coalition statement, June Fourth 2022, added locally, not signed"
    )
    assert citation_note(shipped, shipped.get(2021)) == "Coalition statement, June Fourth 2021"
    alone = Library.load(user.root)  # one bag read as a library: all of it counts as shipped
    assert [e.origin for e in alone.entries] == [SHIPPED, SHIPPED]
    assert citation_note(alone, alone.get(2022)) == "Coalition statement, June Fourth 2022"


def test_plan_says_what_add_would_do_and_writes_nothing(shipped: Archive, tmp_path: Path) -> None:
    user = UserArchive(tmp_path / "user")
    variant = import_file(CURATION / "synthetic-2021-variant.txt")
    planned = user.plan(variant, shipped=shipped)
    assert (planned.outcome, planned.version, planned.path) == (ADDED, 2, None)
    assert user.plan(import_file(SEED), shipped=shipped).where == "the shipped archive"
    assert not user.root.exists()
    added = user.add(variant, shipped=shipped)
    assert (added.outcome, added.version) == (planned.outcome, planned.version)
    assert user.plan(variant, shipped=shipped).outcome == ALREADY


def test_an_update_with_the_same_wording_from_another_capture_is_not_held_twice(
    shipped: Archive, tmp_path: Path
) -> None:
    """The library compares wording with the one same_wording (it once read a field format 2
    no longer has, and raised when an update's text came from another capture)."""
    import dataclasses

    from archive_app.core.record import UpdateStamp, same_wording

    base = shipped.get(2021)
    recaptured = dataclasses.replace(
        base, source={**base.source, "sha256": "1" * 64}, path=tmp_path / "2021.json"
    )
    assert same_wording(base, recaptured)
    stamp = UpdateStamp("2026-06-04", "ABCD", "1a2b 3c4d 5e6f 7a8b 9c0d")
    update = Archive(tmp_path, (recaptured,), (), "update")
    library = Library.combine(shipped, None, updates=[(update, stamp)])
    assert [e.key.origin for e in library.entries] == [SHIPPED]
    assert library.superseded == (recaptured,)
