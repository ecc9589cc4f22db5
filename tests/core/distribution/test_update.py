"""Signed archive updates: built with a test key, checked strictly, applied as their own bag."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive_app.core.distribution import (
    MAX_ENTRIES,
    MAX_ENTRY_BYTES,
    UpdateRefused,
    apply_update,
    check_update,
    held_update_files,
    load_held_updates,
    open_library,
    read_update_file,
    read_update_zip,
    verify_held_updates,
)
from archive_app.core.paths import AppPaths
from archive_app.core.record import Archive, Library, Origin, StatementKey, cite
from tests.bundle_helpers import SigningKey, new_key
from tests.conftest import ARCHIVE
from tests.update_helpers import (
    SOURCE_2022,
    build,
    payload_2022,
    signed_files,
    statement_2022,
    statement_bytes,
    zip_of,
)


@pytest.fixture(scope="module")
def key() -> SigningKey:
    return new_key()


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths.for_portable(tmp_path / "stick")


def shipped() -> Library:
    return Library.load(ARCHIVE)


def refused(
    tmp_path: Path, key: SigningKey, data: bytes, paths: AppPaths, reason: str
) -> UpdateRefused:
    """Apply ``data`` as an update file: it must be refused naming ``reason``, writing nothing."""
    update = tmp_path / "hostile.jfa"
    update.write_bytes(data)
    with pytest.raises(UpdateRefused) as caught:
        apply_update(update, paths.updates_dir, shipped(), [key.trusted])
    assert reason in str(caught.value)
    assert str(update) in str(caught.value)  # names the file
    assert not paths.updates_dir.exists() or not any(paths.updates_dir.iterdir())
    return caught.value


# --- building and applying ------------------------------------------------------------------


def test_build_writes_a_small_signed_zip_of_one_bag(tmp_path: Path, key: SigningKey) -> None:
    update = build(tmp_path, key)
    size = update.stat().st_size
    assert size < 8 * 1024, size  # a few KB: fits a chat message
    with zipfile.ZipFile(update) as zf:
        names = sorted(zf.namelist())
    assert names == sorted(
        [
            "bag-info.txt",
            "bagit.txt",
            "manifest-sha256.txt",
            "tagmanifest-sha256.txt",
            "tagmanifest-sha256.txt.minisig",
            "data/statements/2022.json",
            SOURCE_2022,
        ]
    )
    _data, files = read_update_file(update)
    contents = check_update(files, update, [key.trusted])
    assert contents.signature.trusted_comment == (
        "june-fourth-archive update made:2026-06-04 statements:2022"
    )
    assert contents.stamp.date == "2026-06-04"
    assert contents.stamp.fingerprint == key.trusted.fingerprint
    assert [s.year for s in contents.statements] == [2022]
    # The stored statement travels byte for byte.
    built_from = tmp_path / "maintainer-archive" / "data" / "statements" / "2022.json"
    assert files["data/statements/2022.json"] == built_from.read_bytes()


def test_two_builds_of_one_day_are_identical_but_for_the_signature(
    tmp_path: Path, key: SigningKey
) -> None:
    first = read_update_file(build(tmp_path / "a", key))[1]
    second = read_update_file(build(tmp_path / "b", key))[1]
    first.pop("tagmanifest-sha256.txt.minisig")
    second.pop("tagmanifest-sha256.txt.minisig")
    assert first == second


def test_build_refuses_a_year_the_archive_does_not_hold(tmp_path: Path, key: SigningKey) -> None:
    from archive_app.core.errors import ArchiveError

    with pytest.raises(ArchiveError, match="no statement for 1999"):
        build(tmp_path, key, years=[1999])


def test_apply_stores_its_own_bag_and_the_original_file(
    tmp_path: Path, key: SigningKey, paths: AppPaths
) -> None:
    update = build(tmp_path, key)
    applied = apply_update(update, paths.updates_dir, shipped(), [key.trusted])
    assert applied.written
    assert applied.folder.parent == paths.updates_dir
    assert paths.updates_dir == tmp_path / "stick" / "Data" / "updates"
    assert (applied.folder / "bagit.txt").is_file()
    assert applied.original.read_bytes() == update.read_bytes()  # passed on unchanged
    assert held_update_files(paths.updates_dir) == [applied.original]
    assert [(line.label, line.status) for line in applied.preview.lines] == [("2022", "new")]
    assert not [p for p in paths.updates_dir.iterdir() if p.name.startswith(".")]

    again = apply_update(update, paths.updates_dir, shipped(), [key.trusted])
    assert not again.written and again.preview.already_applied


def test_applied_statement_is_a_signed_update_everywhere(
    tmp_path: Path, key: SigningKey, paths: AppPaths
) -> None:
    apply_update(build(tmp_path, key), paths.updates_dir, shipped(), [key.trusted])
    library = open_library(ARCHIVE, paths, [key.trusted])
    assert [e.key.origin for e in library.entries] == [Origin.SHIPPED, Origin.UPDATE]
    entry = library.entries[1]
    assert entry.key == StatementKey(2022, 1, Origin.UPDATE)
    assert entry.key.signed and not entry.local
    short = " ".join(key.trusted.fingerprint.split()[:4])
    assert entry.key.note == f"signed update of 2026-06-04, key {short}"
    assert entry.key.label == "2022"
    assert cite(entry.key, "en", 1) == (
        f"Coalition statement, June Fourth 2022, signed update of 2026-06-04, key {short}, ¶1"
    )
    assert entry.key.to_dict()["update"]["fingerprint"] == key.trusted.fingerprint
    assert entry.key.slug == "2022.update"
    # Not a local text, and not the shipped archive either.
    assert library.local_entries == []
    assert [s.year for s in library.shipped_archive()] == [2021]


def test_held_update_that_no_longer_checks_out_is_left_out_and_named(
    tmp_path: Path, key: SigningKey, paths: AppPaths
) -> None:
    applied = apply_update(build(tmp_path, key), paths.updates_dir, shipped(), [key.trusted])
    stored = applied.folder / "data" / "statements" / "2022.json"
    stored.write_bytes(stored.read_bytes().replace(b"paragraph one", b"paragraph 1"))
    held, problems = load_held_updates(paths.updates_dir, [key.trusted])
    assert held == []
    assert "2022.json was changed" in str(problems[0])
    library = open_library(ARCHIVE, paths, [key.trusted])
    assert library.years == [2021]
    assert library.problems
    [(folder, ok, lines)] = verify_held_updates(paths.updates_dir, [key.trusted])
    assert folder == applied.folder and not ok and "changed" in lines[0]


def test_held_updates_are_checked_with_the_apps_keys_not_any_key(
    tmp_path: Path, key: SigningKey, paths: AppPaths
) -> None:
    apply_update(build(tmp_path, key), paths.updates_dir, shipped(), [key.trusted])
    held, problems = load_held_updates(paths.updates_dir, [new_key().trusted])
    assert held == [] and "key this app does not know" in str(problems[0])


# --- versions and identity ------------------------------------------------------------------


def _update_with(tmp_path: Path, key: SigningKey, data: dict, source: bytes | None = None) -> Path:
    payload = payload_2022(data)
    if source is not None:
        payload[str(data["source"]["file"])] = source  # type: ignore[index]
    path = tmp_path / f"u{len(list(tmp_path.glob('u*.jfa')))}.jfa"
    path.write_bytes(zip_of(signed_files(key, payload)))
    return path


def test_a_different_text_for_a_held_year_becomes_another_version(
    tmp_path: Path, key: SigningKey, paths: AppPaths
) -> None:
    real = json.loads((ARCHIVE / "data" / "statements" / "2021.json").read_text("utf-8"))
    source = b"SYNTHETIC TEST FIXTURE: a corrected capture of 2021\n"
    real["en"] = ["SYNTHETIC TEST FIXTURE: a corrected first paragraph.", *real["en"][1:]]
    real["source"] = dict(real["source"], file="data/sources/2021-fix.txt")
    real["source"]["sha256"] = hashlib.sha256(source).hexdigest()
    payload = {
        "data/statements/2021.json": statement_bytes(real),
        "data/sources/2021-fix.txt": source,
    }
    update = tmp_path / "fix.jfa"
    update.write_bytes(
        zip_of(signed_files(key, payload, "june-fourth-archive update made:2026-06-05"))
    )
    applied = apply_update(update, paths.updates_dir, shipped(), [key.trusted])
    assert [(line.label, line.status) for line in applied.preview.lines] == [
        ("2021 v2", "new version")
    ]
    library = open_library(ARCHIVE, paths, [key.trusted])
    keys = [e.key for e in library.entries]
    assert keys == [StatementKey(2021, 1, Origin.SHIPPED), StatementKey(2021, 2, Origin.UPDATE)]
    assert library.get(2021).en[0] == shipped().get(2021).en[0]  # the shipped text keeps its place
    assert cite(keys[1], "en", 1).startswith(
        "Coalition statement, June Fourth 2021 (version 2), signed update of 2026-06-05, key "
    )


def test_the_same_text_again_adds_nothing(tmp_path: Path, key: SigningKey, paths: AppPaths) -> None:
    real = (ARCHIVE / "data" / "statements" / "2021.json").read_bytes()
    source = (ARCHIVE / "data" / "sources" / "000_0b40565ccc724d68.txt").read_bytes()
    payload = {
        "data/statements/2021.json": real,
        "data/sources/000_0b40565ccc724d68.txt": source,
    }
    update = tmp_path / "same.jfa"
    update.write_bytes(zip_of(signed_files(key, payload)))
    applied = apply_update(update, paths.updates_dir, shipped(), [key.trusted])
    assert [line.status for line in applied.preview.lines] == ["already held"]
    assert not applied.preview.adds_anything and not applied.written
    assert not paths.updates_dir.exists()
    assert open_library(ARCHIVE, paths, [key.trusted]).years == [2021]


def test_a_local_text_with_the_updates_source_is_superseded(
    tmp_path: Path, key: SigningKey, paths: AppPaths
) -> None:
    import bagit

    local = paths.user_archive_dir
    (local / "statements").mkdir(parents=True)
    (local / "sources").mkdir(parents=True)
    (local / "statements" / "2022.json").write_bytes(statement_bytes(statement_2022()))
    (local / "sources" / Path(SOURCE_2022).name).write_bytes(payload_2022()[SOURCE_2022])
    bagit.make_bag(str(local), checksums=["sha256"])
    before = open_library(ARCHIVE, paths, [key.trusted])
    assert [e.key.origin for e in before.entries] == [Origin.SHIPPED, Origin.LOCAL]
    apply_update(build(tmp_path, key), paths.updates_dir, before, [key.trusted])
    after = open_library(ARCHIVE, paths, [key.trusted])
    assert [e.key.origin for e in after.entries] == [Origin.SHIPPED, Origin.UPDATE]
    assert [s.year for s in after.superseded] == [2022]
    # Re-reading the local bag (after an import) keeps the updates.
    assert Library.with_user_archive(after, local).update_entries == after.update_entries
    shutil.rmtree(local)


# --- refusals: signature and contents -------------------------------------------------------


def test_refused_bad_signature(tmp_path: Path, key: SigningKey, paths: AppPaths) -> None:
    files = signed_files(key)
    other = signed_files(key, comment="june-fourth-archive update made:2026-06-05")
    files["tagmanifest-sha256.txt.minisig"] = other["tagmanifest-sha256.txt.minisig"]
    files["tagmanifest-sha256.txt"] += b"\n"
    refused(tmp_path, key, zip_of(files), paths, "the signature is bad")


def test_refused_missing_signature(tmp_path: Path, key: SigningKey, paths: AppPaths) -> None:
    files = signed_files(key)
    del files["tagmanifest-sha256.txt.minisig"]
    refused(tmp_path, key, zip_of(files), paths, "it is not signed")


def test_refused_unknown_key(tmp_path: Path, key: SigningKey, paths: AppPaths) -> None:
    files = signed_files(new_key())
    refused(tmp_path, key, zip_of(files), paths, "signed with a key this app does not know")


def test_refused_changed_file(tmp_path: Path, key: SigningKey, paths: AppPaths) -> None:
    files = signed_files(key)
    files["data/statements/2022.json"] = files["data/statements/2022.json"].replace(
        b"paragraph one", b"paragraph ONE"
    )
    refused(tmp_path, key, zip_of(files), paths, "data/statements/2022.json was changed")


def test_refused_changed_source(tmp_path: Path, key: SigningKey, paths: AppPaths) -> None:
    files = signed_files(key)
    files[SOURCE_2022] += b"planted\n"
    refused(tmp_path, key, zip_of(files), paths, f"{SOURCE_2022} was changed")


def test_refused_extra_file(tmp_path: Path, key: SigningKey, paths: AppPaths) -> None:
    files = signed_files(key)
    files["data/statements/2023.json"] = files["data/statements/2022.json"]
    refused(tmp_path, key, zip_of(files), paths, "data/statements/2023.json is an extra file")


def test_refused_statement_that_fails_the_schema(
    tmp_path: Path, key: SigningKey, paths: AppPaths
) -> None:
    data = statement_2022()
    del data["signatories"]
    files = signed_files(key, payload_2022(data))  # signed by the right key, but not valid
    refused(tmp_path, key, zip_of(files), paths, "fails the schema")


def test_refused_statement_whose_source_differs(
    tmp_path: Path, key: SigningKey, paths: AppPaths
) -> None:
    payload = payload_2022()
    payload[SOURCE_2022] = b"another page\n"
    refused(tmp_path, key, zip_of(signed_files(key, payload)), paths, "its SHA-256 differs")


def test_refused_signature_made_for_something_else(
    tmp_path: Path, key: SigningKey, paths: AppPaths
) -> None:
    files = signed_files(key, comment="version:0.1.0 built:2026-06-04")
    refused(tmp_path, key, zip_of(files), paths, "does not describe an archive update")


def test_refused_not_a_zip(tmp_path: Path, key: SigningKey, paths: AppPaths) -> None:
    refused(tmp_path, key, b"PK\x03\x04 not really", paths, "not a readable zip")


# --- refusals: hostile zips -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("/etc/passwd", "absolute path"),
        ("C:/Windows/x.txt", "absolute path"),
        ("data/../../evil.txt", "climbs out"),
        ("../evil.txt", "climbs out"),
        ("data\\statements\\2022.json", "backslash"),
        ("data/./x", "'.' path part"),
        ("data/x\x01y", "control character"),
        ("data/aux.txt", "Windows reserves"),
        ("data/what?.txt", "Windows cannot store"),
    ],
)
def test_refused_unsafe_names(
    tmp_path: Path, key: SigningKey, paths: AppPaths, name: str, reason: str
) -> None:
    files = signed_files(key)
    files[name] = b"x"
    refused(tmp_path, key, zip_of(files), paths, reason)


def test_refused_symbolic_link(tmp_path: Path, key: SigningKey, paths: AppPaths) -> None:
    files = signed_files(key)
    files["data/sources/link"] = b"/etc/passwd"
    data = zip_of(files, symlinks=("data/sources/link",))
    refused(tmp_path, key, data, paths, "is a symbolic link")


def test_refused_duplicate_name(tmp_path: Path, key: SigningKey, paths: AppPaths) -> None:
    files = list(signed_files(key).items())
    files.append(("data/statements/2022.json", b"{}"))
    refused(tmp_path, key, zip_of(files), paths, "appears twice")


def test_refused_names_colliding_without_case(
    tmp_path: Path, key: SigningKey, paths: AppPaths
) -> None:
    files = signed_files(key)
    files["DATA/statements/2022.json"] = b"{}"
    refused(tmp_path, key, zip_of(files), paths, "differ only in case")


def test_refused_names_colliding_after_unicode_normalisation(
    tmp_path: Path, key: SigningKey, paths: AppPaths
) -> None:
    files = signed_files(key)
    files["data/sources/caf\u00e9.txt"] = b"x"
    files["data/sources/cafe\u0301.txt"] = b"y"
    refused(tmp_path, key, zip_of(files), paths, "differ only in case or accents")


def test_refused_file_that_is_also_a_folder(
    tmp_path: Path, key: SigningKey, paths: AppPaths
) -> None:
    files = signed_files(key)
    files["data/sources"] = b"x"
    refused(tmp_path, key, zip_of(files), paths, "both a file and a folder")


def test_refused_too_many_entries(tmp_path: Path, key: SigningKey, paths: AppPaths) -> None:
    files = signed_files(key)
    for number in range(MAX_ENTRIES):
        files[f"data/sources/{number}.txt"] = b""
    refused(tmp_path, key, zip_of(files), paths, f"more than {MAX_ENTRIES}")


def test_refused_entry_too_large(tmp_path: Path, key: SigningKey, paths: AppPaths) -> None:
    files = signed_files(key)
    files["data/sources/big.txt"] = bytes(range(256)) * (MAX_ENTRY_BYTES // 256 + 1)
    refused(tmp_path, key, zip_of(files), paths, f"more than {MAX_ENTRY_BYTES}")


def test_zip_bomb_refused_before_it_is_inflated(
    tmp_path: Path, key: SigningKey, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = signed_files(key)
    files["data/sources/bomb.txt"] = b"\0" * (4 * 1024 * 1024)  # deflates about 1000 times
    data = zip_of(files)
    assert len(data) < 64 * 1024

    def no_inflating(*args: object, **kwargs: object) -> None:
        raise AssertionError("an entry was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_inflating)
    refused(tmp_path, key, data, paths, "zip bomb")


def test_refused_entry_whose_header_lies_about_its_size(tmp_path: Path, key: SigningKey) -> None:
    data = bytearray(zip_of({"bagit.txt": b"A" * 5000}))
    # Shrink the declared size in the central directory: inflating stops at the declared size.
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (100).to_bytes(4, "little")
    with pytest.raises(UpdateRefused, match=r"cannot be read|damaged|not the size"):
        read_update_zip(bytes(data), tmp_path / "liar.jfa")


def test_refused_encrypted_entry(tmp_path: Path) -> None:
    data = bytearray(zip_of({"bagit.txt": b"x"}))
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 0x1
    local = data.find(b"PK\x03\x04")
    data[local + 6] |= 0x1
    with pytest.raises(UpdateRefused, match="encrypted"):
        read_update_zip(bytes(data), tmp_path / "locked.jfa")


# --- fuzzing the reader ---------------------------------------------------------------------


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=2000))
def test_reader_refuses_any_bytes_with_a_named_reason(data: bytes) -> None:
    try:
        read_update_zip(data, "fuzz.jfa")
    except UpdateRefused as exc:
        assert "fuzz.jfa" in str(exc)


_VALID: dict[str, bytes] = {}


def _valid_zip() -> bytes:
    if not _VALID:
        _VALID["zip"] = zip_of(payload_2022())
    return _VALID["zip"]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=8))
def test_reader_survives_mutated_zips(flips: list[tuple[int, int]]) -> None:
    """A real zip with bytes changed anywhere: its files or a named refusal, nothing else."""
    data = bytearray(_valid_zip())
    for where, value in flips:
        data[where % len(data)] = value
    try:
        files = read_update_zip(bytes(data), "fuzz.jfa")
    except UpdateRefused as exc:
        assert "fuzz.jfa" in str(exc)
        return
    for name in files:
        assert not name.startswith("/") and ".." not in name.split("/")


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.text(min_size=1, max_size=30).filter(lambda n: "\x00" not in n),
        st.binary(max_size=50),
        max_size=6,
    )
)
def test_reader_keeps_only_safe_names(files: dict[str, bytes]) -> None:
    """Any entry names at all: only plain relative names come back, or a named refusal."""
    try:
        out = read_update_zip(zip_of(files), "fuzz.jfa")
    except UpdateRefused:
        return
    folded = set()
    for name in out:
        parts = name.split("/")
        assert not name.startswith("/") and ".." not in parts and "\\" not in name
        assert name.casefold() not in folded
        folded.add(name.casefold())


def test_archive_load_of_an_applied_update_reads_the_statement(
    tmp_path: Path, key: SigningKey, paths: AppPaths
) -> None:
    applied = apply_update(build(tmp_path, key), paths.updates_dir, shipped(), [key.trusted])
    assert Archive.load(applied.folder).years == [2022]


@pytest.mark.skipif(
    shutil.which("minisign") is None or shutil.which("sha256sum") is None,
    reason="minisign (Debian) or coreutils sha256sum not installed",
)
def test_an_unzipped_update_checks_out_with_standard_tools(tmp_path: Path, key: SigningKey) -> None:
    """Without this app: minisign, sha256sum and the bagit package accept the update."""
    import bagit

    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(build(tmp_path, key)) as zf:
        zf.extractall(folder)
    command = ["minisign", "-Vm", "tagmanifest-sha256.txt", "-P", key.trusted.public_key]
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Trusted comment: june-fourth-archive update made:2026-06-04" in done.stdout
    for manifest in ("tagmanifest-sha256.txt", "manifest-sha256.txt"):
        done = subprocess.run(
            ["sha256sum", "-c", "--strict", manifest], cwd=folder, capture_output=True, check=False
        )
        assert done.returncode == 0, done.stdout
    bagit.Bag(str(folder)).validate()


def test_refused_statement_nested_too_deeply_or_too_large(tmp_path: Path, key: SigningKey) -> None:
    """Checked before parsing (the zip rules refuse such text first; the bag check is its own
    guard, for held updates read from a folder)."""
    payload = payload_2022()
    payload["data/statements/2022.json"] = b"[" * 600_000 + b"]" * 600_000
    with pytest.raises(UpdateRefused, match="larger than a statement"):
        check_update(signed_files(key, payload), tmp_path / "x.jfa", [key.trusted])
    payload["data/statements/2022.json"] = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(UpdateRefused, match="nested too deeply"):
        check_update(signed_files(key, payload), tmp_path / "x.jfa", [key.trusted])
