"""Copying the app onto a USB stick: the files its manifest lists, then checking the copy.

The copy is built in a hidden folder beside the target (``.june-fourth-archive.partial-XXXX``):
the files the signed manifest lists, the signature, the ``portable`` marker, and the manifest
itself last; only then is the folder renamed to its final name. So a stick pulled out, a full
stick or a write error leaves no folder that looks like a complete copy, and the partial folder
is removed on failure. Only what the manifest lists is copied: a file planted beside the running
app, OS litter and the holder's own ``Data`` folder (settings, history) are never passed on.
The one exception is signed archive updates (``updates_dir``): each held update that passes
its signature check with the app's keys is carried to ``Data/updates`` on the stick (its bag and
its original file, unchanged), where the receiving app checks it again before showing it.
After the copy, :func:`~archive_app.core.distribution.bundle.verify_bundle` checks it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from archive_app.core.distribution.bundle import (
    MANIFEST_NAME,
    SIGNATURE_NAME,
    BundleReport,
    TrustedKey,
    parse_manifest,
    portable_name_problems,
    verify_bundle,
)
from archive_app.core.errors import CopyFailed
from archive_app.core.paths import (
    APP_NAME,
    PORTABLE_DATA,
    PORTABLE_MARKER,
    bundle_root,
    package_root,
)

__all__ = [
    "PARTIAL_PREFIX",
    "CopyFailed",
    "CopyPlan",
    "CopyResult",
    "copy_bundle",
    "find_source_bundle",
    "plan_copy",
]

PARTIAL_PREFIX = f".{APP_NAME}.partial-"
SPACE_MARGIN = 4 * 1024 * 1024
"""Room kept free beyond the files' sizes (file-system overhead on FAT sticks)."""

Progress = Callable[[int, int], None]
CopyFile = Callable[[Path, Path], None]


@dataclass(frozen=True)
class CopyPlan:
    source: Path
    target: Path
    """The final folder of the copy (it does not exist yet)."""
    files: tuple[str, ...]
    """Relative paths, in copy order: listed files, the signature, the manifest last."""
    total_bytes: int
    extras: tuple[tuple[str, Path], ...] = ()
    """Held signed updates to carry: (path relative to the copy, the file to copy)."""


@dataclass(frozen=True)
class CopyResult:
    target: Path
    report: BundleReport


def find_source_bundle() -> Path | None:
    """The bundle to copy: the running one, or from a checkout ``dist/june-fourth-archive``
    when ``make dist`` has built it. None when there is no bundle to copy."""
    running = bundle_root()
    if running is not None:
        return running
    built = package_root() / "dist" / APP_NAME
    return built if (built / MANIFEST_NAME).is_file() else None


def _update_extras(updates_dir: Path | None) -> list[tuple[str, Path]]:
    """Every file of each held update that passes its checks, under ``Data/updates``."""
    if updates_dir is None:
        return []
    from archive_app.core.distribution.update import UPDATE_SUFFIX, load_held_updates

    held, _problems = load_held_updates(updates_dir)
    extras: list[tuple[str, Path]] = []
    for update in held:
        base = f"{PORTABLE_DATA}/updates/{update.folder.name}"
        for path in sorted(p for p in update.folder.rglob("*") if p.is_file()):
            extras.append((f"{base}/{path.relative_to(update.folder).as_posix()}", path))
        if update.original is not None:
            extras.append((base + UPDATE_SUFFIX, update.original))
    return extras


def plan_copy(
    source: Path,
    target_parent: Path,
    name: str = APP_NAME,
    *,
    updates_dir: Path | None = None,
) -> CopyPlan:
    """Check that ``source`` can be copied into ``target_parent/name`` and list the files.

    ``updates_dir``: the holder's signed updates, carried along (see the module's docstring).

    Raises :class:`CopyFailed` naming the folder when the source has no readable manifest, the
    target exists, is read-only, or lacks the space.
    """
    source, target_parent = Path(source), Path(target_parent)
    manifest = source / MANIFEST_NAME
    try:
        data = manifest.read_bytes()
    except OSError:
        raise CopyFailed(
            "this app has no MANIFEST.sha256, so a copy of it could not be checked; copy a "
            "bundle built with `make dist`",
            manifest,
        ) from None
    entries = parse_manifest(data, manifest)
    files = [entry.path for entry in entries]
    unfit = portable_name_problems(files)
    if unfit:
        raise CopyFailed(
            "this app holds names a USB stick cannot keep apart, so the copy would fail its own "
            "check; nothing was copied: " + "; ".join(unfit[:3]),
            manifest,
        )
    if (source / SIGNATURE_NAME).is_file():
        files.append(SIGNATURE_NAME)
    files.append(MANIFEST_NAME)
    total = 0
    for relative in files:
        try:
            total += (source / relative).stat().st_size
        except OSError:
            raise CopyFailed(
                "this app is incomplete (a file its manifest lists is missing), so it cannot "
                "be copied; use Help → Verify this copy to see what is wrong",
                source / relative,
            ) from None
    extras = _update_extras(updates_dir)
    total += sum(path.stat().st_size for _relative, path in extras)
    if not target_parent.is_dir():
        raise CopyFailed("the folder to copy to does not exist", target_parent)
    target = target_parent / name
    if target.exists():
        raise CopyFailed(
            "a copy of the app (or another file) already has this name here; delete or rename "
            "it first, or choose another folder",
            target,
        )
    if not _can_write(target_parent):
        raise CopyFailed(
            "the folder is read-only (is the stick's lock switch on?); nothing was copied",
            target_parent,
        )
    free = shutil.disk_usage(target_parent).free
    if free < total + SPACE_MARGIN:
        raise CopyFailed(
            f"not enough space: the app needs {_mib(total + SPACE_MARGIN)} and only "
            f"{_mib(free)} is free; nothing was copied",
            target_parent,
        )
    return CopyPlan(source, target, tuple(files), total, tuple(extras))


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"


def _can_write(folder: Path) -> bool:
    # Imported at call time so tests can replace ``paths.probe_writable`` (read-only media).
    from archive_app.core import paths

    return paths.probe_writable(folder)


def _copy_file(src: Path, dst: Path) -> None:
    """Copy bytes and keep the executable bit where the file system has one."""
    with src.open("rb") as reader, dst.open("xb") as writer:
        shutil.copyfileobj(reader, writer, 1 << 20)
    with contextlib.suppress(OSError):  # FAT and exFAT have no permission bits to keep
        shutil.copymode(src, dst)


def _flush_to_disk(folder: Path, files: Iterable[str]) -> None:
    """Make sure the copy is on the stick before it gets its final name.

    One ``sync`` on POSIX (an fsync per file costs ~10 ms each on a stick, seconds for a
    bundle); per file on Windows, which has no ``sync``.
    """
    sync = getattr(os, "sync", None)
    if sync is not None:
        sync()
        return
    for relative in files:
        with (folder / relative).open("rb+") as handle:
            os.fsync(handle.fileno())


def _failure_message(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the stick is full"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "the stick cannot be written (read-only or locked)"
    if exc.errno in (errno.EIO, errno.ENODEV, errno.ENOENT, errno.ENXIO):
        return "the stick was removed or stopped answering"
    return f"a write failed ({exc.strerror or exc})"


def copy_bundle(
    plan: CopyPlan,
    *,
    progress: Progress | None = None,
    copy_file: CopyFile = _copy_file,
    keys: Iterable[TrustedKey] | None = None,
) -> CopyResult:
    """Copy the planned files with a ``portable`` marker, rename into place, then verify.

    ``progress(done_bytes, total_bytes)`` is called as files are written; ``copy_file`` is the
    seam tests use to simulate a stick pulled out mid-copy; ``keys`` are passed to the check
    (default: the keys built into the app).
    """
    parent = plan.target.parent
    try:
        partial = Path(tempfile.mkdtemp(prefix=PARTIAL_PREFIX, dir=parent))
    except OSError as exc:
        raise CopyFailed(f"{_failure_message(exc)}; nothing was copied", parent) from None
    with contextlib.suppress(OSError):  # mkdtemp makes it private; the copy is for everyone
        partial.chmod(0o755)
    done = 0
    try:
        for relative, src in plan.extras:  # signed updates, before the manifest marks it done
            dst = partial / relative
            dst.parent.mkdir(parents=True, exist_ok=True)
            copy_file(src, dst)
            done += src.stat().st_size
        for relative in plan.files:
            if relative == MANIFEST_NAME:
                # The marker before the manifest: a folder with a manifest is a finished copy.
                (partial / PORTABLE_MARKER).write_bytes(b"")
            src = plan.source / relative
            dst = partial / relative
            dst.parent.mkdir(parents=True, exist_ok=True)
            copy_file(src, dst)
            done += src.stat().st_size
            if progress is not None:
                progress(done, plan.total_bytes)
        _flush_to_disk(partial, plan.files)
        if plan.target.exists():
            raise CopyFailed("something else appeared under this name during the copy", plan.target)
        os.rename(partial, plan.target)
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        cleanup = (
            f"a hidden unfinished folder {partial.name} remains: delete it"
            if partial.exists()
            else "the unfinished copy was removed"
        )
        raise CopyFailed(
            f"{_failure_message(exc)}; {cleanup}, then try again", plan.target
        ) from None
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return CopyResult(plan.target, verify_bundle(plan.target, keys=keys))
