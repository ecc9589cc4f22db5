"""The bundle manifest: written like ``sha256sum``, checked strictly, signed with minisign."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive_app.core.distribution import (
    APPLEDOUBLE_MAGIC,
    MANIFEST_NAME,
    SIGNATURE_NAME,
    ManifestEntry,
    SignatureStatus,
    check_signature,
    external_commands,
    is_os_litter,
    load_trusted_keys,
    parse_manifest,
    parse_public_key,
    portable_name_problems,
    verify_bundle,
    write_manifest,
)
from archive_app.core.errors import IntegrityError
from tests.bundle_helpers import SigningKey, make_bundle, make_signed_bundle, new_key

DIGEST = "a" * 64


@pytest.fixture(scope="module")
def key() -> SigningKey:
    return new_key()


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
    assert [e.path for e in parse_manifest(raw)] == names


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="coreutils sha256sum not installed")
def test_coreutils_sha256sum_accepts_the_manifest(tmp_path: Path) -> None:
    bundle = make_bundle(tmp_path / "六四檔案")
    write_manifest(bundle)

    def check() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["sha256sum", "-c", "--strict", "--quiet", MANIFEST_NAME],
            cwd=bundle,
            capture_output=True,
            text=True,
            check=False,
        )

    done = check()
    assert done.returncode == 0, done.stdout + done.stderr
    (bundle / "_internal" / "lib" / "libfoo.so").write_bytes(b"changed")
    done = check()
    assert done.returncode != 0 and "libfoo.so" in done.stdout


# --- the parser -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"", None, "empty"),
        (b"\xef\xbb\xbf" + f"{DIGEST}  a\n".encode(), 1, "byte-order mark"),
        (f"{DIGEST}  a\r\n".encode(), 1, "CR LF"),
        (f"{DIGEST}  a\n{DIGEST}  b".encode(), 2, "no line end"),
        (f"{DIGEST}  a\n{DIGEST}  ../etc/passwd\n".encode(), 2, "'..'"),
        (f"{DIGEST}  /etc/passwd\n".encode(), 1, "absolute"),
        (f"{DIGEST}  C:/x.dll\n".encode(), 1, "Windows drive"),
        (f"{DIGEST}  lib\\evil.dll\n".encode(), 1, "backslash"),
        (f"{DIGEST}  a\n{DIGEST}  b\n{DIGEST}  a\n".encode(), 3, "second time (first on line 1)"),
        (f"{DIGEST}  a\x00b\n".encode(), 1, "NUL"),
        (f"{DIGEST}  ".encode() + b"x" * 5000 + b"\n", 1, "bytes long"),
        (f"{'g' * 64}  a\n".encode(), 1, "64 hexadecimal digits"),
        (f"{'A' * 64}  a\n".encode(), 1, "lowercase"),
        (f"{DIGEST} *a\n".encode(), 1, "binary-mode"),
        (f"{DIGEST} a\n".encode(), 1, "two spaces"),
        (f"\\{DIGEST}  a\\nb\n".encode(), 1, "backslash"),
        (f"{DIGEST}  a\n\n".encode(), 2, "blank"),
        (f"{DIGEST}  a//b\n".encode(), 1, "empty or '.'"),
        (f"{DIGEST}  ./a\n".encode(), 1, "empty or '.'"),
        (f"{DIGEST}  {MANIFEST_NAME}\n".encode(), 1, "itself"),
        (f"{DIGEST}  a\tb\x1b\n".encode(), 1, "control character"),
        (DIGEST.encode() + b"  \xff\xfe\n", 1, "UTF-8"),
    ],
)
def test_parser_refuses_with_a_message_naming_the_line(
    data: bytes, line: int | None, words: str
) -> None:
    with pytest.raises(IntegrityError) as caught:
        parse_manifest(data, Path("stick/MANIFEST.sha256"))
    error = caught.value
    assert error.line == line
    assert words in error.message
    where = "stick/MANIFEST.sha256" + (f":{line}" if line else "")
    assert str(error).startswith(where + ": ")


def test_parser_reads_good_lines_with_their_numbers() -> None:
    data = f"{DIGEST}  a b/六四.txt\n{'0' * 64}  z\n".encode()
    assert parse_manifest(data) == [
        ManifestEntry(DIGEST, "a b/六四.txt", 1),
        ManifestEntry("0" * 64, "z", 2),
    ]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_parser_never_fails_with_anything_but_a_named_error(data: bytes) -> None:
    try:
        entries = parse_manifest(data, "M")
    except IntegrityError as exc:
        assert str(exc).startswith("M")
        assert exc.message
    else:
        for entry in entries:
            assert ".." not in entry.path.split("/") and not entry.path.startswith("/")


_path_part = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)


@settings(max_examples=300)
@given(st.lists(st.tuples(st.sampled_from("0123456789abcdef"), _path_part), max_size=6))
def test_parser_keeps_only_safe_paths(items: list[tuple[str, str]]) -> None:
    """Any path text at all: either a clean relative path comes back, or a named refusal."""
    text = "".join(f"{digit * 64}  {path}\n" for digit, path in items)
    try:
        entries = parse_manifest(text.encode("utf-8"), "M")
    except IntegrityError as exc:
        assert exc.line is not None or not items
        return
    for entry in entries:
        parts = entry.path.split("/")
        assert "\\" not in entry.path and ".." not in parts and "" not in parts
        assert all(ord(c) >= 0x20 for c in entry.path)
    assert len({e.path for e in entries}) == len(entries)


# --- keys and signatures --------------------------------------------------------------------


def test_good_signature_names_the_key_and_shows_the_signed_comment(
    tmp_path: Path, key: SigningKey
) -> None:
    bundle = make_signed_bundle(tmp_path / "b", key)
    report = verify_bundle(bundle, keys=[key.trusted])
    assert report.ok, report.lines()
    assert report.signature.status is SignatureStatus.GOOD
    assert report.signature.trusted_comment == "version:0.1.0 built:2026-06-04"
    assert report.signature.key is key.trusted
    assert len(key.trusted.fingerprint.split()) == 16
    assert report.summary().startswith("OK")
    assert any(key.trusted.fingerprint in line for line in report.lines())
    assert key.trusted.public_key in external_commands(key.trusted)[0]


def test_unsigned_bundle_says_not_signed(tmp_path: Path, key: SigningKey) -> None:
    bundle = make_bundle(tmp_path / "b")
    write_manifest(bundle)
    report = verify_bundle(bundle, keys=[key.trusted])
    assert report.files_ok and not report.ok
    assert report.signature.status is SignatureStatus.NOT_SIGNED
    assert report.summary().startswith("NOT SIGNED")
    assert "not signed" in report.signature.message


def test_changed_manifest_breaks_the_signature(tmp_path: Path, key: SigningKey) -> None:
    bundle = make_signed_bundle(tmp_path / "b", key)
    (bundle / "_internal" / "lib" / "libfoo.so").write_bytes(b"evil")
    write_manifest(bundle)  # an attacker re-makes the manifest but cannot sign it
    report = verify_bundle(bundle, keys=[key.trusted])
    assert report.files_ok
    assert report.signature.status is SignatureStatus.BAD
    assert not report.ok and report.summary().startswith("FAILED")


def test_other_key_and_no_key(tmp_path: Path, key: SigningKey) -> None:
    bundle = make_signed_bundle(tmp_path / "b", new_key())
    report = verify_bundle(bundle, keys=[key.trusted])
    assert report.signature.status is SignatureStatus.UNKNOWN_KEY
    assert "a key this app does not know" in report.summary() and not report.ok
    report = verify_bundle(bundle, keys=[])
    assert report.signature.status is SignatureStatus.NO_TRUSTED_KEYS
    assert "no key to check the signature" in report.summary() and not report.ok


@settings(max_examples=200)
@given(st.binary(max_size=600))
def test_signature_parser_refuses_garbage_without_raising(data: bytes) -> None:
    check = check_signature(b"manifest\n", data, [])
    assert check.status in (SignatureStatus.BAD, SignatureStatus.NO_TRUSTED_KEYS)
    assert check.message


def test_a_flipped_byte_in_the_signature_is_bad(key: SigningKey) -> None:
    manifest = f"{DIGEST}  a\n".encode()
    good = bytes(key.pair.secret_key.sign(manifest, trusted_comment="c"))
    assert check_signature(manifest, good, [key.trusted]).status is SignatureStatus.GOOD
    lines = good.split(b"\n")
    for index in (1, 3):
        raw = bytearray(__import__("base64").b64decode(lines[index]))
        raw[-1] ^= 1
        broken = list(lines)
        broken[index] = __import__("base64").b64encode(bytes(raw))
        check = check_signature(manifest, b"\n".join(broken), [key.trusted])
        assert check.status is SignatureStatus.BAD
    forged = good.replace(b"trusted comment: c", b"trusted comment: d")
    assert check_signature(manifest, forged, [key.trusted]).status is SignatureStatus.BAD


def test_public_key_files(tmp_path: Path, key: SigningKey) -> None:
    key.write_pub(tmp_path / "keys")
    (tmp_path / "keys" / "broken.pub").write_text("untrusted comment: x\nnot base64!\n")
    keys, problems = load_trusted_keys(tmp_path / "keys")
    assert [k.public_key for k in keys] == [key.trusted.public_key]
    assert len(problems) == 1 and "broken.pub" in problems[0]
    with pytest.raises(IntegrityError, match="not a minisign public key"):
        parse_public_key(b"\xff\xfe", "k.pub")
    assert load_trusted_keys(tmp_path / "nowhere") == ([], [])


def test_the_shipped_keys_parse() -> None:
    keys, problems = load_trusted_keys()
    assert problems == []
    for shipped in keys:
        assert len(shipped.key_id) == 16 and shipped.public_key.startswith("RW")


# --- checking files ------------------------------------------------------------------------


def test_missing_changed_extra_and_litter_are_named(tmp_path: Path, key: SigningKey) -> None:
    bundle = make_signed_bundle(tmp_path / "b", key)
    (bundle / "VERIFY.txt").unlink()
    lib = bundle / "_internal" / "lib" / "libfoo.so"
    data = bytearray(lib.read_bytes())
    data[100] ^= 0x01  # one flipped bit
    lib.write_bytes(bytes(data))
    (bundle / "_internal" / "lib" / "libplanted.so").write_bytes(b"planted")
    (bundle / ".DS_Store").write_bytes(b"mac")
    (bundle / "_internal" / "Thumbs.db").write_bytes(b"win")
    (bundle / "._june-fourth-archive").write_bytes(APPLEDOUBLE_MAGIC + b"\x00\x02\x00\x00 mac")
    (bundle / "System Volume Information").mkdir()
    (bundle / "System Volume Information" / "IndexerVolumeGuid").write_bytes(b"win")
    (bundle / "portable").write_bytes(b"")
    (bundle / "Data" / "config").mkdir(parents=True)
    (bundle / "Data" / "config" / "settings.ini").write_text("[ui]\n")
    seen: list[tuple[int, int]] = []
    report = verify_bundle(bundle, keys=[key.trusted], progress=lambda d, t: seen.append((d, t)))
    assert report.missing == ["VERIFY.txt"]
    assert report.changed == ["_internal/lib/libfoo.so"]
    assert report.extra == ["_internal/lib/libplanted.so"]
    assert sorted(report.litter) == [
        ".DS_Store",
        "._june-fourth-archive",
        "System Volume Information/IndexerVolumeGuid",
        "_internal/Thumbs.db",
    ]
    assert report.holder_data == ["Data/config/settings.ini", "portable"]
    assert report.signed and not report.ok
    assert seen[-1] == (4, 4)
    text = "\n".join(report.lines())
    assert "_internal/lib/libfoo.so: changed" in text
    assert "_internal/lib/libplanted.so: extra" in text
    assert "VERIFY.txt: missing" in text


def test_litter_alone_is_only_a_warning(tmp_path: Path, key: SigningKey) -> None:
    bundle = make_signed_bundle(tmp_path / "b", key)
    (bundle / "desktop.ini").write_text("x")
    report = verify_bundle(bundle, keys=[key.trusted])
    assert report.ok and report.litter == ["desktop.ini"]
    assert is_os_litter("a/._b", APPLEDOUBLE_MAGIC) and not is_os_litter("a/b._c")
    assert not is_os_litter("a/._b", b"\x7fELF")


def test_planted_names_that_look_like_litter_are_extra(tmp_path: Path, key: SigningKey) -> None:
    """Qt loads every library in its plugin folders, whatever the name: a ``._x.so`` that is
    not macOS's AppleDouble file, or a volume folder inside ``_internal``, is planted."""
    bundle = make_signed_bundle(tmp_path / "b", key)
    lib = bundle / "_internal" / "lib"
    (lib / "._libevil.so").write_bytes(b"\x7fELF planted library")
    (lib / "._libfoo.so").write_bytes(APPLEDOUBLE_MAGIC + b"\x00\x02\x00\x00")  # macOS's own
    (bundle / "_internal" / ".Trashes").mkdir()
    (bundle / "_internal" / ".Trashes" / "libGL.so.1").write_bytes(b"\x7fELF")
    (bundle / "_internal" / "System Volume Information").mkdir()
    (bundle / "_internal" / "System Volume Information" / "x.py").write_text("import os")
    (bundle / ".Trashes").mkdir()
    (bundle / ".Trashes" / "501").write_bytes(b"")
    report = verify_bundle(bundle, keys=[key.trusted])
    assert report.extra == [
        "_internal/.Trashes/libGL.so.1",
        "_internal/System Volume Information/x.py",
        "_internal/lib/._libevil.so",
    ]
    assert report.litter == [".Trashes/501", "_internal/lib/._libfoo.so"]
    assert not report.ok


def test_every_symbolic_link_fails_the_check(tmp_path: Path, key: SigningKey) -> None:
    """The planted ``_internal/libEGL.so.1 -> ../Data/libEGL.so.1`` and a ``Data`` folder that
    is a link are named; a link standing in for a listed file with the same bytes too."""
    bundle = make_signed_bundle(tmp_path / "b", key)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (bundle / "Data").symlink_to(elsewhere)
    (elsewhere / "libEGL.so.1").write_bytes(b"\x7fELF")
    (bundle / "_internal" / "libEGL.so.1").symlink_to("../Data/libEGL.so.1")
    lib = bundle / "_internal" / "lib" / "libfoo.so"
    (elsewhere / "libfoo.so").write_bytes(lib.read_bytes())
    lib.unlink()
    lib.symlink_to(elsewhere / "libfoo.so")
    report = verify_bundle(bundle, keys=[key.trusted])
    assert sorted(report.links) == ["Data", "_internal/lib/libfoo.so", "_internal/libEGL.so.1"]
    assert report.extra == [] and report.changed == [] and not report.ok
    assert "3 symbolic link(s)" in report.summary()
    assert any("Data: symbolic link" in line for line in report.lines())


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        (["licenses/python/x", "licenses/Python/LICENSE.txt"], ["licenses/Python: differs from"]),
        (["a/B.txt", "a/b.TXT"], ["a/b.TXT: differs from a/B.txt"]),
        (["é.txt", "e\u0301.txt"], ["e\u0301.txt: differs from é.txt"]),
        (["x/aux.txt"], ["x/aux.txt: is a Windows device name"]),
        (["x/COM1"], ["x/COM1: is a Windows device name"]),
        (["con.d/x"], ["con.d: is a Windows device name"]),
        (["what?.txt"], ["what?.txt: holds '?'"]),
        (["a:b"], ["a:b: holds ':'"]),
        (["trailing."], ["trailing.: ends with a dot"]),
        (["n" * 256], [f"{'n' * 256}: is longer than the 255"]),
        (["ß", "SS", "ss"], ["ss: differs from SS"]),
        (["licenses/python/x", "licenses/cpython/LICENSE.txt", "六四/2021.json", "cone/x"], []),
        (["console", "auxiliary", "a b/c-d_e.f"], []),
    ],
)
def test_portable_name_rule(paths: list[str], expected: list[str]) -> None:
    problems = portable_name_problems(paths)
    assert len(problems) == len(expected), problems
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start), problem


def test_planted_folder_symlink_is_named(tmp_path: Path, key: SigningKey) -> None:
    bundle = make_signed_bundle(tmp_path / "b", key)
    (tmp_path / "elsewhere").mkdir()
    (bundle / "_internal" / "plugins").symlink_to(tmp_path / "elsewhere")
    report = verify_bundle(bundle, keys=[key.trusted])
    assert report.links == ["_internal/plugins"] and not report.ok


def test_no_manifest_or_a_broken_one_is_a_named_problem(tmp_path: Path, key: SigningKey) -> None:
    bundle = make_bundle(tmp_path / "b")
    report = verify_bundle(bundle, keys=[key.trusted])
    assert not report.ok and "no MANIFEST.sha256" in report.problems[0]
    (bundle / MANIFEST_NAME).write_bytes(f"{DIGEST}  ../x\n".encode())
    report = verify_bundle(bundle, keys=[key.trusted])
    assert report.problems == [
        f"{bundle / MANIFEST_NAME}:1: climbs out of the bundle with '..' in '../x'"
    ]
    assert verify_bundle(tmp_path / "nothing", keys=[]).problems == ["not a folder"]


@pytest.mark.skipif(shutil.which("minisign") is None, reason="minisign (Debian) not installed")
def test_debian_minisign_agrees(tmp_path: Path, key: SigningKey) -> None:
    bundle = make_signed_bundle(tmp_path / "六四檔案", key)
    command = ["minisign", "-Vm", MANIFEST_NAME, "-P", key.trusted.public_key]
    done = subprocess.run(command, cwd=bundle, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "version:0.1.0 built:2026-06-04" in done.stdout
    with (bundle / MANIFEST_NAME).open("ab") as handle:
        handle.write(f"{DIGEST}  planted\n".encode())
    done = subprocess.run(command, cwd=bundle, capture_output=True, text=True, check=False)
    assert done.returncode != 0
    assert verify_bundle(bundle, keys=[key.trusted]).signature.status is SignatureStatus.BAD


def test_unreadable_folders_are_reported_not_skipped(
    tmp_path: Path, key: SigningKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root reads everything, so the walk's error callback is driven through a wrapper."""
    import os

    bundle = make_signed_bundle(tmp_path / "b", key)
    (bundle / "_internal" / "locked").mkdir()
    (bundle / "System Volume Information").mkdir()
    real_walk = os.walk

    def walk(top: Any, onerror: Any = None, followlinks: bool = False) -> Any:
        for dirpath, dirnames, filenames in real_walk(top, followlinks=followlinks):
            for name in ("locked", "System Volume Information"):
                if name in dirnames:
                    dirnames.remove(name)
                    error = PermissionError(13, "Permission denied", str(Path(dirpath) / name))
                    onerror(error)
            yield dirpath, dirnames, filenames

    monkeypatch.setattr("archive_app.core.distribution.bundle.os.walk", walk)
    report = verify_bundle(bundle, keys=[key.trusted])
    assert report.litter == ["System Volume Information"]
    assert len(report.problems) == 1 and report.problems[0].startswith("_internal/locked: ")
    assert not report.ok
    with pytest.raises(IntegrityError, match="cannot list this folder"):
        write_manifest(bundle)
