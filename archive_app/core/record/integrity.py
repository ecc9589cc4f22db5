"""Checking an archive: the whole bag (every checksum, nothing missing, nothing extra) and then
every statement against the schema.

The result is a report rather than an exception, because a person reading it wants every
problem at once, each naming its file and what is wrong.
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from archive_app.core.errors import ArchiveError
from archive_app.core.record.archive import (
    MANIFEST,
    MAX_MANIFEST_BYTES,
    MAX_MANIFEST_LINE,
    STATEMENTS_DIR,
    check_statement_filename,
    load_statement,
    parse_manifest,
    sha256_file,
    statement_filename,
    version_from_filename,
)
from archive_app.core.safefile import FileRefused, describe_kind, read_regular

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


# What bagit raises for a bag it cannot read. Its parsers trust their input: a bagit.txt with a
# key twice gives a TypeError deep inside it (found by tests/fuzz), a bad date a ValueError.
_BAGIT_ERRORS = (ValueError, UnicodeError, OSError, TypeError, LookupError, AttributeError)

MAX_TAG_FILE_BYTES = 64 * 1024  # bagit.txt, bag-info.txt: a few lines each
MAX_MESSAGE = 300  # characters of a message that quotes the bag (bagit echoes bad lines)


def _clip(text: str) -> str:
    """A message for people: control characters escaped, at most :data:`MAX_MESSAGE` long."""
    text = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def _tag_file_problems(root: Path) -> list[Problem]:
    """Check the bag's own text files before bagit reads them: bagit reads them whole and
    trusts them (a binary manifest or ``bagit.txt`` is a traceback inside bagit, a FIFO a hang,
    a 50 MB line is echoed in its error message)."""
    problems: list[Problem] = []
    try:
        names = sorted(os.listdir(root))
    except OSError as exc:
        return [Problem(str(root), f"cannot list the folder: {exc.strerror or exc}")]
    for name in names:
        is_manifest = name.startswith(("manifest-", "tagmanifest-")) and name.endswith(".txt")
        if name not in ("bagit.txt", "bag-info.txt") and not is_manifest:
            continue
        path = root / name
        limit = MAX_MANIFEST_BYTES if is_manifest else MAX_TAG_FILE_BYTES
        try:
            raw = read_regular(path, limit)
        except FileRefused as exc:
            problems.append(Problem(str(path), exc.message))
            continue
        except OSError as exc:
            problems.append(Problem(str(path), f"cannot read the file: {exc.strerror or exc}"))
            continue
        if name == MANIFEST:
            try:
                parse_manifest(raw, path)
            except ArchiveError as exc:
                problems.append(Problem(f"{path}:{exc.line}", exc.message))
            continue
        for number, line in enumerate(raw.split(b"\n"), 1):
            if len(line) > MAX_MANIFEST_LINE:
                problems.append(
                    Problem(f"{path}:{number}", f"line longer than {MAX_MANIFEST_LINE:,} bytes")
                )
                break
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                problems.append(Problem(f"{path}:{number}", "not UTF-8 text"))
                break
    return problems


def irregular_payload(root: Path) -> list[Problem]:
    """Every entry under ``data/`` that is not a folder or a regular file (a FIFO, a device, a
    symbolic link): never read, each named."""
    problems: list[Problem] = []
    payload = root / "data"
    if payload.is_symlink() or (payload.exists() and not payload.is_dir()):
        mode = payload.lstat().st_mode
        return [Problem(str(payload), f"{describe_kind(mode)}, not a folder; refused")]
    for folder, dirs, files in os.walk(payload):  # never follows symbolic links
        for name in sorted(dirs + files):
            path = Path(folder) / name
            try:
                mode = path.lstat().st_mode
            except OSError:
                continue
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                problems.append(
                    Problem(str(path), f"{describe_kind(mode)}, not a regular file; refused")
                )
    return problems


def _file_problems(root: Path, bag: bagit.Bag) -> list[Problem]:
    """Every missing, extra or changed file, each named.

    bagit stops at its first failing check (a wrong Payload-Oxum hides which file is wrong), so
    the details are worked out here from the bag's own manifests.
    """
    problems: list[Problem] = []
    listed = {Path(name).as_posix(): digests for name, digests in bag.entries.items()}
    for name, digests in sorted(listed.items()):
        path = root / name
        try:
            is_file = path.is_file()
        except OSError as exc:  # a name too long for this file system, ...
            problems.append(Problem(_clip(str(path)), f"cannot be checked: {exc.strerror}"))
            continue
        if not is_file:
            problems.append(Problem(str(path), "missing: listed in the manifest but not on disk"))
        elif "sha256" in digests:
            try:
                changed = sha256_file(path) != digests["sha256"].lower()
            except ArchiveError as exc:
                problems.append(Problem(str(path), exc.message))
                continue
            if changed:
                problems.append(
                    Problem(str(path), "changed: its SHA-256 does not match the manifest")
                )
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
    if not (root / "bagit.txt").exists():
        report.problems.append(Problem(str(root), "not a BagIt bag: there is no bagit.txt"))
        return report
    # What bagit would trip over (or hang on) is found first, and bagit is not run on it.
    report.problems.extend(_tag_file_problems(root))
    if report.problems:
        return report
    irregular = irregular_payload(root)
    report.problems.extend(irregular)
    try:
        bag: bagit.Bag | None = bagit.Bag(str(root))
    except (bagit.BagError, *_BAGIT_ERRORS) as exc:
        bag = None
        if not irregular:  # bagit refuses a link leaving the bag as "unsafe": named above
            report.problems.append(Problem(str(root), _clip(f"not a valid BagIt bag: {exc}")))
    if bag is not None:
        report.files_checked = len(bag.entries)
        report.problems.extend(_file_problems(root, bag))
    if bag is not None and not irregular:  # bagit would open a FIFO or a device and wait
        try:
            bag.validate()
        except (bagit.BagError, *_BAGIT_ERRORS) as exc:
            if not report.problems:  # only bagit saw it (an Oxum or bagit.txt problem): say so
                report.problems.append(Problem(str(root), _clip(str(exc))))
    statement_dir = root / STATEMENTS_DIR
    for path in sorted(statement_dir.glob("*.json")) if statement_dir.is_dir() else []:
        bad_name = check_statement_filename(path.name)
        if bad_name:
            report.problems.append(Problem(str(path), bad_name))
            continue
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
    # Names come from the bag's manifests (up to 4,096 bytes a line): shown escaped and clipped.
    report.problems = [Problem(_clip(p.path), _clip(p.message)) for p in report.problems]
    return report
