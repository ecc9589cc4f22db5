"""Signed archive updates: next year's statement as one small ``.jfa`` file anyone can check.

An update file is a zip holding one BagIt bag (RFC 8493) at its top level::

    bagit.txt  bag-info.txt  manifest-sha256.txt  tagmanifest-sha256.txt
    tagmanifest-sha256.txt.minisig
    data/statements/2022.json       the statements, as the archive stores them
    data/sources/...                the unmodified sources they were imported from

``tagmanifest-sha256.txt`` lists the SHA-256 of ``bagit.txt``, ``bag-info.txt`` and
``manifest-sha256.txt``; the payload manifest lists every file under ``data/``. So the one
minisign signature of the tag manifest (``tagmanifest-sha256.txt.minisig``, made with the release
key, the same keys as the bundle's, ``packaging/keys``) covers every byte of the update. Its
trusted comment names what the update holds and when it was made::

    june-fourth-archive update made:2026-06-04 statements:2022,2023.v2

Anyone can check an unpacked update without this app::

    minisign -Vm tagmanifest-sha256.txt -P <public key>
    sha256sum -c tagmanifest-sha256.txt && sha256sum -c manifest-sha256.txt

**Reading** (:func:`read_update_file`) trusts nothing. Before anything is inflated the zip's
directory is checked: at most :data:`MAX_ENTRIES` entries, no absolute, drive or ``..`` paths,
no backslashes or control characters, no symbolic links, no encrypted entries, no duplicate
names and no names that collide on a case-insensitive file system (``A.json`` and ``a.json``),
each entry at most :data:`MAX_ENTRY_BYTES` and all together :data:`MAX_TOTAL_BYTES` inflated, and
no entry inflating more than :data:`MAX_RATIO` times its compressed size (a zip bomb is refused
from its header; the inflating itself is capped at the declared size too). Then
(:func:`check_update`) the signature is checked against the keys built into the app (through
:func:`~archive_app.core.distribution.bundle.check_signature`, the bundle's own check), every
checksum, that no file is missing or extra, and every statement against the schema. Any failure
is an :class:`UpdateRefused` naming the file and the reason; nothing is written.

**Applying** (:func:`apply_update`) stores the checked bag in the user's data (``Data/updates``
in portable mode, :attr:`AppPaths.updates_dir`) as its own folder, beside an unchanged copy of
the original file (so it can be passed on as it came: nobody can re-sign without the key). The
folder is written under a hidden name and renamed into place, then checked again from disk.

**Loading** (:func:`load_held_updates`, :func:`open_library`) checks every held update again
(signature and checksums, cheap for a few files) and gives the library each verified bag with its
:class:`~archive_app.core.record.UpdateStamp`; a held update that fails is left out and reported.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import stat
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from archive_app.core.distribution.bundle import (
    SignatureCheck,
    SignatureStatus,
    TrustedKey,
    check_signature,
    load_trusted_keys,
)
from archive_app.core.errors import ArchiveAppError, ArchiveError, IntegrityError
from archive_app.core.record import (
    Archive,
    Library,
    Statement,
    UpdateStamp,
    statement_from_dict,
    statement_version,
)

if TYPE_CHECKING:
    from archive_app.core.paths import AppPaths

__all__ = [
    "MAX_ENTRIES",
    "MAX_ENTRY_BYTES",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "MAX_UPDATE_BYTES",
    "UPDATE_SUFFIX",
    "AppliedUpdate",
    "HeldUpdate",
    "UpdateContents",
    "UpdatePreview",
    "UpdateRefused",
    "apply_update",
    "build_update",
    "check_update",
    "held_update_files",
    "load_held_updates",
    "load_secret_key",
    "open_library",
    "preview_update",
    "read_update_dir",
    "read_update_file",
    "read_update_zip",
    "verify_held_updates",
    "with_held_updates",
]

UPDATE_SUFFIX = ".jfa"
TAGMANIFEST = "tagmanifest-sha256.txt"
PAYLOAD_MANIFEST = "manifest-sha256.txt"
SIGNATURE = TAGMANIFEST + ".minisig"
TAG_FILES = ("bagit.txt", "bag-info.txt", PAYLOAD_MANIFEST)
COMMENT_PREFIX = "june-fourth-archive update"
ORIGINAL_NAME = "original" + UPDATE_SUFFIX
"""The unchanged update file, kept beside the held bag's folder as ``<name>.jfa``."""

MAX_UPDATE_BYTES = 16 * 1024 * 1024
"""An update file larger than this is refused unopened (one statement is a few KB)."""
MAX_ENTRIES = 256
MAX_ENTRY_BYTES = 8 * 1024 * 1024
MAX_TOTAL_BYTES = 32 * 1024 * 1024
MAX_RATIO = 100
"""Most an entry may inflate, times its compressed size (JSON and page text: about 3 to 10)."""
RATIO_FLOOR = 64 * 1024
"""Entries that inflate to less than this are too small to matter for the ratio."""
MAX_NAME_BYTES = 255
MAX_STATEMENT_BYTES = 1024 * 1024
"""A statement file is a few KB; anything larger is refused before it is parsed."""

_STATEMENT_NAME = re.compile(r"data/statements/(\d{4})(?:\.v([1-9]\d{0,3}))?\.json")
_SOURCE_NAME = re.compile(r"data/sources/[^/]+")
_DATE = re.compile(r"made:(\d{4}-\d{2}-\d{2})(?:\s|$)")
_WINDOWS_FORBIDDEN = set('<>:"|?*')
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{p}{n}" for p in ("com", "lpt") for n in "123456789"
}


class UpdateRefused(IntegrityError):
    """An update file cannot be used; the message names the file and the reason. Nothing was
    written."""


# --- reading a zip strictly -----------------------------------------------------------------


def _name_problem(name: str) -> str | None:
    """Why ``name`` may not stand in an update, or None for a plain relative path."""
    if not name or name in (".", "/"):
        return "an entry has no name"
    if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        return f"an entry's name is longer than {MAX_NAME_BYTES} bytes"
    if name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return f"the entry {name!r} has an absolute path"
    if "\\" in name:
        return f"the entry {name!r} holds a backslash"
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in name):
        return f"the entry {name!r} holds a control character"
    parts = name.rstrip("/").split("/")
    if ".." in parts:
        return f"the entry {name!r} climbs out of the folder with '..'"
    if "." in parts or "" in parts:
        return f"the entry {name!r} holds an empty or '.' path part"
    for part in parts:
        if _WINDOWS_FORBIDDEN & set(part) or part.endswith((" ", ".")):
            return f"the entry {name!r} has a name Windows cannot store"
        if part.split(".")[0].casefold() in _WINDOWS_RESERVED:
            return f"the entry {name!r} has a name Windows reserves"
    return None


def _fold(name: str) -> str:
    """How a case-insensitive, normalising file system sees a name."""
    return unicodedata.normalize("NFC", name).casefold()


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    mode = info.external_attr >> 16
    return info.create_system == 3 and stat.S_ISLNK(mode)


def read_update_zip(data: bytes, source: Path | str) -> dict[str, bytes]:
    """The files of an update zip (``data``) by name, read by the strict rules of this module.

    Raises :class:`UpdateRefused` naming ``source`` for anything it refuses.
    """

    def refuse(reason: str) -> UpdateRefused:
        return UpdateRefused(f"refused: {reason}; nothing was written", source)

    if len(data) > MAX_UPDATE_BYTES:
        raise refuse(f"the file is larger than {MAX_UPDATE_BYTES // (1024 * 1024)} MiB")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    # NotImplementedError: a header naming a zip version or method zipfile does not know.
    except (
        zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError,
        NotImplementedError,
    ) as exc:  # fmt: skip
        raise refuse(f"not an update file (not a readable zip: {exc})") from None
    with archive:
        try:
            infos = archive.infolist()
        except (ValueError, RuntimeError) as exc:  # pragma: no cover - zipfile reads eagerly
            raise refuse(f"the zip's directory cannot be read ({exc})") from None
        if len(infos) > MAX_ENTRIES:
            raise refuse(f"it holds {len(infos)} entries, more than {MAX_ENTRIES}")
        seen: dict[str, str] = {}
        folders: set[str] = set()
        files: list[zipfile.ZipInfo] = []
        total = 0
        for info in infos:
            name = info.filename
            problem = _name_problem(name)
            if problem:
                raise refuse(problem)
            if _is_symlink(info):
                raise refuse(f"the entry {name!r} is a symbolic link")
            if info.flag_bits & 0x1:
                raise refuse(f"the entry {name!r} is encrypted")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise refuse(f"the entry {name!r} uses a compression this app does not read")
            folded = _fold(name.rstrip("/"))
            if folded in seen:
                first = seen[folded]
                if first == name.rstrip("/"):
                    raise refuse(f"the name {name!r} appears twice")
                raise refuse(
                    f"the names {first!r} and {name!r} differ only in case or accents, so they "
                    "would overwrite each other on Windows and macOS"
                )
            seen[folded] = name.rstrip("/")
            if info.is_dir():
                folders.add(folded)
                continue
            if info.file_size > MAX_ENTRY_BYTES:
                raise refuse(
                    f"the entry {name!r} inflates to {info.file_size} bytes, more than "
                    f"{MAX_ENTRY_BYTES}"
                )
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                ratio = info.file_size // max(info.compress_size, 1)
                raise refuse(
                    f"the entry {name!r} would inflate {ratio} times its size (a zip bomb); "
                    f"the most allowed is {MAX_RATIO}"
                )
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise refuse(f"its entries inflate to more than {MAX_TOTAL_BYTES} bytes in all")
            files.append(info)
        for folded in seen:
            parts = folded.split("/")
            for depth in range(1, len(parts)):
                prefix = "/".join(parts[:depth])
                if prefix in seen and prefix not in folders:
                    raise refuse(f"{seen[prefix]!r} is both a file and a folder")
        out: dict[str, bytes] = {}
        for info in files:
            try:
                with archive.open(info) as handle:
                    body = handle.read(info.file_size + 1)
            except (
                zipfile.BadZipFile, ValueError, EOFError, OSError, RuntimeError,
                NotImplementedError,
            ) as exc:  # fmt: skip
                raise refuse(f"the entry {info.filename!r} cannot be read ({exc})") from None
            except Exception as exc:  # zlib.error and friends from a damaged stream
                raise refuse(f"the entry {info.filename!r} is damaged ({exc})") from None
            if len(body) != info.file_size:
                raise refuse(f"the entry {info.filename!r} is not the size its header says")
            out[info.filename] = body
        return out


def read_update_file(path: Path) -> tuple[bytes, dict[str, bytes]]:
    """The bytes of the update file at ``path`` and its files (see :func:`read_update_zip`)."""
    path = Path(path)
    try:
        if not path.exists():
            raise UpdateRefused("there is no such file; nothing was written", path)
        if path.is_symlink() or not path.is_file():
            raise UpdateRefused("refused: not a plain file; nothing was written", path)
        with path.open("rb") as handle:
            data = handle.read(MAX_UPDATE_BYTES + 1)
    except OSError as exc:
        raise UpdateRefused(f"cannot be read ({exc.strerror or exc})", path) from None
    return data, read_update_zip(data, path)


def read_update_dir(folder: Path) -> dict[str, bytes]:
    """The files of a held (unpacked) update folder, by the same rules as a zip's entries."""
    folder = Path(folder)
    out: dict[str, bytes] = {}
    seen: dict[str, str] = {}
    total = 0
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        here = Path(dirpath)
        for name in sorted(dirnames):
            if (here / name).is_symlink():
                relative = (here / name).relative_to(folder).as_posix()
                raise UpdateRefused(f"{relative!r} is a symbolic link", folder)
        for name in sorted(filenames):
            path = here / name
            relative = path.relative_to(folder).as_posix()
            problem = _name_problem(relative)
            if problem:
                raise UpdateRefused(problem, folder)
            if path.is_symlink() or not path.is_file():
                raise UpdateRefused(f"{relative!r} is not a plain file", folder)
            if len(out) >= MAX_ENTRIES:
                raise UpdateRefused(f"it holds more than {MAX_ENTRIES} files", folder)
            folded = _fold(relative)
            if folded in seen:
                raise UpdateRefused(f"{seen[folded]!r} and {relative!r} collide", folder)
            seen[folded] = relative
            size = path.stat().st_size
            total += size
            if size > MAX_ENTRY_BYTES or total > MAX_TOTAL_BYTES:
                raise UpdateRefused(f"{relative!r} is larger than an update may be", folder)
            out[relative] = path.read_bytes()
    return out


# --- checking the bag -----------------------------------------------------------------------


@dataclass(frozen=True)
class UpdateContents:
    """A checked update: its signature, its statements and every file, verified."""

    source: Path
    files: Mapping[str, bytes] = field(repr=False)
    signature: SignatureCheck
    stamp: UpdateStamp
    statements: tuple[Statement, ...]
    info: Mapping[str, str]

    @property
    def digest(self) -> str:
        """SHA-256 of the signed tag manifest: the update's identity."""
        return hashlib.sha256(self.files[TAGMANIFEST]).hexdigest()

    @property
    def name(self) -> str:
        """The held folder's name: ``2026-06-04-<first 12 hex digits of digest>``."""
        return f"{self.stamp.date}-{self.digest[:12]}"

    @property
    def years(self) -> list[int]:
        return sorted({s.year for s in self.statements})


def _parse_bag_manifest(data: bytes, name: str, source: Path) -> dict[str, str]:
    """A BagIt manifest (``<sha256> <path>`` per line), read strictly."""
    where = f"{name} in the update"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UpdateRefused(f"refused: {where} is not UTF-8 text", source) from None
    entries: dict[str, str] = {}
    for number, line in enumerate(text.split("\n"), 1):
        if not line:
            continue
        digest, _sep, path = line.partition(" ")
        path = path.strip(" ")
        if not re.fullmatch(r"[0-9a-f]{64}", digest) or not path or "\r" in line:
            raise UpdateRefused(
                f"refused: {where}, line {number}: not a 'SHA-256 path' line", source
            )
        if path in entries:
            raise UpdateRefused(f"refused: {where} lists {path!r} twice", source)
        entries[path] = digest
    return entries


def _parse_bag_info(data: bytes, source: Path) -> dict[str, str]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UpdateRefused(
            "refused: bag-info.txt in the update is not UTF-8 text", source
        ) from None
    info: dict[str, str] = {}
    for line in text.splitlines():
        label, sep, value = line.partition(":")
        if sep and not line[:1].isspace():
            info[label.strip()] = value.strip()
    return info


def _stamp_of(signature: SignatureCheck, digest: str, source: Path) -> UpdateStamp:
    comment = signature.trusted_comment or ""
    if not comment.startswith(COMMENT_PREFIX):
        raise UpdateRefused(
            "refused: the signature is good, but its signed comment does not describe an archive "
            f"update ({comment!r}); it was made for something else",
            source,
        )
    match = _DATE.search(comment)
    if match is None:
        raise UpdateRefused(
            "refused: the signed comment does not say when the update was made", source
        )
    assert signature.key is not None
    date = match.group(1)
    try:
        datetime.strptime(date, "%Y-%m-%d")
    except ValueError:
        raise UpdateRefused(f"refused: the signed date {date!r} is not a date", source) from None
    name = f"{date}-{digest[:12]}"
    return UpdateStamp(date, signature.key.key_id, signature.key.fingerprint, name)


def check_update(
    files: Mapping[str, bytes], source: Path, keys: Iterable[TrustedKey] | None = None
) -> UpdateContents:
    """Check the files of an update (read by :func:`read_update_zip` or :func:`read_update_dir`).

    The signature against ``keys`` (default: the keys built into the app), then every checksum,
    that nothing is missing or extra, and every statement against the schema, each statement's
    source present and unmodified. Raises :class:`UpdateRefused` naming the reason.
    """
    source = Path(source)
    if keys is None:
        keys, _problems = load_trusted_keys()
    for required in (*TAG_FILES, TAGMANIFEST):
        if required not in files:
            raise UpdateRefused(
                f"refused: it holds no {required}, so it is not an archive update", source
            )
    if SIGNATURE not in files:
        raise UpdateRefused(
            f"refused: it is not signed (there is no {SIGNATURE}), so nothing shows who made it",
            source,
        )
    signature = check_signature(files[TAGMANIFEST], files[SIGNATURE], keys)
    if signature.status is not SignatureStatus.GOOD:
        reason = {
            SignatureStatus.BAD: "the signature is bad",
            SignatureStatus.UNKNOWN_KEY: "it is signed with a key this app does not know",
            SignatureStatus.NO_TRUSTED_KEYS: "this app carries no key to check signatures with",
            SignatureStatus.NOT_SIGNED: "it is not signed",
        }[signature.status]
        raise UpdateRefused(f"refused: {reason} ({signature.message})", source)
    tags = _parse_bag_manifest(files[TAGMANIFEST], TAGMANIFEST, source)
    if sorted(tags) != sorted(TAG_FILES):
        raise UpdateRefused(
            f"refused: {TAGMANIFEST} must list exactly {', '.join(TAG_FILES)}", source
        )
    payload = _parse_bag_manifest(files[PAYLOAD_MANIFEST], PAYLOAD_MANIFEST, source)
    listed = {**tags, **payload}
    for name, digest in sorted(listed.items()):
        body = files.get(name)
        if body is None:
            raise UpdateRefused(f"refused: {name} is listed but missing", source)
        if hashlib.sha256(body).hexdigest() != digest:
            raise UpdateRefused(
                f"refused: {name} was changed (its checksum does not match)", source
            )
    for name in sorted(files):
        if name not in listed and name not in (TAGMANIFEST, SIGNATURE):
            raise UpdateRefused(f"refused: {name} is an extra file that no manifest lists", source)
    statements: list[Statement] = []
    for name in sorted(payload):
        match = _STATEMENT_NAME.fullmatch(name)
        if match is None:
            if _SOURCE_NAME.fullmatch(name):
                continue
            raise UpdateRefused(
                f"refused: {name} is neither a statement (data/statements/YEAR.json) nor a "
                "source (data/sources/NAME)",
                source,
            )
        statements.append(_statement_of(name, files[name], int(match.group(1)), files, source))
    if not statements:
        raise UpdateRefused("refused: it holds no statement", source)
    digest = hashlib.sha256(files[TAGMANIFEST]).hexdigest()
    stamp = _stamp_of(signature, digest, source)
    info = _parse_bag_info(files["bag-info.txt"], source)
    statements.sort(key=lambda s: (s.year, statement_version(s)))
    return UpdateContents(source, dict(files), signature, stamp, tuple(statements), info)


def _statement_of(
    name: str, body: bytes, year: int, files: Mapping[str, bytes], source: Path
) -> Statement:
    where = Path(f"{source.name}/{name}")
    if len(body) > MAX_STATEMENT_BYTES:
        raise UpdateRefused(f"refused: {name} is larger than a statement can be", source)
    try:
        text = body.decode("utf-8")
        data = json.loads(text)
        statement = statement_from_dict(data, path=where, text=text)
    except RecursionError:
        raise UpdateRefused(f"refused: {name} is nested too deeply", source) from None
    except UnicodeDecodeError:
        raise UpdateRefused(f"refused: {name} is not UTF-8 text", source) from None
    except json.JSONDecodeError as exc:
        raise UpdateRefused(
            f"refused: {name}:{exc.lineno}: not valid JSON ({exc.msg})", source
        ) from None
    except ArchiveError as exc:
        raise UpdateRefused(f"refused: a statement fails the schema: {exc}", source) from None
    if statement.year != year:
        raise UpdateRefused(f"refused: {name} holds the statement for {statement.year}", source)
    file_name = str(statement.source.get("file"))
    stored = files.get(file_name)
    if stored is None or not _SOURCE_NAME.fullmatch(file_name):
        raise UpdateRefused(
            f"refused: {name} names a source {file_name!r} that is not in it", source
        )
    if hashlib.sha256(stored).hexdigest() != statement.source.get("sha256"):
        raise UpdateRefused(
            f"refused: the source {file_name} is not the one {name} was imported from "
            "(its SHA-256 differs)",
            source,
        )
    return statement


# --- previews, applying, holding ------------------------------------------------------------


@dataclass(frozen=True)
class PreviewLine:
    """One statement of an update, as it would be shown once applied."""

    statement: Statement
    label: str
    """``2022``, ``2021 v2``: the version it will have beside what is held."""
    status: str
    """``"new"``, ``"new version"`` (a different text for a year held) or ``"already held"``."""


@dataclass(frozen=True)
class UpdatePreview:
    """What applying an update would add; nothing has been written."""

    contents: UpdateContents
    lines: tuple[PreviewLine, ...]
    already_applied: bool

    @property
    def adds_anything(self) -> bool:
        return not self.already_applied and any(
            line.status != "already held" for line in self.lines
        )

    def text_lines(self) -> list[str]:
        c = self.contents
        out = [
            f"update: {c.source.name} (made {c.stamp.date})",
            f"signature: {c.signature.message}",
            f"key fingerprint: {c.stamp.fingerprint}",
        ]
        if c.signature.trusted_comment:
            out.append(f"signed comment: {c.signature.trusted_comment}")
        for line in self.lines:
            out.append(f"  {line.label}: {line.status}: {line.statement.title}")
        if self.already_applied:
            out.append("this update is already applied; nothing to do")
        elif not self.adds_anything:
            out.append("every statement in it is already held; nothing to add")
        return out


def preview_update(
    contents: UpdateContents, library: Library, updates_dir: Path | None = None
) -> UpdatePreview:
    """What ``contents`` adds to ``library``: each statement's label and whether it is new."""
    already = any(stamp.name == contents.name for _a, stamp in library.updates) or (
        updates_dir is not None and (Path(updates_dir) / contents.name).is_dir()
    )
    trial = Archive(contents.source, contents.statements, (), contents.digest)
    combined = library.with_updates([*library.updates, (trial, contents.stamp)])
    lines = []
    for statement in contents.statements:
        try:
            entry = combined.entry(statement)
        except KeyError:
            lines.append(PreviewLine(statement, str(statement.year), "already held"))
            continue
        held_year = any(e.statement.year == statement.year for e in library.entries)
        status = "new version" if held_year else "new"
        lines.append(PreviewLine(statement, entry.key.label, status))
    return UpdatePreview(contents, tuple(lines), already)


@dataclass(frozen=True)
class AppliedUpdate:
    """What :func:`apply_update` did."""

    folder: Path
    original: Path
    preview: UpdatePreview
    written: bool
    """False when the update was already held or adds nothing (nothing was written)."""


def apply_update(
    path: Path, updates_dir: Path, library: Library, keys: Iterable[TrustedKey] | None = None
) -> AppliedUpdate:
    """Check the update file at ``path`` and store it in ``updates_dir`` as its own bag.

    The bag goes to ``updates_dir/<name>/`` and the unchanged file to ``updates_dir/<name>.jfa``,
    through a hidden folder renamed into place, then the stored bag is checked again from disk.
    Raises :class:`UpdateRefused` (nothing written) for a file that fails any check.
    """
    path, updates_dir = Path(path), Path(updates_dir)
    keys = list(keys) if keys is not None else load_trusted_keys()[0]
    data, files = read_update_file(path)
    contents = check_update(files, path, keys)
    preview = preview_update(contents, library, updates_dir)
    folder = updates_dir / contents.name
    original = updates_dir / (contents.name + UPDATE_SUFFIX)
    if not preview.adds_anything:  # applied before, or every text already held
        return AppliedUpdate(folder, original, preview, False)
    try:
        updates_dir.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=".partial-", dir=updates_dir))
    except OSError as exc:
        raise UpdateRefused(
            f"cannot store the update here ({exc.strerror or exc}); nothing was written",
            updates_dir,
        ) from None
    try:
        bag = scratch / "bag"
        for name, body in files.items():
            target = bag.joinpath(*PurePosixPath(name).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("xb") as handle:
                handle.write(body)
        (scratch / ORIGINAL_NAME).write_bytes(data)
        check_update(read_update_dir(bag), bag, keys)  # what is on disk, not what we meant
        os.replace(scratch / ORIGINAL_NAME, original)
        os.rename(bag, folder)
    except (OSError, ArchiveAppError) as exc:
        with contextlib.suppress(OSError):
            original.unlink()
        message = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise UpdateRefused(
            f"cannot store the update ({message}); nothing was kept", updates_dir
        ) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return AppliedUpdate(folder, original, preview, True)


@dataclass(frozen=True)
class HeldUpdate:
    """One update in the user's data, checked again: its bag as an archive and its stamp."""

    folder: Path
    original: Path | None
    """The unchanged update file, to pass on; ``None`` if it is missing."""
    contents: UpdateContents
    archive: Archive

    @property
    def stamp(self) -> UpdateStamp:
        return self.contents.stamp


def _held_folders(updates_dir: Path) -> list[Path]:
    if not Path(updates_dir).is_dir():
        return []
    return sorted(
        p for p in Path(updates_dir).iterdir() if p.is_dir() and not p.name.startswith(".")
    )


def load_held_updates(
    updates_dir: Path, keys: Iterable[TrustedKey] | None = None
) -> tuple[list[HeldUpdate], list[ArchiveError]]:
    """Every update held in ``updates_dir`` that passes its checks again, oldest first, and an
    error naming each one that does not (it is left out; the rest stay readable)."""
    keys = list(keys) if keys is not None else load_trusted_keys()[0]
    held: list[HeldUpdate] = []
    problems: list[ArchiveError] = []
    for folder in _held_folders(updates_dir):
        try:
            contents = check_update(read_update_dir(folder), folder, keys)
            archive = Archive.load(folder)
        except ArchiveError as exc:
            problems.append(exc)
            continue
        except OSError as exc:
            problems.append(ArchiveError(f"cannot be read ({exc.strerror or exc})", folder))
            continue
        original = folder.parent / (folder.name + UPDATE_SUFFIX)
        held.append(HeldUpdate(folder, original if original.is_file() else None, contents, archive))
    held.sort(key=lambda h: (h.stamp.date, h.folder.name))
    return held, problems


def verify_held_updates(
    updates_dir: Path, keys: Iterable[TrustedKey] | None = None
) -> list[tuple[Path, bool, list[str]]]:
    """For ``verify``: each held update folder, whether it passes, and what to say about it."""
    keys = list(keys) if keys is not None else load_trusted_keys()[0]
    out: list[tuple[Path, bool, list[str]]] = []
    for folder in _held_folders(updates_dir):
        try:
            contents = check_update(read_update_dir(folder), folder, keys)
        except ArchiveError as exc:
            out.append((folder, False, [str(exc)]))
            continue
        lines = [
            f"signature: {contents.signature.message}",
            f"signed comment: {contents.signature.trusted_comment}",
            f"key fingerprint: {contents.stamp.fingerprint}",
            "statements: "
            + ", ".join(
                f"{s.year}" + (f" v{statement_version(s)}" if statement_version(s) > 1 else "")
                for s in contents.statements
            ),
        ]
        original = folder.parent / (folder.name + UPDATE_SUFFIX)
        if not original.is_file():
            lines.append("warning: the original update file is missing, so it cannot be passed on")
        out.append((folder, True, lines))
    return out


def held_update_files(updates_dir: Path) -> list[Path]:
    """The original update files held (what is passed on: saved again, copied to a stick)."""
    return [
        folder.parent / (folder.name + UPDATE_SUFFIX)
        for folder in _held_folders(updates_dir)
        if (folder.parent / (folder.name + UPDATE_SUFFIX)).is_file()
    ]


def open_library(
    shipped_root: Path, paths: AppPaths, keys: Iterable[TrustedKey] | None = None
) -> Library:
    """The shipped archive, the verified updates held in ``paths`` and the user's own bag."""
    library = Library.open(Path(shipped_root), paths.user_archive_dir)
    return with_held_updates(library, paths.updates_dir, keys)


def with_held_updates(
    library: Library, updates_dir: Path, keys: Iterable[TrustedKey] | None = None
) -> Library:
    """``library`` with the updates held in ``updates_dir`` (each checked again)."""
    held, problems = load_held_updates(updates_dir, keys)
    combined = library.with_updates([(h.archive, h.stamp) for h in held])
    combined.problems = combined.problems + tuple(problems)
    return combined


# --- building (maintainers) -----------------------------------------------------------------


def trusted_comment(statements: Sequence[Statement], when: datetime) -> str:
    labels = ",".join(
        f"{s.year}" + (f".v{statement_version(s)}" if statement_version(s) > 1 else "")
        for s in statements
    )
    return f"{COMMENT_PREFIX} made:{when:%Y-%m-%d} statements:{labels}"


def _zip_bytes(files: Mapping[str, bytes], when: datetime) -> bytes:
    """A deterministic zip: sorted names, fixed times and modes, deflated."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            out.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()


def build_update(
    archive: Archive,
    years: Sequence[int] | None,
    secret_key: object,
    out: Path,
    *,
    when: datetime | None = None,
) -> Path:
    """Write the update file ``out`` holding the statements of ``years`` (default: all) of
    ``archive`` with their unmodified sources, signed with ``secret_key`` (a decrypted
    ``minisign.SecretKey``). The archive's files are copied byte for byte."""
    when = when or datetime.now(UTC)
    chosen = [s for s in archive if years is None or s.year in set(years)]
    missing = sorted(set(years or ()) - {s.year for s in chosen})
    if missing:
        raise ArchiveError(
            f"the archive holds no statement for {', '.join(map(str, missing))}", archive.root
        )
    if not chosen:
        raise ArchiveError("the archive holds no statement to put in an update", archive.root)
    payload: dict[str, bytes] = {}
    for statement in chosen:
        assert statement.path is not None
        payload[f"data/statements/{statement.path.name}"] = statement.path.read_bytes()
        source_name = str(statement.source.get("file"))
        source_path = Path(archive.root) / source_name
        if not _SOURCE_NAME.fullmatch(source_name) or not source_path.is_file():
            raise ArchiveError(
                f"the source {source_name!r} of the statement for {statement.year} is not in the "
                "archive; an update carries every statement's unmodified source",
                statement.path,
            )
        body = source_path.read_bytes()
        if hashlib.sha256(body).hexdigest() != statement.source.get("sha256"):
            raise IntegrityError("the source does not match its statement's SHA-256", source_path)
        payload[source_name] = body
    files = signed_bag(payload, secret_key, trusted_comment(chosen, when), when)
    data = _zip_bytes(files, when)
    out = Path(out)
    partial = out.with_name(out.name + ".partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ArchiveError(f"cannot write the update ({exc.strerror or exc})", out) from None
    return out


def signed_bag(
    payload: Mapping[str, bytes], secret_key: object, comment: str, when: datetime
) -> dict[str, bytes]:
    """The files of an update bag: ``payload`` (``data/...``), the tag files and manifests,
    and the signature of the tag manifest with ``comment`` as its trusted comment."""
    from archive_app import __version__

    manifest = "".join(
        f"{hashlib.sha256(body).hexdigest()}  {name}\n" for name, body in sorted(payload.items())
    ).encode()
    years = sorted({m.group(1) for n in payload if (m := _STATEMENT_NAME.fullmatch(n))})
    bag_info = (
        f"Bag-Software-Agent: archive_app {__version__}\n"
        f"Bagging-Date: {when:%Y-%m-%d}\n"
        "External-Description: A signed update of the June Fourth Archive: statements with "
        "the unmodified sources they were imported from.\n"
        f"Payload-Oxum: {sum(len(b) for b in payload.values())}.{len(payload)}\n"
        "Source-Organization: June Fourth Archive\n"
        f"Update-Years: {' '.join(years)}\n"
    ).encode()
    tags = {
        "bagit.txt": b"BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n",
        "bag-info.txt": bag_info,
        PAYLOAD_MANIFEST: manifest,
    }
    tagmanifest = "".join(
        f"{hashlib.sha256(body).hexdigest()}  {name}\n" for name, body in sorted(tags.items())
    ).encode()
    signature = secret_key.sign(  # type: ignore[attr-defined]
        tagmanifest,
        prehash=True,
        untrusted_comment="signature of a June Fourth Archive update (tagmanifest-sha256.txt)",
        trusted_comment=comment,
    )
    return {**payload, **tags, TAGMANIFEST: tagmanifest, SIGNATURE: bytes(signature) + b"\n"}


def load_secret_key(path: Path, password: str | None = None) -> object:
    """A minisign secret key from ``path``, decrypted with ``password`` (or
    ``$MINISIGN_PASSWORD``) when it is encrypted. Raises :class:`ArchiveAppError`."""
    try:
        import minisign  # signing is the maintainers' job: a dev/dist extra, not a dependency
    except ImportError:
        raise ArchiveAppError(
            "signing an update needs the py-minisign package (pip install py-minisign); "
            "readers never need it",
            path,
        ) from None

    try:
        key = minisign.SecretKey.from_file(Path(path))
    except (OSError, ValueError, minisign.Error) as exc:
        raise ArchiveAppError(f"cannot read the minisign secret key ({exc})", path) from None
    if key.is_encrypted():
        password = password if password is not None else os.environ.get("MINISIGN_PASSWORD")
        if password is None:
            raise ArchiveAppError(
                "the key is encrypted; give its password in $MINISIGN_PASSWORD", path
            )
        try:
            key.decrypt(password)
        except minisign.Error as exc:
            raise ArchiveAppError(f"cannot decrypt the key ({exc})", path) from None
    return key
