"""The library: the shipped archive and the user's own additions, read as one archive.

The shipped bag is read-only and (in a release) signed. Statements the user imports live in a
second bag in the user's data folder (:mod:`archive_app.core.record.userarchive`).
A :class:`Library` is an :class:`~archive_app.core.record.archive.Archive` holding both,
so every view and command that reads an archive reads the library unchanged; what it adds
is *where each statement came from*:

- ``origin`` — ``"shipped"`` or ``"local"``; local statements are shown as
  "added locally, not signed" (:data:`LOCAL_NOTE`) wherever a statement is named;
- ``version`` — a year can hold more than one text (``2021.json``, then ``2021.v2.json``): a
  different text for a year is kept beside the first, never over it.

A local statement whose source (by SHA-256) a later shipped archive carries is *superseded*: the
signed copy is shown and the local one is left out of the combined view (listed in
``superseded``).

Signed updates (``.jfa`` files applied with ``update apply`` or File → Open archive update…,
verified by :mod:`archive_app.core.distribution.update`) are a third kind: each is its own bag,
passed in as ``updates`` (the bag's statements and the :class:`UpdateStamp` of its signature).
Their statements are ``origin="update"`` and shown as "signed update of 2026-06-04, key …". The
shipped text always keeps its place: an update text whose source or wording is already held is
left out (listed in ``superseded``), and a different text for a year already held becomes the
next free version of that year (``2021 v2``), never a replacement. A local statement whose source
an update carries is superseded by the signed copy, as for the shipped archive.

``manifest_hash`` stays the shipped bag's hash (what a signature covers);
``local_manifest_hash`` is the user bag's, or ``None`` when there are no local additions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from archive_app.core.errors import ArchiveError
from archive_app.core.record.archive import Archive, Statement, same_wording, statement_version
from archive_app.core.record.key import LOCAL_NOTE, Origin, StatementKey, UpdateStamp

__all__ = [
    "LOCAL",
    "LOCAL_NOTE",
    "SHIPPED",
    "UPDATE",
    "Library",
    "LibraryEntry",
]

SHIPPED = Origin.SHIPPED
LOCAL = Origin.LOCAL
UPDATE = Origin.UPDATE

HeldUpdate = tuple[Archive, UpdateStamp]
"""One verified update bag as the library takes it: its statements and its stamp."""


@dataclass(frozen=True)
class LibraryEntry:
    """One statement of the library and where it came from."""

    statement: Statement
    key: StatementKey

    @property
    def origin(self) -> Origin:
        return self.key.origin

    @property
    def version(self) -> int:
        return self.key.version

    @property
    def local(self) -> bool:
        return self.key.local

    @property
    def update(self) -> UpdateStamp | None:
        """The signed update this statement came from, or ``None``."""
        return self.key.update

    @property
    def sha256(self) -> str | None:
        value = self.statement.source.get("sha256")
        return value if isinstance(value, str) else None


@dataclass
class Library(Archive):
    """Shipped statements plus the user's local ones, each marked with its origin."""

    entries: tuple[LibraryEntry, ...] = ()
    user_root: Path | None = None
    local_manifest_hash: str | None = None
    superseded: tuple[Statement, ...] = ()
    updates: tuple[HeldUpdate, ...] = ()
    """The verified update bags this library was made with (kept when local ones are re-read)."""
    _by_id: dict[int, LibraryEntry] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id = {id(entry.statement): entry for entry in self.entries}

    @classmethod
    def combine(
        cls,
        shipped: Archive,
        local: Archive | None,
        *,
        user_root: Path | None = None,
        updates: Sequence[HeldUpdate] = (),
    ) -> Library:
        """The combined view of a shipped archive, signed updates and the user's local one."""
        entries = [LibraryEntry(s, shipped.key_of(s)) for s in shipped]
        held = [e.statement for e in entries]
        taken = {(e.key.year, e.key.version) for e in entries}
        superseded: list[Statement] = []
        for update_archive, stamp in updates:
            for statement in update_archive:
                sha = statement.source.get("sha256")
                if any(sha == h.source.get("sha256") or same_wording(h, statement) for h in held):
                    superseded.append(statement)  # already held: the earlier signed text stays
                    continue
                version = statement_version(statement)
                if (statement.year, version) in taken:
                    version = 1 + max(v for y, v in taken if y == statement.year)
                taken.add((statement.year, version))
                key = StatementKey(statement.year, version, UPDATE, update=stamp)
                entries.append(LibraryEntry(statement, key))
                held.append(statement)
        signed_sources = {
            s.source.get("sha256") for s in held if isinstance(s.source.get("sha256"), str)
        }
        # The app numbers a local text after every signed one of its year.
        shipped_versions: dict[int, int] = {}
        for entry in entries:
            year, version = entry.key.year, entry.key.version
            shipped_versions[year] = max(shipped_versions.get(year, 0), version)
        refused: list[ArchiveError] = []
        for statement in local or ():
            version = statement_version(statement)
            if statement.source.get("sha256") in signed_sources:
                superseded.append(statement)
            elif version <= shipped_versions.get(statement.year, 0):
                # The app numbers a local text after every shipped one of its year; a local
                # file numbered as (or before) a signed text could pass for it: refused by name.
                refused.append(
                    ArchiveError(
                        f"a local text numbered {version} for {statement.year}, which the "
                        f"signed archive holds up to version {shipped_versions[statement.year]}"
                        f"; refused (local versions come after the signed ones: rename it to "
                        f"{statement.year}.v{shipped_versions[statement.year] + 1}.json and "
                        "update the bag's manifest, or import its source again)",
                        statement.path,
                    )
                )
            else:
                key = StatementKey(statement.year, version, LOCAL)
                entries.append(LibraryEntry(statement, key))
        # Every signed text of a year before any local one: a year's first text is the signed
        # one whenever there is one (``show 2021`` and the window open it); shipped before
        # updates within a version.
        entries.sort(key=lambda e: (e.key.year, e.key.local, e.key.version, e.key.sort_key()))
        # ``is not None``: an Archive is falsy when it holds no statement, and the problems of a
        # user bag whose every file was refused are exactly what must be shown.
        problems = tuple(shipped.problems) + (tuple(local.problems) if local is not None else ())
        for update_archive, _stamp in updates:
            problems += tuple(update_archive.problems)
        problems += tuple(refused)
        return cls(
            root=shipped.root,
            statements=tuple(e.statement for e in entries),
            problems=problems,
            manifest_hash=shipped.manifest_hash,
            entries=tuple(entries),
            user_root=user_root if user_root is not None else (local.root if local else None),
            local_manifest_hash=local.manifest_hash if local and len(local) else None,
            superseded=tuple(superseded),
            updates=tuple(updates),
        )

    @classmethod
    def load(cls, root: Path) -> Library:
        """One bag read as a library (every statement shipped; no user additions)."""
        return cls.combine(Archive.load(Path(root)), None)

    @classmethod
    def open(cls, shipped_root: Path, user_root: Path | None) -> Library:
        """Load the shipped bag (errors raise) and the user's bag, if there is one.

        A damaged user bag never takes the shipped statements down: its error becomes one of
        ``problems`` and the library shows the shipped archive alone.
        """
        shipped = Archive.load(Path(shipped_root))
        return cls.with_user_archive(shipped, user_root)

    @classmethod
    def with_user_archive(
        cls,
        shipped: Archive,
        user_root: Path | None,
        *,
        updates: Sequence[HeldUpdate] | None = None,
    ) -> Library:
        """Add the user's bag at ``user_root`` (if any) to an already loaded archive.

        ``updates`` default to the ones ``shipped`` was made with, when it is a library, so
        re-reading the local bag (after an import) keeps the signed updates shown.
        """
        base = shipped.shipped_archive() if isinstance(shipped, Library) else shipped
        if updates is None:
            updates = shipped.updates if isinstance(shipped, Library) else ()
        local: Archive | None = None
        extra: list[ArchiveError] = []
        if user_root is not None and (Path(user_root) / "bagit.txt").is_file():
            try:
                local = Archive.load(Path(user_root))
            except ArchiveError as exc:
                extra.append(exc)
        library = cls.combine(
            base, local, user_root=Path(user_root) if user_root else None, updates=updates
        )
        library.problems = library.problems + tuple(extra)
        return library

    def with_updates(self, updates: Sequence[HeldUpdate]) -> Library:
        """This library with ``updates`` in place of the ones it holds (local bag re-read)."""
        return Library.with_user_archive(self, self.user_root, updates=updates)

    def shipped_archive(self) -> Archive:
        """The shipped statements alone, as a plain :class:`Archive`."""
        others = [self.user_root, *(archive.root for archive, _stamp in self.updates)]
        return Archive(
            self.root,
            tuple(e.statement for e in self.entries if e.origin is SHIPPED),
            tuple(p for p in self.problems if not any(_under(p.path, r) for r in others)),
            self.manifest_hash,
        )

    def entry(self, statement: Statement) -> LibraryEntry:
        """The entry of a statement of this library (looked up by identity)."""
        found = self._by_id.get(id(statement))
        if found is None:
            raise KeyError(f"statement {statement.year} ({statement.path}) is not in this library")
        return found

    def key_of(self, statement: Statement) -> StatementKey:
        """The identity (year, version, origin) of one of this library's statements."""
        return self.entry(statement).key

    def statement(self, key: StatementKey) -> Statement:
        for entry in self.entries:
            if entry.key == key:
                return entry.statement
        raise ArchiveError(
            f"no statement {key.label} ({key.origin.value}) in this library", self.root
        )

    def versions(self, year: int) -> list[LibraryEntry]:
        """Every text held for ``year``, first version first."""
        return [e for e in self.entries if e.statement.year == year]

    @property
    def local_entries(self) -> list[LibraryEntry]:
        return [e for e in self.entries if e.local]

    @property
    def update_entries(self) -> list[LibraryEntry]:
        """The statements from signed updates."""
        return [e for e in self.entries if e.origin is UPDATE]


def _under(path: Path | None, root: Path | None) -> bool:
    if path is None or root is None:
        return False
    try:
        Path(path).resolve().relative_to(Path(root).resolve())
    except ValueError:
        return False
    return True
