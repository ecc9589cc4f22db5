"""Portable mode: where the app writes, and how it behaves on read-only media."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive_app.core import paths
from archive_app.core.paths import AppPaths, probe_writable, read_ini, resolve_app_paths


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


# --- a settings file a previous holder left --------------------------------------------------


def test_read_ini_plain_values_and_no_interpolation(tmp_path: Path) -> None:
    ini = tmp_path / "settings.ini"
    ini.write_text(
        "\ufeff[search]\nhistory_enabled = true\nlast = %(HOME)s/x\n[ui]\nlanguage = zh_Hant\r\n",
        encoding="utf-8",
    )
    sections, problem = read_ini(ini)
    assert problem is None
    assert sections == {
        "search": {"history_enabled": "true", "last": "%(HOME)s/x"},
        "ui": {"language": "zh_Hant"},
    }
    assert read_ini(tmp_path / "missing.ini") == ({}, None)


@pytest.mark.parametrize(
    ("content", "where", "words"),
    [
        (b"key = 1\n", ":1:", "before any [section]"),
        (b"[a]\nx = 1\n[a]\n", ":3:", "[a] appears twice"),
        (b"[a]\nx = 1\nx = 2\n", ":3:", "'x' appears twice"),
        (b"[a]\n\xff\xfe\n", ":2:", "not UTF-8"),
        (b"[a]\nx = \x00\n", ":", "NUL"),
        (b"[a]\n" + b"x" * 300_000, ":", "larger than"),
        (b"[a]\n= no key\n", ":2:", "not 'key = value'"),
    ],
)
def test_read_ini_refuses_with_a_message_naming_the_file(
    tmp_path: Path, content: bytes, where: str, words: str
) -> None:
    ini = tmp_path / "settings.ini"
    ini.write_bytes(content)
    sections, problem = read_ini(ini)
    assert sections == {}
    assert problem is not None and problem.startswith(f"{ini}{where}")
    assert words in problem and "defaults are used" in problem


@settings(max_examples=300)
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8")))
def test_read_ini_never_raises(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    ini = tmp_path_factory.mktemp("ini") / "settings.ini"
    ini.write_bytes(data)
    sections, problem = read_ini(ini)
    if problem is not None:
        assert sections == {} and problem.startswith(str(ini))
    for values in sections.values():
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in values.items())
