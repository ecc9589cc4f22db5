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
``<shipped_root()>/packaging/keys/*.pub`` (``_internal/packaging/keys`` in a PyInstaller
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
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from archive_app.core.errors import IntegrityError
from archive_app.core.paths import PORTABLE_DATA, PORTABLE_MARKER, shipped_root

__all__ = [
    "APPLEDOUBLE_MAGIC",
    "CAVEAT",
    "MANIFEST_NAME",
    "SIGNATURE_NAME",
    "BadSignature",
    "BundleReport",
    "ManifestEntry",
    "MinisignSignature",
    "SignatureCheck",
    "SignatureStatus",
    "TrustedKey",
    "check_signature",
    "external_commands",
    "is_os_litter",
    "list_bundle_files",
    "load_trusted_keys",
    "manifest_text",
    "name_problem",
    "parse_manifest",
    "parse_minisign_signature",
    "parse_public_key",
    "portable_name_problems",
    "trusted_keys_dir",
    "verify_bundle",
    "verify_minisign",
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


# --- names that survive every stick --------------------------------------------------------

_WINDOWS_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{kind}{n}" for kind in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]]
)
_FAT_FORBIDDEN = frozenset('<>:"\\|?*')
MAX_NAME_UNITS = 255
"""FAT (long names), exFAT and NTFS allow 255 UTF-16 code units per name."""


def _fold(name: str) -> str:
    """A name as FAT, exFAT, NTFS and APFS compare it: composed (NFC) and upper-cased one
    character at a time (their up-case tables map single characters, so ``ß`` stays ``ß``)."""
    composed = unicodedata.normalize("NFC", name)
    return "".join(c.upper() if len(c.upper()) == 1 else c for c in composed)


def name_problem(name: str) -> str | None:
    """Why one file or folder name cannot stand on a FAT, exFAT or NTFS stick, or None."""
    bad = sorted({c for c in name if c in _FAT_FORBIDDEN or ord(c) < 0x20})
    if bad:
        shown = " ".join(repr(c) for c in bad)
        return f"holds {shown}, which FAT, exFAT and Windows do not allow in a name"
    if name.endswith((".", " ")):
        return "ends with a dot or a space, which Windows drops (the name would change)"
    if name.split(".", 1)[0].rstrip(" ").upper() in _WINDOWS_DEVICES:
        return "is a Windows device name (CON, NUL, COM1 ...), which Windows cannot open as a file"
    if len(name.encode("utf-16-le")) // 2 > MAX_NAME_UNITS:
        return f"is longer than the {MAX_NAME_UNITS} characters FAT and exFAT allow in a name"
    return None


def portable_name_problems(paths: Iterable[str]) -> list[str]:
    """What keeps these relative POSIX paths from surviving a copy onto any USB stick.

    Every name must be allowed on FAT, exFAT and NTFS (:func:`name_problem`), and no two paths
    (or folders on the way to them) may be equal when case and Unicode composition are ignored:
    FAT, exFAT, NTFS and APFS keep only one of them, so the copy would fail its own check.
    Empty when every path is fine.
    """
    problems: list[str] = []
    # Each folder or file is a node, named by (its parent's node, its name): no path string is
    # ever rebuilt, so a long manifest with deep paths costs time in proportion to its size.
    exact: dict[tuple[int, str], int] = {}
    folded: dict[tuple[int, str], int] = {}
    first_of: dict[int, tuple[int, str]] = {}  # folded node -> (exact node, path), first seen
    reported: set[int] = set()
    fold_cache: dict[str, str] = {}
    for path in paths:
        parts = path.split("/")
        exact_parent = folded_parent = -1
        for depth, part in enumerate(parts, 1):
            fold = fold_cache.get(part)
            if fold is None:
                fold = fold_cache[part] = _fold(part)
            node = exact.get((exact_parent, part))
            is_new = node is None
            if node is None:
                node = exact[(exact_parent, part)] = len(exact)
            same = folded.setdefault((folded_parent, fold), len(folded))
            if is_new:
                prefix = "/".join(parts[:depth])
                first = first_of.setdefault(same, (node, prefix))
                if first[0] != node and same not in reported:
                    reported.add(same)
                    problems.append(
                        f"{prefix}: differs from {first[1]} only in case (or accents written "
                        "differently); FAT, exFAT, NTFS and APFS would keep only one of them"
                    )
                problem = name_problem(part)
                if problem:
                    problems.append(f"{prefix}: {problem}")
            exact_parent, folded_parent = node, same
    return problems


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
    ed25519: bytes = field(repr=False)
    """The raw 32-byte Ed25519 public key."""


def _key_id_text(key_id: bytes) -> str:
    # minisign reads the 8 key-id bytes as a little-endian integer and prints it in hex.
    return f"{int.from_bytes(key_id, 'little'):016X}"


def _group(hex_digits: str) -> str:
    return " ".join(hex_digits[i : i + 4] for i in range(0, len(hex_digits), 4))


def parse_public_key(data: bytes, source: Path | str) -> TrustedKey:
    """A minisign ``.pub`` file: an ``untrusted comment:`` line, then the key in base64."""
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
    except binascii.Error as exc:
        raise IntegrityError(f"not a minisign public key ({exc})", source) from None
    if len(raw) != 2 + 8 + 32 or raw[:2] != b"Ed":
        raise IntegrityError(
            "not a minisign public key (expected 42 bytes starting with the Ed25519 marker)",
            source,
        )
    fingerprint = _group(hashlib.sha256(raw).hexdigest())
    name = Path(str(source)).name
    return TrustedKey(name, encoded, _key_id_text(raw[2:10]), fingerprint, raw[10:])


def trusted_keys_dir() -> Path:
    """Where the app's own public keys are: ``packaging/keys`` under the package root."""
    return shipped_root() / "packaging" / "keys"


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


@dataclass(frozen=True)
class MinisignSignature:
    """A minisign signature file, parsed (nothing in it checked yet)."""

    algorithm: bytes
    """``b"ED"``: the signature covers the BLAKE2b-512 hash of the file (minisign's default);
    ``b"Ed"``: it covers the file itself (older minisign, ``minisign -S -l``)."""
    key_id: str
    """16 hex digits, as minisign prints them."""
    signature: bytes
    trusted_comment: bytes
    global_signature: bytes
    """Signs ``signature + trusted_comment``, so the comment cannot be swapped."""


def parse_minisign_signature(data: bytes) -> MinisignSignature:
    """The four lines of a ``.minisig`` file; :class:`ValueError` for anything else."""
    if len(data) > MAX_SIGNATURE_BYTES:
        raise ValueError("the signature file is too large to be one")
    lines = data.split(b"\n")
    if len(lines) < 4 or any(line.strip() for line in lines[4:]):
        raise ValueError("a minisign signature has four lines")
    comment_line, sig_line, trusted_line, global_line = (line.rstrip(b"\r") for line in lines[:4])
    if not comment_line.startswith(b"untrusted comment:"):
        raise ValueError("the first line is not an untrusted comment")
    prefix = b"trusted comment: "
    if not trusted_line.startswith(prefix):
        raise ValueError("the third line is not a trusted comment")
    try:
        raw = base64.b64decode(sig_line, validate=True)
        global_signature = base64.b64decode(global_line, validate=True)
    except binascii.Error as exc:
        raise ValueError(f"not base64 ({exc})") from None
    if len(raw) != 2 + 8 + 64 or raw[:2] not in (b"ED", b"Ed"):
        raise ValueError("the signature line is not an Ed25519 minisign signature")
    if len(global_signature) != 64:
        raise ValueError("the comment signature is not 64 bytes")
    return MinisignSignature(
        raw[:2], _key_id_text(raw[2:10]), raw[10:], trusted_line[len(prefix) :], global_signature
    )


class BadSignature(ValueError):
    """A minisign signature that does not match the file, its comment or the key."""


def verify_minisign(message: bytes, signature: bytes, key: TrustedKey) -> str:
    """Check the minisign ``signature`` (the ``.minisig`` file's bytes) of ``message`` with
    ``key``; return the trusted comment (printable). The one signature check of the app: every
    caller (``verify --bundle``, Help → Verify this copy, signed updates) goes through here.

    Raises :class:`BadSignature` when the signature is malformed, made with another key, or
    does not match the message or its trusted comment. Ed25519 is checked by libsodium through
    PyNaCl (wheels for Windows, Linux and both kinds of Mac); the prehash is BLAKE2b-512 from
    the standard library, as minisign does it.
    """
    from nacl.exceptions import BadSignatureError
    from nacl.signing import VerifyKey

    try:
        parsed = parse_minisign_signature(signature)
    except ValueError as exc:
        raise BadSignature(f"cannot be read as a minisign signature ({exc})") from None
    if parsed.key_id != key.key_id:
        raise BadSignature(f"made with key {parsed.key_id}, not with key {key.key_id}")
    signed = (
        hashlib.blake2b(message, digest_size=64).digest() if parsed.algorithm == b"ED" else message
    )
    verifier = VerifyKey(key.ed25519)
    try:
        verifier.verify(signed, parsed.signature)
    except BadSignatureError:
        raise BadSignature("the signature does not match the file") from None
    try:
        verifier.verify(parsed.signature + parsed.trusted_comment, parsed.global_signature)
    except BadSignatureError:
        raise BadSignature("the trusted comment was changed after signing") from None
    return _printable(parsed.trusted_comment.decode("utf-8", "replace"))


def check_signature(
    manifest: bytes, signature: bytes | None, keys: Iterable[TrustedKey]
) -> SignatureCheck:
    """Check a minisign signature of ``manifest`` against ``keys``. Never raises for bad input."""
    keys = list(keys)
    if signature is None:
        return SignatureCheck(
            SignatureStatus.NOT_SIGNED,
            "not signed: this copy carries no MANIFEST.sha256.minisig, so nothing shows who "
            "made it; the checksums only show whether it is complete",
        )
    try:
        parsed = parse_minisign_signature(signature)
    except ValueError as exc:
        return SignatureCheck(
            SignatureStatus.BAD,
            f"the signature file cannot be read as a minisign signature ({exc})",
        )
    key_id = parsed.key_id
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
            comment = verify_minisign(manifest, signature, key)
        except BadSignature:
            return SignatureCheck(
                SignatureStatus.BAD,
                f"the signature does NOT match the manifest (key {key_id}): the manifest or "
                "its signature was changed",
                key=key,
                key_id=key_id,
            )
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

_LITTER_FILES = frozenset(
    name.casefold()
    for name in (".DS_Store", "Thumbs.db", "ehthumbs.db", "desktop.ini", ".directory")
)
"""Files a file manager leaves in any folder it shows; never loaded by anything."""
_VOLUME_LITTER = frozenset(
    name.casefold()
    for name in (
        ".Spotlight-V100",
        ".Trashes",
        ".fseventsd",
        ".TemporaryItems",
        "System Volume Information",
        "$RECYCLE.BIN",
    )
)
"""Folders an operating system makes at the top of a stick, and nowhere else."""
APPLEDOUBLE_MAGIC = b"\x00\x05\x16\x07"
"""The first bytes of the ``._name`` files macOS writes beside each file on FAT and exFAT."""

CAVEAT = (
    "This check was made by the app itself. A tampered copy of the app could lie about itself, "
    "so if it matters, check the copy without trusting it: on another computer, run the "
    "commands in VERIFY.txt (minisign and sha256sum) and compare the key fingerprint with the "
    "person who gave you the copy, by phone or in person."
)


def is_os_litter(relative: str, head: bytes = b"") -> bool:
    """Files that operating systems leave on sticks by themselves, and nothing planted.

    - ``.DS_Store``, ``Thumbs.db``, ``desktop.ini``, ... in any folder (file managers write
      them; nothing loads them);
    - ``._name`` files only when ``head`` (the file's first bytes) is macOS's AppleDouble
      header: a ``._evil.so`` with anything else in it is a planted file (Qt loads every
      library in its plugin folders, whatever its name);
    - ``.Trashes``, ``System Volume Information``, ``$RECYCLE.BIN``... only at the top of the
      copy (where the copy is the top of the stick); inside ``_internal`` they are planted.
    """
    parts = relative.split("/")
    name = parts[-1]
    if parts[0].casefold() in _VOLUME_LITTER:
        return True
    if name.startswith("._"):
        return head.startswith(APPLEDOUBLE_MAGIC)
    return name.casefold() in _LITTER_FILES


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(len(APPLEDOUBLE_MAGIC))
    except OSError:
        return b""


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
    links: list[str] = field(default_factory=list)
    """Symbolic links: a bundle holds none (a FAT stick cannot), so each one is a failure."""
    holder_data: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """Problems that stop the file check: no manifest, a malformed one."""
    key_problems: list[str] = field(default_factory=list)

    @property
    def files_ok(self) -> bool:
        return not (self.problems or self.missing or self.changed or self.extra or self.links)

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
            f"{name}: symbolic link: the app never holds one (a stick formatted FAT or exFAT "
            "cannot); it may lead the app to files outside the signed copy"
            for name in self.links
        ]
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
            if self.links:
                counts += f", {len(self.links)} symbolic link(s)"
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
            if path.is_symlink():
                report.links.append(entry.path)
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
        if is_os_litter(relative, _head(root / relative)):
            report.litter.append(relative)
        else:
            report.problems.append(
                f"{relative}: this folder cannot be read, so files planted in it would not be "
                "seen; check the folder's permissions"
            )
    for relative in on_disk:
        if relative in listed:
            continue
        if (root / relative).is_symlink():
            report.links.append(relative)  # Data -> elsewhere included
        elif _is_holder_data(relative):
            report.holder_data.append(relative)
        elif is_os_litter(relative, _head(root / relative)):
            report.litter.append(relative)
        else:
            report.extra.append(relative)
    return report
