"""Checking a lone edition file against the signed manifest that lists it.

``make dist`` puts the editions inside the bundle (``editions/``), so the bundle's
``MANIFEST.sha256`` lists them and its minisign signature covers them. A reader who was sent
only the file and the manifest (and its signature) can check it with standard tools::

    minisign -Vm MANIFEST.sha256 -P <public key>
    grep ' editions/june-fourth-archive.html$' MANIFEST.sha256 | sha256sum -c

:func:`verify_edition` does the same: it finds ``MANIFEST.sha256`` beside the file (or in a
folder above it, up to the bundle's root), checks the signature against the keys built into the
app, and compares the file's SHA-256 with the line that names it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from archive_app.core.distribution import (
    MANIFEST_NAME,
    SIGNATURE_NAME,
    SignatureCheck,
    SignatureStatus,
    TrustedKey,
    check_signature,
    load_trusted_keys,
    parse_manifest,
)
from archive_app.core.errors import ArchiveAppError, IntegrityError

__all__ = ["EditionCheck", "find_manifest", "verify_edition"]

_LEVELS = 3  # the file itself may sit in editions/ under the bundle's root
_MAX_MANIFEST = 64 * 1024 * 1024


@dataclass(frozen=True)
class EditionCheck:
    """What :func:`verify_edition` found."""

    path: Path
    manifest: Path
    listed_as: str
    digest_ok: bool
    signature: SignatureCheck

    @property
    def ok(self) -> bool:
        return self.digest_ok and self.signature.status is SignatureStatus.GOOD

    def lines(self) -> list[str]:
        checksum = (
            f"checksum: matches {self.manifest.name} ({self.listed_as})"
            if self.digest_ok
            else f"checksum: does NOT match {self.manifest.name} ({self.listed_as}): the file "
            "was changed or damaged"
        )
        return [f"{self.path}", checksum, f"signature: {self.signature.message}"]


def find_manifest(edition: Path) -> Path | None:
    """``MANIFEST.sha256`` beside ``edition`` or in one of the folders above it."""
    folder = edition.resolve().parent
    for _ in range(_LEVELS):
        candidate = folder / MANIFEST_NAME
        if candidate.is_file():
            return candidate
        if folder.parent == folder:
            break
        folder = folder.parent
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_edition(
    edition: Path, manifest: Path | None = None, keys: list[TrustedKey] | None = None
) -> EditionCheck:
    """Check ``edition`` against the manifest that lists it and that manifest's signature."""
    edition = Path(edition)
    if not edition.is_file():
        raise ArchiveAppError("no such edition file", edition)
    manifest = manifest or find_manifest(edition)
    if manifest is None:
        raise IntegrityError(
            f"no {MANIFEST_NAME} beside this file or in the folders above it: keep the edition "
            "with the manifest (and its signature) it came with",
            edition,
        )
    size = manifest.stat().st_size
    if size > _MAX_MANIFEST:
        raise IntegrityError("the manifest is too large to be one", manifest)
    data = manifest.read_bytes()
    entries = parse_manifest(data, manifest)
    try:
        relative = edition.resolve().relative_to(manifest.resolve().parent).as_posix()
    except ValueError:
        relative = edition.name
    entry = next((e for e in entries if e.path == relative), None)
    if entry is None:
        raise IntegrityError(f"{relative} is not listed in this manifest", manifest)
    signature_path = manifest.with_name(SIGNATURE_NAME)
    signature = signature_path.read_bytes() if signature_path.is_file() else None
    if keys is None:
        keys, _problems = load_trusted_keys()
    check = check_signature(data, signature, keys)
    return EditionCheck(edition, manifest, relative, _sha256(edition) == entry.digest, check)
