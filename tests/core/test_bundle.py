"""The bundle manifest: written like ``sha256sum``, checked strictly, signed with minisign."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from archive_app.core.bundle import MANIFEST_NAME, SIGNATURE_NAME, write_manifest


def make_bundle(root: Path) -> Path:
    """A small fake bundle: an executable, a library folder, data with a Chinese name."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "june-fourth-archive").write_bytes(b"\x7fELF fake executable\n")
    (root / "_internal" / "lib").mkdir(parents=True)
    (root / "_internal" / "lib" / "libfoo.so").write_bytes(b"library" * 100)
    (root / "_internal" / "archive_data" / "六四").mkdir(parents=True)
    (root / "_internal" / "archive_data" / "六四" / "2021.json").write_text(
        '{"year": 2021}\n', encoding="utf-8"
    )
    (root / "VERIFY.txt").write_text("check me\n", encoding="utf-8")
    return root


def test_write_manifest_lists_every_file_sorted_by_bytes(tmp_path: Path) -> None:
    bundle = make_bundle(tmp_path / "bundle")
    (bundle / SIGNATURE_NAME).write_text("old signature\n", encoding="utf-8")
    path = write_manifest(bundle)
    assert path == bundle / MANIFEST_NAME
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw and raw.endswith(b"\n")
    lines = raw.decode("utf-8").splitlines()
    names = [line.split("  ", 1)[1] for line in lines]
    assert names == sorted(names, key=lambda n: n.encode("utf-8"))
    assert names == [
        "VERIFY.txt",
        "_internal/archive_data/六四/2021.json",
        "_internal/lib/libfoo.so",
        "june-fourth-archive",
    ]
    for line in lines:
        digest, name = line.split("  ", 1)
        assert digest == hashlib.sha256((bundle / name).read_bytes()).hexdigest()
    assert not list(bundle.glob("*.partial"))


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="coreutils sha256sum not installed")
def test_coreutils_sha256sum_accepts_the_manifest(tmp_path: Path) -> None:
    bundle = make_bundle(tmp_path / "六四檔案")
    write_manifest(bundle)
    done = subprocess.run(
        ["sha256sum", "-c", "--strict", MANIFEST_NAME],
        cwd=bundle,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (bundle / "_internal" / "lib" / "libfoo.so").write_bytes(b"changed")
    done = subprocess.run(
        ["sha256sum", "-c", "--strict", "--quiet", MANIFEST_NAME],
        cwd=bundle,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0 and "libfoo.so" in done.stdout
