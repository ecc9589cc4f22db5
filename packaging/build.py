"""``make dist``: build the portable bundle, finish it (VERIFY.txt, manifest, signature), pack it.

    python packaging/build.py [--dist DIR] [--work DIR] [--sign-key SECRET.key] [--no-tarball]

``SOURCE_DATE_EPOCH`` defaults to the time of the last commit and ``PYTHONHASHSEED`` to 0, so two
builds of one commit are byte-identical (``make reproducible`` checks it). The result is
``DIR/june-fourth-archive/`` and, on Linux,
``DIR/june-fourth-archive-<version>-linux-<arch>.tar.xz``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from bundle_rules import bundle_problems  # noqa: E402
from finish_bundle import (  # noqa: E402
    APP_NAME,
    finish_bundle,
    make_tarball,
    source_date_epoch,
    tarball_name,
)
from licenses import collect_licenses  # noqa: E402
from trim_icu import trim_icu_library  # noqa: E402

SPEC = HERE / "june_fourth_archive.spec"
PEER_SPEC = HERE / "peer_hello.spec"
PEER_NAME = "peer-hello"


def _default_epoch() -> str:
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        out = ""
    return out or "315532800"  # 1980-01-01, the earliest date a zip file can hold


def pyinstaller(spec: Path, dist: Path, work: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(spec),
        ],
        cwd=REPO,
        check=True,
        # PyInstaller's cache (stripped binaries) beside the work folder, not in ~/.cache shared
        # with every other build on the machine: `--clean` wipes it, and two builds running at
        # once wiped each other's ("No such file or directory: .../bincache.../PySide6/Qt").
        env={
            "PYINSTALLER_CONFIG_DIR": str(work.parent / "pyinstaller-cache"),
            **os.environ,
            # The bytecode archive stored, not deflated: the window's start inflated ~2.8 MB of
            # modules (~10 ms, a twentieth of it). The bundle grows by about 6 MiB unpacked; the
            # .tar.xz compresses the plain bytecode as well as before.
            "PYINSTALLER_ZLIB_COMPRESSION_LEVEL": "0",
        },
    )


def trim_icu(bundle: Path) -> None:
    """Shrink Qt's ICU data library (see trim_icu.py); say so plainly when it cannot."""
    for library in sorted((bundle / "_internal").rglob("libicudata.so.*")):
        try:
            before, after = trim_icu_library(library)
        except FileNotFoundError as exc:
            print(f"warning: ICU data not trimmed, the bundle is ~15 MB larger: {exc}")
            return
        print(f"ICU data: {library.name} {before / 2**20:.1f} → {after / 2**20:.1f} MiB")


def build(dist: Path, work: Path, sign_key: Path | None, tarball: bool) -> Path:
    os.environ.setdefault("SOURCE_DATE_EPOCH", _default_epoch())
    os.environ.setdefault("PYTHONHASHSEED", "0")
    epoch = source_date_epoch()
    if sign_key is not None and not sign_key.is_file():
        raise SystemExit(f"{sign_key}: no such secret key file")
    bundle = dist / APP_NAME
    shutil.rmtree(bundle, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    started = time.monotonic()
    pyinstaller(SPEC, dist, work)
    trim_icu(bundle)
    collect_licenses(bundle)
    problems = bundle_problems(bundle)
    if problems:
        raise SystemExit("the bundle breaks the packaging rules:\n  " + "\n  ".join(problems))
    # Issue 12: the offline HTML edition goes into <bundle>/editions/, before the manifest is
    # written and signed, so the manifest lists it (archive_app.core.editions.place_editions).
    from archive_app.core.editions import place_editions

    for edition in place_editions(bundle, REPO / "archive_data"):
        print(f"edition: {edition.path} ({edition.size / 1024:.0f} KiB)")
    finish_bundle(bundle, epoch, sign_key)
    print(f"bundle: {bundle} ({'signed' if sign_key else 'NOT SIGNED'})")
    if tarball and sys.platform.startswith("linux"):
        target = make_tarball(bundle, dist / tarball_name(), epoch)
        print(f"tarball: {target} ({target.stat().st_size / 2**20:.1f} MiB)")
    print(f"built in {time.monotonic() - started:.0f} s (SOURCE_DATE_EPOCH={epoch})")
    return bundle


def build_peer(out: Path, work: Path) -> Path:
    """The size peer (a bare PySide6 hello-world, same trimming) and its .tar.xz, under ``out``."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", _default_epoch())
    os.environ.setdefault("PYTHONHASHSEED", "0")
    epoch = source_date_epoch()
    shutil.rmtree(out / PEER_NAME, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    started = time.monotonic()
    pyinstaller(PEER_SPEC, out, work)
    trim_icu(out / PEER_NAME)
    problems = bundle_problems(out / PEER_NAME)
    if problems:
        raise SystemExit("the peer breaks the packaging rules:\n  " + "\n  ".join(problems))
    make_tarball(out / PEER_NAME, out / f"{PEER_NAME}.tar.xz", epoch)
    print(f"peer: {out / PEER_NAME} built in {time.monotonic() - started:.0f} s")
    return out / PEER_NAME


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="packaging/build.py", description=__doc__)
    parser.add_argument("--dist", type=Path, default=REPO / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=REPO / "build" / "pyinstaller")
    parser.add_argument(
        "--sign-key", type=Path, help="minisign secret key (never commit it); default: unsigned"
    )
    parser.add_argument("--no-tarball", action="store_true", help="skip the .tar.xz")
    parser.add_argument(
        "--peer",
        type=Path,
        metavar="DIR",
        help="also build the size peer (bare PySide6 hello-world) under DIR, for make bench",
    )
    parser.add_argument(
        "--peer-only",
        type=Path,
        metavar="DIR",
        help="build only the size peer under DIR (make peer, for make bench)",
    )
    args = parser.parse_args(argv)
    if args.peer_only:
        build_peer(args.peer_only.resolve(), args.work.resolve().parent / "peer-work")
        return 0
    build(args.dist.resolve(), args.work.resolve(), args.sign_key, not args.no_tarball)
    if args.peer:
        build_peer(args.peer.resolve(), args.work.resolve().parent / "peer-work")
    return 0


if __name__ == "__main__":
    sys.exit(main())
