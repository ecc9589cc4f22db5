"""How long "Verify this copy" and "Copy to USB stick" take, next to the standard tools.

The bundle is ``dist/june-fourth-archive`` when ``make dist`` has built it, else a synthetic one
of about the same shape (1,500 files, 48 MiB). The peers are what a receiver would run without
the app: ``sha256sum -c --strict`` for the check, ``cp -r`` (then ``sync``) for the copy.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

import minisign

from archive_app.core.distribution import (
    MANIFEST_NAME,
    SIGNATURE_NAME,
    copy_bundle,
    parse_public_key,
    plan_copy,
    verify_bundle,
    write_manifest,
)
from archive_app.core.paths import package_root
from benchmarks.harness import Section, measure, ratio

SYNTHETIC_FILES = 1500
SYNTHETIC_BYTES = 48 * 1024 * 1024


def _synthetic(root: Path) -> Path:
    rng = random.Random(64)
    sizes = [rng.randint(1, 4) for _ in range(SYNTHETIC_FILES)]
    unit = SYNTHETIC_BYTES // sum(sizes)
    for n, weight in enumerate(sizes):
        folder = root / "_internal" / f"pkg{n % 40}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"module{n}.so").write_bytes(rng.randbytes(weight * unit))
    (root / "june-fourth-archive").write_bytes(b"\x7fELF")
    write_manifest(root)
    return root


def _total(root: Path) -> tuple[int, int]:
    files = [p for p in root.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def run(runs: int) -> Section:
    section = Section(
        "bundle_verify",
        "Verify this copy and Copy to USB stick (median of runs)",
        ["task", "ours_ms", "peer", "peer_ms", "ratio"],
    )
    with tempfile.TemporaryDirectory(prefix="bench-bundle-") as tmp:
        work = Path(tmp)
        built = package_root() / "dist" / "june-fourth-archive"
        if (built / MANIFEST_NAME).is_file():
            bundle = work / "bundle"
            shutil.copytree(built, bundle, symlinks=True)
            kind = "dist/june-fourth-archive"
        else:
            bundle = _synthetic(work / "bundle")
            kind = "synthetic bundle"
        pair = minisign.KeyPair.generate()
        manifest = (bundle / MANIFEST_NAME).read_bytes()
        signature = pair.secret_key.sign(manifest, trusted_comment="benchmark")
        (bundle / SIGNATURE_NAME).write_bytes(bytes(signature) + b"\n")
        key = parse_public_key(bytes(pair.public_key), "bench.pub")
        count, size = _total(bundle)

        def ours_verify() -> None:
            report = verify_bundle(bundle, keys=[key])
            assert report.ok, report.lines()

        ours = measure(ours_verify, runs)
        peer_ms = None
        if shutil.which("sha256sum"):

            def peer_verify() -> None:
                subprocess.run(
                    ["sha256sum", "-c", "--strict", "--quiet", MANIFEST_NAME],
                    cwd=bundle,
                    check=True,
                )

            peer_ms = measure(peer_verify, runs).median_ms
        section.rows.append(
            {
                "task": "verify (signature + every checksum + extras)",
                "ours_ms": ours.median_ms,
                "peer": "sha256sum -c",
                "peer_ms": peer_ms,
                "ratio": ratio(ours.median_ms, peer_ms) if peer_ms else None,
            }
        )

        copy_runs = max(1, min(runs, 3))
        stick = work / "stick"
        stick.mkdir()

        def ours_copy() -> None:
            target = stick / "june-fourth-archive"
            shutil.rmtree(target, ignore_errors=True)
            result = copy_bundle(plan_copy(bundle, stick), keys=[key])
            assert result.report.ok, result.report.lines()

        ours = measure(ours_copy, copy_runs, warmup=0)

        def peer_copy() -> None:
            target = stick / "cp-copy"
            shutil.rmtree(target, ignore_errors=True)
            subprocess.run(["cp", "-r", str(bundle), str(target)], check=True)
            os.sync()

        peer = measure(peer_copy, copy_runs, warmup=0)
        section.rows.append(
            {
                "task": "copy to a folder, sync, then verify the copy",
                "ours_ms": ours.median_ms,
                "peer": "cp -r; sync (no check)",
                "peer_ms": peer.median_ms,
                "ratio": ratio(ours.median_ms, peer.median_ms),
            }
        )
        section.notes.append(
            f"Bundle: {kind}, {count} files, {size / 2**20:.1f} MiB; copy runs: {copy_runs}, "
            "to the same disk (a real stick is slower for both)."
        )
    return section
