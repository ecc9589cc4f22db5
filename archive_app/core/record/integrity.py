"""Checking an archive: the whole bag (every checksum, nothing missing, nothing extra) and then
every statement against the schema.

The result is a report rather than an exception, because a person reading it wants every
problem at once, each naming its file and what is wrong.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from archive_app.core.errors import ArchiveError
from archive_app.core.record.archive import (
    STATEMENTS_DIR,
    load_statement,
    sha256_file,
    statement_filename,
    version_from_filename,
)

if TYPE_CHECKING:
    import bagit

__all__ = ["Problem", "VerifyReport", "verify_archive"]


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class VerifyReport:
    root: Path
    files_checked: int = 0
    statements_checked: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.ok:
            return (
                f"OK: {self.root}: {self.files_checked} files match their SHA-256 checksums, "
                f"no file missing or extra; {self.statements_checked} statement(s) valid."
            )
        return f"FAILED: {self.root}: {len(self.problems)} problem(s)."


def _file_problems(root: Path, bag: bagit.Bag) -> list[Problem]:
    """Every missing, extra or changed file, each named.

    bagit stops at its first failing check (a wrong Payload-Oxum hides which file is wrong), so
    the details are worked out here from the bag's own manifests.
    """
    problems: list[Problem] = []
    listed = {Path(name).as_posix(): digests for name, digests in bag.entries.items()}
    for name, digests in sorted(listed.items()):
        path = root / name
        if not path.is_file():
            problems.append(Problem(str(path), "missing: listed in the manifest but not on disk"))
        elif "sha256" in digests and sha256_file(path) != digests["sha256"].lower():
            problems.append(Problem(str(path), "changed: its SHA-256 does not match the manifest"))
    payload = root / "data"
    on_disk = sorted(p for p in payload.rglob("*") if p.is_file()) if payload.is_dir() else []
    for path in on_disk:
        if path.relative_to(root).as_posix() not in listed:
            problems.append(Problem(str(path), "extra: on disk but not listed in the manifest"))
    return problems


def verify_archive(root: Path) -> VerifyReport:
    """Validate the bag at ``root`` and every statement in it."""
    root = Path(root)
    report = VerifyReport(root)
    import bagit  # loaded when a check runs, not when the window starts

    # bagit reports through logging as well as through its exceptions; we report the latter.
    logging.getLogger("bagit").setLevel(logging.ERROR)
    try:
        bag = bagit.Bag(str(root))
    except bagit.BagError as exc:
        report.problems.append(Problem(str(root), f"not a valid BagIt bag: {exc}"))
        return report
    report.files_checked = len(bag.entries)
    report.problems.extend(_file_problems(root, bag))
    try:
        bag.validate()
    except bagit.BagError as exc:
        if not report.problems:  # only bagit saw it (an Oxum or bagit.txt problem): say so
            report.problems.append(Problem(str(root), str(exc)))
    statement_dir = root / STATEMENTS_DIR
    for path in sorted(statement_dir.glob("*.json")) if statement_dir.is_dir() else []:
        try:
            statement = load_statement(path)
        except ArchiveError as exc:
            where = f"{path}:{exc.line}" if exc.line else str(path)
            report.problems.append(Problem(where, exc.message))
            continue
        # 2021.json, or 2021.v2.json for a second text of the year (never overwritten).
        if path.name != statement_filename(statement.year, version_from_filename(path.name)):
            report.problems.append(
                Problem(
                    str(path),
                    f"file name says {path.stem} but the statement is for {statement.year}",
                )
            )
        report.statements_checked += 1
    if not report.statements_checked and report.ok:
        report.problems.append(Problem(str(statement_dir), "the archive holds no statements"))
    return report
