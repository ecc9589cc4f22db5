"""The ``sh june-fourth-archive.sh`` launcher starts a program that lost its execute bit.

udisks2 mounts FAT sticks with ``showexec``: the program shows no execute bit and cannot be
started directly. The launcher goes through the dynamic loader instead; a real ELF program
(coreutils ``echo``) stands in for the bundle's.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

LAUNCHER = REPO / "packaging" / "june-fourth-archive.sh"
ECHO = shutil.which("echo") or "/bin/echo"

pytestmark = pytest.mark.skipif(
    platform.system() != "Linux" or platform.machine() not in ("x86_64", "aarch64"),
    reason="the launcher is for desktop Linux (x86_64, aarch64)",
)


def fake_bundle(folder: Path) -> Path:
    folder.mkdir(parents=True)
    shutil.copyfile(os.path.realpath(ECHO), folder / "june-fourth-archive")
    shutil.copyfile(LAUNCHER, folder / "june-fourth-archive.sh")
    for path in folder.iterdir():
        path.chmod(0o644)  # as on a stick mounted with showexec: no execute bit anywhere
    return folder


def run(
    *argv: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", *argv], cwd=cwd, capture_output=True, text=True, check=False, env=env, timeout=30
    )


def test_starts_the_program_without_its_execute_bit(tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path / "六四 stick" / "june-fourth-archive")
    assert not os.access(bundle / "june-fourth-archive", os.X_OK)
    with pytest.raises(PermissionError):
        subprocess.run([str(bundle / "june-fourth-archive"), "x"], check=False)
    done = run(str(bundle / "june-fourth-archive.sh"), "verify", "--bundle", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "verify --bundle\n"
    # From inside the folder, by a relative name, with spaces and Chinese in the path.
    done = run("./june-fourth-archive.sh", "list", cwd=bundle)
    assert done.returncode == 0 and done.stdout == "list\n", done.stderr


def test_an_executable_program_is_started_directly(tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path / "b")
    (bundle / "june-fourth-archive").chmod(0o755)
    done = run(str(bundle / "june-fourth-archive.sh"), "a b", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout == "a b\n"


def test_a_missing_program_is_named(tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path / "b")
    (bundle / "june-fourth-archive").unlink()
    done = run(str(bundle / "june-fourth-archive.sh"), cwd=tmp_path)
    assert done.returncode == 2
    assert "june-fourth-archive is missing" in done.stderr
