"""``make stick-proof``: copy the built bundle onto real exFAT and FAT32 file systems and check
every copy the way a receiver would.

    python packaging/stick_proof.py [dist/june-fourth-archive] [--tarball FILE] [--work DIR]

For each file system an image is made (``mkfs.exfat``, ``mkfs.vfat -F 32``) and mounted
through FUSE (``exfat-fuse`` on a loop device, ``fusefat``; this kernel has no vfat module,
and FUSE drivers behave as the sticks people carry: case-insensitive, no symbolic links, no
permission bits). Then the bundle is copied three ways:

1. the app's own copy (``core/distribution/stickcopy``: ``plan_copy`` + ``copy_bundle``, what
   File > Copy to USB stick runs), on exFAT only: fusefat cannot rename a folder (FUSEFAT_RENAME);
2. ``cp -r``;
3. ``tar -xf`` of the ``.tar.xz`` (when there is one).

The stick is unmounted, checked with ``fsck`` (read-only) and mounted again; the exFAT stick
with ``fmask=0111`` like udisks2's ``showexec``, so no file has an execute bit. On each copy:
``sh june-fourth-archive.sh verify --bundle`` (the copy's own program, started through the
launcher from the stick) and ``sha256sum -c --strict`` must pass, and the copy must hold
exactly the bundle's files. Needs root (loop devices, FUSE), ``exfatprogs``, ``exfat-fuse``,
``dosfstools``, ``fusefat``; exits 1 naming each failure, 2 when a tool is missing.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from archive_app.core.distribution import copy_bundle, list_bundle_files, plan_copy  # noqa: E402

APP = "june-fourth-archive"
IMAGE_MIB = 1024
TOOLS = {
    "exfat": ("mkfs.exfat", "mount.exfat-fuse", "losetup", "fsck.exfat", "fusermount"),
    "fat32": ("mkfs.vfat", "fusefat", "fsck.fat", "fusermount"),
}
failures: list[str] = []
FUSEFAT_RENAME = (
    "fusefat 0.1a (the only FUSE FAT driver in Debian) loses the contents of a folder it "
    "renames (mkdir d; touch d/f; mv d e; ls e: empty) and leaks its clusters; the app's copy "
    "renames its hidden partial folder into place, so on FAT32 only cp -r and tar -x are "
    "proven here (the kernel's vfat, Windows and macOS rename folders correctly)"
)


def check(ok: bool, what: str) -> None:
    print(f"  {'ok  ' if ok else 'FAIL'} {what}")
    if not ok:
        failures.append(what)


def run(
    argv: list[str], cwd: Path | None = None, **extra: object
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
        **extra,  # type: ignore[call-overload]
    )


def must(argv: list[str]) -> str:
    done = run(argv)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout.strip()


class Stick:
    """A file system image, mounted through FUSE at ``mount``."""

    def __init__(self, kind: str, image: Path, mount: Path) -> None:
        self.kind, self.image, self.mount = kind, image, mount
        self.loop: str | None = None

    def format(self) -> None:
        with self.image.open("wb") as handle:
            handle.truncate(IMAGE_MIB * 1024 * 1024)
        if self.kind == "exfat":
            must(["mkfs.exfat", "-L", "JFA", str(self.image)])
        else:
            must(["mkfs.vfat", "-F", "32", "-n", "JFA", str(self.image)])

    def attach(self, *, showexec: bool = False) -> None:
        self.mount.mkdir(parents=True, exist_ok=True)
        if self.kind == "exfat":
            # exfat-fuse run by root insists on a block device: a loop device over the image.
            self.loop = must(["losetup", "--find", "--show", str(self.image)])
            options = "fmask=0111,dmask=0022" if showexec else "umask=0022"
            must(["mount.exfat-fuse", "-o", options, self.loop, str(self.mount)])
        else:
            must(["fusefat", "-o", "rw+", str(self.image), str(self.mount)])

    def detach(self) -> None:
        os.sync()
        for _ in range(50):
            if run(["fusermount", "-u", str(self.mount)]).returncode == 0:
                break
            time.sleep(0.2)
        else:
            raise SystemExit(f"{self.mount}: cannot be unmounted")
        if self.loop:
            for _ in range(50):
                if run(["losetup", "-d", self.loop]).returncode == 0:
                    break
                time.sleep(0.2)
            self.loop = None

    def fsck(self) -> subprocess.CompletedProcess[str]:
        tool = "fsck.exfat" if self.kind == "exfat" else "fsck.fat"
        return run([tool, "-n", str(self.image)])


@contextlib.contextmanager
def mounted(stick: Stick, *, showexec: bool = False) -> Iterator[Path]:
    stick.attach(showexec=showexec)
    try:
        yield stick.mount
    finally:
        stick.detach()


def copy_three_ways(
    bundle: Path, tarball: Path | None, stick_root: Path, *, app_copy: bool
) -> list[str]:
    names = []
    started = time.monotonic()
    if app_copy:
        (stick_root / "app-copy").mkdir()
        plan = plan_copy(bundle, stick_root / "app-copy")
        result = copy_bundle(plan, keys=[])
        check(result.report.files_ok, f"the app's own copy: {result.report.summary()}")
        names.append(f"app-copy/{APP}")
        print(f"    ({time.monotonic() - started:.0f} s)")
    else:
        print(f"  skip the app's own copy: {FUSEFAT_RENAME}")
    started = time.monotonic()
    (stick_root / "cp-r").mkdir()
    done = run(["cp", "-r", str(bundle), str(stick_root / "cp-r")])
    check(done.returncode == 0, f"cp -r onto the stick {done.stderr.strip()[:300]}")
    names.append(f"cp-r/{APP}")
    print(f"    ({time.monotonic() - started:.0f} s)")
    if tarball is not None:
        started = time.monotonic()
        (stick_root / "tar-x").mkdir()
        done = run(
            ["tar", "-xJf", str(tarball), "--no-same-owner", "--no-same-permissions"],
            cwd=stick_root / "tar-x",
        )
        check(done.returncode == 0, f"tar -xJf onto the stick {done.stderr.strip()[:300]}")
        names.append(f"tar-x/{APP}")
        print(f"    ({time.monotonic() - started:.0f} s)")
    return names


def check_copy(bundle: Path, copy: Path, label: str, env: dict[str, str]) -> None:
    expected = set(list_bundle_files(bundle))
    found = set(list_bundle_files(copy)) - {"portable"}
    check(
        found == expected,
        f"{label}: the same {len(expected)} files as the bundle"
        + (
            ""
            if found == expected
            else f" (lost {sorted(expected - found)[:5]}, extra {sorted(found - expected)[:5]})"
        ),
    )
    launcher = copy / f"{APP}.sh"
    done = run(["sh", str(launcher), "verify", "--bundle", "--allow-unsigned"], env=env)
    first = (done.stdout.strip().splitlines() or [done.stderr.strip()])[-1]
    summary = next(
        (
            line
            for line in done.stdout.splitlines()
            if line.startswith(("OK:", "NOT SIGNED:", "FAILED:"))
        ),
        first,
    )
    check(done.returncode == 0, f"{label}: sh {APP}.sh verify --bundle: {summary[:160]}")
    done = run(["sha256sum", "-c", "--strict", "--quiet", "MANIFEST.sha256"], cwd=copy)
    check(
        done.returncode == 0,
        f"{label}: sha256sum -c --strict {(done.stdout + done.stderr).strip()[:300]}",
    )


def prove(kind: str, bundle: Path, tarball: Path | None, work: Path) -> None:
    print(f"{kind}:")
    stick = Stick(kind, work / f"{kind}.img", work / f"{kind}-mnt")
    stick.format()
    with mounted(stick) as root:
        copies = copy_three_ways(bundle, tarball, root, app_copy=kind == "exfat")
    done = stick.fsck()
    check(
        done.returncode == 0, f"fsck -n after the copies: {done.stdout.strip().splitlines()[-1:]}"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if kind == "fat32":
        # fusefat shows every file executable: make the launcher take the loader's way anyway.
        env["JUNE_FOURTH_ARCHIVE_VIA_LOADER"] = "1"
    with mounted(stick, showexec=kind == "exfat") as root:
        if kind == "exfat":
            program = root / copies[0] / APP
            check(
                not os.access(program, os.X_OK),
                "mounted again like udisks2's showexec: the program has no execute bit",
            )
        for name in copies:
            check_copy(bundle, root / name, f"{kind} {name.split('/')[0]}", env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="packaging/stick_proof.py", description=__doc__)
    parser.add_argument("bundle", type=Path, nargs="?", default=REPO / "dist" / APP)
    parser.add_argument("--tarball", type=Path, help="default: the .tar.xz beside the bundle")
    parser.add_argument("--no-tarball", action="store_true", help="skip the tar -x copy")
    parser.add_argument("--work", type=Path, help="where the images go (default: a temp folder)")
    parser.add_argument("--only", choices=sorted(TOOLS), action="append")
    args = parser.parse_args(argv)
    bundle = args.bundle.resolve()
    if not (bundle / "MANIFEST.sha256").is_file():
        print(f"{bundle}: no built bundle; run `make dist` first", file=sys.stderr)
        return 2
    tarball = args.tarball
    if tarball is None and not args.no_tarball:
        found = sorted(bundle.parent.glob(f"{APP}-*.tar.xz"))
        tarball = found[-1] if found else None
    kinds = args.only or ["exfat", "fat32"]
    missing = sorted({t for k in kinds for t in TOOLS[k] if shutil.which(t) is None})
    if missing:
        print(
            "missing tools: " + ", ".join(missing) + " (apt-get install exfatprogs exfat-fuse "
            "dosfstools fusefat fuse3 mount)",
            file=sys.stderr,
        )
        return 2
    if not Path("/dev/fuse").exists():
        print("/dev/fuse does not exist: FUSE file systems cannot be mounted here", file=sys.stderr)
        return 2
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="stick-proof-", dir=args.work) as tmp:
        for kind in kinds:
            prove(kind, bundle, tarball, Path(tmp))
    took = time.monotonic() - started
    if failures:
        print(f"FAILED: {len(failures)} check(s) in {took:.0f} s:\n  " + "\n  ".join(failures))
        return 1
    print(f"OK: every copy on exFAT and FAT32 verifies ({took:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
