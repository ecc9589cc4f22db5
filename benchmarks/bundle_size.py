"""The portable bundle's size: unpacked folder and ``.tar.xz``, against the aims, beside a peer.

Reads what ``make dist`` built (``dist/june-fourth-archive`` and its ``.tar.xz``); it never
builds. The peer is a bare PySide6 hello-world window bundled with the same spec rules and the
same trimming (``packaging/peer_hello.spec``, built by ``make peer`` into ``build/peer``), so
the difference is what the app itself adds: Whoosh, OpenCC and its tables, the fonts, the
archive, the signature checks (PyNaCl with libsodium; py-minisign and ``cryptography`` before
issue 11).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.harness import Section, ratio

REPO = Path(__file__).resolve().parent.parent
APP = "june-fourth-archive"
MIB = 1024 * 1024
AIM_UNPACKED_MIB = 120.0
AIM_COMPRESSED_MIB = 40.0

# Parts of the bundle worth naming in the notes: (label, path prefixes inside the folder).
PARTS = [
    ("ICU (Qt's Unicode and locale data)", ("_internal/PySide6/Qt/lib/libicu",)),
    (
        "Qt libraries and plugins",
        ("_internal/PySide6/Qt/lib/libQt6", "_internal/PySide6/Qt/plugins"),
    ),
    ("PySide6 bindings", ("_internal/PySide6/Qt", "_internal/PySide6/", "_internal/shiboken6/")),
    ("signature checks (PyNaCl, libsodium)", ("_internal/nacl", "_internal/_cffi_backend")),
    ("fonts", ("_internal/resources/fonts/",)),
    ("OpenCC", ("_internal/opencc/",)),
]


def folder_size(folder: Path) -> tuple[int, int]:
    """(number of files, bytes of their contents)."""
    sizes = [p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return len(sizes), sum(sizes)


def _row(name: str, folder: Path, tarball: Path | None) -> dict[str, Any]:
    files, size = folder_size(folder)
    compressed = tarball.stat().st_size / MIB if tarball and tarball.is_file() else None
    unpacked = size / MIB
    within = unpacked <= AIM_UNPACKED_MIB and (compressed or 0) <= AIM_COMPRESSED_MIB
    return {
        "bundle": name,
        "files": files,
        "unpacked_MiB": round(unpacked, 1),
        "tar_xz_MiB": round(compressed, 1) if compressed is not None else None,
        "within_aim": "yes" if within else "no",
    }


def breakdown(folder: Path) -> list[str]:
    counted: set[Path] = set()
    out = []
    for label, prefixes in PARTS:
        total = 0
        for path in folder.rglob("*"):
            rel = path.relative_to(folder).as_posix()
            if path.is_file() and path not in counted and rel.startswith(prefixes):
                counted.add(path)
                total += path.stat().st_size
        out.append(f"{label} {total / MIB:.1f}")
    rest = folder_size(folder)[1] - sum(p.stat().st_size for p in counted)
    out.append(f"everything else {rest / MIB:.1f}")
    return out


def run(runs: int, dist: Path | None = None, peer_dir: Path | None = None) -> Section:
    del runs  # sizes do not vary between runs
    dist = REPO / "dist" if dist is None else dist
    peer_dir = REPO / "build" / "peer" if peer_dir is None else peer_dir
    section = Section(
        key="bundle_size",
        title="Portable bundle size (MiB; aims: unpacked ≤ 120, .tar.xz ≤ 40)",
        columns=["bundle", "files", "unpacked_MiB", "tar_xz_MiB", "within_aim"],
    )
    bundle = dist / APP
    if not (bundle / APP).is_file():
        section.notes.append(
            f"No bundle in {dist}: run `make dist` first (this suite never builds)."
        )
        return section
    tarballs = sorted(dist.glob(f"{APP}-*.tar.xz"))
    ours = _row("june-fourth-archive", bundle, tarballs[-1] if tarballs else None)
    section.rows.append(ours)
    peer = peer_dir / "peer-hello"
    if (peer / "peer-hello").is_file():
        theirs = _row(
            "peer: bare PySide6 hello-world, same trimming", peer, peer_dir / "peer-hello.tar.xz"
        )
        section.rows.append(theirs)
        section.notes.append(
            f"ratio ours/peer: unpacked {ratio(ours['unpacked_MiB'], theirs['unpacked_MiB'])}, "
            f"tar.xz {ratio(ours['tar_xz_MiB'] or 0, theirs['tar_xz_MiB'] or 0)}"
        )
    else:
        section.notes.append(f"No peer in {peer_dir}: `make peer` (run by `make bench`) builds it.")
    section.notes.append("Where the MiB go: " + "; ".join(breakdown(bundle)) + ".")
    if not tarballs:
        section.notes.append("No .tar.xz beside the bundle (only Linux builds make one).")
    return section
