"""``make wheelhouse``: the app as a Python package, with every wheel it needs, for people who
have Python (Windows, macOS on Apple silicon and Intel, Linux), installable from a stick alone.

    python packaging/wheelhouse.py [--dist dist] [--sign-key SECRET.key] [--python 3.11 ...]

Writes ``dist/june-fourth-archive-<version>-python/``, beside the bundle and not inside it
(the bundle keeps its size)::

    june_fourth_archive-<version>-py3-none-any.whl   the app, its archive, fonts and catalogs
    wheels/                  every dependency, for win_amd64, macOS arm64 and x86_64 (and
                             universal2), manylinux x86_64; CPython 3.11 to 3.13
    install.sh               Linux:   sh install.sh
    install.command          macOS:   double-click (or sh install.command)
    install.bat              Windows: double-click
    README.txt               what this is and how to check it
    MANIFEST.sha256          every file's SHA-256 (sha256sum format); signed with --sign-key
    SIZES.txt                what each platform needs from wheels/, in MiB

Each platform's wheels are resolved by ``pip download --only-binary=:all: --platform ...`` for
every Python version, so nothing is ever built from source on the receiver's machine. Signature
checks use PyNaCl (libsodium), which has wheels for Intel Macs too; py-minisign, which needs
cryptography >= 50 (no Intel-Mac wheel), is only a build-time tool.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from archive_app import __version__  # noqa: E402
from archive_app.core.distribution import load_trusted_keys, write_manifest  # noqa: E402

APP = "june-fourth-archive"
PYTHONS = ("3.11", "3.12", "3.13")
# pip matches only the tags it is given (it adds older macOS versions and universal2 itself).
PLATFORMS: dict[str, tuple[str, ...]] = {
    "windows-x86_64": ("win_amd64",),
    "macos-arm64": ("macosx_14_0_arm64",),
    "macos-x86_64": ("macosx_14_0_x86_64",),
    "linux-x86_64": (
        "manylinux_2_35_x86_64",
        "manylinux_2_34_x86_64",
        "manylinux_2_31_x86_64",
        "manylinux_2_28_x86_64",
        "manylinux_2_17_x86_64",
        "manylinux2014_x86_64",
    ),
}
TEMPLATES = ("install.sh", "install.command", "install.bat")
KEYS_DIR = REPO / "packaging" / "keys"


def pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args], check=True)


def build_wheel(out: Path) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        pip("wheel", "--quiet", "--no-deps", "-w", tmp, str(REPO))
        (built,) = Path(tmp).glob("june_fourth_archive-*.whl")
        target = out / built.name
        shutil.copyfile(built, target)
    return target


def download(wheel: Path, platform: str, python: str, into: Path) -> list[str]:
    tags = [arg for tag in PLATFORMS[platform] for arg in ("--platform", tag)]
    into.mkdir(parents=True, exist_ok=True)
    pip(
        "download",
        "--quiet",
        "--only-binary=:all:",
        *tags,
        "--python-version",
        python,
        "--implementation",
        "cp",
        "-d",
        str(into),
        str(wheel),
    )
    return sorted(p.name for p in into.glob("*.whl") if p.name != wheel.name)


def render(template: str, wheel: Path) -> str:
    text = (HERE / "wheelhouse" / template).read_bytes().decode("utf-8")  # keep .bat CRLF
    return text.replace("@WHEEL@", wheel.name).replace("@PYTHONS@", f"{PYTHONS[0]} or newer")


def readme(wheel: Path, signed: bool) -> str:
    return "\n".join(
        [
            f"June Fourth Archive {__version__} for Python (Windows, macOS, Linux)",
            "=" * 72,
            "",
            f"This folder installs the app with Python {PYTHONS[0]}–{PYTHONS[-1]},"
            " without any network:",
            "",
            "  Windows: double-click install.bat",
            "  macOS:   double-click install.command (or: sh install.command)",
            "  Linux:   sh install.sh",
            f'  pipx:    pipx install --pip-args="--no-index --find-links=wheels" {wheel.name}',
            "",
            "Then start it with the command june-fourth-archive (the installers say where it is).",
            "",
            "Check the folder first: MANIFEST.sha256 lists every file with its SHA-256",
            "(sha256sum -c --strict MANIFEST.sha256 on Linux, shasum -a 256 -c on macOS).",
            (
                "MANIFEST.sha256.minisig is its minisign signature; check it as VERIFY.txt of the"
                if signed
                else "THIS FOLDER IS NOT SIGNED: nothing in it shows who made it. Compare the"
            ),
            (
                "portable app says (minisign -Vm MANIFEST.sha256 -P <public key>)."
                if signed
                else "SHA-256 of MANIFEST.sha256 with someone you trust."
            ),
            "",
            "Installed with Python, the app reads its archive, fonts and catalogs from inside",
            "the package; it never uses the network. The portable folder (june-fourth-archive/)",
            "needs no Python at all on Linux.",
            "",
        ]
    )


def build(dist: Path, sign_key: Path | None, pythons: tuple[str, ...]) -> Path:
    out = dist / f"{APP}-{__version__}-python"
    shutil.rmtree(out, ignore_errors=True)
    (out / "wheels").mkdir(parents=True)
    wheel = build_wheel(out)
    sizes = [f"Wheels each platform installs (MiB), CPython {', '.join(pythons)}:"]
    with tempfile.TemporaryDirectory() as tmp:
        for platform in PLATFORMS:
            names: set[str] = set()
            for python in pythons:
                folder = Path(tmp) / platform / python
                names.update(download(wheel, platform, python, folder))
                for name in os.listdir(folder):
                    if not (out / "wheels" / name).exists() and name != wheel.name:
                        shutil.copyfile(folder / name, out / "wheels" / name)
            total = sum((out / "wheels" / n).stat().st_size for n in names)
            sizes.append(f"  {platform}: {total / 2**20:.1f} ({len(names)} wheels)")
            print(sizes[-1])
    all_wheels = sum(p.stat().st_size for p in (out / "wheels").iterdir())
    sizes.append(f"  wheels/ altogether: {all_wheels / 2**20:.1f}")
    sizes.append(f"  the app's own wheel: {wheel.stat().st_size / 2**20:.1f}")
    for template in TEMPLATES:
        target = out / template
        target.write_bytes(render(template, wheel).encode("utf-8"))
        target.chmod(0o755 if not template.endswith(".bat") else 0o644)
    (out / "README.txt").write_text(readme(wheel, sign_key is not None), "utf-8")
    (out / "SIZES.txt").write_text("\n".join(sizes) + "\n", "utf-8")
    write_manifest(out)
    if sign_key is not None:
        sign(out, sign_key)
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print("\n".join(sizes[-2:]))
    print(f"wheelhouse: {out} ({total / 2**20:.1f} MiB, {'signed' if sign_key else 'NOT SIGNED'})")
    return out


def sign(out: Path, sign_key: Path) -> None:
    """Sign the wheelhouse manifest like the bundle's, refusing a key the app cannot check."""
    from finish_bundle import public_key_of, refuse_unknown_key, sign_bundle, source_date_epoch

    public, key_id, _ = public_key_of(sign_key)
    keys, _problems = load_trusted_keys(KEYS_DIR)
    if not any(k.public_key == public for k in keys):
        refuse_unknown_key(out, public, key_id, sign_key)  # raises with the explanation
    sign_bundle(out, sign_key, source_date_epoch())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="packaging/wheelhouse.py", description=__doc__)
    parser.add_argument("--dist", type=Path, default=REPO / "dist")
    parser.add_argument("--sign-key", type=Path)
    parser.add_argument("--python", action="append", help=f"default: {' '.join(PYTHONS)}")
    args = parser.parse_args(argv)
    build(args.dist.resolve(), args.sign_key, tuple(args.python or PYTHONS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
