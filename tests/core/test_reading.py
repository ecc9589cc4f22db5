"""The reader's own file: places, bookmarks and notes, by StatementKey; damaged files kept aside."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from archive_app.core.errors import SettingsError
from archive_app.core.reading import MAX_BYTES, READING_FILE, Place, ReadingStore
from archive_app.core.record import Origin, StatementKey

SIGNED = StatementKey(2021)
LOCAL = StatementKey(2021, 2, Origin.LOCAL)
DAY = dt.date(2026, 6, 4)


def test_places_and_bookmarks_round_trip(tmp_path: Path) -> None:
    store = ReadingStore.in_folder(tmp_path)
    assert store.bookmarks == [] and store.problems == []
    store.set_position(SIGNED, Place("en", 4))
    store.set_position(LOCAL, Place("zh", 1))
    store.add_bookmark(LOCAL, Place("zh", 1), today=DAY)
    store.set_note(SIGNED, Place("en", 2), "A note, with 國家安全法 and\na second line")
    store.save()
    data = json.loads((tmp_path / READING_FILE).read_text(encoding="utf-8"))
    assert data["positions"] == {
        "2021": {"lang": "en", "paragraph": 4},
        "2021.v2.local": {"lang": "zh", "paragraph": 1},
    }
    again = ReadingStore.in_folder(tmp_path)
    assert again.position(SIGNED) == Place("en", 4)
    assert again.position(LOCAL) == Place("zh", 1)
    assert again.position(StatementKey(2021, 2)) is None  # a signed v2 is another text
    # Signed first, then the local text of the same year (StatementKey's order).
    assert [(m.key, m.place) for m in again.bookmarks] == [
        (SIGNED, Place("en", 2)),
        (LOCAL, Place("zh", 1)),
    ]
    assert again.bookmarks[0].note.endswith("a second line")
    assert again.bookmarks[1].created == "2026-06-04"
    assert again.bookmarks_of(LOCAL)[0].citation() == (
        "Coalition statement, June Fourth 2021 (version 2), added locally, not signed, Chinese ¶1"
    )


def test_bookmarking_twice_keeps_one_and_removal(tmp_path: Path) -> None:
    store = ReadingStore(tmp_path / READING_FILE)
    first = store.add_bookmark(SIGNED, Place("en", 3), "kept")
    assert store.add_bookmark(SIGNED, Place("en", 3)) is first
    assert len(store.bookmarks) == 1
    assert store.remove_bookmark(SIGNED, Place("en", 3))
    assert not store.remove_bookmark(SIGNED, Place("en", 3))
    with pytest.raises(ValueError):
        store.add_bookmark(SIGNED, Place("fr", 1))


def test_a_damaged_file_is_reported_and_kept_aside(tmp_path: Path) -> None:
    path = tmp_path / READING_FILE
    path.write_text('{"format": 1, "positions": {', encoding="utf-8")
    store = ReadingStore.in_folder(tmp_path)
    assert len(store.problems) == 1 and str(path) in store.problems[0]
    assert ":1:" in store.problems[0] or "line" in store.problems[0] or "JSON" in store.problems[0]
    store.set_position(SIGNED, Place("en", 1))
    store.save()
    kept = list(tmp_path.glob(f"{READING_FILE}.damaged-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8").startswith('{"format": 1')
    assert ReadingStore.in_folder(tmp_path).position(SIGNED) == Place("en", 1)


def test_bad_entries_are_skipped_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / READING_FILE
    path.write_text(
        json.dumps(
            {
                "format": 1,
                "positions": {"2021": {"lang": "en", "paragraph": "<b>2</b>"}},
                "bookmarks": [
                    {"year": 2021, "lang": "zh", "paragraph": 1, "note": "ok"},
                    {"year": "2021", "lang": "zh", "paragraph": 1},
                    {"year": 2021, "origin": "stolen", "lang": "en", "paragraph": 1},
                    "not a bookmark",
                ],
            }
        ),
        encoding="utf-8",
    )
    store = ReadingStore.in_folder(tmp_path)
    assert [m.note for m in store.bookmarks] == ["ok"]
    assert store.positions == {}
    assert len(store.problems) == 4 and all(str(path) in p for p in store.problems)
    assert "bookmark 2" in store.problems[1]


def test_size_is_checked_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / READING_FILE
    path.write_bytes(b" " * (MAX_BYTES + 1))
    store = ReadingStore.in_folder(tmp_path)
    assert store.problems and "bytes" in store.problems[0] and store.bookmarks == []


def test_an_unwritable_folder_is_a_settings_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    store = ReadingStore(blocker / "data" / READING_FILE)
    store.set_position(SIGNED, Place("en", 1))
    with pytest.raises(SettingsError) as caught:
        store.save()
    assert str(blocker) in str(caught.value)


def test_markdown_quotes_the_stored_text_and_cites(tmp_path: Path) -> None:
    store = ReadingStore()
    store.add_bookmark(SIGNED, Place("en", 2), "Why this matters", today=DAY)
    store.add_bookmark(LOCAL, Place("zh", 1), today=DAY)
    texts = {
        (SIGNED, "en", 2): "Second paragraph.\nWith a second line.",
        (LOCAL, "zh", 1): "《國家安全法》",
    }
    markdown = store.to_markdown(
        lambda key, lang, n: texts.get((key, lang, n)),
        lambda key: "Coalition Statement" if key == SIGNED else None,
    )
    assert markdown.startswith("# Bookmarks and notes\n")
    assert "## Coalition statement, June Fourth 2021: Coalition Statement\n" in markdown
    assert "> Second paragraph.\n> With a second line.\n" in markdown
    assert "Note:\n\nWhy this matters\n" in markdown
    assert "— Coalition statement, June Fourth 2021, ¶2\n" in markdown
    assert (
        "## Coalition statement, June Fourth 2021 (version 2), added locally, not signed\n"
        in markdown
    )
    assert "> 《國家安全法》\n" in markdown  # the stored text, never converted
    assert ReadingStore().to_markdown(lambda *a: None).endswith("(none)\n")
