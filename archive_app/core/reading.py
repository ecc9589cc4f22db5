"""The reader's own notes on the archive: where each statement was left, bookmarks and notes.

Kept in ``reading.json`` in the user's data folder (``Data/`` in portable mode), never in the
signed archive or the user's bag of statements: a note is the reader's, not the record's.
Every statement is named by its :class:`StatementKey` (positions by its ``slug``, bookmarks by
year, version and origin), so a local text's bookmark never lands on the signed text of the same
year.

The file is data from outside like any other: its size is checked before it is parsed, every
entry is checked, a bad entry is dropped with a message naming the file, and a file that cannot
be read at all is kept aside (``reading.json.damaged-<date>``) before anything new is written.

::

    {"format": 1,
     "positions": {"2021": {"lang": "en", "paragraph": 4}},
     "bookmarks": [{"year": 2021, "version": 1, "origin": "shipped",
                    "lang": "zh", "paragraph": 1, "note": "…", "created": "2026-11-28"}]}
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from archive_app.core.errors import SettingsError
from archive_app.core.record import Origin, StatementKey, cite, cite_statement

__all__ = [
    "FORMAT",
    "MAX_BYTES",
    "MAX_NOTE_CHARS",
    "READING_FILE",
    "Bookmark",
    "Place",
    "ReadingStore",
]

READING_FILE = "reading.json"
FORMAT = 1
MAX_BYTES = 4 * 1024 * 1024  # refused before parsing: a file this size is not ours
MAX_NOTE_CHARS = 20_000
MAX_BOOKMARKS = 10_000
LANGS = ("en", "zh")


@dataclass(frozen=True)
class Place:
    """A paragraph of a statement: ``lang`` ("en" or "zh") and its 1-based number."""

    lang: str
    paragraph: int


@dataclass(frozen=True)
class Bookmark:
    """A paragraph the reader marked, with an optional note (plain text, the reader's own)."""

    key: StatementKey
    lang: str
    paragraph: int
    note: str = ""
    created: str = ""  # ISO date

    @property
    def place(self) -> Place:
        return Place(self.lang, self.paragraph)

    def citation(self) -> str:
        return cite(self.key, self.lang, self.paragraph)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.key.to_dict(),
            "lang": self.lang,
            "paragraph": self.paragraph,
            "note": self.note,
            "created": self.created,
        }


def _place(raw: object) -> Place | None:
    if not isinstance(raw, dict):
        return None
    lang, number = raw.get("lang"), raw.get("paragraph")
    if lang not in LANGS or not isinstance(number, int) or isinstance(number, bool):
        return None
    if not 0 < number < 100_000:
        return None
    return Place(str(lang), number)


def _bookmark(raw: object) -> Bookmark | None:
    if not isinstance(raw, dict):
        return None
    place = _place(raw)
    year, version, origin = raw.get("year"), raw.get("version", 1), raw.get("origin", "shipped")
    note, created = raw.get("note", ""), raw.get("created", "")
    if place is None or not isinstance(note, str) or not isinstance(created, str):
        return None
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (year, version)):
        return None
    if origin not in {o.value for o in Origin} or len(note) > MAX_NOTE_CHARS:
        return None
    key = StatementKey(int(str(year)), int(str(version)), Origin(str(origin)))
    return Bookmark(key, place.lang, place.paragraph, note, created[:32])


class ReadingStore:
    """Positions and bookmarks of one user; :meth:`save` writes them (atomically)."""

    def __init__(self, path: Path | None = None):
        self.path = path  # None: kept in memory only (tests, read-only media)
        self.positions: dict[str, Place] = {}
        self.bookmarks: list[Bookmark] = []
        self.problems: list[str] = []  # what could not be read, naming the file
        self._damaged = False

    # --- reading the file ----------------------------------------------------------------------

    @classmethod
    def in_folder(cls, data_dir: Path) -> ReadingStore:
        store = cls(Path(data_dir) / READING_FILE)
        store.load()
        return store

    def load(self) -> None:
        """Read the file if there is one; a damaged file is reported, never raised."""
        self.positions, self.bookmarks, self.problems = {}, [], []
        self._damaged = False
        path = self.path
        if path is None or not path.is_file():
            return
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise SettingsError(
                    f"the file is {size} bytes, more than the {MAX_BYTES} a reading file may hold",
                    path,
                )
            text = path.read_text(encoding="utf-8")
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                raise SettingsError(f"not valid JSON ({exc.msg})", path, exc.lineno) from exc
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise SettingsError(f"not a reading file of format {FORMAT}", path)
        except (OSError, UnicodeDecodeError) as exc:
            self._damaged = True
            self.problems.append(str(SettingsError(f"cannot be read ({exc})", path)))
            return
        except SettingsError as exc:
            self._damaged = True
            self.problems.append(str(exc))
            return
        positions = data.get("positions", {})
        if isinstance(positions, dict):
            for slug, raw in positions.items():
                place = _place(raw)
                if isinstance(slug, str) and len(slug) < 64 and place is not None:
                    self.positions[slug] = place
                else:
                    self.problems.append(f"{path}: a reading position was not understood")
        bookmarks = data.get("bookmarks", [])
        if isinstance(bookmarks, list):
            for number, raw in enumerate(bookmarks[:MAX_BOOKMARKS], 1):
                mark = _bookmark(raw)
                if mark is None:
                    self.problems.append(f"{path}: bookmark {number} was not understood; skipped")
                else:
                    self.bookmarks.append(mark)

    # --- positions ----------------------------------------------------------------------------

    def position(self, key: StatementKey) -> Place | None:
        return self.positions.get(key.slug)

    def set_position(self, key: StatementKey, place: Place | None) -> None:
        if place is None:
            self.positions.pop(key.slug, None)
        else:
            self.positions[key.slug] = place

    # --- bookmarks ----------------------------------------------------------------------------

    def bookmark(self, key: StatementKey, place: Place) -> Bookmark | None:
        for mark in self.bookmarks:
            if mark.key == key and mark.place == place:
                return mark
        return None

    def add_bookmark(
        self, key: StatementKey, place: Place, note: str = "", *, today: dt.date | None = None
    ) -> Bookmark:
        """Mark a paragraph (once: marking it again returns the existing bookmark)."""
        found = self.bookmark(key, place)
        if found is not None:
            return found
        if place.lang not in LANGS or place.paragraph < 1:
            raise ValueError(f"not a paragraph: {place}")
        created = (today or dt.date.today()).isoformat()
        mark = Bookmark(key, place.lang, place.paragraph, note[:MAX_NOTE_CHARS], created)
        self.bookmarks.append(mark)
        self.bookmarks.sort(key=lambda m: (m.key.sort_key(), m.lang != "en", m.paragraph))
        return mark

    def set_note(self, key: StatementKey, place: Place, note: str) -> Bookmark:
        """Set a paragraph's note (bookmarking it if it was not)."""
        mark = self.add_bookmark(key, place)
        updated = replace(mark, note=note[:MAX_NOTE_CHARS])
        self.bookmarks[self.bookmarks.index(mark)] = updated
        return updated

    def remove_bookmark(self, key: StatementKey, place: Place) -> bool:
        mark = self.bookmark(key, place)
        if mark is None:
            return False
        self.bookmarks.remove(mark)
        return True

    def bookmarks_of(self, key: StatementKey) -> list[Bookmark]:
        return [m for m in self.bookmarks if m.key == key]

    # --- writing ------------------------------------------------------------------------------

    def to_json(self) -> str:
        data = {
            "format": FORMAT,
            "positions": {
                slug: {"lang": p.lang, "paragraph": p.paragraph}
                for slug, p in sorted(self.positions.items())
            },
            "bookmarks": [m.to_dict() for m in self.bookmarks],
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

    def save(self) -> None:
        """Write the file (a damaged one is kept aside first); :class:`SettingsError` if the
        folder cannot be written."""
        path = self.path
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if self._damaged and path.exists():
                stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
                os.replace(path, path.with_name(f"{path.name}.damaged-{stamp}"))
                self._damaged = False
            temp = path.with_name(f".{path.name}.tmp")
            temp.write_text(self.to_json(), encoding="utf-8")
            os.replace(temp, path)
        except OSError as exc:
            raise SettingsError(f"cannot be written ({exc.strerror or exc})", path) from exc

    # --- export -------------------------------------------------------------------------------

    def to_markdown(
        self,
        paragraph_text: Callable[[StatementKey, str, int], str | None],
        title: Callable[[StatementKey], str | None] = lambda key: None,
    ) -> str:
        """Bookmarks and notes as Markdown: per statement, each paragraph quoted as stored
        (``paragraph_text`` gives it), the reader's note, and the citation."""
        lines = ["# Bookmarks and notes", ""]
        if not self.bookmarks:
            lines += ["(none)", ""]
        current: StatementKey | None = None
        for mark in self.bookmarks:
            if mark.key != current:
                current = mark.key
                heading = cite_statement(mark.key)
                name = title(mark.key)
                lines += [f"## {heading}" + (f": {name}" if name else ""), ""]
            where = f"¶{mark.paragraph}" if mark.lang == "en" else f"Chinese ¶{mark.paragraph}"
            lines += [f"### {where}", ""]
            text = paragraph_text(mark.key, mark.lang, mark.paragraph)
            if text:
                lines += [f"> {line}" if line else ">" for line in text.splitlines()]
                lines.append("")
            if mark.note.strip():
                lines += ["Note:", "", *mark.note.strip().splitlines(), ""]
            lines += [f"— {mark.citation()}", ""]
        return "\n".join(lines).rstrip("\n") + "\n"
