"""``make reproducible``: build the bundle twice from scratch and prove the two are identical.

    python packaging/check_reproducible.py [--keep DIR]

The working tree (tracked files and untracked ones git does not ignore) is copied once into a
snapshot, which is then copied to two folders of different names and lengths; each copy is built
there with the same ``SOURCE_DATE_EPOCH`` (the last commit's time) and ``PYTHONHASHSEED``. So
edits made while the check runs cannot leak into one build only, and nothing may depend on where
or when a build ran.
Every file is compared by path, type, mode, mtime and SHA-256, and the two ``.tar.xz`` files by
their bytes. The differences, if any, are listed by file.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
APP = "june-fourth-archive"


def describe(folder: Path) -> dict[str, tuple[str, int, int, str]]:
    """path → (kind, mode, mtime, sha256 or link target) for everything under ``folder``."""
    found: dict[str, tuple[str, int, int, str]] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        st = path.lstat()
        if path.is_symlink():
            found[rel] = ("symlink", st.st_mode & 0o7777, int(st.st_mtime), os.readlink(path))
        elif path.is_dir():
            found[rel] = ("dir", st.st_mode & 0o7777, int(st.st_mtime), "")
        else:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[rel] = ("file", st.st_mode & 0o7777, int(st.st_mtime), digest)
    return found


def compare(a: Path, b: Path) -> list[str]:
    left, right = describe(a), describe(b)
    problems = [f"only in the first build: {p}" for p in sorted(left.keys() - right.keys())]
    problems += [f"only in the second build: {p}" for p in sorted(right.keys() - left.keys())]
    names = ("kind", "mode", "mtime", "content")
    for path in sorted(left.keys() & right.keys()):
        for name, x, y in zip(names, left[path], right[path], strict=True):
            if x != y:
                problems.append(f"{path}: {name} differs ({x!r} vs {y!r})"[:200])
    return problems


def snapshot(target: Path) -> None:
    """Copy the working tree's source files (what git tracks or would track) to ``target``."""
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout
    for name in sorted(set(listing.decode("utf-8", "surrogateescape").split("\0")) - {""}):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def build(root: Path, source: Path, env: dict[str, str]) -> Path:
    tree = root / "src"
    shutil.copytree(source, tree, symlinks=True)
    subprocess.run(
        [
            sys.executable,
            str(tree / "packaging" / "build.py"),
            "--dist",
            str(root / "dist"),
            "--work",
            str(root / "work"),
        ],
        cwd=tree,
        env=env,
        check=True,
    )
    return root / "dist"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="packaging/check_reproducible.py")
    parser.add_argument("--keep", type=Path, help="build under DIR and keep both builds")
    args = parser.parse_args(argv)
    env = os.environ.copy()
    if "SOURCE_DATE_EPOCH" not in env:
        epoch = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
        env["SOURCE_DATE_EPOCH"] = epoch or "315532800"
    env.setdefault("PYTHONHASHSEED", "0")
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
    base = Path(tempfile.mkdtemp(prefix="jfa-repro-", dir=args.keep))
    try:
        snapshot(base / "snapshot")
        first = build(base / "one", base / "snapshot", env)
        second = build(base / "two-with-a-longer-path", base / "snapshot", env)
        problems = compare(first / APP, second / APP)
        tarballs = sorted(p.name for p in first.glob("*.tar.xz"))
        for name in tarballs:
            if (first / name).read_bytes() != (second / name).read_bytes():
                problems.append(f"{name}: the two archives differ")
        files = sum(1 for p in (first / APP).rglob("*") if p.is_file())
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    if problems:
        print(f"NOT REPRODUCIBLE: {len(problems)} difference(s):", file=sys.stderr)
        for problem in problems[:200]:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(
        f"reproducible: two clean builds (SOURCE_DATE_EPOCH={env['SOURCE_DATE_EPOCH']}, "
        f"PYTHONHASHSEED={env['PYTHONHASHSEED']}) are identical: {files} files"
        + (f" and {', '.join(tarballs)}" if tarballs else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
