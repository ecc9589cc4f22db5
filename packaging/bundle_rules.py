"""What goes into the portable bundle and what is trimmed out: pure rules, no PyInstaller import.

The spec (``june_fourth_archive.spec``) imports this module and filters PyInstaller's collected
files through :func:`keep_entry`; the tests import it too, so the lists are checked without a
build. Destination names are the paths inside the bundle's ``_internal`` folder, with ``/``.

Why each rule exists:

- Nothing that can talk to a network: the app never opens a socket, so ``ssl``/``_ssl`` (and with
  them libssl), ``PySide6.QtNetwork`` (libQt6Network), Qt's TLS backends and its network-information
  plugins are left out. Python's ``urllib.request``/``http.client`` (pulled in by
  ``whoosh.compat``) import ``ssl`` inside ``try/except ImportError``, so they still load.
- Qt plugins we need are kept: the xcb, wayland and offscreen platform plugins (X11, Wayland and
  the headless renderer the smoke test uses), every input-method plugin (people type Chinese
  through ibus/compose), the xdg-desktop-portal theme, xcb GL integration and the Wayland
  client plugins.
- Qt plugins we do not use are dropped: other platforms (eglfs, linuxfb, vnc, minimal...), EGL
  device integrations, generic input (evdev/tuio: tuio listens on UDP), the Wayland *server*
  plugins, QML tooling, SQL drivers, the GTK 3 theme (see DROPPED_PATTERNS) and every image
  format except SVG when our resources hold an SVG (PNG, the only raster format we use, is built
  into QtGui).
- Qt's own translations are kept only for the languages the app ships (Chinese, Traditional and
  Simplified), so standard dialogs can speak the user's language; English needs none.
- OpenCC's wheel carries command-line tools, static libraries and headers beside its data; only
  ``opencc/clib/share/opencc`` (the conversion tables) is needed at run time, and of those only
  the configurations ``archive_app.core.convert`` uses and the dictionaries they name (the
  Japanese and reverse-regional ones are not).
- Some libraries come from the host, never from the bundle (HOST_LIBRARIES): the CUPS client
  library that Qt's print plugin (kept: printing to the host's printers) links. It is only of use
  where a CUPS scheduler runs, and every such system has its own ``libcups.so.2``; bundling ours
  brought GnuTLS, Kerberos, Avahi, p11-kit, libunistring and Nettle (8.6 MiB of TLS, network
  authentication and service discovery code) into the folder. Without a host libcups the plugin
  does not load and Qt offers only printing to PDF, which needs no plugin.
- The C++ runtime and expat come from the host too (HOST_LIBRARIES): every Linux desktop has
  them (apt itself is C++, fontconfig needs expat), and the build host's copies need a newer
  glibc (Debian 12's ``libstdc++.so.6`` and ``libexpat.so.1`` ask for ``GLIBC_2.36``) than the
  oldest system we promise to run on. ``libgcc_s`` goes with ``libstdc++``: a newer host
  libstdc++ beside an older bundled libgcc_s would miss its symbols. ``glibc_floor_problems``
  refuses any bundled ELF file that needs a ``GLIBC_`` version newer than GLIBC_FLOOR (or a C++
  runtime newer than the floor system's).
- Every name survives every stick: no two paths equal when case is ignored, no names FAT or
  Windows forbid (``archive_app.core.distribution.portable_name_problems``).
- Translation sources (``.po``, ``.pot``) stay out: the app reads only the compiled ``.mo``.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

__all__ = [
    "EXCLUDED_MODULES",
    "FLOOR_VERSIONS",
    "GLIBC_FLOOR",
    "HOST_LIBRARIES",
    "ICU_DROPPED_TREES",
    "KEPT_PLATFORMS",
    "KEPT_QT_TRANSLATION_LANGS",
    "OPENCC_CONFIGS",
    "OPENCC_DICTIONARIES",
    "OPTIONAL_MODULES",
    "bundle_problems",
    "elf_needed",
    "elf_version_needs",
    "filter_toc",
    "glibc_floor_problems",
    "glibc_floor_report",
    "icu_items_to_drop",
    "keep_entry",
    "prune_orphans",
    "uses_svg",
]

# Python modules PyInstaller must not collect even if some import statement names them.
EXCLUDED_MODULES: tuple[str, ...] = (
    "ssl",
    "_ssl",
    # hashlib falls back to CPython's own SHA-2/BLAKE2 code without OpenSSL's _hashlib; that
    # drops libcrypto (4.5 MiB). Hashing a whole bundle stays well under a second.
    "_hashlib",
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebSockets",
    "PySide6.QtHttpServer",
    "PySide6.QtRemoteObjects",
    "PySide6.QtNetworkAuth",
    # The Python bindings of Qt D-Bus (PyInstaller adds them because libQt6Gui links
    # libQt6DBus): the app never imports them. libQt6DBus itself stays (QtGui, ibus, the portal).
    "PySide6.QtDBus",
    # Signing updates is the maintainers' job (a dev/dist extra): py-minisign, and the
    # cryptography package it needs (12 MiB), stay out; the bundle checks signatures with
    # PyNaCl. `update build` in a bundle says it needs py-minisign, as in a plain install.
    "minisign",
    "cryptography",
    "tkinter",
    "_tkinter",
    "unittest",
    "pydoc",
    "pydoc_data",
    "lib2to3",
    "distutils",
    "setuptools",
    "pip",
    "xmlrpc",
    "ftplib",
    "smtplib",
    "imaplib",
    "poplib",
    "nntplib",
    "telnetlib",
    "sqlite3",
    "_sqlite3",
    "curses",
    "readline",
    "PyInstaller",
)

# Excluded although the standard library imports them: every importer has a fallback
# (``try: import ssl`` in urllib/http.client; hashlib's own SHA-2 code without ``_hashlib``).
OPTIONAL_MODULES: tuple[str, ...] = ("ssl", "_ssl", "_hashlib")

PLATFORMS_DIR = "PySide6/Qt/plugins/platforms/"
KEPT_PLATFORMS: tuple[str, ...] = ("xcb", "wayland", "wayland-egl", "offscreen")
KEPT_QT_TRANSLATION_LANGS: tuple[str, ...] = ("zh_CN", "zh_TW", "zh_HK")

# Whole plugin folders that are dropped (relative to PySide6/Qt/plugins/).
DROPPED_PLUGIN_DIRS: tuple[str, ...] = (
    "tls",
    "networkinformation",
    "egldeviceintegrations",
    "generic",
    "wayland-graphics-integration-server",
    "qmltooling",
    "sqldrivers",
    "designer",
    "vectorimageformats",
)

# OpenCC: the configurations archive_app.core.convert builds converters from, and the
# dictionaries (.ocd2) those configurations name (tests/packaging checks both against the code and
# the installed wheel). Others (Japanese shinjitai, tw2s/hk2s reverse tables...) are left out.
OPENCC_DIR = "opencc/clib/share/opencc/"
# hk2t and tw2t: the search folding (convert._OPENCC_CHAIN) folds regional variants first.
OPENCC_CONFIGS: tuple[str, ...] = ("t2s", "t2tw", "t2hk", "s2t", "s2tw", "s2hk", "hk2t", "tw2t")
OPENCC_DICTIONARIES: tuple[str, ...] = (
    "CJK_Compatibility_Ideographs",
    "HKVariants",
    "HKVariantsPhrases",
    "HKVariantsRev",
    "HKVariantsRevPhrases",
    "STCharacters",
    "STPhrases",
    "STPhrases_GeneratedFromRegionalPhrases",
    "TSCharacters",
    "TSCharactersExt",
    "TSPhrases",
    "TWVariants",
    "TWVariantsPhrases",
    "TWVariantsRev",
    "TWVariantsRevPhrases",
)

# Anything whose destination matches one of these is dropped, whatever pulled it in.
DROPPED_PATTERNS: tuple[str, ...] = (
    # The GTK 3 theme plugin needs the host's GTK 3 yet would bring the build machine's cairo,
    # pango and gdk-pixbuf: a mix of library versions that crashes. Qt's own style and the
    # xdg-desktop-portal theme (kept) look native enough and need nothing from GTK.
    "PySide6/Qt/plugins/platformthemes/*qgtk3*",
    "*libQt6Network.so*",
    "*Qt6Network.dll",
    "*QtNetwork.framework*",
    "*libQt6Qml*.so*",
    "*libQt6Quick*.so*",
    "*libQt6Pdf*.so*",
    "*libQt6VirtualKeyboard*.so*",
    "*libssl.so*",
    "*libssl-*.dll",
    "*libcrypto-*.dll",
    "*_ssl.*",
    "PySide6/QtNetwork.*",
    "PySide6/Qt/translations/qt_help_*",
    "PySide6/Qt/qml/*",
    "PySide6/Qt/libexec/*",
    "PySide6/Qt/metatypes/*",
    "opencc/clib/bin/*",
    "opencc/clib/include/*",
    "opencc/clib/lib64/*",
    "opencc/clib/lib/*",
    # Wayland "server buffer" clients: only for buffers a Qt-based compositor shares through its
    # qt_server_buffer extension (QML texture sharing); Qt widgets never ask for them. The client
    # buffer integration (libqt-plugin-wayland-egl) and the shell/decoration plugins stay.
    "PySide6/Qt/plugins/wayland-graphics-integration-client/*-server.so",
    # gettext sources: only the compiled .mo catalogs are read at run time.
    "resources/locale/*.po",
    "resources/locale/*.pot",
)

# Libraries taken from the host, as PyInstaller already does for libGL and libwayland: kept
# binaries may link them, and what only they needed is pruned with them (prune_orphans).
# libcups.so.2: Qt's CUPS print plugin lists and drives the host's printers through it; it is
# useless without the host's CUPS scheduler, which comes with its own libcups. Bundled, it brought
# GnuTLS, Kerberos (GSSAPI), Avahi, p11-kit, libidn2/libunistring, Nettle/GMP: 8.6 MiB.
# libstdc++.so.6, libgcc_s.so.1, libexpat.so.1: on every desktop, and the build host's copies need
# a newer glibc than GLIBC_FLOOR (see the module's docstring).
HOST_LIBRARIES: tuple[str, ...] = (
    "libcups.so*",
    "libcups.*.dylib",
    "libstdc++.so*",
    "libgcc_s.so*",
    "libexpat.so*",
)

# The oldest systems the Linux bundle runs on: Ubuntu 22.04 LTS (glibc 2.35, GCC 12's
# libstdc++: GLIBCXX_3.4.30, CXXABI_1.3.13) and every newer Ubuntu, Debian 12 and newer.
GLIBC_FLOOR = (2, 35)
FLOOR_VERSIONS: dict[str, tuple[int, ...]] = {
    "GLIBC": GLIBC_FLOOR,
    "GLIBCXX": (3, 4, 30),
    "CXXABI": (1, 3, 13),
}

SVG_PLUGINS: tuple[str, ...] = (
    "PySide6/Qt/plugins/imageformats/*qsvg*",
    "PySide6/Qt/plugins/iconengines/*qsvgicon*",
)


# Trees of ICU's data package that only ICU's own formatting APIs read (Qt uses its own CLDR
# tables for names and formats): see trim_icu.py. Collation (coll/), break iteration (brkitr/),
# converters (*.cnv) and the root-level tables (time-zone rules, likely subtags...) stay.
ICU_DROPPED_TREES: tuple[str, ...] = ("curr", "lang", "rbnf", "region", "translit", "unit", "zone")


def icu_items_to_drop(items: Iterable[str]) -> list[str]:
    """The items of an ICU data package listing (``icupkg -l``) that the bundle leaves out."""
    return sorted(i for i in items if i.split("/", 1)[0] in ICU_DROPPED_TREES and "/" in i)


def _platform_plugin_name(filename: str) -> str:
    """``libqxcb.so`` → ``xcb``; ``qwindows.dll`` → ``windows``; ``libqwayland-egl.so`` too."""
    stem = filename.split(".", 1)[0]
    stem = stem.removeprefix("lib")
    return stem.removeprefix("q")


def keep_entry(dest: str, *, keep_svg: bool = False) -> bool:
    """Whether a file collected to ``dest`` (inside ``_internal``) stays in the bundle."""
    dest = dest.replace(os.sep, "/").replace("\\", "/")
    if any(fnmatch.fnmatchcase(dest, pattern) for pattern in DROPPED_PATTERNS):
        return False
    name = dest.rsplit("/", 1)[-1]
    if any(fnmatch.fnmatchcase(name, pattern) for pattern in HOST_LIBRARIES):
        return False
    plugins = "PySide6/Qt/plugins/"
    if dest.startswith(plugins):
        rest = dest[len(plugins) :]
        folder = rest.split("/", 1)[0]
        if folder in DROPPED_PLUGIN_DIRS:
            return False
        if folder in ("imageformats", "iconengines"):
            return keep_svg and any(fnmatch.fnmatchcase(dest, p) for p in SVG_PLUGINS)
        if folder == "platforms":
            name = _platform_plugin_name(rest.rsplit("/", 1)[-1])
            # Windows and macOS have their own platform plugin; keep it on those systems.
            return name in KEPT_PLATFORMS or name in ("windows", "cocoa", "direct2d")
        return True
    if dest.startswith(OPENCC_DIR):
        stem, _, suffix = dest[len(OPENCC_DIR) :].rpartition(".")
        if suffix == "json":
            return stem in OPENCC_CONFIGS
        if suffix == "ocd2":
            return stem in OPENCC_DICTIONARIES
        return True
    if dest.startswith("PySide6/Qt/translations/"):
        name = dest.rsplit("/", 1)[-1]
        return any(name.endswith(f"_{lang}.qm") for lang in KEPT_QT_TRANSLATION_LANGS)
    return True


Entry = tuple[str, str, str]  # PyInstaller TOC entry: (destination, source, typecode)


def filter_toc(entries: Iterable[Entry], *, keep_svg: bool) -> list[Entry]:
    """The entries of a PyInstaller TOC that stay, in their original order.

    Symbolic links are dropped: PyInstaller 6 links shared libraries that live in a package
    folder (``PySide6/Qt/lib``) into the top folder, but FAT/exFAT sticks cannot hold links, and
    nothing needs them: every Qt library and plugin finds its neighbours through its own RUNPATH
    (``$ORIGIN``, ``$ORIGIN/../../lib``).
    """
    return [
        entry
        for entry in entries
        if entry[2] != "SYMLINK" and keep_entry(entry[0], keep_svg=keep_svg)
    ]


DROPPED_RUNTIME_HOOKS = frozenset({"pyi_rth_multiprocessing", "pyi_rth_inspect"})
"""PyInstaller runtime hooks the bundle leaves out. Its multiprocessing hook comes because bagit
imports ``multiprocessing``; it makes spawned worker processes work in a frozen app, and imports
``multiprocessing.spawn`` and its friends at every start (~9 ms, ~8% of the bundle's start-up).
The app never starts a process through multiprocessing: bagit runs with its default of one
process (a test keeps the code so). Its inspect hook reads base_library.zip's table of contents
at every start (with zipfile, ~2.5 ms) so that ``inspect.getsourcefile`` can name frozen
modules' files, which hold no source; nothing in the app asks (PySide's own scans are answered
beforehand: archive_app.startup.spare_pyside_source_scans)."""


def drop_runtime_hooks(scripts: Iterable[Entry]) -> list[Entry]:
    """The bundle's scripts (runtime hooks, then the launcher) less DROPPED_RUNTIME_HOOKS."""
    return [entry for entry in scripts if _name(entry) not in DROPPED_RUNTIME_HOOKS]


def _name(entry: Entry) -> str:
    return entry[0].replace("\\", "/").rsplit("/", 1)[-1]


def prune_orphans(
    kept: Sequence[Entry], dropped: Sequence[Entry], needed: Callable[[Entry], Iterable[str]]
) -> list[Entry]:
    """``kept`` without the libraries that only trimmed files needed.

    ``needed(entry)`` names the shared libraries a binary links against (file names). A kept
    library is an orphan when something dropped needed it (directly or through others) and no
    kept binary that is not itself such a candidate needs it. A dropped library that a kept
    binary links (one of HOST_LIBRARIES, loaded from the host) does not keep its own dependencies:
    the host's copy brings its own. Libraries nobody links to (the Python library the bootloader
    opens, ``ctypes`` targets) are never touched.
    """
    everything = {_name(e): e for e in [*kept, *dropped]}
    only_kept = {_name(e): e for e in kept}

    def closure(roots: Iterable[Entry], by_name: dict[str, Entry]) -> set[str]:
        seen: set[str] = set()
        stack = list(roots)
        while stack:
            for dep in needed(stack.pop()):
                dep = dep.replace("\\", "/").rsplit("/", 1)[-1]
                if dep not in seen:
                    seen.add(dep)
                    if dep in by_name:
                        stack.append(by_name[dep])
        return seen

    wanted_by_dropped = closure(dropped, everything)
    candidates = {_name(e) for e in kept if _name(e) in wanted_by_dropped}
    still_needed = closure((e for e in kept if _name(e) not in candidates), only_kept)
    return [e for e in kept if _name(e) not in candidates or _name(e) in still_needed]


def elf_needed(binary: Path) -> list[str] | None:
    """The libraries an ELF file links directly (its ``NEEDED`` entries), read with binutils'
    ``objdump``; None when objdump is missing or the file is not ELF.

    PyInstaller's own ``get_imports`` runs ``ldd``, which lists every library loaded, through
    whatever chain: with it, a kept plugin linking a host library (HOST_LIBRARIES) would seem to
    need that library's dependencies itself, and prune_orphans could not let them go.
    """
    headers = _objdump_headers(binary)
    if headers is None:
        return None
    needed = []
    for line in headers.splitlines():
        fields = line.split()
        if len(fields) == 2 and fields[0] == "NEEDED":
            needed.append(fields[1])
    return needed


def _objdump_headers(binary: Path) -> str | None:
    """``objdump -p`` of ``binary``; None when objdump is missing or cannot read it."""
    objdump = shutil.which("objdump")
    if objdump is None:
        return None
    result = subprocess.run(
        [objdump, "-p", str(binary)], capture_output=True, text=True, errors="replace", check=False
    )
    return result.stdout if result.returncode == 0 else None


def uses_svg(resources: Path) -> bool:
    """Whether the app's own resources hold an SVG (then the SVG image plugin is kept)."""
    return resources.is_dir() and any(resources.rglob("*.svg"))


_ELF_MAGIC = b"\x7fELF"


def _is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) == _ELF_MAGIC
    except OSError:
        return False


def elf_version_needs(binary: Path) -> dict[str, tuple[int, ...]] | None:
    """The newest symbol version an ELF file needs from each family (``GLIBC``, ``GLIBCXX``,
    ``CXXABI``, ``GCC``...), from the "Version References" ``objdump -p`` prints; None when
    objdump is missing or cannot read the file."""
    headers = _objdump_headers(binary)
    if headers is None:
        return None
    newest: dict[str, tuple[int, ...]] = {}
    in_refs = False
    for line in headers.splitlines():
        if line.startswith("Version References:"):
            in_refs = True
            continue
        if in_refs and line and not line[0].isspace():
            in_refs = False
        if not in_refs:
            continue
        fields = line.split()
        if len(fields) != 4 or "_" not in fields[3]:
            continue
        family, _, version = fields[3].partition("_")
        try:
            number = tuple(int(part) for part in version.split("."))
        except ValueError:
            continue
        if number > newest.get(family, ()):
            newest[family] = number
    return newest


def _dotted(version: tuple[int, ...]) -> str:
    return ".".join(str(part) for part in version)


def glibc_floor_report(folder: Path) -> tuple[dict[str, tuple[int, ...]], list[str]]:
    """The newest version each family's symbols are needed in, over every ELF file of the
    bundle, and a problem for each file that needs more than FLOOR_VERSIONS allows."""
    newest: dict[str, tuple[int, ...]] = {}
    problems: list[str] = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file() or not _is_elf(path):
            continue
        needs = elf_version_needs(path)
        if needs is None:
            problems.append(f"{path.relative_to(folder).as_posix()}: objdump cannot read it")
            continue
        for family, version in needs.items():
            if version > newest.get(family, ()):
                newest[family] = version
            floor = FLOOR_VERSIONS.get(family)
            if floor is not None and version > floor:
                problems.append(
                    f"{path.relative_to(folder).as_posix()}: needs {family}_{_dotted(version)}, "
                    f"newer than the floor {family}_{_dotted(floor)} (Ubuntu 22.04): take it "
                    "from the host (HOST_LIBRARIES) or build on an older system"
                )
    return newest, problems


def glibc_floor_problems(folder: Path) -> list[str]:
    """Every bundled ELF file that needs a newer glibc (or C++ runtime) than the floor."""
    if shutil.which("objdump") is None:
        return []  # bundle_problems runs off Linux too; the Linux build always has binutils
    return glibc_floor_report(folder)[1]


def bundle_problems(folder: Path) -> list[str]:
    """What is wrong with a built bundle folder: symlinks (a FAT/exFAT stick cannot hold them),
    names a stick cannot hold (case-insensitive twins, names FAT or Windows forbid), any file
    the rules above should have kept out, and ELF files that need more than the glibc floor.
    Empty when the bundle is clean."""
    from archive_app.core.distribution import portable_name_problems

    problems: list[str] = []
    internal = folder / "_internal"
    keep_svg = uses_svg(internal / "resources")
    names: list[str] = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        names.append(rel)
        if path.is_symlink():
            problems.append(f"{rel}: symbolic link (FAT/exFAT sticks cannot hold it)")
            continue
        if path.is_file() and path.is_relative_to(internal):
            dest = path.relative_to(internal).as_posix()
            if not keep_entry(dest, keep_svg=keep_svg):
                problems.append(f"{rel}: should have been trimmed from the bundle")
    problems += portable_name_problems(names)
    problems += glibc_floor_problems(folder)
    return problems
