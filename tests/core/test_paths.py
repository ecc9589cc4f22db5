"""Portable mode: where the app writes, and how it behaves on read-only media."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from archive_app.core import paths
from archive_app.core.paths import AppPaths, probe_writable, resolve_app_paths


def test_portable_folder_holds_everything(tmp_path: Path) -> None:
    folder = tmp_path / "六四檔案"
    app = resolve_app_paths(folder)
    assert app.portable and app.root == folder
    for where in (app.config_dir, app.data_dir, app.cache_dir, app.settings_file):
        assert where.is_relative_to(folder / "Data")
    assert app.user_archive_dir == folder / "Data" / "user-archive"
    assert app.search_history_default is False
    assert app.index_on_disk_allowed is False


def test_relative_portable_dir_is_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = resolve_app_paths("stick")
    assert app.root == tmp_path / "stick" and app.data_dir.is_absolute()


def test_user_folders_keep_history_on() -> None:
    app = resolve_app_paths(None)
    assert not app.portable and app.root is None
    assert app.search_history_default is True


def test_marker_beside_the_program_turns_portable_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paths, "program_dir", lambda: tmp_path)
    assert not resolve_app_paths().portable
    (tmp_path / "portable").write_bytes(b"")
    app = resolve_app_paths()
    assert app.portable and app.data_dir == tmp_path / "Data"
    other = tmp_path / "other"
    assert resolve_app_paths(other).root == other  # --portable DIR wins over the marker


def test_frozen_marker_sits_beside_the_executable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exe = tmp_path / "六四檔案" / "june-fourth-archive"
    exe.parent.mkdir()
    exe.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    assert paths.bundle_root() == exe.parent
    assert paths.find_portable_dir() is None
    (exe.parent / "portable").write_bytes(b"")
    assert paths.find_portable_dir() == exe.parent


def test_stored_paths_are_relative_and_survive_a_rename(tmp_path: Path) -> None:
    before = AppPaths.for_portable(tmp_path / "stick")
    stored = before.to_stored(before.user_archive_dir / "data" / "x.json")
    assert stored == "Data/user-archive/data/x.json"
    (tmp_path / "stick").mkdir()
    (tmp_path / "stick").rename(tmp_path / "六四檔案")
    after = AppPaths.for_portable(tmp_path / "六四檔案")
    assert after.from_stored(stored) == tmp_path / "六四檔案" / "Data/user-archive/data/x.json"
    assert before.to_stored(tmp_path / "elsewhere") == str(tmp_path / "elsewhere")
    with pytest.raises(ValueError, match="may not leave"):
        after.from_stored("../../etc/passwd")
    with pytest.raises(ValueError, match="may not leave"):
        after.from_stored("Data\\..\\..\\x")


def test_probe_writable_leaves_nothing(tmp_path: Path) -> None:
    assert probe_writable(tmp_path / "not" / "yet")
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "file").write_text("x")
    assert not probe_writable(tmp_path / "file")


def test_read_only_media_through_the_seam(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = AppPaths.for_portable(tmp_path)
    assert app.writable
    probed: list[Path] = []

    def read_only(folder: Path) -> bool:
        probed.append(folder)
        return False

    monkeypatch.setattr(paths, "probe_writable", read_only)
    assert not app.writable
    assert probed == [tmp_path / "Data"]
