"""Portable mode end to end: nothing written outside the portable folder, ``verify --bundle``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from archive_app.cli import main
from archive_app.core import paths
from tests.bundle_helpers import make_bundle, make_signed_bundle, new_key
from tests.conftest import REPO

# Files the app may keep in DIR/Data; anything else (an index above all) is a failure.
ALLOWED_DATA = ("Data/config/settings.ini", "Data/user-archive/")
INDEX_LIKE = (".toc", ".seg", ".pkl", ".pickle", ".db", ".sqlite", ".idx")

CLI_RUN = r"""
import sys
from archive_app.__main__ import main
folder = sys.argv[1]
commands = (
    ["list"],
    ["--portable", folder, "show", "2021"],
    ["search", "國家安全法", "--portable", folder],
    ["verify"],
)
for argv in commands:
    if "--portable" not in argv:
        argv = ["--portable", folder, *argv]
    code = main(argv)
    assert code == 0, (argv, code)
    assert sys.dont_write_bytecode, argv
print("ok")
"""


def _clean_env(clean: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "ARCHIVE_APP_"))}
    env.update(
        HOME=str(clean),
        XDG_CONFIG_HOME=str(clean / "config"),
        XDG_DATA_HOME=str(clean / "data"),
        XDG_CACHE_HOME=str(clean / "cache"),
        XDG_STATE_HOME=str(clean / "state"),
        XDG_RUNTIME_DIR=str(clean),
        TMPDIR=str(clean),
        # Any .pyc Python wrote would land here; the source run relies on the variable, a
        # bundle has no .py files to compile and the app sets sys.dont_write_bytecode itself.
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONPYCACHEPREFIX=str(clean / "pycache"),
        QT_QPA_PLATFORM="offscreen",
    )
    return env


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir())


def test_nothing_is_written_outside_the_portable_folder(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    clean.mkdir(mode=0o700)
    stick = tmp_path / "六四檔案"
    stick.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    env = _clean_env(clean)
    done = subprocess.run(
        [sys.executable, "-c", CLI_RUN, str(stick)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0 and "ok" in done.stdout, done.stderr
    shot = out / "shot.png"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "archive_app",
            "gui",
            "--portable",
            str(stick),
            "--screenshot",
            str(shot),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert shot.stat().st_size > 10_000
    assert list(clean.rglob("*")) == []  # HOME, XDG folders, TMPDIR: still empty
    for name in _files(stick):
        assert name.startswith(ALLOWED_DATA), name
        assert not name.endswith(INDEX_LIKE) and "index" not in name.lower(), name


def test_search_index_is_never_written_in_portable_mode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stick = tmp_path / "stick"
    assert main(["search", "freedom", "--portable", str(stick)]) == 0
    capsys.readouterr()
    assert not stick.exists() or _files(stick) == []


def test_import_in_portable_mode_goes_to_the_holders_bag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new_year = REPO / "tests" / "data" / "curation" / "synthetic-2022-captured.txt"
    stick = tmp_path / "stick"
    assert main(["--portable", str(stick), "import", str(new_year)]) == 0
    assert (stick / "Data" / "user-archive" / "data" / "statements" / "2022.json").is_file()
    assert "user-archive" in capsys.readouterr().err


def test_import_on_read_only_media_is_refused_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paths, "probe_writable", lambda _folder: False)
    seed = REPO / "archive_data" / "data" / "sources" / "000_0b40565ccc724d68.txt"
    stick = tmp_path / "stick"
    assert main(["--portable", str(stick), "import", str(seed)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {stick / 'Data'}: the portable folder is read-only")
    assert not stick.exists()
    # Reading still works from read-only media.
    assert main(["--portable", str(stick), "list"]) == 0


def test_verify_bundle_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    key = new_key()
    keys_dir = tmp_path / "keys"
    key.write_pub(keys_dir)
    monkeypatch.setattr("archive_app.core.distribution.bundle.trusted_keys_dir", lambda: keys_dir)
    bundle = make_signed_bundle(tmp_path / "六四檔案", key)
    assert main(["verify", "--bundle", str(bundle)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("OK:")
    assert key.trusted.fingerprint in err and "could lie about itself" in err
    assert f"minisign -Vm MANIFEST.sha256 -P {key.trusted.public_key}" in err

    lib = bundle / "_internal" / "lib" / "libfoo.so"
    lib.write_bytes(b"X" + lib.read_bytes()[1:])
    assert main(["verify", "--bundle", str(bundle)]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("FAILED:") and "_internal/lib/libfoo.so: changed" in err

    unsigned = make_bundle(tmp_path / "unsigned")
    from archive_app.core.distribution import write_manifest

    write_manifest(unsigned)
    assert main(["verify", "--bundle", str(unsigned)]) == 1
    assert capsys.readouterr().out.startswith("NOT SIGNED:")
    assert main(["verify", "--bundle", str(unsigned), "--allow-unsigned"]) == 0
    capsys.readouterr()

    # From the sources there is no running bundle: a clear message, not a traceback.
    assert main(["verify", "--bundle"]) == 2
    assert "not from a bundle" in capsys.readouterr().err


def test_verify_bundle_names_a_planted_local_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stick handed on with a ``Data/user-archive``: the signed files verify, and the
    planted text is named as added locally and not signed, outside the signature."""
    key = new_key()
    keys_dir = tmp_path / "keys"
    key.write_pub(keys_dir)
    monkeypatch.setattr("archive_app.core.distribution.bundle.trusted_keys_dir", lambda: keys_dir)
    bundle = make_signed_bundle(tmp_path / "六四檔案", key)
    variant = REPO / "tests" / "data" / "curation" / "synthetic-2021-variant.txt"
    assert main(["--portable", str(bundle), "import", str(variant)]) == 0
    capsys.readouterr()
    assert main(["verify", "--bundle", str(bundle)]) == 0
    out, _err = capsys.readouterr()
    assert out.startswith("OK:")
    assert "this copy's own archive (added locally, not signed" in out
    assert "2021 (2021.v2.json)" in out and "[added locally, not signed]" in out


@pytest.mark.parametrize("option", ["--portable", "--port"])
def test_portable_from_source_writes_no_pycache_into_the_program_folder(
    tmp_path: Path, option: str
) -> None:
    """Issue 15: from a fresh copy of the sources, the first portable run leaves the program
    folder as it was (no ``__pycache__``), without PYTHONDONTWRITEBYTECODE."""
    import shutil

    program = tmp_path / "program"
    program.mkdir()
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(REPO / "archive_app", program / "archive_app", ignore=ignore)
    shutil.copytree(REPO / "archive_data", program / "archive_data")
    shutil.copytree(REPO / "resources", program / "resources", ignore=ignore)
    clean = tmp_path / "clean"
    clean.mkdir()
    env = _clean_env(clean)
    del env["PYTHONDONTWRITEBYTECODE"], env["PYTHONPYCACHEPREFIX"]
    stick = tmp_path / "stick"
    for argv in (["list"], ["show", "2021"]):
        done = subprocess.run(
            [sys.executable, "-m", "archive_app", option, str(stick), *argv],
            cwd=program,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert "Coalition Statement" in done.stdout  # the copy ran, not the installed package
    assert [p for p in program.rglob("*") if "__pycache__" in p.parts or p.suffix == ".pyc"] == []
