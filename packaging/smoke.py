"""``make smoke``: run the built bundle as a receiver would, offscreen, and check what it says.

    python packaging/smoke.py [dist/june-fourth-archive]

1. The bundle as built: ``gui --screenshot`` (a 1280x800 PNG), ``search 国家安全法 --format json``
   (the simplified query finds the traditional text), ``verify`` (the shipped archive) and
   ``verify --bundle`` (the bundle against its manifest; an unsigned build must say NOT SIGNED).
2. A copy signed with a key made for this run (its public half added to the copy's built-in
   keys): the app, Debian's ``sha256sum`` and (if installed) ``minisign`` all accept it; then
   one flipped byte in each kind of file (the program, VERIFY.txt, Python, Qt, a font, the
   archive), one at a time, makes the app and ``sha256sum`` fail naming that file and no other;
   a planted file is named as extra; a flipped byte in the manifest makes ``minisign`` and the
   app refuse it.

Everything runs with HOME and the XDG folders pointed at an empty temporary folder, which must
still be empty at the end (the bundle writes nothing outside its portable folder when asked).
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from finish_bundle import finish_bundle  # noqa: E402

APP = "june-fourth-archive"
QUERY = "国家安全法"
FOUND = "國家安全法"


def flip_targets(bundle: Path) -> list[str]:
    """One file of each kind: the program, VERIFY.txt, Python, Qt, a font, the archive."""
    internal = bundle / "_internal"
    picks = [
        bundle / APP,
        bundle / "VERIFY.txt",
        internal / "base_library.zip",
        next(internal.glob("libpython3*.so*"), None),
        next(internal.glob("PySide6/Qt/lib/libQt6Core.so*"), None),
        next(iter(sorted(internal.glob("resources/fonts/*.otf"))), None),
        internal / "archive_data" / "data" / "statements" / "2021.json",
    ]
    return [p.relative_to(bundle).as_posix() for p in picks if p is not None and p.is_file()]


class SmokeFailure(AssertionError):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)
    print(f"  ok: {message}")


def run(
    argv: list[str], env: dict[str, str], cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        argv, env=env, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )
    if "Traceback" in result.stderr:
        raise SmokeFailure(f"{argv[1:]} printed a traceback:\n{result.stderr}")
    return result


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SmokeFailure(f"{path}: not a PNG")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def clean_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARCHIVE_APP_", "XDG_"))}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local/state"),
        XDG_RUNTIME_DIR=str(home.parent / "run"),
        QT_QPA_PLATFORM="offscreen",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.pop("PYTHONPATH", None)
    return env


def check_bundle(bundle: Path, env: dict[str, str], tmp: Path) -> None:
    exe = str(bundle / APP)
    print(f"{bundle}:")
    shot = tmp / "shot.png"
    result = run([exe, "gui", "--screenshot", str(shot), "--year", "2021"], env)
    check(result.returncode == 0, f"gui --screenshot exits 0 ({result.stderr.strip()[-300:]})")
    check(shot.is_file() and shot.stat().st_size > 10_000, "the screenshot is a real picture")
    check(png_size(shot) == (1280, 800), "the screenshot is 1280x800")

    result = run([exe, "search", QUERY, "--format", "json"], env)
    check(result.returncode == 0, f"search exits 0 ({result.stderr.strip()[-300:]})")
    hits = json.loads(result.stdout)
    check(bool(hits) and all(h["year"] == 2021 for h in hits), f"search finds {len(hits)} hit(s)")
    check(any(FOUND in h["text"] for h in hits), f"the simplified query finds {FOUND}")

    result = run([exe, "verify"], env)
    check(result.returncode == 0 and result.stdout.startswith("OK:"), "verify: archive OK")

    signed = (bundle / "MANIFEST.sha256.minisig").exists()
    argv = [exe, "verify", "--bundle", str(bundle)]
    result = run(argv if signed else [*argv, "--allow-unsigned"], env)
    expected = "OK:" if signed else "NOT SIGNED:"
    check(
        result.returncode == 0 and result.stdout.startswith(expected),
        f"verify --bundle: {result.stdout.strip()[:90]}",
    )
    verify_txt = (bundle / "VERIFY.txt").read_text("utf-8")
    check(
        signed or "THIS COPY IS NOT SIGNED" in verify_txt,
        "VERIFY.txt says whether the copy is signed",
    )


def make_test_key(folder: Path) -> tuple[Path, Path]:
    import minisign

    pair = minisign.KeyPair.generate()
    secret = folder / "smoke-test.key"
    public = folder / "smoke-test.pub"
    secret.write_bytes(bytes(pair.secret_key) + b"\n")
    public.write_bytes(bytes(pair.public_key) + b"\n")
    return secret, public


def check_tampering(bundle: Path, env: dict[str, str], tmp: Path) -> None:
    copy = tmp / "copy" / APP
    shutil.copytree(bundle, copy, symlinks=True)
    secret, public = make_test_key(tmp)
    keys = copy / "_internal" / "packaging" / "keys"
    keys.mkdir(parents=True, exist_ok=True)
    shutil.copy(public, keys / "smoke-test.pub")
    finish_bundle(copy, int(os.environ["SOURCE_DATE_EPOCH"]), secret)
    exe = str(copy / APP)
    key_line = public.read_text("ascii").splitlines()[1]
    print(f"{copy} (signed with a key made for this run):")

    result = run([exe, "verify", "--bundle"], env)
    check(result.returncode == 0 and result.stdout.startswith("OK:"), "the app: signed copy OK")
    result = run(["sha256sum", "-c", "--strict", "--quiet", "MANIFEST.sha256"], env, copy)
    check(result.returncode == 0, "sha256sum -c --strict: every file matches")
    minisign_cli = shutil.which("minisign")
    if minisign_cli:
        result = run([minisign_cli, "-Vm", "MANIFEST.sha256", "-P", key_line], env, copy)
        said = result.stdout + result.stderr
        check(
            result.returncode == 0 and "June Fourth Archive" in said,
            "minisign -V: signature and trusted comment verified",
        )
    else:
        print("  skipped: minisign is not installed (apt-get install minisign)")

    # One flipped byte in each kind of file, one at a time. The tampered copy is checked by the
    # untouched bundle's program (a flipped byte in the copy's own program or libpython could
    # stop it from starting at all): it must name exactly that file, as must sha256sum.
    checker = str(bundle / APP)
    for relative in flip_targets(copy):
        target = copy / relative
        original = target.read_bytes()
        data = bytearray(original)
        data[len(data) // 2] ^= 0x01
        target.write_bytes(bytes(data))
        result = run([checker, "verify", "--bundle", str(copy)], env)
        check(
            result.returncode != 0
            and f"{relative}: changed" in result.stderr
            and "0 missing, 1 changed, 0 extra" in result.stdout,
            f"one flipped byte in {relative}: the app names it, and only it",
        )
        result = run(["sha256sum", "-c", "--strict", "--quiet", "MANIFEST.sha256"], env, copy)
        failed = [line for line in result.stdout.splitlines() if line.endswith("FAILED")]
        check(
            result.returncode != 0 and failed == [f"{relative}: FAILED"],
            f"sha256sum agrees: {relative}: FAILED",
        )
        target.write_bytes(original)

    (copy / "_internal" / "libplanted.so.1").write_bytes(b"\x7fELF planted")
    result = run([exe, "verify", "--bundle"], env)
    check(result.returncode != 0, "the app: a planted file fails the check")
    check("libplanted.so.1: extra" in result.stderr, "the app names the planted file as extra")

    manifest = copy / "MANIFEST.sha256"
    text = bytearray(manifest.read_bytes())
    text[0] = ord("1") if text[0] == ord("0") else ord("0")  # one hex digit of the first line
    manifest.write_bytes(bytes(text))
    if minisign_cli:
        result = run([minisign_cli, "-Vm", "MANIFEST.sha256", "-P", key_line], env, copy)
        check(result.returncode != 0, "minisign refuses a changed manifest")
    result = run([exe, "verify", "--bundle"], env)
    check(result.returncode != 0, "the app refuses a changed manifest")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    bundle = Path(args[0] if args else REPO / "dist" / APP).resolve()
    if not (bundle / APP).is_file():
        print(f"{bundle}: no bundle here; run `make dist` first", file=sys.stderr)
        return 2
    os.environ.setdefault("SOURCE_DATE_EPOCH", "315532800")
    with tempfile.TemporaryDirectory(prefix="jfa-smoke-") as name:
        tmp = Path(name)
        home = tmp / "home"
        home.mkdir()
        (tmp / "run").mkdir(mode=0o700)
        env = clean_env(home)
        try:
            check_bundle(bundle, env, tmp)
            check_tampering(bundle, env, tmp)
        except SmokeFailure as exc:
            print(f"SMOKE FAILED: {exc}", file=sys.stderr)
            return 1
        left = sorted(p.relative_to(home).as_posix() for p in home.rglob("*"))
        if left:
            print(f"SMOKE FAILED: the bundle wrote into HOME: {left[:10]}", file=sys.stderr)
            return 1
        print("  ok: nothing was written into HOME or the XDG folders")
    print("smoke: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
