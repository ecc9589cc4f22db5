"""The bundle's own manifest: writing ``MANIFEST.sha256`` and checking a copy against it.

A bundle folder (what ``make dist`` builds, what is copied onto a stick) carries
``MANIFEST.sha256`` in the format of coreutils ``sha256sum``: one line per file,
``<64 lowercase hex>  <relative/posix/path>``, LF line ends, UTF-8, no BOM, sorted by the bytes
of the path. Every file of the folder is listed except the manifest itself and its signature
``MANIFEST.sha256.minisig``. So a receiver who does not trust this app can check the copy with
standard tools::

    minisign -Vm MANIFEST.sha256 -P <public key>
    sha256sum -c --strict MANIFEST.sha256

``MANIFEST.sha256.minisig`` is a minisign signature (Ed25519) of the manifest, made by
``packaging/sign`` with a secret key that is never committed. The public keys the app trusts are
the minisign ``.pub`` files in ``packaging/keys/``; the bundle carries them at
``<package_root()>/packaging/keys/*.pub`` (``_internal/packaging/keys`` in a PyInstaller
bundle, the repo's own folder from source).

:func:`verify_bundle` checks a bundle folder: the signature against the built-in keys, then every
checksum, and names every file that is missing, changed or extra (a planted library is extra).
Litter that operating systems leave on sticks (``.DS_Store``, ``Thumbs.db``, ``._*``, ...) is
a warning, not a failure; the ``portable`` marker and the ``Data`` folder beside the program are
the holder's own and not part of the signed app. The parser trusts nothing: every malformed line
of a manifest is refused with a message naming the manifest and the line.

A check run by the app can only be as honest as the app: a tampered copy could lie about itself.
Every report says so and gives the commands to run instead (:func:`external_commands`).
"""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive_app.core.errors import IntegrityError
from archive_app.core.paths import PORTABLE_DATA, PORTABLE_MARKER, package_root

__all__ = [
    "CAVEAT",
    "MANIFEST_NAME",
    "SIGNATURE_NAME",
    "BundleReport",
    "ManifestEntry",
    "SignatureCheck",
    "SignatureStatus",
    "TrustedKey",
    "check_signature",
    "external_commands",
    "is_os_litter",
    "list_bundle_files",
    "load_trusted_keys",
    "manifest_text",
    "parse_manifest",
    "parse_public_key",
    "trusted_keys_dir",
    "verify_bundle",
    "write_manifest",
]

MANIFEST_NAME = "MANIFEST.sha256"
SIGNATURE_NAME = "MANIFEST.sha256.minisig"
NOT_LISTED = frozenset({MANIFEST_NAME, SIGNATURE_NAME})


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _path_key(relative: str) -> bytes:
    return relative.encode("utf-8", "surrogateescape")


def list_bundle_files(bundle_dir: Path, unreadable: list[str] | None = None) -> list[str]:
    """Every file under ``bundle_dir`` as a relative POSIX path, sorted by its bytes.

    Symlinks to files count as files (their content is what runs); a symlink to a folder is
    listed as a file name too, so it can never hide planted files from a check (it shows up as
    changed or extra). The manifest and its signature at the top level are left out. A folder
    that cannot be listed raises :class:`IntegrityError`, or, when ``unreadable`` is given, is
    appended to it (relative path) so a check can report it instead of missing what it holds.
    """
    bundle_dir = Path(bundle_dir)
    found: list[str] = []

    def on_error(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else bundle_dir
        if unreadable is None:
            raise IntegrityError(f"cannot list this folder ({exc.strerror or exc})", where)
        try:
            unreadable.append(where.relative_to(bundle_dir).as_posix())
        except ValueError:
            unreadable.append(str(where))

    for dirpath, dirnames, filenames in os.walk(bundle_dir, onerror=on_error, followlinks=False):
        here = Path(dirpath)
        names = list(filenames)
        for name in list(dirnames):
            if (here / name).is_symlink():
                dirnames.remove(name)
                names.append(name)
        for name in names:
            relative = (here / name).relative_to(bundle_dir).as_posix()
            if relative in NOT_LISTED:
                continue
            found.append(relative)
    found.sort(key=_path_key)
    return found


def manifest_text(bundle_dir: Path) -> str:
    """The text of ``MANIFEST.sha256`` for the folder as it is now."""
    bundle_dir = Path(bundle_dir)
    lines = []
    for relative in list_bundle_files(bundle_dir):
        if "\\" in relative or "\n" in relative or "\r" in relative:
            raise IntegrityError(
                "a file name holds a backslash or a line break, which sha256sum would escape; "
                "rename it before building the manifest",
                bundle_dir / relative,
            )
        path = bundle_dir / relative
        if path.is_symlink() and path.is_dir():
            raise IntegrityError(
                "a symlink to a folder cannot be listed in the manifest (USB sticks formatted "
                "FAT or exFAT cannot hold symlinks); replace it with the files",
                path,
            )
        lines.append(f"{_sha256(path)}  {relative}\n")
    return "".join(lines)


def write_manifest(bundle_dir: Path) -> Path:
    """Write ``bundle_dir/MANIFEST.sha256`` listing every file, and return its path.

    The file is written in place of any old one through a temporary name in the same folder,
    so a half-written manifest never stands under the final name.
    """
    bundle_dir = Path(bundle_dir)
    if not bundle_dir.is_dir():
        raise IntegrityError("not a folder: cannot write a manifest here", bundle_dir)
    target = bundle_dir / MANIFEST_NAME
    partial = bundle_dir / (MANIFEST_NAME + ".partial")
    partial.unlink(missing_ok=True)  # left by an interrupted run: never list it
    text = manifest_text(bundle_dir)
    try:
        partial.write_bytes(text.encode("utf-8", "surrogateescape"))
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise IntegrityError(f"cannot write the manifest: {exc.strerror or exc}", target) from exc
    return target


# --- reading a manifest ---------------------------------------------------------------------

MAX_MANIFEST_BYTES = 32 * 1024 * 1024
MAX_PATH_BYTES = 4096
MAX_LINE_BYTES = 64 + 2 + MAX_PATH_BYTES
MAX_SIGNATURE_BYTES = 16 * 1024
MAX_KEY_BYTES = 4 * 1024
_HEX64 = re.compile(r"[0-9a-f]{64}")
_ANY_HEX64 = re.compile(r"[0-9a-fA-F]{64}")
_DRIVE = re.compile(r"[A-Za-z]:")


@dataclass(frozen=True)
class ManifestEntry:
    """One line of a manifest: the SHA-256 (lowercase hex) of a file, its path, the line number."""

    digest: str
    path: str
    line: int


def _path_problem(path: str) -> str | None:
    """Why ``path`` may not stand in a manifest, or None if it is a plain relative path."""
    if not path:
        return "names no file"
    if path.startswith("/"):
        return f"names an absolute path ({path!r}); only paths inside the bundle are allowed"
    if _DRIVE.match(path):
        return f"names a Windows drive ({path!r}); only paths inside the bundle are allowed"
    if "\\" in path:
        return f"holds a backslash in {path!r}; paths use forward slashes"
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in path):
        return f"holds a control character in {path!r}"
    if len(path.encode("utf-8", "surrogatepass")) > MAX_PATH_BYTES:
        return "names a path longer than 4096 bytes"
    parts = path.split("/")
    if ".." in parts:
        return f"climbs out of the bundle with '..' in {path!r}"
    if "." in parts or "" in parts:
        return f"holds an empty or '.' path part in {path!r}"
    if path in NOT_LISTED:
        return f"lists {path} itself, which a manifest never does"
    return None


def parse_manifest(data: bytes, source: Path | str = MANIFEST_NAME) -> list[ManifestEntry]:
    """The entries of a manifest written by :func:`write_manifest`, read strictly.

    Anything else is refused with an :class:`IntegrityError` naming ``source`` and the line:
    a byte-order mark, CR or NUL bytes, text that is not UTF-8, blank or over-long lines,
    digests that are not 64 lowercase hex digits, escaped or binary-mode ``sha256sum`` lines,
    absolute paths, ``..``, backslashes and files listed twice. Nothing in it is trusted.
    """
    if len(data) > MAX_MANIFEST_BYTES:
        raise IntegrityError(
            f"the manifest is {len(data)} bytes, more than the {MAX_MANIFEST_BYTES} a bundle "
            "needs; it is not ours",
            source,
        )
    if not data:
        raise IntegrityError("the manifest is empty: it lists no files", source)
    if data.startswith(b"\xef\xbb\xbf"):
        raise IntegrityError(
            "starts with a byte-order mark (BOM): the manifest was re-saved by an editor",
            source,
            1,
        )
    body = data[:-1] if data.endswith(b"\n") else data
    lines = body.split(b"\n")
    if not data.endswith(b"\n"):
        raise IntegrityError(
            "the last line has no line end: the manifest is cut short", source, len(lines)
        )
    entries: list[ManifestEntry] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(lines, 1):

        def fail(message: str, number: int = number) -> IntegrityError:
            return IntegrityError(message, source, number)

        if len(raw) > MAX_LINE_BYTES:
            raise fail(f"the line is {len(raw)} bytes long, more than a manifest line can be")
        if raw.endswith(b"\r"):
            raise fail("ends in CR LF (a Windows line end); manifest lines end in LF only")
        if b"\r" in raw:
            raise fail("holds a carriage return (CR) byte")
        if b"\x00" in raw:
            raise fail("holds a NUL byte")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise fail("is not valid UTF-8 text") from None
        if not text.strip():
            raise fail("is blank; every line names one file")
        if text.startswith("\\"):
            raise fail("starts with a backslash (a sha256sum-escaped file name); not allowed")
        digest, separator, path = text[:64], text[64:66], text[66:]
        if not _HEX64.fullmatch(digest):
            if _ANY_HEX64.fullmatch(digest):
                raise fail("the SHA-256 digest must be written in lowercase hex digits")
            raise fail("does not start with a SHA-256 digest (64 hexadecimal digits)")
        if separator == " *":
            raise fail("uses the binary-mode marker ' *'; manifest lines use two spaces")
        if separator != "  ":
            raise fail("the digest must be followed by two spaces and the file's path")
        problem = _path_problem(path)
        if problem:
            raise fail(problem)
        if path in seen:
            raise fail(f"lists {path!r} a second time (first on line {seen[path]})")
        seen[path] = number
        entries.append(ManifestEntry(digest, path, number))
    return entries


# --- keys and signatures --------------------------------------------------------------------


class SignatureStatus(enum.Enum):
    GOOD = "good"
    """Signed by a key built into this app, and the signature matches the manifest."""
    NOT_SIGNED = "not signed"
    """There is no signature file: the manifest proves completeness, not who made the copy."""
    BAD = "bad"
    """A signature is there but does not match the manifest, or cannot be read."""
    UNKNOWN_KEY = "unknown key"
    """Signed with a key this app does not carry."""
    NO_TRUSTED_KEYS = "no trusted keys"
    """This app carries no public key, so it cannot check any signature."""


@dataclass(frozen=True)
class TrustedKey:
    """A minisign public key built into the app."""

    name: str
    public_key: str
    """The key as minisign takes it after ``-P`` (base64)."""
    key_id: str
    """16 hex digits, as minisign prints it. Chosen by the signer: not a fingerprint."""
    fingerprint: str
    """SHA-256 of the decoded public key, in groups of four hex digits, to read out by phone."""
    verifier: Any = field(repr=False, compare=False)


def _key_id_text(key_id: bytes) -> str:
    # minisign reads the 8 key-id bytes as a little-endian integer and prints it in hex.
    return f"{int.from_bytes(key_id, 'little'):016X}"


def _group(hex_digits: str) -> str:
    return " ".join(hex_digits[i : i + 4] for i in range(0, len(hex_digits), 4))


def parse_public_key(data: bytes, source: Path | str) -> TrustedKey:
    """A minisign ``.pub`` file: an ``untrusted comment:`` line, then the key in base64."""
    import minisign

    if len(data) > MAX_KEY_BYTES:
        raise IntegrityError("too large for a minisign public key", source)
    try:
        lines = data.decode("ascii").splitlines()
    except UnicodeDecodeError:
        raise IntegrityError("not a minisign public key (not ASCII text)", source) from None
    lines = [line for line in lines if line.strip()]
    if len(lines) == 2 and lines[0].startswith("untrusted comment:"):
        encoded = lines[1].strip()
    elif len(lines) == 1:
        encoded = lines[0].strip()
    else:
        raise IntegrityError(
            "not a minisign public key (expected a comment line and a key line)", source
        )
    try:
        raw = base64.b64decode(encoded, validate=True)
        verifier = minisign.PublicKey.from_base64(encoded)
    except (binascii.Error, ValueError) as exc:
        raise IntegrityError(f"not a minisign public key ({exc})", source) from None
    fingerprint = _group(hashlib.sha256(raw).hexdigest())
    name = Path(str(source)).name
    return TrustedKey(name, encoded, _key_id_text(raw[2:10]), fingerprint, verifier)


def trusted_keys_dir() -> Path:
    """Where the app's own public keys are: ``packaging/keys`` under the package root."""
    return package_root() / "packaging" / "keys"


def load_trusted_keys(keys_dir: Path | None = None) -> tuple[list[TrustedKey], list[str]]:
    """The public keys built into the app, and a message for each ``.pub`` that cannot be read."""
    folder = trusted_keys_dir() if keys_dir is None else Path(keys_dir)
    keys: list[TrustedKey] = []
    problems: list[str] = []
    for path in sorted(folder.glob("*.pub")) if folder.is_dir() else []:
        try:
            keys.append(parse_public_key(path.read_bytes(), path))
        except IntegrityError as exc:
            problems.append(str(exc))
        except OSError as exc:
            problems.append(f"{path}: cannot be read: {exc.strerror or exc}")
    return keys, problems


@dataclass(frozen=True)
class SignatureCheck:
    status: SignatureStatus
    message: str
    key: TrustedKey | None = None
    key_id: str | None = None
    """The key ID the signature names (whoever made it)."""
    trusted_comment: str | None = None
    """The signed comment (version and build date), only when the signature is good."""


def _printable(text: str, limit: int = 300) -> str:
    cleaned = "".join(c if c.isprintable() or c == "\t" else "?" for c in text)
    return cleaned.replace("\t", "  ")[:limit]


def check_signature(
    manifest: bytes, signature: bytes | None, keys: Iterable[TrustedKey]
) -> SignatureCheck:
    """Check a minisign signature of ``manifest`` against ``keys``. Never raises for bad input."""
    import minisign

    keys = list(keys)
    if signature is None:
        return SignatureCheck(
            SignatureStatus.NOT_SIGNED,
            "not signed: this copy carries no MANIFEST.sha256.minisig, so nothing shows who "
            "made it; the checksums only show whether it is complete",
        )
    if len(signature) > MAX_SIGNATURE_BYTES:
        return SignatureCheck(SignatureStatus.BAD, "the signature file is too large to be one")
    try:
        parsed = minisign.Signature.from_bytes(signature)
        raw_line = base64.b64decode(signature.splitlines()[1], validate=True)
    except (ValueError, IndexError, binascii.Error) as exc:
        return SignatureCheck(
            SignatureStatus.BAD,
            f"the signature file cannot be read as a minisign signature ({exc})",
        )
    key_id = _key_id_text(raw_line[2:10])
    if not keys:
        return SignatureCheck(
            SignatureStatus.NO_TRUSTED_KEYS,
            f"signed with key {key_id}, but this copy of the app carries no public key to check "
            "it against",
            key_id=key_id,
        )
    for key in keys:
        if key.key_id != key_id:
            continue
        try:
            key.verifier.verify(manifest, parsed)
        except ValueError:
            return SignatureCheck(
                SignatureStatus.BAD,
                f"the signature does NOT match the manifest (key {key_id}): the manifest or "
                "its signature was changed",
                key=key,
                key_id=key_id,
            )
        comment = _printable(str(parsed.trusted_comment))
        return SignatureCheck(
            SignatureStatus.GOOD,
            f"good signature by key {key_id} ({key.name})",
            key=key,
            key_id=key_id,
            trusted_comment=comment,
        )
    return SignatureCheck(
        SignatureStatus.UNKNOWN_KEY,
        f"signed with key {key_id}, which is not one of the keys built into this app",
        key_id=key_id,
    )


# --- checking a bundle ----------------------------------------------------------------------

_LITTER_NAMES = frozenset(
    name.casefold()
    for name in (
        ".DS_Store",
        "Thumbs.db",
        "ehthumbs.db",
        "desktop.ini",
        ".Spotlight-V100",
        ".Trashes",
        ".fseventsd",
        ".TemporaryItems",
        "System Volume Information",
        "$RECYCLE.BIN",
        ".directory",
    )
)

CAVEAT = (
    "This check was made by the app itself. A tampered copy of the app could lie about itself, "
    "so if it matters, check the copy without trusting it: on another computer, run the "
    "commands in VERIFY.txt (minisign and sha256sum) and compare the key fingerprint with the "
    "person who gave you the copy, by phone or in person."
)


def is_os_litter(relative: str) -> bool:
    """Files that operating systems leave on sticks by themselves (``.DS_Store``, ``._*``...)."""
    parts = relative.split("/")
    return parts[-1].startswith("._") or any(p.casefold() in _LITTER_NAMES for p in parts)


def _is_holder_data(relative: str) -> bool:
    """The portable marker and the ``Data`` folder: the holder's own, not part of the app."""
    return relative == PORTABLE_MARKER or relative.split("/", 1)[0] == PORTABLE_DATA


def external_commands(key: TrustedKey | None = None) -> list[str]:
    """The commands a receiver runs in the bundle folder to check it without this app."""
    public = key.public_key if key is not None else "<the public key from VERIFY.txt>"
    return [
        f"minisign -Vm {MANIFEST_NAME} -P {public}",
        f"sha256sum -c --strict {MANIFEST_NAME}",
        f"shasum -a 256 -c {MANIFEST_NAME}    (macOS)",
        "Windows: see VERIFY.txt (minisign.exe and PowerShell Get-FileHash)",
    ]


@dataclass
class BundleReport:
    """What :func:`verify_bundle` found, every problem named."""

    root: Path
    signature: SignatureCheck
    files_checked: int = 0
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    litter: list[str] = field(default_factory=list)
    holder_data: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """Problems that stop the file check: no manifest, a malformed one."""
    key_problems: list[str] = field(default_factory=list)

    @property
    def files_ok(self) -> bool:
        return not (self.problems or self.missing or self.changed or self.extra)

    @property
    def signed(self) -> bool:
        return self.signature.status is SignatureStatus.GOOD

    @property
    def ok(self) -> bool:
        """Every file as the signed manifest says, nothing more (litter aside)."""
        return self.files_ok and self.signed

    def lines(self) -> list[str]:
        """The report as plain lines, problems first (for the CLI and logs)."""
        out = [f"{self.root}: {problem}" for problem in self.problems]
        out += [
            f"{name}: missing: listed in the manifest but not in the copy" for name in self.missing
        ]
        out += [
            f"{name}: changed: its SHA-256 does not match the manifest" for name in self.changed
        ]
        out += [f"{name}: extra: in the copy but not in the manifest" for name in self.extra]
        out += [
            f"{name}: warning: left by an operating system; safe to delete" for name in self.litter
        ]
        out.append(f"signature: {self.signature.message}")
        if self.signature.trusted_comment:
            out.append(f"signed comment: {self.signature.trusted_comment}")
        if self.signature.key is not None:
            out.append(f"key ID: {self.signature.key.key_id}")
            out.append(f"key fingerprint: {self.signature.key.fingerprint}")
        out += [f"warning: {problem}" for problem in self.key_problems]
        return out

    def summary(self) -> str:
        if self.problems:
            return f"FAILED: {self.root}: the copy cannot be checked."
        if not self.files_ok:
            counts = (
                f"{len(self.missing)} missing, {len(self.changed)} changed, {len(self.extra)} extra"
            )
            return f"FAILED: {self.root}: {counts} file(s) of {self.files_checked}."
        files = f"all {self.files_checked} files match the manifest, nothing missing or extra"
        if self.signed:
            return f"OK: {self.root}: {files}; the manifest's signature is good."
        status = self.signature.status
        if status is SignatureStatus.NOT_SIGNED:
            return f"NOT SIGNED: {self.root}: {files}, but nothing shows who made this copy."
        if status is SignatureStatus.UNKNOWN_KEY:
            return (
                f"FAILED: {self.root}: {files}, but it is signed with a key this app does not know."
            )
        if status is SignatureStatus.NO_TRUSTED_KEYS:
            return f"FAILED: {self.root}: {files}, but this app has no key to check the signature."
        return f"FAILED: {self.root}: {files}, but the signature is NOT good."


Progress = Callable[[int, int], None]


def _read_limited(path: Path, limit: int) -> bytes:
    if not path.is_file():  # a FIFO would block the check forever, a device never end
        raise IntegrityError("not a regular file; it is not ours", path)
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise IntegrityError(f"the file is larger than {limit} bytes; it is not ours", path)
    return data


def verify_bundle(
    root: Path,
    *,
    keys: Iterable[TrustedKey] | None = None,
    progress: Progress | None = None,
) -> BundleReport:
    """Check the bundle folder ``root`` against its signed manifest. Never raises for bad input.

    ``keys`` defaults to the keys built into the app; ``progress(done, total)`` is called as
    files are hashed (from the calling thread).
    """
    root = Path(root)
    key_problems: list[str] = []
    if keys is None:
        keys, key_problems = load_trusted_keys()
    keys = list(keys)
    manifest_path = root / MANIFEST_NAME
    signature_path = root / SIGNATURE_NAME
    unchecked = SignatureCheck(SignatureStatus.NOT_SIGNED, "not checked: no manifest to check")
    report = BundleReport(root, unchecked, key_problems=key_problems)
    if not root.is_dir():
        report.problems.append("not a folder")
        return report
    if not manifest_path.is_file():
        report.problems.append(
            f"there is no {MANIFEST_NAME}: this is not a bundle of the app, or its manifest "
            "was removed"
        )
        return report
    try:
        manifest = _read_limited(manifest_path, MAX_MANIFEST_BYTES)
        signature = (
            _read_limited(signature_path, MAX_SIGNATURE_BYTES) if signature_path.exists() else None
        )
    except IntegrityError as exc:
        report.problems.append(str(exc))
        return report
    except OSError as exc:
        report.problems.append(f"cannot read the manifest or its signature: {exc.strerror or exc}")
        return report
    report.signature = check_signature(manifest, signature, keys)
    try:
        entries = parse_manifest(manifest, manifest_path)
    except IntegrityError as exc:
        report.problems.append(str(exc))
        return report
    listed = {entry.path for entry in entries}
    total = len(entries)
    for done, entry in enumerate(entries, 1):
        path = root / entry.path
        try:
            if path.is_symlink() and path.is_dir():
                report.changed.append(entry.path)
            elif not path.is_file():
                report.missing.append(entry.path)
            elif _sha256(path) != entry.digest:
                report.changed.append(entry.path)
        except OSError:
            report.missing.append(entry.path)
        report.files_checked += 1
        if progress is not None:
            progress(done, total)
    unreadable: list[str] = []
    on_disk = list_bundle_files(root, unreadable)
    for relative in unreadable:
        if is_os_litter(relative):
            report.litter.append(relative)
        else:
            report.problems.append(
                f"{relative}: this folder cannot be read, so files planted in it would not be "
                "seen; check the folder's permissions"
            )
    for relative in on_disk:
        if relative in listed:
            continue
        if _is_holder_data(relative):
            report.holder_data.append(relative)
        elif is_os_litter(relative):
            report.litter.append(relative)
        else:
            report.extra.append(relative)
    return report
