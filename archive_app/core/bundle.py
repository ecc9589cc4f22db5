"""The bundle's own manifest: writing ``MANIFEST.sha256`` and checking a copy against it.

A bundle folder (what ``make dist`` builds, what is copied onto a stick) carries
``MANIFEST.sha256`` in the format of coreutils ``sha256sum``: one line per file,
``<64 lowercase hex>  <relative/posix/path>``, LF line ends, UTF-8, no BOM, sorted by the bytes
of the path. Every file of the folder is listed except the manifest itself and its signature
``MANIFEST.sha256.minisig``. So a receiver who does not trust this app can check the copy with
standard tools::

    minisign -Vm MANIFEST.sha256 -P <public key>
    sha256sum -c --strict MANIFEST.sha256
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from archive_app.core.errors import IntegrityError

__all__ = [
    "MANIFEST_NAME",
    "SIGNATURE_NAME",
    "list_bundle_files",
    "manifest_text",
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


def list_bundle_files(bundle_dir: Path) -> list[str]:
    """Every file under ``bundle_dir`` as a relative POSIX path, sorted by its bytes.

    Symlinks to files count as files (their content is what runs); a symlink to a folder is
    listed as a file name too, so it can never hide planted files from a check (it shows up as
    changed or extra). The manifest and its signature at the top level are left out.
    """
    bundle_dir = Path(bundle_dir)
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(bundle_dir, followlinks=False):
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
    text = manifest_text(bundle_dir)
    target = bundle_dir / MANIFEST_NAME
    partial = bundle_dir / (MANIFEST_NAME + ".partial")
    try:
        partial.write_bytes(text.encode("utf-8", "surrogateescape"))
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise IntegrityError(f"cannot write the manifest: {exc.strerror or exc}", target) from exc
    return target
