"""The user's own archive: a second BagIt bag for statements added locally.

The shipped bag is never written to. What a user imports goes into a bag of its own at
:attr:`AppPaths.user_archive_dir <archive_app.core.paths.AppPaths.user_archive_dir>` (in
portable mode, inside the portable folder), with the unmodified source beside each statement,
exactly like the shipped bag; :class:`~archive_app.core.record.library.Library` reads both as one.

Adding follows three rules:

- the same source again (same SHA-256, in either bag) is recognised and nothing is written
  ("already in your archive" / "already in the shipped archive");
- a different text for a year already held (shipped or local) is kept as the next *version*
  (``data/statements/2021.v2.json``), never over the first;
- the curator may confirm or correct the proposed paragraph alignment before adding; the stored
  alignment then says so in ``by`` (:func:`curated_alignment`).

Writes are staged in a scratch folder inside the bag and moved in, then the manifests are
regenerated, so the bag validates as a whole or was not touched.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from archive_app.core.errors import ArchiveError, ImportFailure
from archive_app.core.paths import AppPaths
from archive_app.core.record.archive import (
    SOURCES_DIR,
    STATEMENTS_DIR,
    Alignment,
    Archive,
    Statement,
    load_statement,
    same_wording,
    statement_filename,
    statement_version,
)
from archive_app.core.record.library import LOCAL_NOTE, Library
from archive_app.core.safefile import holds

if TYPE_CHECKING:  # the importer (HTML, MHTML, e-mail parsing) is imported only to import
    from archive_app.core.record.importer import ImportResult

__all__ = [
    "ADDED",
    "ALREADY",
    "REFUSED",
    "AddResult",
    "UserArchive",
    "curated_alignment",
    "plan_add",
]

ADDED = "added"
ALREADY = "already"
REFUSED = "refused"


_BAG_INFO = {
    "Source-Organization": "June Fourth Archive (statements added locally by the user)",
    "External-Description": (
        "Statements added locally with June Fourth Archive, each with the unmodified source "
        "it was imported from. Not signed: these are not part of the published archive."
    ),
}


class AddResult(NamedTuple):
    """What adding one imported statement did."""

    outcome: str  # ADDED | ALREADY | REFUSED
    year: int
    version: int
    path: Path | None  # the statement file written, or the one that already holds the source
    where: str  # "your archive" | "the shipped archive" | "the archive" (one named bag)
    reason: str = ""  # ALREADY: "same source" (SHA-256) or "same text"; REFUSED: why

    @property
    def added(self) -> bool:
        return self.outcome == ADDED

    @property
    def label(self) -> str:
        return str(self.year) if self.version == 1 else f"{self.year} v{self.version}"

    @property
    def message(self) -> str:
        """The CLI's English sentence (the window composes its own from the same fields)."""
        if self.outcome == REFUSED:
            return f"refused: {self.reason}; nothing was written"
        if self.outcome == ALREADY and self.reason == "same text":
            return (
                f"already in {self.where}: the statement for {self.label} has the same text "
                "(from another capture of the page); nothing was written"
            )
        if self.outcome == ALREADY:
            return (
                f"already in {self.where}: this source (same SHA-256) is the statement for "
                f"{self.label}; nothing was written"
            )
        second = (
            f" (a different text for {self.year} is already held; this one is kept beside it "
            f"as version {self.version})"
            if self.version > 1
            else ""
        )
        if self.where != "your archive":
            return f"added {self.label} to {self.where}"
        return f"added {self.label} to your archive{second}; {LOCAL_NOTE}"


def curated_alignment(
    statement: Statement,
    pairs: Iterable[tuple[int, int]],
    *,
    curator: str | None = None,
    path: Path | None = None,
) -> Alignment:
    """The alignment the curator confirmed (or corrected), recorded as their judgement.

    ``pairs`` are (English ¶, Chinese ¶), 1-based. A paragraph takes part in one pair, or in
    two when one paragraph translates two (a 2–1 or 1–2 match: (2, 2) and (3, 2)); two
    paragraphs each paired with two others (2–2 and beyond) are refused, as are numbers out of
    range and a pair given twice. Raises :class:`ImportFailure` naming ``path``.
    """
    checked: list[tuple[int, int]] = []
    en_partners: dict[int, set[int]] = {}
    zh_partners: dict[int, set[int]] = {}
    for en_no, zh_no in pairs:
        if not 0 < en_no <= len(statement.en):
            raise ImportFailure(
                f"alignment: there is no English paragraph {en_no} (the text has "
                f"{len(statement.en)})",
                path,
            )
        if not 0 < zh_no <= len(statement.zh):
            raise ImportFailure(
                f"alignment: there is no Chinese paragraph {zh_no} (the text has "
                f"{len(statement.zh)})",
                path,
            )
        if (en_no, zh_no) in checked:
            raise ImportFailure(
                f"alignment: English ¶{en_no} ↔ Chinese ¶{zh_no} is given twice", path
            )
        en_partners.setdefault(en_no, set()).add(zh_no)
        zh_partners.setdefault(zh_no, set()).add(en_no)
        checked.append((en_no, zh_no))
    for en_no, zhs in en_partners.items():
        if len(zhs) > 2 or (len(zhs) == 2 and any(len(zh_partners[z]) > 1 for z in zhs)):
            raise ImportFailure(
                f"alignment: English paragraph {en_no} is paired more than a 1–2 match allows",
                path,
            )
    for zh_no, ens in zh_partners.items():
        if len(ens) > 2 or (len(ens) == 2 and any(len(en_partners[e]) > 1 for e in ens)):
            raise ImportFailure(
                f"alignment: Chinese paragraph {zh_no} is paired more than a 2–1 match allows",
                path,
            )
    checked.sort()
    proposed = statement.alignment
    changed = tuple(checked) != tuple(sorted(proposed.pairs))
    who = f"the curator ({curator.strip()})" if curator and curator.strip() else "the curator"
    by = f"{'corrected' if changed else 'confirmed'} by {who} on import"
    listing = "; ".join(f"Chinese ¶{zh} ↔ English ¶{en}" for en, zh in checked) or "no pairs"
    note = (
        "The source does not say which English paragraph each Chinese paragraph translates; "
        "this pairing is an editorial judgement, not part of the source. "
        f"{'Corrected' if changed else 'Confirmed'} by {who}: {listing}. "
        f"Originally {proposed.by}."
    )
    return Alignment(tuple(checked), kind="editorial judgement", by=by, note=note)


def plan_add(
    held: list[tuple[Statement, str]], result: ImportResult, *, into: str, new_versions: bool
) -> AddResult:
    """The one add-to-bag policy, writing nothing.

    ``held`` is every statement already held, with where it is held ("your archive", "the
    shipped archive", "the archive"). The same source (SHA-256) or the same text again is
    ALREADY: nothing is written, wherever it is held. A different text for a year already held
    becomes the next version (in ``into``) when ``new_versions`` (the user's own archive, where
    a later text is kept beside the first), and is REFUSED otherwise (a named archive keeps one
    text per year: the stored text is a historical record and is never overwritten).
    """
    statement = result.statement
    sha = statement.source.get("sha256")
    for reason, same in (
        ("same source", lambda s: s.source.get("sha256") == sha),
        ("same text", lambda s: same_wording(s, statement)),
    ):
        for existing, where in held:
            if same(existing):
                return AddResult(
                    ALREADY, existing.year, statement_version(existing), existing.path, where,
                    reason,
                )  # fmt: skip
    same_year = [(s, where) for s, where in held if s.year == statement.year]
    if same_year and not new_versions:
        existing, where = same_year[0]
        return AddResult(
            REFUSED, statement.year, statement_version(existing), existing.path, where,
            f"{where} already holds a different text for {statement.year} (from "
            f"{existing.source.get('file')}); it keeps one text per year and is never "
            "overwritten",
        )  # fmt: skip
    version = max((statement_version(s) for s, _ in same_year), default=0) + 1
    return AddResult(ADDED, statement.year, version, None, into)


class UserArchive:
    """The bag of statements the user added, at ``root`` (created on the first add)."""

    def __init__(self, root: Path):
        self.root = Path(root)

    @classmethod
    def for_paths(cls, paths: AppPaths) -> UserArchive:
        return cls(paths.user_archive_dir)

    @property
    def exists(self) -> bool:
        return (self.root / "bagit.txt").is_file()

    def load(self) -> Archive | None:
        """The local statements as an :class:`Archive`, or ``None`` before the first add."""
        return Archive.load(self.root) if self.exists else None

    def library(self, shipped: Archive) -> Library:
        """The combined view of ``shipped`` and this archive."""
        return Library.with_user_archive(shipped, self.root)

    def _create(self) -> None:
        if self.root.exists() and not self.root.is_dir():
            raise ArchiveError("cannot create your archive here: this is a file", self.root)
        if self.root.is_dir() and any(self.root.iterdir()):
            raise ArchiveError(
                "cannot create your archive here: the folder is not empty and holds no "
                "bagit.txt; move its contents away",
                self.root,
            )
        from archive_app.core.record.bag import make_bag  # bagit loads when a bag is written

        make_bag(self.root, _BAG_INFO)

    def plan(self, result: ImportResult, *, shipped: Archive | None = None) -> AddResult:
        """What :meth:`add` would do, writing nothing: ALREADY (and where), or ADDED with the
        version the statement would get (``path`` is then ``None``)."""
        local = self.load()
        held: list[tuple[Statement, str]] = []
        if shipped is not None:
            base = shipped.shipped_archive() if isinstance(shipped, Library) else shipped
            held += [(s, "the shipped archive") for s in base]
        held += [(s, "your archive") for s in local or ()]
        return plan_add(held, result, into="your archive", new_versions=True)

    def add(
        self,
        result: ImportResult,
        *,
        shipped: Archive | None = None,
        alignment: Alignment | None = None,
    ) -> AddResult:
        """Add one imported statement (with its source) unless its source is already held.

        ``shipped`` is the archive the user reads (a plain archive or a library); its
        statements count for "already held" and for the next version number. ``alignment``
        replaces the importer's proposal (see :func:`curated_alignment`).
        """
        planned = self.plan(result, shipped=shipped)
        if planned.outcome == ALREADY:
            return planned
        statement = result.statement
        version = planned.version
        if not self.exists:
            self._create()
        source_name = self._source_name(result)
        source = dict(statement.source)
        source["file"] = (SOURCES_DIR / source_name).as_posix()
        to_store = dataclasses.replace(
            statement,
            source=source,
            alignment=alignment if alignment is not None else statement.alignment,
            path=None,
        )
        target = self.root / STATEMENTS_DIR / statement_filename(statement.year, version)
        if target.exists():  # a version number is never reused
            raise ArchiveError("a statement file with this name already exists", target)
        source_target = self.root / SOURCES_DIR / source_name
        from archive_app.core.record.bag import store_in_bag

        store_in_bag(self.root, _BAG_INFO, to_store, target, result.source_bytes, source_target)
        # Read back what was written: the stored file is the contract, not our object.
        load_statement(target)
        return AddResult(ADDED, statement.year, version, target, "your archive")

    def _source_name(self, result: ImportResult) -> str:
        """The source's own file name, or with its hash added if that name is taken."""
        folder = self.root / SOURCES_DIR
        name = result.source_name
        existing = folder / name
        taken = existing.exists() or existing.is_symlink()
        from archive_app.core.record.importer import MAX_SOURCE_BYTES

        if not taken or holds(existing, result.source_bytes, MAX_SOURCE_BYTES):
            return name
        sha = str(result.statement.source.get("sha256", ""))[:12]
        stem, dot, suffix = name.rpartition(".")
        return f"{stem}.{sha}.{suffix}" if dot else f"{name}.{sha}"
