"""Copying the app to a stick: complete or nothing that looks complete."""

from __future__ import annotations

import errno
import os
from collections import namedtuple
from pathlib import Path

import pytest

from archive_app.core import paths
from archive_app.core.distribution import (
    MANIFEST_NAME,
    PARTIAL_PREFIX,
    SIGNATURE_NAME,
    CopyFailed,
    SignatureStatus,
    copy_bundle,
    plan_copy,
    stickcopy,
)
from tests.bundle_helpers import SigningKey, make_signed_bundle, new_key


@pytest.fixture(scope="module")
def key() -> SigningKey:
    return new_key()


@pytest.fixture
def source(tmp_path: Path, key: SigningKey) -> Path:
    bundle = make_signed_bundle(tmp_path / "running", key)
    # Things beside the running app that must never be passed on.
    (bundle / "portable").write_bytes(b"")
    (bundle / "Data" / "config").mkdir(parents=True)
    (bundle / "Data" / "config" / "settings.ini").write_text("[search]\nhistory = secret\n")
    (bundle / ".DS_Store").write_bytes(b"mac")
    (bundle / "_internal" / "lib" / "planted.so").write_bytes(b"planted")
    return bundle


def test_copy_has_the_listed_files_a_marker_and_verifies(
    tmp_path: Path, source: Path, key: SigningKey
) -> None:
    stick = tmp_path / "六四 stick"
    stick.mkdir()
    plan = plan_copy(source, stick)
    assert plan.files[-1] == MANIFEST_NAME and SIGNATURE_NAME in plan.files
    seen: list[tuple[int, int]] = []
    result = copy_bundle(plan, progress=lambda d, t: seen.append((d, t)), keys=[key.trusted])
    assert result.target == stick / "june-fourth-archive"
    assert result.report.ok, result.report.lines()
    assert result.report.signature.status is SignatureStatus.GOOD
    copied = sorted(p.relative_to(result.target).as_posix() for p in result.target.rglob("*"))
    assert "portable" in copied
    assert not any(name.startswith("Data") for name in copied)
    assert ".DS_Store" not in copied and "_internal/lib/planted.so" not in copied
    assert os.access(result.target / "june-fourth-archive", os.X_OK)
    assert result.target.stat().st_mode & 0o777 == 0o755
    assert seen[-1] == (plan.total_bytes, plan.total_bytes)
    assert [p.name for p in stick.iterdir()] == ["june-fourth-archive"]


def test_existing_target_is_refused(tmp_path: Path, source: Path) -> None:
    (tmp_path / "stick" / "june-fourth-archive").mkdir(parents=True)
    with pytest.raises(CopyFailed, match="already has this name"):
        plan_copy(source, tmp_path / "stick")


def test_not_enough_space(tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(stickcopy.shutil, "disk_usage", lambda _p: usage(10**6, 10**6, 1000))
    (tmp_path / "stick").mkdir()
    with pytest.raises(CopyFailed) as caught:
        plan_copy(source, tmp_path / "stick")
    assert "not enough space" in str(caught.value) and "stick" in str(caught.value)
    assert list((tmp_path / "stick").iterdir()) == []


def test_read_only_target(tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "probe_writable", lambda _folder: False)
    (tmp_path / "stick").mkdir()
    with pytest.raises(CopyFailed, match="read-only"):
        plan_copy(source, tmp_path / "stick")


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.EIO, "removed"), (errno.ENOSPC, "full"), (errno.EROFS, "read-only")],
)
def test_stick_pulled_out_mid_copy_leaves_nothing_complete(
    tmp_path: Path, source: Path, code: int, words: str
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    plan = plan_copy(source, stick)
    copied: list[Path] = []

    def failing_copy(src: Path, dst: Path) -> None:
        if len(copied) == 2:
            raise OSError(code, os.strerror(code), str(dst))
        dst.write_bytes(src.read_bytes())
        copied.append(dst)

    with pytest.raises(CopyFailed) as caught:
        copy_bundle(plan, copy_file=failing_copy)
    message = str(caught.value)
    assert words in message and "removed" in message and str(plan.target) in message
    assert list(stick.iterdir()) == []  # no partial folder, no final folder
    assert copied and all(PARTIAL_PREFIX in str(p) for p in copied)


def test_source_without_manifest_is_refused(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "stick").mkdir()
    with pytest.raises(CopyFailed, match=r"no MANIFEST\.sha256"):
        plan_copy(tmp_path / "src", tmp_path / "stick")


def test_incomplete_source_is_refused(tmp_path: Path, source: Path) -> None:
    (source / "VERIFY.txt").unlink()
    (tmp_path / "stick").mkdir()
    with pytest.raises(CopyFailed, match="incomplete") as caught:
        plan_copy(source, tmp_path / "stick")
    assert "VERIFY.txt" in str(caught.value)


def test_find_source_bundle_from_a_checkout(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(stickcopy, "package_root", lambda: tmp_path)
    assert stickcopy.find_source_bundle() is None
    built = tmp_path / "dist" / "june-fourth-archive"
    built.mkdir(parents=True)
    (built / MANIFEST_NAME).write_text("")
    assert stickcopy.find_source_bundle() == built


def test_copy_carries_the_holders_signed_updates_and_nothing_else_of_data(
    tmp_path: Path, source: Path, key: SigningKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    from archive_app.core.distribution import apply_update, load_held_updates
    from archive_app.core.paths import AppPaths
    from archive_app.core.record import Library
    from tests.conftest import ARCHIVE
    from tests.update_helpers import build

    keys_dir = tmp_path / "keys"
    key.write_pub(keys_dir)
    monkeypatch.setattr("archive_app.core.distribution.bundle.trusted_keys_dir", lambda: keys_dir)
    holder = AppPaths.for_portable(source)
    update = build(tmp_path / "maintainer", key)
    applied = apply_update(update, holder.updates_dir, Library.load(ARCHIVE), [key.trusted])
    # A damaged update is not passed on.
    (holder.updates_dir / "2020-01-01-000000000000").mkdir()
    stick = tmp_path / "stick"
    stick.mkdir()
    plan = plan_copy(source, stick, updates_dir=holder.updates_dir)
    result = copy_bundle(plan, keys=[key.trusted])
    assert result.report.ok, result.report.lines()
    copied = sorted(p.relative_to(result.target).as_posix() for p in result.target.rglob("*"))
    data = [name for name in copied if name.startswith("Data/")]
    assert f"Data/updates/{applied.folder.name}.jfa" in data
    assert f"Data/updates/{applied.folder.name}/data/statements/2022.json" in data
    assert not any("settings.ini" in name or "2020-01-01" in name for name in data)
    carried = AppPaths.for_portable(result.target).updates_dir
    assert (carried / f"{applied.folder.name}.jfa").read_bytes() == update.read_bytes()
    held, problems = load_held_updates(carried, [key.trusted])
    assert [h.folder.name for h in held] == [applied.folder.name] and not problems


def test_a_bundle_with_case_twins_is_not_copied(tmp_path: Path, key: SigningKey) -> None:
    """On FAT, exFAT, NTFS and APFS ``licenses/Python`` and ``licenses/python`` are one folder:
    the copy would fail its own check, so it is refused before anything is written."""
    bundle = make_signed_bundle(tmp_path / "running", key)
    for name in ("Python", "python"):
        (bundle / "_internal" / "licenses" / name).mkdir(parents=True)
        (bundle / "_internal" / "licenses" / name / "LICENSE.txt").write_text(name)
    from archive_app.core.distribution import write_manifest

    write_manifest(bundle)
    stick = tmp_path / "stick"
    stick.mkdir()
    with pytest.raises(CopyFailed, match="differs from _internal/licenses/Python only in case"):
        plan_copy(bundle, stick)
    assert list(stick.iterdir()) == []
