"""A signed archive update (``.jfa``, issue 16): its size and the time to check it, beside peers.

For each statement of the shipped archive, one update carrying it alone is built with a throwaway
key. Size peers: the statement file and its source as they are (what any transfer must carry at
least), and the same two files in a plain deflated zip (no bag, no manifests, no signature), so
the ratio shows what the bag and the signature cost. Time peer: what a receiver runs without the
app on the unzipped update, ``minisign -Vm`` then ``sha256sum -c`` of both manifests (when those
tools are installed), against the app's own read-and-check (zip rules, signature, checksums,
schema).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import minisign

from archive_app.core.distribution import (
    build_update,
    check_update,
    parse_public_key,
    read_update_file,
)
from archive_app.core.paths import default_archive_dir
from archive_app.core.record import Archive
from benchmarks.harness import Section, measure, ratio

WHEN = datetime(2026, 6, 4, tzinfo=UTC)
COLUMNS = [
    "statement",
    "jfa_bytes",
    "raw_bytes",
    "plain_zip_bytes",
    "ratio_to_zip",
    "check_ms",
    "peer_ms",
    "ratio",
]


def _plain_zip(files: dict[str, bytes]) -> int:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for name, body in files.items():
            out.writestr(name, body)
    return len(buffer.getvalue())


def run(runs: int) -> Section:
    section = Section(
        "update_size",
        "Signed archive update (.jfa) carrying one statement: size and check time (median)",
        COLUMNS,
    )
    archive = Archive.load(default_archive_dir())
    pair = minisign.KeyPair.generate()
    key = parse_public_key(bytes(pair.public_key), "bench.pub")
    tools = shutil.which("minisign") and shutil.which("sha256sum")
    with tempfile.TemporaryDirectory(prefix="bench-update-") as tmp:
        work = Path(tmp)
        for statement in archive:
            assert statement.path is not None
            source = archive.root / str(statement.source["file"])
            carried = {
                f"data/statements/{statement.path.name}": statement.path.read_bytes(),
                str(statement.source["file"]): source.read_bytes(),
            }
            target = work / f"{statement.year}.jfa"
            out = build_update(archive, [statement.year], pair.secret_key, target, when=WHEN)

            def ours(path: Path = out) -> None:
                _data, files = read_update_file(path)
                check_update(files, path, [key])

            ours_ms = measure(ours, runs).median_ms
            peer_ms = None
            if tools:
                unzipped = work / f"{statement.year}-unzipped"
                with zipfile.ZipFile(out) as zf:
                    zf.extractall(unzipped)

                def peer(folder: Path = unzipped) -> None:
                    command = ["minisign", "-Vqm", "tagmanifest-sha256.txt", "-P", key.public_key]
                    subprocess.run(command, cwd=folder, check=True)
                    for manifest in ("tagmanifest-sha256.txt", "manifest-sha256.txt"):
                        subprocess.run(
                            ["sha256sum", "-c", "--strict", "--quiet", manifest],
                            cwd=folder,
                            check=True,
                        )

                peer_ms = measure(peer, runs).median_ms
            size = out.stat().st_size
            plain = _plain_zip(carried)
            section.rows.append(
                {
                    "statement": str(statement.year),
                    "jfa_bytes": size,
                    "raw_bytes": sum(len(b) for b in carried.values()),
                    "plain_zip_bytes": plain,
                    "ratio_to_zip": ratio(size, plain),
                    "check_ms": ours_ms,
                    "peer_ms": peer_ms,
                    "ratio": ratio(ours_ms, peer_ms) if peer_ms else None,
                }
            )
    section.notes.append(
        "raw: the statement file and its source, uncompressed; plain zip: the same two files "
        "deflated, no bag or signature. peer: minisign -V plus sha256sum -c of both manifests "
        "on the unzipped update (three processes)."
    )
    return section
