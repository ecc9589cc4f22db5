"""``edition html|zim`` and ``verify --edition``, through ``main`` with real files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archive_app.cli import main
from archive_app.core.distribution import write_manifest
from archive_app.core.editions import place_editions
from tests.bundle_helpers import make_bundle, new_key
from tests.conftest import ARCHIVE


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("kind", ["html", "zim"])
def test_edition_writes_one_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    if kind == "zim":
        pytest.importorskip("libzim")
    out = tmp_path / f"june fourth.{kind}"
    code, stdout, _err = run(capsys, "--archive", str(ARCHIVE), "edition", kind, str(out))
    assert code == 0
    assert stdout.strip() == (
        f"{out}: {kind.upper()} edition, 1 statement, {out.stat().st_size:,} bytes"
    )
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_edition_refuses_a_missing_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _out, err = run(capsys, "edition", "html", str(tmp_path / "nope" / "x.html"))
    assert code == 2
    assert err.startswith(f"error: {tmp_path / 'nope'}: the folder to write into does not exist")


@pytest.fixture
def signed_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A bundle with the HTML edition placed by ``place_editions`` (what make dist calls),
    its manifest signed by a key the app is made to trust."""
    key = new_key()
    keys_dir = tmp_path / "keys"
    key.write_pub(keys_dir)
    monkeypatch.setattr("archive_app.core.distribution.bundle.trusted_keys_dir", lambda: keys_dir)
    bundle = make_bundle(tmp_path / "bundle")
    (edition,) = place_editions(bundle, ARCHIVE)
    write_manifest(bundle)
    key.sign(bundle)
    return bundle, edition.path


def test_verify_edition_good_changed_and_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, signed_bundle: tuple[Path, Path]
) -> None:
    bundle, edition = signed_bundle
    assert edition == bundle / "editions" / "june-fourth-archive.html"
    code, out, err = run(capsys, "verify", "--edition", str(edition))
    assert code == 0, out + err
    assert "checksum: matches MANIFEST.sha256 (editions/june-fourth-archive.html)" in out
    assert "signature: good signature" in out
    # Sent on its own with the manifest and signature beside it: still checkable.
    alone = tmp_path / "received"
    alone.mkdir()
    for name in ("MANIFEST.sha256", "MANIFEST.sha256.minisig"):
        shutil.copy(bundle / name, alone / name)
    (alone / "editions").mkdir()
    shutil.copy(edition, alone / "editions" / edition.name)
    code, out, _err = run(capsys, "verify", "--edition", str(alone / "editions" / edition.name))
    assert code == 0
    # One byte changed: refused.
    data = bytearray(edition.read_bytes())
    data[100] ^= 1
    edition.write_bytes(bytes(data))
    code, out, _err = run(capsys, "verify", "--edition", str(edition))
    assert code == 1
    assert "does NOT match" in out


def test_verify_edition_unsigned_and_unlisted(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, signed_bundle: tuple[Path, Path]
) -> None:
    bundle, edition = signed_bundle
    (bundle / "MANIFEST.sha256.minisig").unlink()
    code, out, _err = run(capsys, "verify", "--edition", str(edition))
    assert code == 1 and "not signed" in out
    code, _out, _err = run(capsys, "verify", "--edition", str(edition), "--allow-unsigned")
    assert code == 0
    stray = bundle / "editions" / "other.html"
    stray.write_text("x", "utf-8")
    code, _out, err = run(capsys, "verify", "--edition", str(stray))
    assert code == 2 and "editions/other.html is not listed" in err
    lone = tmp_path / "lone.html"
    lone.write_text("x", "utf-8")
    code, _out, err = run(capsys, "verify", "--edition", str(lone))
    assert code == 2 and "no MANIFEST.sha256 beside this file" in err
