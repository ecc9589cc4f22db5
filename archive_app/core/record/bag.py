"""Writing statements into a BagIt bag (RFC 8493) with the ``bagit`` package.

Only the curator's tools write here; the reader opens bags read-only. A statement is added with
the unmodified source it came from, then every manifest is regenerated, so the bag always
validates as a whole or has not been touched.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import bagit

from archive_app import __version__
from archive_app.core.errors import ArchiveError
from archive_app.core.record.archive import (
    SOURCES_DIR,
    STATEMENTS_DIR,
    Statement,
    load_statement,
    statement_to_json,
)
from archive_app.core.record.importer import MAX_SOURCE_BYTES, ImportResult
from archive_app.core.safefile import holds

if TYPE_CHECKING:
    from archive_app.core.record.userarchive import AddResult

__all__ = ["add_to_bag", "create_bag", "make_bag", "store_in_bag"]

_AGENT = f"archive_app {__version__} (bagit {bagit.VERSION})"
_BAG_INFO = {
    "Source-Organization": "June Fourth Archive",
    "External-Description": (
        "Coalition statements on the June Fourth anniversary, as published, with the unmodified "
        "sources they were imported from."
    ),
}


def make_bag(root: Path, info: dict[str, str]) -> None:
    """Turn the (empty) folder ``root`` into an empty SHA-256 bag described by ``info``."""
    root.mkdir(parents=True, exist_ok=True)
    bagit.make_bag(str(root), {**info, "Bag-Software-Agent": _AGENT}, checksums=["sha256"])


def store_in_bag(
    root: Path,
    info: dict[str, str],
    statement: Statement,
    statement_target: Path,
    source_bytes: bytes,
    source_target: Path,
) -> None:
    """Write a statement and its source into the bag at ``root``, then regenerate every manifest.

    Both files are written beside the bag first and moved in, so a crash leaves no half-written
    statement; a source already stored under ``source_target`` is kept as it is.
    Checked first: regenerating the manifests reads every payload file, so a FIFO or a device
    in the bag (a stick can carry anything) is refused by name before anything is written.
    """
    from archive_app.core.record.integrity import irregular_payload

    irregular = irregular_payload(root)
    if irregular:
        raise ArchiveError(
            f"{irregular[0].message}: remove it from the archive before adding to it",
            irregular[0].path,
        )
    with tempfile.TemporaryDirectory(dir=root) as scratch:
        staged_statement = Path(scratch) / statement_target.name
        staged_statement.write_text(statement_to_json(statement), encoding="utf-8", newline="\n")
        staged_source = Path(scratch) / source_target.name
        staged_source.write_bytes(source_bytes)
        statement_target.parent.mkdir(parents=True, exist_ok=True)
        source_target.parent.mkdir(parents=True, exist_ok=True)
        if not source_target.exists():
            shutil.move(staged_source, source_target)
        shutil.move(staged_statement, statement_target)
    bag = bagit.Bag(str(root))
    bag.info.update({**info, "Bag-Software-Agent": _AGENT})
    bag.save(manifests=True)


def create_bag(root: Path) -> None:
    """Make an empty bag at ``root`` (which must not exist or be empty)."""
    root = Path(root)
    if root.exists() and any(root.iterdir()):
        raise ArchiveError("cannot create an archive here: the folder is not empty", root)
    make_bag(root, _BAG_INFO)


def add_to_bag(root: Path, result: ImportResult) -> AddResult:
    """Add one imported statement and its source to the named bag at ``root``.

    The policy is the user archive's (:func:`~archive_app.core.record.userarchive.plan_add`):
    the same source or the same text again is "already there, nothing written"; a different
    text for a year the bag holds is refused (a named bag keeps one text per year).
    """
    from archive_app.core.record.archive import Archive
    from archive_app.core.record.userarchive import ADDED, plan_add

    root = Path(root)
    if not (root / "bagit.txt").is_file():
        raise ArchiveError("not an archive (no bagit.txt); create it first", root)
    # A bag bagit made empty has no payload manifest yet: it holds nothing.
    empty = not (root / "manifest-sha256.txt").is_file()
    held = [] if empty else [(s, "the archive") for s in Archive.load(root)]
    planned = plan_add(held, result, into="the archive", new_versions=False)
    if planned.outcome != ADDED:
        return planned
    statement = result.statement
    target = root / STATEMENTS_DIR / f"{statement.year}.json"
    source_target = root / SOURCES_DIR / result.source_name
    if target.exists():  # a file the manifest does not list (Archive.load refused it)
        raise ArchiveError("a statement file with this name already exists; refusing", target)
    if source_target.exists() and not holds(source_target, result.source_bytes, MAX_SOURCE_BYTES):
        raise ArchiveError(
            "a different source file with this name is already stored", source_target
        )
    store_in_bag(root, _BAG_INFO, statement, target, result.source_bytes, source_target)
    load_statement(target)  # the stored file is the contract: read it back
    return planned._replace(path=target)
