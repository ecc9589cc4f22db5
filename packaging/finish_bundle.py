"""After PyInstaller: make the bundle folder something a receiver can check, and pack it.

Steps, in this order (``make dist`` runs them through ``packaging/build.py``):

1. ``VERIFY.txt``: the plain-language instructions for checking the copy *without* our app. It is
   written first so the manifest covers it. It says whether the bundle is signed, and with which
   key, because a bundle built without a key must say "not signed" rather than pretend.
2. ``MANIFEST.sha256``: written by
   :func:`archive_app.core.distribution.bundle.write_manifest` (the one manifest
   writer; coreutils ``sha256sum`` format).
3. ``MANIFEST.sha256.minisig``: with a secret key, a minisign signature of the manifest whose
   trusted comment holds the version and the build date (from ``SOURCE_DATE_EPOCH``).
4. Every file and folder gets the mtime ``SOURCE_DATE_EPOCH`` and a normalised mode, so two builds
   of the same sources are identical to the byte and to the timestamp.
5. The ``.tar.xz``: sorted names, fixed mtime, owner 0/0 with no names, normalised modes, the same
   xz settings every time. Equivalent to GNU tar's ``--sort=name --mtime=@$SOURCE_DATE_EPOCH
   --owner=0 --group=0 --numeric-owner``, but written in Python so it is the same on macOS.

``packaging/sign`` reuses :func:`sign_bundle` on a built folder.
"""

from __future__ import annotations

import datetime as dt
import getpass
import lzma
import os
import platform
import stat
import sys
import tarfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(REPO))

from archive_app import __version__  # noqa: E402
from archive_app.core.distribution.bundle import MANIFEST_NAME, SIGNATURE_NAME, write_manifest  # noqa: E402

__all__ = [
    "VERIFY_NAME",
    "build_date",
    "carried_keys_dir",
    "finish_bundle",
    "make_tarball",
    "normalise_tree",
    "refuse_unknown_key",
    "sign_bundle",
    "source_date_epoch",
    "tarball_name",
    "trusted_comment",
    "verify_text",
]

VERIFY_NAME = "VERIFY.txt"
LAUNCHER_NAME = "june-fourth-archive.sh"
LAUNCHER = Path(__file__).resolve().parent / LAUNCHER_NAME
APP_NAME = "june-fourth-archive"
APP_TITLE = "June Fourth Archive"
PASSWORD_ENV = "MINISIGN_PASSWORD"


def source_date_epoch() -> int:
    """``$SOURCE_DATE_EPOCH`` (the build date every output carries); it must be set."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value or not value.isdigit():
        raise SystemExit(
            "SOURCE_DATE_EPOCH must be set to a Unix time (make dist sets it from the last "
            "commit), so that the build date and every timestamp are reproducible"
        )
    return int(value)


def build_date(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%d")


def trusted_comment(version: str, epoch: int) -> str:
    """The signed comment: what a verifier prints after ``Trusted comment:``."""
    when = dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{APP_TITLE} {version}, built {when}\ttimestamp:{epoch}\tfile:{MANIFEST_NAME}"


def verify_text(
    version: str,
    epoch: int,
    public_key: str | None,
    key_id: str | None = None,
    fingerprint: str | None = None,
) -> str:
    """The text of ``VERIFY.txt``. ``public_key`` is the base64 line of the minisign public key
    the bundle is signed with, or None for a bundle built without a key."""
    date = build_date(epoch)
    head = [
        f"{APP_TITLE} {version} (built {date}): how to check this copy",
        "=" * 72,
        "",
        "Someone handed you this folder. Before you trust it, check that nothing in it was",
        "changed or added since it was built. You do not need this app for that, and you",
        "should not rely on it alone: a tampered copy could lie about itself. Use the standard",
        "tools below, ideally on another computer.",
        "",
        f"{MANIFEST_NAME} lists every file of the folder with its SHA-256 checksum.",
    ]
    if public_key:
        signing = [
            f"{SIGNATURE_NAME} is a minisign signature of that list.",
            "",
            "The public key it was signed with is:",
            "",
            f"    {public_key}",
            *([f"    (key ID {key_id})"] if key_id else []),
            *([f"    fingerprint, as the app shows it: {fingerprint}"] if fingerprint else []),
            "",
            "Compare this key with the one the makers publish, or read it to the person who gave",
            "you the copy by phone or in person. A key printed in this file proves nothing on its",
            "own: whoever tampered with the copy could have replaced it too.",
            "",
            "1. Check the signature of the list (minisign: Debian/Ubuntu `apt install minisign`,",
            "   macOS `brew install minisign`, Windows minisign.exe from the minisign releases):",
            "",
            f"       minisign -Vm {MANIFEST_NAME} -P {public_key}",
            "",
            '   It must print "Signature and comment signature verified" and a trusted comment',
            f'   naming "{APP_TITLE} {version}".',
            "",
        ]
        step = 2
    else:
        signing = [
            "",
            "THIS COPY IS NOT SIGNED. It was built without a signing key, so nothing in it shows",
            "who made it. The checksums below only show that the files match the list; whoever",
            "changed a file could have changed the list too. Get the SHA-256 of MANIFEST.sha256",
            "from someone you trust (by phone, in person) and compare:",
            "",
            f"       sha256sum {MANIFEST_NAME}",
            "",
        ]
        step = 1
    checks = [
        f"{step}. Check every file against the list. In this folder (the one holding",
        f"   {MANIFEST_NAME}):",
        "",
        "   Linux:",
        f"       sha256sum -c --strict --quiet {MANIFEST_NAME}",
        "   macOS:",
        f"       shasum -a 256 -c --strict --quiet {MANIFEST_NAME}",
        "   Windows (PowerShell), prints every file that does not match:",
        f"       Get-Content -Encoding UTF8 {MANIFEST_NAME} | ForEach-Object {{",
        "           $sum, $file = $_ -split '  ', 2",
        '           if (-not (Test-Path -LiteralPath $file)) { "MISSING: $file" }',
        "           elseif ((Get-FileHash -Algorithm SHA256 -LiteralPath $file).Hash -ne $sum) {",
        '               "CHANGED: $file" } }',
        "",
        "   Any line with FAILED, MISSING or CHANGED means the copy is not the one that was built.",
        "",
        f"{step + 1}. Check that no file was added (a planted library would not show above). On",
        "   Linux or macOS this prints the files that are not in the list, and nothing else:",
        "",
        "       find . -type f | sed 's|^\\./||' | grep -vxF -e MANIFEST.sha256 \\",
        "           -e MANIFEST.sha256.minisig -e portable | grep -v '^Data/' | LC_ALL=C sort \\",
        "           | LC_ALL=C comm -23 - <(cut -c67- MANIFEST.sha256 | LC_ALL=C sort)",
        "",
        "   The file `portable` and the folder `Data` are the holder's own (settings, added",
        "   statements) and are not part of the app. Files such as .DS_Store, Thumbs.db or ._*",
        "   are left by operating systems and are harmless.",
        "",
        "Inside the app, Help > Verify this copy (or `june-fourth-archive verify --bundle`)",
        "runs the same checks and shows the key fingerprint, but only the commands above do",
        "not depend on trusting the copy you are checking.",
    ]
    return "\n".join([*head, *signing, *checks]) + "\n"


# --- files -----------------------------------------------------------------------------------


def _is_executable(path: Path) -> bool:
    return bool(path.stat().st_mode & stat.S_IXUSR)


def normalise_tree(folder: Path, epoch: int) -> None:
    """Give every file and folder the mtime ``epoch`` and mode 0755 (folders, executables) or
    0644 (everything else). Refuses symbolic links: FAT/exFAT sticks cannot hold them."""
    paths = sorted(folder.rglob("*"), reverse=True)  # children before their folders
    for path in [*paths, folder]:
        if path.is_symlink():
            raise SystemExit(f"{path}: symbolic link in the bundle (USB sticks cannot hold it)")
        mode = 0o755 if path.is_dir() or _is_executable(path) else 0o644
        path.chmod(mode)
        os.utime(path, (epoch, epoch))


def _load_secret_key(path: Path) -> object:
    import minisign

    try:
        key = minisign.SecretKey.from_file(path)
    except (OSError, ValueError, minisign.Error) as exc:
        raise SystemExit(f"{path}: cannot read the minisign secret key ({exc})") from None
    if key.is_encrypted():
        password = os.environ.get(PASSWORD_ENV)
        if password is None:
            if not sys.stdin.isatty():
                raise SystemExit(
                    f"{path}: the key is encrypted; give its password in ${PASSWORD_ENV} or run "
                    "on a terminal"
                )
            password = getpass.getpass(f"Password for {path}: ")
        try:
            key.decrypt(password)
        except minisign.Error as exc:
            raise SystemExit(f"{path}: {exc}") from None
    return key


def public_key_of(secret_key_path: Path) -> tuple[str, str, str]:
    """The public key (base64, as for ``minisign -P``), key ID and fingerprint of a secret key."""
    from archive_app.core.distribution import parse_public_key

    key = _load_secret_key(secret_key_path)
    public = key.get_public_key()  # type: ignore[attr-defined]
    trusted = parse_public_key(bytes(public) + b"\n", secret_key_path)
    return trusted.public_key, trusted.key_id, trusted.fingerprint


def sign_bundle(bundle: Path, secret_key_path: Path, epoch: int) -> Path:
    """Sign ``bundle/MANIFEST.sha256`` with the minisign secret key at ``secret_key_path``."""
    key = _load_secret_key(secret_key_path)
    manifest = (bundle / MANIFEST_NAME).read_bytes()
    signature = key.sign(  # type: ignore[attr-defined]
        manifest,
        prehash=True,
        untrusted_comment=f"signature of the {APP_TITLE} {__version__} manifest",
        trusted_comment=trusted_comment(__version__, epoch),
    )
    target = bundle / SIGNATURE_NAME
    target.write_bytes(bytes(signature) + b"\n")
    os.utime(target, (epoch, epoch))
    target.chmod(0o644)
    return target


def carried_keys_dir(bundle: Path) -> Path:
    """Where a built bundle carries the public keys it checks its own signature against."""
    return bundle / "_internal" / "packaging" / "keys"


def refuse_unknown_key(bundle: Path, public: str, key_id: str, secret_key_path: Path) -> None:
    """Stop before signing with a key whose public half the bundle does not carry.

    Such a bundle would be signed, yet its own check (``verify --bundle``, Help > Verify this
    copy) would call the signature "unknown key" and fail: receivers would learn to ignore it.
    """
    from archive_app.core.distribution import load_trusted_keys

    keys, _problems = load_trusted_keys(carried_keys_dir(bundle))
    if any(key.public_key == public for key in keys):
        return
    raise SystemExit(
        f"{secret_key_path}: refusing to sign. The public half of this key (key ID {key_id}) is "
        "not in packaging/keys/, so the app could not check this signature: its own check "
        "would fail with 'unknown key'. Add the public key first and rebuild:\n"
        f"    printf 'untrusted comment: minisign public key {key_id}\\n{public}\\n' "
        "> packaging/keys/june-fourth-archive.pub\n"
        "(or pass --allow-unknown-key to sign anyway, for a test build only)."
    )


def finish_bundle(
    bundle: Path,
    epoch: int,
    secret_key_path: Path | None = None,
    *,
    allow_unknown_key: bool = False,
) -> None:
    """VERIFY.txt, then MANIFEST.sha256, then (with a key) its signature; fixed mtimes.

    Signing with a key the bundle does not carry (``_internal/packaging/keys``) is refused
    before anything is written, unless ``allow_unknown_key``; then a loud warning says that
    this build's own check will fail.
    """
    public = key_id = fingerprint = None
    if secret_key_path is not None:
        public, key_id, fingerprint = public_key_of(secret_key_path)
        if allow_unknown_key:
            try:
                refuse_unknown_key(bundle, public, key_id, secret_key_path)
            except SystemExit:
                print(
                    f"WARNING: key {key_id} is not among the keys this bundle carries: it is "
                    "signed, but its own check (verify --bundle, Help > Verify this copy) WILL "
                    "FAIL with 'unknown key'. Do not hand this build on.",
                    file=sys.stderr,
                )
        else:
            refuse_unknown_key(bundle, public, key_id, secret_key_path)
    (bundle / SIGNATURE_NAME).unlink(missing_ok=True)
    text = verify_text(__version__, epoch, public, key_id, fingerprint)
    (bundle / VERIFY_NAME).write_text(text, "utf-8")
    if (bundle / APP_NAME).is_file() and not (bundle / f"{APP_NAME}.exe").exists():
        # Linux/macOS: the launcher for sticks whose mount drops the execute bit (showexec).
        (bundle / LAUNCHER_NAME).write_bytes(LAUNCHER.read_bytes())
    normalise_tree(bundle, epoch)
    write_manifest(bundle)
    normalise_tree(bundle, epoch)
    if secret_key_path is not None:
        sign_bundle(bundle, secret_key_path, epoch)
    os.utime(bundle, (epoch, epoch))


# --- the archive file --------------------------------------------------------------------------


def tarball_name() -> str:
    """``june-fourth-archive-<version>-<system>-<machine>.tar.xz``."""
    system = platform.system().lower()
    machine = platform.machine().lower().replace("amd64", "x86_64")
    return f"{APP_NAME}-{__version__}-{system}-{machine}.tar.xz"


def make_tarball(folder: Path, target: Path, epoch: int, *, preset: int = 9) -> Path:
    """Pack ``folder`` (as its own top-level folder) into a deterministic ``.tar.xz``."""
    entries = sorted(folder.rglob("*"), key=lambda p: p.relative_to(folder).as_posix().encode())
    partial = target.with_name(target.name + ".partial")
    with (
        lzma.open(
            partial, "wb", format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC64, preset=preset
        ) as xz,
        tarfile.open(fileobj=xz, mode="w", format=tarfile.GNU_FORMAT) as tar,
    ):
        for path in [folder, *entries]:
            if path.is_symlink():
                raise SystemExit(f"{path}: symbolic link in the bundle (USB sticks cannot hold it)")
            relative = path.relative_to(folder).as_posix()
            info = tarfile.TarInfo(folder.name if path == folder else f"{folder.name}/{relative}")
            info.mtime = epoch
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            if path.is_dir():
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                tar.addfile(info)
            else:
                info.size = path.stat().st_size
                info.mode = 0o755 if _is_executable(path) else 0o644
                with path.open("rb") as handle:
                    tar.addfile(info, handle)
    os.replace(partial, target)
    os.utime(target, (epoch, epoch))
    return target
