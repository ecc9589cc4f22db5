"""The settings schema and its INI file: defaults, round trip, damage kept aside, read-only."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from archive_app.core.paths import AppPaths, resolve_app_paths
from archive_app.core.settings import ChineseFace, Settings, SettingsFile, setting_fields


def test_every_setting_is_declared_once_with_a_doc() -> None:
    names = [f.name for f, _ in setting_fields()]
    assert len(names) == len(set(names))
    for f, _kind in setting_fields():
        assert f.metadata["doc"], f.name
    assert {
        "window_geometry",
        "last_year",
        "view",
        "script",
        "zoom",
        "theme",
        "ui_language",
        "search_history_enabled",
    } <= set(names)
    assert Settings().search_history_enabled is True


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    store = SettingsFile(tmp_path / "config" / "settings.ini")
    assert store.load() == Settings()
    assert store.persistent and not store.notices


def test_round_trip(tmp_path: Path) -> None:
    path = resolve_app_paths(None).settings_file
    assert path == AppPaths.for_user().config_dir / "settings.ini"
    store = SettingsFile(path)
    store.load()
    changed = dataclasses.replace(
        Settings(),
        window_geometry="AdnQywADAAA=",
        last_year=2021,
        view="zh",
        script="traditional-hk",
        zoom=130,
        theme="sepia",
        ui_language="zh_Hans",
        search_history_enabled=False,
        search_history=["國家安全法", 'a "b" % c'],
        chinese_face="serif",
    )
    assert store.save(changed)
    text = path.read_text(encoding="utf-8")
    assert "# the reading view" in text and "theme = sepia" in text
    assert "chinese_face = serif" in text
    again = SettingsFile(path)
    assert again.load() == changed
    assert not again.notices


def test_portable_paths_are_used(tmp_path: Path) -> None:
    paths = resolve_app_paths(tmp_path / "stick")
    store = SettingsFile(paths.settings_file)
    store.load()
    assert store.save()
    assert (tmp_path / "stick" / "Data" / "config" / "settings.ini").is_file()


@pytest.mark.parametrize(
    "content",
    [
        b"this is not an ini file\n",
        b"[settings]\nview = en\nview = zh\n",
        b"[settings]\nview = \xff\xfe\n",
        b"[other]\nzoom = 100\n",
    ],
)
def test_unreadable_file_is_kept_aside(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "settings.ini"
    path.write_bytes(content)
    store = SettingsFile(path)
    assert store.load() == Settings()
    assert store.persistent
    assert store.kept_aside is not None and store.kept_aside.read_bytes() == content
    assert store.kept_aside.name.startswith("settings.ini.damaged-")
    assert not path.exists()
    assert len(store.notices) == 1 and store.kept_aside.name in store.notices[0]
    assert len(store.damage) == 1 and str(path) in store.damage[0]
    assert store.save()
    assert store.kept_aside.read_bytes() == content  # never overwritten


def test_wrong_types_fall_back_per_key(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    content = (
        "[settings]\nzoom = big\nview = zh\ntheme = neon\nlast_year = 2021\n"
        "search_history_enabled = perhaps\nwindow_geometry = not base64!\n"
        "search_history = {}\n"
    )
    path.write_text(content, encoding="utf-8")
    store = SettingsFile(path)
    settings = store.load()
    assert settings.view == "zh" and settings.last_year == 2021
    assert settings.zoom == 100 and settings.theme == "light"
    assert settings.search_history_enabled is True and settings.window_geometry == ""
    assert settings.search_history == []
    notice = store.notices[0]
    for key in ("zoom", "theme", "search_history_enabled", "window_geometry", "search_history"):
        assert key in notice
    assert "settings.ini:" in notice or str(path) in notice
    assert store.kept_aside is not None and store.kept_aside.read_text() == content


@pytest.mark.parametrize("value", ["comic", "SERIF ", "", "serif; rm -rf", "宋體"])
def test_an_unknown_chinese_face_falls_back_to_sans(tmp_path: Path, value: str) -> None:
    """A face the app does not know (edited by hand, or from a later version) gives Sans and
    the notice names the key; the other settings of the file are kept."""
    path = tmp_path / "settings.ini"
    path.write_text(f"[settings]\nchinese_face = {value}\nzoom = 130\n", encoding="utf-8")
    store = SettingsFile(path)
    settings = store.load()
    assert settings.chinese_face is ChineseFace.SANS and settings.zoom == 130
    assert "chinese_face" in store.notices[0]


def test_the_chinese_face_is_an_enum_with_sans_by_default(tmp_path: Path) -> None:
    assert Settings().chinese_face is ChineseFace.SANS
    path = tmp_path / "settings.ini"
    path.write_text("[settings]\nchinese_face = serif\n", encoding="utf-8")
    store = SettingsFile(path)
    assert store.load().chinese_face is ChineseFace.SERIF and not store.notices


def test_zoom_out_of_range_is_damage(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    path.write_text("[settings]\nzoom = 5000\n", encoding="utf-8")
    store = SettingsFile(path)
    assert store.load().zoom == 100
    assert "zoom" in store.notices[0]


def test_unwritable_location_keeps_settings_in_memory(tmp_path: Path) -> None:
    # A regular file where the config folder should be: nothing can be created under it,
    # whoever runs the test (root ignores permission bits, so chmod would prove nothing).
    blocker = tmp_path / "config"
    blocker.write_text("not a folder")
    store = SettingsFile(blocker / "settings.ini")
    store.load()
    assert not store.persistent and store.read_only
    store.settings.zoom = 150
    assert not store.save()
    assert blocker.read_text() == "not a folder"


def test_save_failure_turns_read_only(tmp_path: Path) -> None:
    folder = tmp_path / "config"
    store = SettingsFile(folder / "settings.ini")
    store.load()
    assert store.persistent
    folder.parent.mkdir(exist_ok=True)
    folder.write_text("became a file")  # the folder vanished and something else took its place
    assert not store.save()
    assert not store.persistent and store.read_only
    assert "cannot save" in store.notices[-1]


def test_in_memory_store_writes_nothing() -> None:
    store = SettingsFile.in_memory()
    assert store.load() == Settings()
    assert not store.save() and not store.read_only and not store.notices


def test_search_history() -> None:
    settings = Settings()
    for query in ["a", "b", "a", "  ", *[str(n) for n in range(30)]]:
        settings.remember_search(query)
    assert settings.search_history[0] == "29" and len(settings.search_history) == 20
    off = Settings(search_history_enabled=False)
    off.remember_search("x")
    assert off.search_history == []


def test_portable_copies_remember_no_searches_by_default(tmp_path: Path) -> None:
    paths = AppPaths.for_portable(tmp_path / "stick")
    assert paths.search_history_default is False
    store = SettingsFile(paths.settings_file, history_default=paths.search_history_default)
    settings = store.load()
    assert settings.search_history_enabled is False
    settings.remember_search("Tibet")
    assert settings.search_history == []
    # The holder may turn it on; that choice is then read back.
    settings.search_history_enabled = True
    store.save(settings)
    again = SettingsFile(paths.settings_file, history_default=False).load()
    assert again.search_history_enabled is True
    assert SettingsFile(tmp_path / "user.ini").load().search_history_enabled is True


@pytest.mark.parametrize("kind", ["fifo", "zero", "huge"])
def test_a_settings_file_that_is_not_a_small_regular_file_is_kept_aside(
    tmp_path: Path, kind: str
) -> None:
    """Issue 15: a FIFO or a link to /dev/zero as settings.ini (a stick can carry anything in
    its Data folder) would hang the window before it opens; refused before reading, kept aside."""
    import os

    from tests.hostile import hang_guard

    path = tmp_path / "settings.ini"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    else:
        path.write_bytes(b"[settings]\n" + b"; padding\n" * 200_000)
    store = SettingsFile(path)
    with hang_guard():
        assert store.load() == Settings()
    assert store.kept_aside is not None and not path.exists() and not path.is_symlink()
    assert len(store.damage) == 1 and str(path) in store.damage[0]
    assert store.save() and path.is_file()


@pytest.mark.parametrize(
    "line",
    [
        "search_history = " + "[" * 100_000 + "]" * 100_000,  # RecursionError in json.loads
        "zoom = " + "9" * 5000,  # more digits than int() reads: its message echoed them all
    ],
    ids=["deep-json", "huge-number"],
)
def test_hostile_values_fall_back_with_a_short_message(tmp_path: Path, line: str) -> None:
    """Issue 15: found while fuzzing; the window would not have opened."""
    path = tmp_path / "settings.ini"
    path.write_text(f"[settings]\nview = en\n{line}\n", encoding="utf-8")
    store = SettingsFile(path)
    settings = store.load()
    assert settings.view == "en" and settings == Settings(view="en")
    assert len(store.damage) == 1 and len(store.damage[0]) < 300
