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


ADDED_CHECK_POSIX = (
    "find . ! -type d -print | awk 'NR == FNR { listed[substr($0, 67)] = 1; next }\n"
    "  { p = substr($0, 3) } p in listed || p ~ /^(MANIFEST\\.sha256(\\.minisig)?|portable)$/ ||\n"
    '  p ~ /^Data\\// { next } { print "ADDED: " p; n++ } END { exit n > 0 }\' MANIFEST.sha256 -'
)
"""Lists every non-folder (symbolic links included) that the manifest does not list, except
the holder's own ``portable`` and ``Data/``, and exits 1 when it lists any (sh, bash, zsh;
GNU, BSD and busybox find and awk). A ``Data`` that is a link is listed too."""

ADDED_CHECK_POWERSHELL = (
    "$listed = @{}; Get-Content -Encoding UTF8 MANIFEST.sha256 | ForEach-Object {\n"
    "  $listed[$_.Substring(66)] = 1 }; $root = (Get-Location).Path\n"
    "$added = Get-ChildItem -Recurse -Force | Where-Object { -not $_.PSIsContainer -or\n"
    "  ($_.Attributes -band [IO.FileAttributes]::ReparsePoint) } | ForEach-Object {\n"
    "  $_.FullName.Substring($root.Length + 1).Replace('\\', '/') } | Where-Object {\n"
    "  -not $listed.ContainsKey($_) -and $_ -notmatch '^(MANIFEST\\.sha256(\\.minisig)?|portable)$'\n"
    "  -and $_ -notmatch '^Data/' }\n"
    '$added | ForEach-Object { "ADDED: $_" }\n'
    "if ($added) { throw 'files were added: this is not the copy that was built' }"
)
"""The same for Windows PowerShell: links and junctions count as files; ``throw`` makes
``powershell -Command`` exit non-zero without closing an interactive window."""

CHECKSUM_POWERSHELL = (
    "$bad = Get-Content -Encoding UTF8 MANIFEST.sha256 | ForEach-Object {\n"
    "  $sum, $file = $_ -split '  ', 2\n"
    '  if (-not (Test-Path -LiteralPath $file)) { "MISSING: $file" }\n'
    "  elseif ((Get-FileHash -Algorithm SHA256 -LiteralPath $file).Hash -ne $sum) {\n"
    '    "CHANGED: $file" } }\n'
    "$bad; if ($bad) { throw 'files are missing or changed' } else { 'OK: every file matches' }"
)

GLIBC_FLOOR_TEXT = "2.35"


def _indent(block: str, by: int = 7) -> list[str]:
    return [" " * by + line for line in block.splitlines()]


def _commands(public_key: str | None) -> dict[str, list[str]]:
    """The command blocks every language section shows (commands are never translated)."""
    return {
        "minisign": _indent(f"minisign -Vm {MANIFEST_NAME} -P {public_key}") if public_key else [],
        "manifest_hash": [
            f"       Linux:    sha256sum {MANIFEST_NAME}",
            f"       macOS:    shasum -a 256 {MANIFEST_NAME}",
            f"       Windows:  Get-FileHash -Algorithm SHA256 {MANIFEST_NAME}   (PowerShell)",
        ],
        "checksums": [
            "       Linux:",
            f"       sha256sum -c --strict --quiet {MANIFEST_NAME}",
            "       macOS:",
            f"       shasum -a 256 -c --strict --quiet {MANIFEST_NAME}",
            "       Windows (PowerShell):",
            *_indent(CHECKSUM_POWERSHELL),
        ],
        "added": [
            "       Linux, macOS:",
            *_indent(ADDED_CHECK_POSIX),
            "       Windows (PowerShell):",
            *_indent(ADDED_CHECK_POWERSHELL),
        ],
    }


def _section(lang: str, version: str, date: str, key: dict[str, str | None]) -> list[str]:
    public_key, key_id, fingerprint = key["public"], key["id"], key["fingerprint"]
    commands = _commands(public_key)
    signed = public_key is not None
    key_lines = [
        f"    {public_key}",
        *([f"    (key ID {key_id})"] if key_id else []),
        *([f"    fingerprint: {fingerprint}"] if fingerprint else []),
    ]
    if lang == "en":
        intro = [
            f"{APP_TITLE} {version} (built {date}): how to check this copy",
            "=" * 72,
            "",
            "Someone handed you this folder. Before you trust it, check that nothing in it was",
            "changed or added since it was built. You do not need this app for that, and you",
            "should not rely on it alone: a tampered copy could lie about itself. Use the standard",
            "tools below, ideally on another computer. Run every command in this folder (the one",
            f"holding {MANIFEST_NAME}, which lists every file with its SHA-256 checksum).",
            "",
        ]
        if signed:
            sign = [
                f"{SIGNATURE_NAME} is a minisign signature of that list, made with the key:",
                "",
                *key_lines,
                "",
                "Compare this key with the one the makers publish, or read it to the person who gave",
                "you the copy by phone or in person. A key printed in this file proves nothing on its",
                "own: whoever tampered with the copy could have replaced it too.",
                "",
                "1. Check the signature of the list (minisign: Debian/Ubuntu `apt install minisign`,",
                "   macOS `brew install minisign`, Windows minisign.exe from the minisign releases):",
                "",
                *commands["minisign"],
                "",
                '   It must print "Signature and comment signature verified" and a trusted comment',
                f'   naming "{APP_TITLE} {version}".',
                "",
            ]
        else:
            sign = [
                "THIS COPY IS NOT SIGNED. It was built without a signing key: there is no signature,",
                "so nothing in it shows who made it. The checksums below only show that the files",
                "match the list; whoever changed a file could have changed the list too. Get the",
                f"SHA-256 of {MANIFEST_NAME} from someone you trust (by phone, in person) and compare:",
                "",
                *commands["manifest_hash"],
                "",
            ]
        step = 2 if signed else 1
        rest = [
            f"{step}. Check every file against the list. Any line with FAILED, MISSING or CHANGED,",
            "   or an error, means the copy is not the one that was built:",
            "",
            *commands["checksums"],
            "",
            f"{step + 1}. Check that no file was added (a planted library passes the step above). This",
            "   prints each file that is not in the list (symbolic links too) and fails if there",
            "   is any:",
            "",
            *commands["added"],
            "",
            "   The file `portable` and the folder `Data` are the holder's own (settings, added",
            "   statements) and not part of the app. Files named .DS_Store, Thumbs.db, desktop.ini",
            "   or ._* are left by operating systems: delete them and run the check again.",
            "",
            "Running it: Linux with glibc 2.35 or newer (Ubuntu 22.04 LTS and newer, Debian 12 and",
            "newer, Linux Mint 21 and newer): ./june-fourth-archive. On a stick where it will not",
            "start (no execute permission, as desktop Linux mounts FAT sticks):",
            "    sh june-fourth-archive.sh",
            "Inside the app, Help > Verify this copy (or `june-fourth-archive verify --bundle`)",
            "runs the same checks and shows the key fingerprint, but only the commands above do",
            "not depend on trusting the copy you are checking.",
        ]
        return [*intro, *sign, *rest]
    traditional = lang == "zh_Hant"

    def t(hant: str, hans: str) -> str:
        return hant if traditional else hans

    intro = [
        t(
            f"{APP_TITLE}（六四文獻庫）{version}（{date} 製作）：如何檢查這份副本",
            f"{APP_TITLE}（六四文献库）{version}（{date} 制作）：如何检查这份副本",
        ),
        "=" * 72,
        "",
        t(
            "有人把這個資料夾交給你。信任它之前，請先檢查它製作以後沒有任何檔案被改動或加入。",
            "有人把这个文件夹交给你。信任它之前，请先检查它制作以后没有任何文件被改动或加入。",
        ),
        t(
            "這不需要用本程式，也不應只靠本程式：被動過手腳的副本可以對自己說謊。請用下列標準",
            "这不需要用本程序，也不应只靠本程序：被动过手脚的副本可以对自己说谎。请用下列标准",
        ),
        t(
            f"工具，最好在另一部電腦上，並在這個資料夾（放著 {MANIFEST_NAME} 的那個）裡執行。",
            f"工具，最好在另一台电脑上，并在这个文件夹（放着 {MANIFEST_NAME} 的那个）里执行。",
        ),
        t(
            f"{MANIFEST_NAME} 列出每個檔案及其 SHA-256 校驗碼。",
            f"{MANIFEST_NAME} 列出每个文件及其 SHA-256 校验码。",
        ),
        "",
    ]
    if signed:
        sign = [
            t(
                f"{SIGNATURE_NAME} 是這份清單的 minisign 簽名，所用的金鑰是：",
                f"{SIGNATURE_NAME} 是这份清单的 minisign 签名，所用的密钥是：",
            ),
            "",
            f"    {public_key}",
            *([t(f"    （金鑰 ID：{key_id}）", f"    （密钥 ID：{key_id}）")] if key_id else []),
            *(
                [
                    t(
                        f"    指紋（程式顯示的格式）：{fingerprint}",
                        f"    指纹（程序显示的格式）：{fingerprint}",
                    )
                ]
                if fingerprint
                else []
            ),
            "",
            t(
                "請把這個金鑰與製作者公開的金鑰比對，或用電話、當面向交給你副本的人核對。",
                "请把这个密钥与制作者公开的密钥比对，或用电话、当面向交给你副本的人核对。",
            ),
            t(
                "印在本檔案裡的金鑰本身不能證明什麼：動手腳的人也可以換掉它。",
                "印在本文件里的密钥本身不能证明什么：动手脚的人也可以换掉它。",
            ),
            "",
            t(
                "1. 檢查清單的簽名（minisign：Debian/Ubuntu 用 `apt install minisign`，macOS 用",
                "1. 检查清单的签名（minisign：Debian/Ubuntu 用 `apt install minisign`，macOS 用",
            ),
            t(
                "   `brew install minisign`，Windows 用 minisign 發佈頁的 minisign.exe）：",
                "   `brew install minisign`，Windows 用 minisign 发布页的 minisign.exe）：",
            ),
            "",
            *commands["minisign"],
            "",
            t(
                '   它必須顯示 "Signature and comment signature verified"，以及寫著',
                '   它必须显示 "Signature and comment signature verified"，以及写着',
            ),
            t(
                f'   "{APP_TITLE} {version}" 的受信註解（trusted comment）。',
                f'   "{APP_TITLE} {version}" 的受信注释（trusted comment）。',
            ),
            "",
        ]
    else:
        sign = [
            t(
                "這份副本沒有簽名。它製作時沒有用簽名金鑰，所以沒有任何東西能證明是誰製作的。",
                "这份副本没有签名。它制作时没有用签名密钥，所以没有任何东西能证明是谁制作的。",
            ),
            t(
                "下面的校驗只能證明檔案與清單相符；改動檔案的人也可以改動清單。請向你信任的人",
                "下面的校验只能证明文件与清单相符；改动文件的人也可以改动清单。请向你信任的人",
            ),
            t(
                f"（用電話或當面）取得 {MANIFEST_NAME} 的 SHA-256，再與下列指令的結果比對：",
                f"（用电话或当面）取得 {MANIFEST_NAME} 的 SHA-256，再与下列命令的结果比对：",
            ),
            "",
            *commands["manifest_hash"],
            "",
        ]
    step = 2 if signed else 1
    rest = [
        t(
            f"{step}. 按清單檢查每個檔案。只要出現 FAILED、MISSING、CHANGED 或錯誤訊息，",
            f"{step}. 按清单检查每个文件。只要出现 FAILED、MISSING、CHANGED 或错误信息，",
        ),
        t(
            "   這份副本就不是當初製作的那一份：",
            "   这份副本就不是当初制作的那一份：",
        ),
        "",
        *commands["checksums"],
        "",
        t(
            f"{step + 1}. 檢查沒有加入任何檔案（植入的程式庫能通過上一步）。下列指令列出每個",
            f"{step + 1}. 检查没有加入任何文件（植入的程序库能通过上一步）。下列命令列出每个",
        ),
        t(
            "   不在清單上的檔案（包括符號連結），只要列出任何一個就以失敗結束：",
            "   不在清单上的文件（包括符号链接），只要列出任何一个就以失败结束：",
        ),
        "",
        *commands["added"],
        "",
        t(
            "   `portable` 檔案和 `Data` 資料夾屬於持有人（設定、自行加入的聲明），不是程式的",
            "   `portable` 文件和 `Data` 文件夹属于持有人（设置、自行加入的声明），不是程序的",
        ),
        t(
            "   一部分。名為 .DS_Store、Thumbs.db、desktop.ini 或 ._* 的檔案是作業系統留下的：",
            "   一部分。名为 .DS_Store、Thumbs.db、desktop.ini 或 ._* 的文件是操作系统留下的：",
        ),
        t("   刪除後再檢查一次。", "   删除后再检查一次。"),
        "",
        t(
            f"執行：Linux 須有 glibc {GLIBC_FLOOR_TEXT} 或更新（Ubuntu 22.04 LTS 及以後、Debian 12 及",
            f"运行：Linux 须有 glibc {GLIBC_FLOOR_TEXT} 或更新（Ubuntu 22.04 LTS 及以后、Debian 12 及",
        ),
        t(
            "以後、Linux Mint 21 及以後）：./june-fourth-archive。若在隨身碟上無法啟動（桌面 Linux",
            "以后、Linux Mint 21 及以后）：./june-fourth-archive。若在U盘上无法启动（桌面 Linux",
        ),
        t(
            "掛載 FAT 隨身碟時不給執行權限），請用：",
            "挂载 FAT U盘时不给执行权限），请用：",
        ),
        "    sh june-fourth-archive.sh",
        t(
            "程式內的「說明 > 驗證這份副本」（或 `june-fourth-archive verify --bundle`）做同樣的",
            "程序内的「帮助 > 验证这个副本」（或 `june-fourth-archive verify --bundle`）做同样的",
        ),
        t(
            "檢查並顯示金鑰指紋，但只有上面的指令不必信任你正在檢查的這份副本。",
            "检查并显示密钥指纹，但只有上面的命令不必信任你正在检查的这份副本。",
        ),
    ]
    return [*intro, *sign, *rest]


def verify_text(
    version: str,
    epoch: int,
    public_key: str | None,
    key_id: str | None = None,
    fingerprint: str | None = None,
) -> str:
    """The text of ``VERIFY.txt``, in English, 繁體中文 and 简体中文 (the commands are the same
    in each). ``public_key`` is the base64 line of the minisign public key the bundle is signed
    with, or None for a bundle built without a key."""
    date = build_date(epoch)
    key = {"public": public_key, "id": key_id, "fingerprint": fingerprint}
    parts: list[str] = []
    for lang in ("en", "zh_Hant", "zh_Hans"):
        if parts:
            parts += ["", "", "-" * 72, ""]
        parts += _section(lang, version, date, key)
    return "\n".join(parts) + "\n"


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
