"""Finishing a bundle (packaging/finish_bundle.py): VERIFY.txt, manifest, signature, tarball."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import minisign
import pytest

from archive_app import __version__
from archive_app.core.distribution import (
    MANIFEST_NAME,
    SIGNATURE_NAME,
    SignatureStatus,
    parse_manifest,
    parse_public_key,
    portable_name_problems,
    verify_bundle,
)
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "packaging"))

from finish_bundle import (
    ADDED_CHECK_POSIX,
    ADDED_CHECK_POWERSHELL,
    VERIFY_NAME,
    finish_bundle,
    make_tarball,
    normalise_tree,
    trusted_comment,
    verify_text,
)
from licenses import collect_licenses, runtime_distributions

EPOCH = 1717459200  # 2024-06-04T00:00:00Z


def fake_bundle(root: Path) -> Path:
    bundle = root / "june-fourth-archive"
    (bundle / "_internal" / "resources").mkdir(parents=True)
    (bundle / "june-fourth-archive").write_bytes(b"\x7fELF program")
    (bundle / "june-fourth-archive").chmod(0o700)
    (bundle / "_internal" / "libx.so.1").write_bytes(b"\x7fELF library")
    (bundle / "_internal" / "resources" / "文件.txt").write_text("六四", "utf-8")
    return bundle


def write_key(folder: Path) -> tuple[Path, Path]:
    pair = minisign.KeyPair.generate()
    secret, public = folder / "test.key", folder / "test.pub"
    secret.write_bytes(bytes(pair.secret_key) + b"\n")
    public.write_bytes(bytes(pair.public_key) + b"\n")
    return secret, public


def test_unsigned_verify_text_says_so_and_gives_the_commands() -> None:
    text = verify_text("0.1.0", EPOCH, None)
    assert "THIS COPY IS NOT SIGNED" in text
    assert "minisign -Vm" not in text
    assert "built 2024-06-04" in text
    for command in (
        "sha256sum -c --strict",
        "shasum -a 256 -c",
        "Get-FileHash -Algorithm SHA256",
    ):
        assert command in text


def test_verify_text_speaks_three_languages_with_the_same_commands() -> None:
    for key in (None, "RWQBASE64KEY"):
        text = verify_text("0.1.0", EPOCH, key, "ABCDEF0123456789" if key else None)
        english, traditional, simplified = text.split("-" * 72)
        assert "如何檢查這份副本" in traditional and "資料夾" in traditional
        assert "如何检查这份副本" in simplified and "文件夹" in simplified
        assert ("這份副本沒有簽名" in traditional) is (key is None)
        assert ("这份副本没有签名" in simplified) is (key is None)
        for section in (english, traditional, simplified):
            assert indented(ADDED_CHECK_POSIX) in section
            assert indented(ADDED_CHECK_POWERSHELL) in section
            assert "sha256sum -c --strict" in section and "shasum -a 256 -c" in section
            assert "glibc 2.35" in section and "sh june-fourth-archive.sh" in section
            assert ("minisign -Vm MANIFEST.sha256 -P RWQBASE64KEY" in section) is (key is not None)
            if key is None:  # every system gets a way to take the list's own checksum
                assert "sha256sum MANIFEST.sha256" in section
                assert "shasum -a 256 MANIFEST.sha256" in section
                assert "Get-FileHash -Algorithm SHA256 MANIFEST.sha256" in section


def indented(block: str) -> str:
    return "\n".join("       " + line for line in block.splitlines())


def added_check(bundle: Path) -> subprocess.CompletedProcess[str]:
    """VERIFY.txt's "no file was added" command, pasted from VERIFY.txt into a shell."""
    text = (bundle / VERIFY_NAME).read_text("utf-8")
    command = indented(ADDED_CHECK_POSIX)
    assert command in text
    return subprocess.run(
        ["sh", "-c", command], cwd=bundle, capture_output=True, text=True, check=False
    )


def test_added_file_check_names_planted_files_and_links_and_fails(tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path)
    finish_bundle(bundle, EPOCH)
    (bundle / "portable").write_bytes(b"")
    (bundle / "Data" / "config").mkdir(parents=True)
    (bundle / "Data" / "config" / "settings.ini").write_text("[ui]\n")
    (bundle / "Data" / "libEGL.so.1").write_bytes(b"\x7fELF planted")
    done = added_check(bundle)
    assert done.returncode == 0 and done.stdout == "", done.stdout + done.stderr
    # The planted link: passes minisign and sha256sum, and the old check.
    (bundle / "_internal" / "libEGL.so.1").symlink_to("../Data/libEGL.so.1")
    (bundle / "_internal" / "._libevil.so").write_bytes(b"\x7fELF")
    (bundle / "_internal" / "resources" / "空 folder").mkdir()
    done = added_check(bundle)
    assert done.returncode == 1
    assert sorted(done.stdout.splitlines()) == [
        "ADDED: _internal/._libevil.so",
        "ADDED: _internal/libEGL.so.1",
    ]
    sums = subprocess.run(
        ["sha256sum", "-c", "--strict", "--quiet", MANIFEST_NAME], cwd=bundle, check=False
    )
    assert sums.returncode == 0  # which is why the added-file check exists


def test_added_file_check_names_a_data_folder_that_is_a_link(tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path / "b")
    finish_bundle(bundle, EPOCH)
    (tmp_path / "elsewhere").mkdir()
    (bundle / "Data").symlink_to(tmp_path / "elsewhere")
    done = added_check(bundle)
    assert done.returncode == 1 and done.stdout == "ADDED: Data\n"


def test_signed_verify_text_names_the_key() -> None:
    text = verify_text("0.1.0", EPOCH, "RWQBASE64KEY", "ABCDEF0123456789")
    assert "NOT SIGNED" not in text
    assert "minisign -Vm MANIFEST.sha256 -P RWQBASE64KEY" in text
    assert "key ID ABCDEF0123456789" in text
    assert text.index("minisign -Vm") < text.index("sha256sum -c --strict")


def test_trusted_comment_holds_version_and_build_date() -> None:
    comment = trusted_comment("0.1.0", EPOCH)
    assert "0.1.0" in comment and "2024-06-04T00:00:00Z" in comment
    assert f"timestamp:{EPOCH}" in comment


def test_unsigned_bundle_gets_verify_txt_and_a_manifest_covering_it(tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path)
    finish_bundle(bundle, EPOCH)
    assert not (bundle / SIGNATURE_NAME).exists()
    listed = [e.path for e in parse_manifest((bundle / MANIFEST_NAME).read_bytes())]
    assert VERIFY_NAME in listed and "_internal/resources/文件.txt" in listed
    assert "NOT SIGNED" in (bundle / VERIFY_NAME).read_text("utf-8")
    report = verify_bundle(bundle, keys=[])
    assert report.files_ok and report.signature.status is SignatureStatus.NOT_SIGNED
    assert {p.stat().st_mtime for p in [bundle, *bundle.rglob("*")]} == {EPOCH}
    result = subprocess.run(
        ["sha256sum", "-c", "--strict", "--quiet", MANIFEST_NAME], cwd=bundle, check=False
    )
    assert result.returncode == 0


def carry(bundle: Path, public: Path) -> None:
    """Build the public key into the bundle, as the spec does with packaging/keys."""
    keys = bundle / "_internal" / "packaging" / "keys"
    keys.mkdir(parents=True, exist_ok=True)
    (keys / public.name).write_bytes(public.read_bytes())


def test_signed_bundle_verifies_with_the_key(tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path)
    secret, public = write_key(tmp_path)
    carry(bundle, public)
    finish_bundle(bundle, EPOCH, secret)
    key = parse_public_key(public.read_bytes(), public)
    verify_txt = (bundle / VERIFY_NAME).read_text("utf-8")
    assert key.public_key in verify_txt and key.fingerprint in verify_txt
    report = verify_bundle(bundle, keys=[key])
    assert report.ok, report.lines()
    assert report.signature.trusted_comment is not None
    assert __version__ in report.signature.trusted_comment
    signature = minisign.Signature.from_bytes((bundle / SIGNATURE_NAME).read_bytes())
    verifier = minisign.PublicKey.from_bytes(public.read_bytes())
    verifier.verify((bundle / MANIFEST_NAME).read_bytes(), signature)


def test_sign_script_signs_a_built_bundle(tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path)
    finish_bundle(bundle, EPOCH)
    secret, public = write_key(tmp_path)
    carry(bundle, public)
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)}
    result = subprocess.run(
        [sys.executable, str(REPO / "packaging" / "sign"), str(bundle), "--key", str(secret)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    key = parse_public_key(public.read_bytes(), public)
    assert verify_bundle(bundle, keys=[key]).ok
    assert "NOT SIGNED" not in (bundle / VERIFY_NAME).read_text("utf-8")


def test_signing_with_a_key_the_app_cannot_check_is_refused(tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path)
    finish_bundle(bundle, EPOCH)
    before = (bundle / MANIFEST_NAME).read_bytes()
    secret, public = write_key(tmp_path)
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)}
    sign = [sys.executable, str(REPO / "packaging" / "sign"), str(bundle), "--key", str(secret)]
    result = subprocess.run(sign, env=env, capture_output=True, text=True, check=False)
    assert result.returncode != 0 and "signed:" not in result.stdout
    assert "refusing to sign" in result.stderr and "not in packaging/keys" in result.stderr
    assert not (bundle / SIGNATURE_NAME).exists()
    assert (bundle / MANIFEST_NAME).read_bytes() == before
    with pytest.raises(SystemExit, match="refusing to sign"):
        finish_bundle(bundle, EPOCH, secret)
    # Forced: it signs, and says loudly that the build's own check will fail (it does).
    forced = subprocess.run(
        [*sign, "--allow-unknown-key"], env=env, capture_output=True, text=True, check=False
    )
    assert forced.returncode == 0 and "WILL FAIL" in forced.stderr
    report = verify_bundle(bundle)
    assert report.signature.status is not SignatureStatus.GOOD and not report.ok
    assert verify_bundle(bundle, keys=[parse_public_key(public.read_bytes(), public)]).ok


def test_normalise_tree_fixes_modes_and_times_and_refuses_symlinks(tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path)
    normalise_tree(bundle, EPOCH)
    assert (bundle / "june-fourth-archive").stat().st_mode & 0o777 == 0o755
    assert (bundle / "_internal" / "libx.so.1").stat().st_mode & 0o777 == 0o644
    (bundle / "link").symlink_to("june-fourth-archive")
    with pytest.raises(SystemExit, match="symbolic link"):
        normalise_tree(bundle, EPOCH)


def test_tarball_is_deterministic(tmp_path: Path) -> None:
    one = fake_bundle(tmp_path / "one")
    two = tmp_path / "two" / "june-fourth-archive"
    # The same files, created in the opposite order, with other times and modes.
    (two / "_internal" / "resources").mkdir(parents=True)
    (two / "_internal" / "resources" / "文件.txt").write_text("六四", "utf-8")
    (two / "_internal" / "libx.so.1").write_bytes(b"\x7fELF library")
    (two / "june-fourth-archive").write_bytes(b"\x7fELF program")
    (two / "june-fourth-archive").chmod(0o755)
    os.utime(two / "_internal" / "libx.so.1", (1, 1))
    a = make_tarball(one, tmp_path / "a.tar.xz", EPOCH, preset=1)
    b = make_tarball(two, tmp_path / "b.tar.xz", EPOCH, preset=1)
    assert a.read_bytes() == b.read_bytes()
    with tarfile.open(a) as tar:
        members = tar.getmembers()
    names = [m.name for m in members]
    assert names == sorted(names, key=str.encode)
    assert names[0] == "june-fourth-archive"
    assert {(m.uid, m.gid, m.uname, m.gname, m.mtime) for m in members} == {(0, 0, "", "", EPOCH)}
    modes = {m.name.rsplit("/", 1)[-1]: m.mode for m in members}
    assert modes["june-fourth-archive"] == 0o755 and modes["libx.so.1"] == 0o644


def test_licences_of_every_runtime_dependency_travel_with_the_bundle(tmp_path: Path) -> None:
    names = {d.metadata["Name"].lower().replace("_", "-") for d in runtime_distributions()}
    assert {"pyside6-essentials", "whoosh-reloaded", "opencc", "pynacl"} <= names
    assert "py-minisign" not in names and "cryptography" not in names  # signing is not shipped
    assert not {"pytest", "pyinstaller", "ruff"} & names  # development tools are not shipped
    bundle = fake_bundle(tmp_path)
    out = collect_licenses(bundle)
    notice = (out / "NOTICE.txt").read_text("utf-8")
    assert "PySide6_Essentials" in notice and "LGPL-3.0" in notice
    assert (out / "python" / "Whoosh-Reloaded").is_dir()
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    if (Path(sys.base_prefix) / "lib" / version / "LICENSE.txt").is_file():
        assert (out / "cpython" / "LICENSE.txt").is_file()
    # licenses/Python beside licenses/python broke every copy on FAT, exFAT, NTFS and APFS.
    paths = [p.relative_to(bundle).as_posix() for p in bundle.rglob("*")]
    assert portable_name_problems(paths) == []
