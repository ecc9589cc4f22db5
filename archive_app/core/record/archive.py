"""The archive model: statements as stored, loaded and checked with errors that name file:line.

A statement file is the contract other tools read (its keys are documented in the README), so
this module is strict about it: an unknown format version, a missing key or a wrong type is an
:class:`ArchiveError` naming the file and the line of the key, never a half-loaded statement.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from archive_app.core.convert import Script
from archive_app.core.errors import ArchiveError, IntegrityError
from archive_app.core.record.key import Origin, StatementKey
from archive_app.core.safefile import (
    FileRefused,
    format_size,
    hash_regular,
    json_depth,
    read_regular,
)

__all__ = [
    "FORMAT_VERSION",
    "MAX_JSON_DEPTH",
    "MAX_MANIFEST_BYTES",
    "MAX_MANIFEST_LINE",
    "MAX_PARAGRAPHS",
    "MAX_SIGNATORIES",
    "MAX_STATEMENT_BYTES",
    "Alignment",
    "Archive",
    "SignOff",
    "Statement",
    "check_statement_filename",
    "check_statement_limits",
    "load_statement",
    "same_wording",
    "statement_filename",
    "statement_from_dict",
    "statement_to_json",
    "statement_version",
    "version_from_filename",
]

FORMAT_VERSION = 2
# Format 1 kept a "closing" line apart from the signatories (chosen by a wording pattern);
# format 2 keeps the whole signature block in ``signatories`` and a curator's judgement that a
# line is a sign-off in ``sign_offs``. Format 1 files still load (see _from_format_1).
READABLE_FORMATS = (1, 2)
STATEMENTS_DIR = Path("data") / "statements"
SOURCES_DIR = Path("data") / "sources"
MANIFEST = "manifest-sha256.txt"

# Limits on what the app reads from a statement file and a manifest, checked before parsing
# (documented in the README, "Limits"). The real statement is about 15 KB with 7 paragraphs a
# language and 7 signatories; the limits leave room for some seventy times that while the window
# paints a statement at the limit in about a second and search answers in under 20 ms
# (``make bench``, benchmarks/limits.py).
MAX_STATEMENT_BYTES = 1024 * 1024  # one statement file
MAX_PARAGRAPHS = 500  # paragraphs per language in one statement
MAX_SIGNATORIES = 1000
MAX_JSON_DEPTH = 32  # a statement nests 4 deep; 200,000 deep would exhaust Python's stack
MAX_MANIFEST_BYTES = 16 * 1024 * 1024  # manifest-sha256.txt (about 100 bytes a file)
MAX_MANIFEST_LINE = 4096  # one "digest  path" line (PATH_MAX)

_KEYS_IN_ORDER = (
    "format",
    "year",
    "year_basis",
    "title",
    "en",
    "zh",
    "zh_script",
    "signatories",
    "sign_offs",
    "alignment",
    "source",
    "importer",
)
_FORMAT_1_KEYS = (*_KEYS_IN_ORDER[:7], "closing", "signatories", *_KEYS_IN_ORDER[9:])


@dataclass(frozen=True)
class Alignment:
    """Which Chinese paragraph translates which English one (1-based), and who judged so.

    The sources never say which paragraphs correspond; the pairing is an editorial judgement and
    is stored as one, with its author, so no reader mistakes it for part of the source.
    """

    pairs: tuple[tuple[int, int], ...]
    kind: str
    by: str
    note: str

    def zh_for(self, en_no: int) -> int | None:
        return next((zh for en, zh in self.pairs if en == en_no), None)

    def en_for(self, zh_no: int) -> int | None:
        return next((en for en, zh in self.pairs if zh == zh_no), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "pairs": [{"en": en, "zh": zh} for en, zh in self.pairs],
            "kind": self.kind,
            "by": self.by,
            "note": self.note,
        }


@dataclass(frozen=True)
class SignOff:
    """A judgement that line ``line`` (1-based) of the signature block is a sign-off, not a signer.

    The source prints its signature block as lines; whether one of them is a slogan ("Remember
    June Fourth") or the name of a signing group cannot be read from the wording. That call is an
    editorial judgement, stored with who made it, when and why, and shown as one. The importer
    never makes it.
    """

    line: int
    kind: str
    by: str
    when: str | None
    why: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "kind": self.kind,
            "by": self.by,
            "when": self.when,
            "why": self.why,
        }


@dataclass(frozen=True)
class Statement:
    """One year's statement exactly as the source has it, plus how each fact was known."""

    year: int
    year_basis: Mapping[str, Any]
    title: str
    en: tuple[str, ...]
    zh: tuple[str, ...]
    zh_script: Script
    signatories: tuple[str, ...]
    alignment: Alignment
    source: Mapping[str, Any]
    importer: Mapping[str, Any]
    path: Path | None = field(default=None, compare=False)
    sign_offs: tuple[SignOff, ...] = ()

    def sign_off(self, line: int) -> SignOff | None:
        """The judgement that signature line ``line`` (1-based) is a sign-off, if one was made."""
        return next((s for s in self.sign_offs if s.line == line), None)

    def signature_block(self) -> list[tuple[str, SignOff | None]]:
        """Every line of the signature block in source order, with any judgement made on it."""
        return [(text, self.sign_off(n)) for n, text in enumerate(self.signatories, 1)]

    def paragraphs(self, lang: str) -> tuple[str, ...]:
        if lang == "en":
            return self.en
        if lang == "zh":
            return self.zh
        raise ValueError(f"unknown language {lang!r}")

    def aligned(self, lang: str, number: int) -> tuple[str, int] | None:
        """The counterpart of paragraph ``number`` (1-based) of ``lang``: (lang, number)."""
        if lang == "en":
            zh = self.alignment.zh_for(number)
            return ("zh", zh) if zh is not None else None
        en = self.alignment.en_for(number)
        return ("en", en) if en is not None else None

    def aligned_text(self, lang: str, number: int) -> str | None:
        other = self.aligned(lang, number)
        if other is None:
            return None
        other_lang, other_no = other
        texts = self.paragraphs(other_lang)
        return texts[other_no - 1] if 0 < other_no <= len(texts) else None

    def to_dict(self) -> dict[str, Any]:
        """The stored JSON object, keys in their documented order."""
        return {
            "format": FORMAT_VERSION,
            "year": self.year,
            "year_basis": dict(self.year_basis),
            "title": self.title,
            "en": list(self.en),
            "zh": list(self.zh),
            "zh_script": self.zh_script,
            "signatories": list(self.signatories),
            "sign_offs": [s.to_dict() for s in self.sign_offs],
            "alignment": self.alignment.to_dict(),
            "source": dict(self.source),
            "importer": dict(self.importer),
        }


def same_wording(a: Statement, b: Statement) -> bool:
    """The same statement wording (another capture of one page), whatever its source file."""
    return (a.year, a.title, a.en, a.zh, a.signatories) == (
        b.year, b.title, b.en, b.zh, b.signatories,
    )  # fmt: skip


def statement_to_json(statement: Statement) -> str:
    """Serialise as stored: UTF-8 text, not ASCII escapes, so the file is readable by people."""
    return json.dumps(statement.to_dict(), ensure_ascii=False, indent=2) + "\n"


_VERSIONED_NAME = re.compile(r"^\d+\.v(\d+)\.json$")


def version_from_filename(name: str) -> int:
    """The version a statement file's name carries: ``2021.json`` is 1, ``2021.v2.json`` is 2.

    A second, different text for a year is stored beside the first under a versioned name,
    never over it; the file name is where the version lives (the statement keys are fixed).
    """
    match = _VERSIONED_NAME.match(name)
    return int(match.group(1)) if match else 1


_CANONICAL_NAME = re.compile(r"^(?:199\d|2\d{3})(?:\.v[1-9]\d{0,5})?\.json$")


def check_statement_filename(name: str) -> str | None:
    """Why ``name`` is not a statement file name this app writes, or ``None`` when it is.

    Only ``YEAR.json`` (version 1) and ``YEAR.vN.json`` with N from 2 are read: ``2021.v0.json``
    or ``2021.v01.json`` would otherwise sort before (or pass for) the first text of the year.
    """
    if _CANONICAL_NAME.match(name) and (".v" not in name or version_from_filename(name) >= 2):
        return None
    return (
        "not a statement file name (YEAR.json, or YEAR.vN.json for a later text with N from 2); "
        "refused"
    )


def statement_filename(year: int, version: int = 1) -> str:
    """``2021.json`` for the first text of a year, ``2021.v2.json`` for the second, ..."""
    return f"{year}.json" if version == 1 else f"{year}.v{version}.json"


def statement_version(statement: Statement) -> int:
    """The version of a loaded statement (1 when it was not loaded from a file)."""
    return version_from_filename(statement.path.name) if statement.path is not None else 1


def _line_of_key(text: str, key: str) -> int | None:
    match = re.search(rf'^\s*"{re.escape(key)}"\s*:', text, flags=re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


class _Checker:
    """Validates one decoded statement object, pointing errors at the line of the bad key."""

    def __init__(self, data: Mapping[str, Any], text: str, path: Path | None):
        self.data = data
        self.text = text
        self.path = path

    def fail(self, key: str, message: str) -> ArchiveError:
        line = _line_of_key(self.text, key) if self.text else None
        return ArchiveError(f"{key!r}: {message}", self.path, line)

    def get(self, key: str, kind: type | tuple[type, ...], *, nullable: bool = False) -> Any:
        if key not in self.data:
            raise ArchiveError(f"missing key {key!r}", self.path, 1 if self.text else None)
        value = self.data[key]
        if value is None and nullable:
            return None
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
            names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            raise self.fail(key, f"expected {names}, found {type(value).__name__}")
        return value

    def strings(self, key: str, limit: int) -> tuple[str, ...]:
        values = self.get(key, list)
        if len(values) > limit:
            raise self.fail(key, f"{len(values)} items; a statement holds at most {limit}")
        for i, value in enumerate(values, 1):
            if not isinstance(value, str) or not value.strip():
                raise self.fail(key, f"item {i} must be non-empty text")
        return tuple(values)


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _short(value: Any, limit: int = 60) -> str:
    """``repr`` of a value from a file, cut short and with control characters escaped."""
    text = ascii(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _holds_lone_surrogate(value: Any) -> bool:
    """Whether ``value`` holds text that is not Unicode (a lone surrogate from ``"\\ud800"``)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_holds_lone_surrogate(k) or _holds_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_lone_surrogate(v) for v in value)
    return False


def statement_from_dict(data: Any, *, path: Path | None = None, text: str = "") -> Statement:
    """Build a :class:`Statement` from a decoded JSON object, or raise :class:`ArchiveError`."""
    if not isinstance(data, dict):
        raise ArchiveError("a statement file must hold one JSON object", path, 1)
    check = _Checker(data, text, path)
    for key, value in data.items():
        # JSON can spell half a character ("\ud800"), which is not text: nothing could print,
        # index or export it. Refused by key, like any other value of the wrong kind.
        if _holds_lone_surrogate(key) or _holds_lone_surrogate(value):
            raise check.fail(
                key if isinstance(key, str) and key.isprintable() else "?",
                "holds a lone surrogate escape (half of a character), which is not text",
            )
    fmt = check.get("format", int)
    if fmt not in READABLE_FORMATS:
        readable = " and ".join(str(f) for f in READABLE_FORMATS)
        raise check.fail(
            "format",
            f"format version {_short(fmt, 12)} is not supported (this app reads {readable})",
        )
    keys = _KEYS_IN_ORDER if fmt == FORMAT_VERSION else _FORMAT_1_KEYS
    unknown = sorted(set(data) - set(keys))
    if unknown:
        names = ", ".join(_short(k, 40) for k in unknown[:5]) + (", …" if len(unknown) > 5 else "")
        raise check.fail(unknown[0], f"unknown key(s): {names}")
    year = check.get("year", int)
    problem = implausible_year(year)
    if problem:
        raise check.fail("year", problem)
    year_basis = check.get("year_basis", dict)
    title = check.get("title", str)
    en = check.strings("en", MAX_PARAGRAPHS)
    zh = check.strings("zh", MAX_PARAGRAPHS)
    zh_script = check.get("zh_script", str)
    if zh_script not in ("traditional", "simplified"):
        raise check.fail("zh_script", "must be 'traditional' or 'simplified'")
    signatories = check.strings("signatories", MAX_SIGNATORIES)
    if fmt == 1:
        closing = check.get("closing", str, nullable=True)
        signatories, sign_offs = _from_format_1(closing, signatories, data.get("importer"))
    else:
        sign_offs = _sign_offs(check, signatories)
    raw_alignment = check.get("alignment", dict)
    raw_pairs = raw_alignment.get("pairs", [])
    if not isinstance(raw_pairs, list):
        raise check.fail("alignment", f"'pairs' must be a list, found {type(raw_pairs).__name__}")
    if len(raw_pairs) > MAX_PARAGRAPHS:
        raise check.fail("alignment", f"{len(raw_pairs)} pairs; at most {MAX_PARAGRAPHS}")
    pairs: list[tuple[int, int]] = []
    for pair in raw_pairs:
        en_no, zh_no = (pair.get("en"), pair.get("zh")) if isinstance(pair, dict) else (0, 0)
        if not (_is_int(en_no) and 0 < en_no <= len(en)):
            raise check.fail("alignment", f"pair {_short(pair)} names no English paragraph")
        if not (_is_int(zh_no) and 0 < zh_no <= len(zh)):
            raise check.fail("alignment", f"pair {_short(pair)} names no Chinese paragraph")
        pairs.append((en_no, zh_no))
    for key in ("kind", "by", "note"):
        if not isinstance(raw_alignment.get(key), str):
            raise check.fail("alignment", f"alignment needs a text {key!r}")
    source = check.get("source", dict)
    for key in ("file", "sha256", "kind"):
        if not isinstance(source.get(key), str):
            raise check.fail("source", f"source needs a text {key!r}")
    importer = check.get("importer", dict)
    return Statement(
        year=year,
        year_basis=year_basis,
        title=title,
        en=en,
        zh=zh,
        zh_script=zh_script,
        signatories=signatories,
        alignment=Alignment(
            tuple(pairs), raw_alignment["kind"], raw_alignment["by"], raw_alignment["note"]
        ),
        source=source,
        importer=importer,
        path=path,
        sign_offs=sign_offs,
    )


def implausible_year(year: int) -> str | None:
    """Why ``year`` cannot be a June Fourth anniversary year, or None when it can be."""
    if not 1989 < year < 2200:
        return f"{_short(year, 12)} is not a plausible anniversary year (1990 to 2199)"
    return None


def _sign_offs(check: _Checker, signatories: tuple[str, ...]) -> tuple[SignOff, ...]:
    raw = check.get("sign_offs", list)
    found: list[SignOff] = []
    for i, item in enumerate(raw, 1):
        if not isinstance(item, dict) or set(item) != {"line", "kind", "by", "when", "why"}:
            raise check.fail(
                "sign_offs", f"item {i} needs exactly the keys line, kind, by, when, why"
            )
        line = item["line"]
        if not (isinstance(line, int) and not isinstance(line, bool)):
            raise check.fail("sign_offs", f"item {i}: 'line' must be a number")
        if not 0 < line <= len(signatories):
            raise check.fail("sign_offs", f"item {i}: line {line} is not in the signature block")
        for key in ("kind", "by", "why"):
            if not isinstance(item[key], str) or not item[key].strip():
                raise check.fail("sign_offs", f"item {i}: {key!r} must be non-empty text")
        if item["when"] is not None and not isinstance(item["when"], str):
            raise check.fail("sign_offs", f"item {i}: 'when' must be text or null")
        if any(s.line == line for s in found):
            raise check.fail("sign_offs", f"item {i}: line {line} is judged twice")
        found.append(SignOff(line, item["kind"], item["by"], item["when"], item["why"]))
    return tuple(found)


def _from_format_1(
    closing: str | None, signatories: tuple[str, ...], importer: Any
) -> tuple[tuple[str, ...], tuple[SignOff, ...]]:
    """A format 1 file's ``closing`` and ``signatories`` as one signature block.

    Format 1 importers put the first line of the block in ``closing`` when its wording matched a
    pattern ("remember", "never forget", ...). The line stays in the block, in its source place
    (first); that it was set apart is kept as what it was: a pattern's guess, not a curator's
    judgement, and not part of the source.
    """
    if closing is None or not closing.strip():
        return signatories, ()
    version = importer.get("version") if isinstance(importer, dict) else None
    who = f"the archive_app importer v{version}" if version else "the archive_app importer"
    note = SignOff(
        1,
        kind="pattern guess (format 1 file)",
        by=f"{who}, by a wording pattern; no person made this judgement",
        when=None,
        why=(
            "This format 1 file stored the line apart from the signatories as a closing line "
            "because it begins with words the importer took for a sign-off. Whether it is a "
            "signer's name is not known from the wording."
        ),
    )
    return (closing, *signatories), (note,)


def check_statement_limits(statement: Statement) -> str | None:
    """Why ``statement`` could not be stored and read back (past a documented limit), or None.

    Checked before writing (by the importer), so nothing is stored that loading would refuse.
    """
    for key, values, limit in (
        ("English paragraphs", statement.en, MAX_PARAGRAPHS),
        ("Chinese paragraphs", statement.zh, MAX_PARAGRAPHS),
        ("signatories", statement.signatories, MAX_SIGNATORIES),
    ):
        if len(values) > limit:
            return f"{len(values):,} {key}; a statement holds at most {limit:,}"
    size = len(statement_to_json(statement).encode("utf-8"))
    if size > MAX_STATEMENT_BYTES:
        return (
            f"the statement read from this file would be {format_size(size)}, more than the "
            f"{format_size(MAX_STATEMENT_BYTES)} a statement may hold"
        )
    return None


def read_statement_bytes(path: Path) -> bytes:
    """The bytes of a statement file: a regular file of at most :data:`MAX_STATEMENT_BYTES`."""
    try:
        return read_regular(path, MAX_STATEMENT_BYTES)
    except FileRefused as exc:
        raise ArchiveError(exc.message, path) from None
    except OSError as exc:
        raise ArchiveError(f"cannot read the file: {exc.strerror or exc}", path) from None


def statement_from_bytes(raw: bytes, path: Path | None = None) -> Statement:
    """Decode, parse and validate the bytes of a statement file (no size check here)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ArchiveError("the file is not UTF-8 text", path, line) from None
    if json_depth(text, stop_at=MAX_JSON_DEPTH + 1) > MAX_JSON_DEPTH:
        raise ArchiveError(
            f"JSON nested more than {MAX_JSON_DEPTH} deep; a statement nests 4 deep", path
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArchiveError(f"not valid JSON: {exc.msg}", path, exc.lineno) from None
    except (ValueError, RecursionError) as exc:  # a number of thousands of digits, ...
        raise ArchiveError(f"not valid JSON: {str(exc)[:120]}", path) from None
    return statement_from_dict(data, path=path, text=text)


def load_statement(path: Path) -> Statement:
    """Read and validate one statement file (a regular file, size checked before reading)."""
    return statement_from_bytes(read_statement_bytes(path), path)


def read_manifest(bag_dir: Path) -> dict[str, str]:
    """``manifest-sha256.txt`` as {relative path: hex digest}; errors name the line."""
    return parse_manifest(read_manifest_bytes(bag_dir / MANIFEST), bag_dir / MANIFEST)


def read_manifest_bytes(manifest: Path) -> bytes:
    """The bytes of a manifest: a regular file of at most :data:`MAX_MANIFEST_BYTES`."""
    try:
        return read_regular(manifest, MAX_MANIFEST_BYTES)
    except FileNotFoundError:
        raise IntegrityError(
            "the archive has no manifest; is this a BagIt bag?", manifest
        ) from None
    except FileRefused as exc:
        raise IntegrityError(f"cannot read the manifest: {exc.message}", manifest) from None
    except OSError as exc:
        raise IntegrityError(f"cannot read the manifest: {exc.strerror or exc}", manifest) from None


_MANIFEST_LINE = re.compile(r"([0-9a-fA-F]{64})[ \t]+(\S.*)")


def parse_manifest(raw: bytes, manifest: Path) -> dict[str, str]:
    """Parse a ``SHA-256  path`` manifest; any bad line is an :class:`IntegrityError` naming it."""
    entries: dict[str, str] = {}
    for number, line_bytes in enumerate(raw.split(b"\n"), 1):
        if len(line_bytes) > MAX_MANIFEST_LINE:
            raise IntegrityError(
                f"line of {len(line_bytes):,} bytes; a manifest line is at most "
                f"{MAX_MANIFEST_LINE:,}",
                manifest,
                number,
            )
        try:
            line = line_bytes.decode("utf-8").rstrip("\r")
        except UnicodeDecodeError:
            raise IntegrityError("not UTF-8 text", manifest, number) from None
        if not line.strip():
            continue
        match = _MANIFEST_LINE.fullmatch(line)
        name = match.group(2).strip() if match else ""
        if match is None or not name or not name.isprintable():
            raise IntegrityError("not a 'SHA-256  path' line", manifest, number)
        entries[name] = match.group(1).lower()
    return entries


def sha256_file(path: Path) -> str:
    """SHA-256 of a regular file (:class:`ArchiveError` for a FIFO, a device, a link, ...)."""
    digest = hashlib.sha256()
    try:
        hash_regular(path, digest.update)
    except FileRefused as exc:
        raise ArchiveError(exc.message, path) from None
    except OSError as exc:
        raise ArchiveError(f"cannot read the file: {exc.strerror or exc}", path) from None
    return digest.hexdigest()


@dataclass
class Archive:
    """The statements of one BagIt bag that passed their checks, and what did not.

    A statement whose checksum or content is wrong is refused and reported in ``problems``; the
    rest stay readable, so one damaged file never takes the whole archive down.
    """

    root: Path
    statements: tuple[Statement, ...]
    problems: tuple[ArchiveError, ...]
    manifest_hash: str

    @classmethod
    def load(cls, root: Path) -> Archive:
        root = Path(root)
        if not (root / "bagit.txt").is_file():
            raise ArchiveError(
                "this folder is not an archive (no bagit.txt); pass --archive with the "
                "folder that holds bagit.txt",
                root,
            )
        manifest_bytes = read_manifest_bytes(root / MANIFEST)
        manifest = parse_manifest(manifest_bytes, root / MANIFEST)
        manifest_hash = hashlib.sha256(manifest_bytes).hexdigest()
        statements: list[Statement] = []
        problems: list[ArchiveError] = []
        statement_dir = root / STATEMENTS_DIR
        files = sorted(statement_dir.glob("*.json")) if statement_dir.is_dir() else []
        for path in files:
            rel = path.relative_to(root).as_posix()
            expected = manifest.get(rel)
            if expected is None:
                problems.append(IntegrityError("not listed in the manifest; refused", path))
                continue
            bad_name = check_statement_filename(path.name)
            if bad_name:
                problems.append(ArchiveError(bad_name, path))
                continue
            try:
                raw = read_statement_bytes(path)  # a regular file, size checked: then hashed
                if hashlib.sha256(raw).hexdigest() != expected:
                    problems.append(
                        IntegrityError("checksum does not match the manifest; refused", path)
                    )
                    continue
                statement = statement_from_bytes(raw, path)
            except ArchiveError as exc:
                problems.append(exc)
                continue
            if path.name.split(".", 1)[0] != str(statement.year):
                problems.append(
                    ArchiveError(
                        f"the file name says {path.name.split('.', 1)[0]} but the statement is "
                        f"for {statement.year}; refused",
                        path,
                    )
                )
                continue
            statements.append(statement)
        statements.sort(key=lambda s: (s.year, statement_version(s)))
        return cls(root, tuple(statements), tuple(problems), manifest_hash)

    def __iter__(self) -> Iterator[Statement]:
        return iter(self.statements)

    def __len__(self) -> int:
        return len(self.statements)

    @property
    def years(self) -> list[int]:
        return [s.year for s in self.statements]

    def key_of(self, statement: Statement) -> StatementKey:
        """The identity of one of this archive's statements (a plain bag: all shipped)."""
        return StatementKey(statement.year, statement_version(statement), Origin.SHIPPED)

    @property
    def keys(self) -> list[StatementKey]:
        """Every statement's identity, in the archive's order."""
        return [self.key_of(s) for s in self.statements]

    def statement(self, key: StatementKey) -> Statement:
        """The statement with exactly this identity; :class:`ArchiveError` if none."""
        for statement in self.statements:
            if self.key_of(statement) == key:
                return statement
        raise ArchiveError(
            f"no statement {key.label} ({key.origin.value}) in this archive", self.root
        )

    def get(self, year: int) -> Statement:
        """The first text held for ``year`` (the signed one, when there is one)."""
        for statement in self.statements:
            if statement.year == year:
                return statement
        raise ArchiveError(
            f"no statement for {year}; the archive has: "
            + (", ".join(str(y) for y in self.years) or "none"),
            self.root,
        )
