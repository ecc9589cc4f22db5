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

``manifest_hash`` stays the shipped bag's hash (what a signature covers);
``local_manifest_hash`` is the user bag's, or ``None`` when there are no local additions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from archive_app.core.errors import ArchiveError
from archive_app.core.record.archive import Archive, Statement, statement_version
from archive_app.core.record.key import LOCAL_NOTE, Origin, StatementKey

__all__ = [
    "LOCAL",
    "LOCAL_NOTE",
    "SHIPPED",
    "Library",
    "LibraryEntry",
    "citation_note",
    "describe_origin",
    "statement_label",
]

SHIPPED = Origin.SHIPPED
LOCAL = Origin.LOCAL


def statement_label(statement: Statement) -> str:
    """``2021`` for a first version, ``2021 v2`` for a later one."""
    version = statement_version(statement)
    return str(statement.year) if version == 1 else f"{statement.year} v{version}"


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
    def note(self) -> str | None:
        """:data:`LOCAL_NOTE` for a local statement; ``None`` for a shipped one."""
        return LOCAL_NOTE if self.local else None

    @property
    def label(self) -> str:
        """``2021``, ``2021 v2``; local ones add the note: ``2021 v2 (added locally, ...)``."""
        return f"{self.key.label} ({LOCAL_NOTE})" if self.local else self.key.label

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
    _by_id: dict[int, LibraryEntry] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id = {id(entry.statement): entry for entry in self.entries}

    @classmethod
    def combine(
        cls, shipped: Archive, local: Archive | None, *, user_root: Path | None = None
    ) -> Library:
        """The combined view of a shipped archive and (optionally) the user's local one."""
        shipped_sources = {
            s.source.get("sha256") for s in shipped if isinstance(s.source.get("sha256"), str)
        }
        entries = [LibraryEntry(s, shipped.key_of(s)) for s in shipped]
        shipped_versions: dict[int, int] = {}
        for entry in entries:
            year, version = entry.key.year, entry.key.version
            shipped_versions[year] = max(shipped_versions.get(year, 0), version)
        superseded: list[Statement] = []
        refused: list[ArchiveError] = []
        for statement in local or ():
            version = statement_version(statement)
            if statement.source.get("sha256") in shipped_sources:
                superseded.append(statement)
            elif version <= shipped_versions.get(statement.year, 0):
                # The app numbers a local text after every shipped one of its year; a local
                # file numbered as (or before) a signed text could pass for it: refused by name.
                refused.append(
                    ArchiveError(
                        f"a local text numbered {version} for {statement.year}, which the "
                        f"shipped archive holds up to version {shipped_versions[statement.year]}"
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
        # one whenever there is one (``show 2021`` and the window open it).
        entries.sort(key=lambda e: (e.key.year, e.key.local, e.key.version))
        # ``is not None``: an Archive is falsy when it holds no statement, and the problems of a
        # user bag whose every file was refused are exactly what must be shown.
        problems = tuple(shipped.problems) + (tuple(local.problems) if local is not None else ())
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
    def with_user_archive(cls, shipped: Archive, user_root: Path | None) -> Library:
        """Add the user's bag at ``user_root`` (if any) to an already loaded archive."""
        base = shipped.shipped_archive() if isinstance(shipped, Library) else shipped
        local: Archive | None = None
        extra: list[ArchiveError] = []
        if user_root is not None and (Path(user_root) / "bagit.txt").is_file():
            try:
                local = Archive.load(Path(user_root))
            except ArchiveError as exc:
                extra.append(exc)
        library = cls.combine(base, local, user_root=Path(user_root) if user_root else None)
        library.problems = library.problems + tuple(extra)
        return library

    def shipped_archive(self) -> Archive:
        """The shipped statements alone, as a plain :class:`Archive`."""
        return Archive(
            self.root,
            tuple(e.statement for e in self.entries if not e.local),
            tuple(p for p in self.problems if not _under(p.path, self.user_root)),
            self.manifest_hash,
        )

    def entry(self, statement: Statement) -> LibraryEntry:
        """The entry of a statement of this library (looked up by identity)."""
        found = self._by_id.get(id(statement))
        if found is None:
            raise KeyError(f"statement {statement_label(statement)} is not in this library")
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

    def is_local(self, statement: Statement) -> bool:
        found = self._by_id.get(id(statement))
        return found is not None and found.local

    def versions(self, year: int) -> list[LibraryEntry]:
        """Every text held for ``year``, first version first."""
        return [e for e in self.entries if e.statement.year == year]

    @property
    def local_entries(self) -> list[LibraryEntry]:
        return [e for e in self.entries if e.local]


def _under(path: Path | None, root: Path | None) -> bool:
    if path is None or root is None:
        return False
    try:
        Path(path).resolve().relative_to(Path(root).resolve())
    except ValueError:
        return False
    return True


def describe_origin(archive: Archive, statement: Statement) -> str | None:
    """:data:`LOCAL_NOTE` when ``statement`` is a local addition in ``archive``, else ``None``.

    Works for a plain :class:`Archive` too (always ``None``), so views need not check types.
    """
    if isinstance(archive, Library) and archive.is_local(statement):
        return LOCAL_NOTE
    return None


def citation_note(archive: Archive, statement: Statement) -> str | None:
    """What a citation must add so it names this text exactly, or ``None`` when nothing.

    ``"version 2"`` for a later text of a year, ``"added locally, not signed"`` for a local
    statement, both joined with ``"; "`` (``"version 2; added locally, not signed"``).
    """
    parts: list[str] = []
    version = statement_version(statement)
    if version > 1:
        parts.append(f"version {version}")
    origin = describe_origin(archive, statement)
    if origin:
        parts.append(origin)
    return "; ".join(parts) or None
