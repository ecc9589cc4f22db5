"""The bundle's trimming rules (packaging/bundle_rules.py), checked without building."""

from __future__ import annotations

import ast
import os
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "packaging"))

import bundle_rules
from bundle_rules import (
    EXCLUDED_MODULES,
    bundle_problems,
    drop_runtime_hooks,
    filter_toc,
    keep_entry,
    prune_orphans,
    uses_svg,
)

PLUGINS = "PySide6/Qt/plugins"


@pytest.mark.parametrize(
    "dest",
    [
        f"{PLUGINS}/platforms/libqxcb.so",
        f"{PLUGINS}/platforms/libqwayland.so",
        f"{PLUGINS}/platforms/libqwayland-egl.so",
        f"{PLUGINS}/platforms/libqoffscreen.so",
        f"{PLUGINS}/platforms/qwindows.dll",
        f"{PLUGINS}/platforms/libqcocoa.dylib",
        f"{PLUGINS}/platforminputcontexts/libibusplatforminputcontextplugin.so",
        f"{PLUGINS}/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
        f"{PLUGINS}/platforminputcontexts/libfcitx5platforminputcontextplugin.so",
        f"{PLUGINS}/xcbglintegrations/libqxcb-glx-integration.so",
        f"{PLUGINS}/wayland-shell-integration/libxdg-shell.so",
        f"{PLUGINS}/wayland-decoration-client/libbradient.so",
        f"{PLUGINS}/platformthemes/libqxdgdesktopportal.so",
        f"{PLUGINS}/printsupport/libcupsprintersupport.so",
        f"{PLUGINS}/wayland-graphics-integration-client/libqt-plugin-wayland-egl.so",
        f"{PLUGINS}/wayland-decoration-client/libadwaita.so",
        "opencc/clib/share/opencc/s2hk.json",
        "opencc/clib/share/opencc/HKVariantsPhrases.ocd2",
        "opencc/clib/share/opencc/TSCharactersExt.ocd2",
        "PySide6/Qt/lib/libQt6Core.so.6",
        "PySide6/Qt/lib/libQt6PrintSupport.so.6",
        "PySide6/Qt/lib/libQt6Svg.so.6",
        "PySide6/QtPrintSupport.abi3.so",
        "PySide6/QtSvg.abi3.so",
        "PySide6/Qt/lib/libicudata.so.73",
        "PySide6/Qt/translations/qtbase_zh_CN.qm",
        "PySide6/Qt/translations/qtbase_zh_TW.qm",
        "opencc/clib/share/opencc/s2t.json",
        "opencc/clib/share/opencc/STPhrases.ocd2",
        "opencc/clib/opencc_clib.cpython-311-x86_64-linux-gnu.so",
        "resources/fonts/JuneFourthSans-TC-Regular.otf",
        "resources/fonts/JuneFourthSerif-TC-Regular.otf",
        "resources/fonts/JuneFourthSerif-SC-Regular.otf",
        "resources/fonts/OFL.txt",
        "resources/locale/zh_Hant/LC_MESSAGES/archive_app.mo",
        "archive_data/data/statements/2021.json",
        "packaging/keys/release.pub",
        "libpython3.11.so.1.0",
    ],
)
def test_what_we_use_is_kept(dest: str) -> None:
    assert keep_entry(dest)


@pytest.mark.parametrize(
    "dest",
    [
        f"{PLUGINS}/tls/libqopensslbackend.so",
        f"{PLUGINS}/tls/qschannelbackend.dll",
        f"{PLUGINS}/networkinformation/libqglib.so",
        f"{PLUGINS}/platforms/libqeglfs.so",
        f"{PLUGINS}/platforms/libqlinuxfb.so",
        f"{PLUGINS}/platforms/libqvnc.so",
        f"{PLUGINS}/platforms/libqminimal.so",
        f"{PLUGINS}/egldeviceintegrations/libqeglfs-kms-integration.so",
        f"{PLUGINS}/generic/libqtuiotouchplugin.so",
        f"{PLUGINS}/imageformats/libqjpeg.so",
        f"{PLUGINS}/imageformats/libqgif.so",
        f"{PLUGINS}/imageformats/libqsvg.so",
        f"{PLUGINS}/platformthemes/libqgtk3.so",
        f"{PLUGINS}/wayland-graphics-integration-server/libqt-wayland-compositor-xcomposite-egl.so",
        "PySide6/Qt/lib/libQt6Network.so.6",
        "PySide6/Qt/bin/Qt6Network.dll",
        "PySide6/QtNetwork.abi3.so",
        "PySide6/Qt/lib/libQt6Qml.so.6",
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6/Qt/qml/QtQuick/Controls/qmldir",
        "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6/Qt/translations/qt_help_zh_CN.qm",
        "python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so",
        "libssl.so.3",
        "opencc/clib/bin/opencc",
        "opencc/clib/include/opencc/opencc.h",
        "opencc/clib/lib64/libopencc.a",
        "opencc/clib/share/opencc/t2jp.json",
        "opencc/clib/share/opencc/tw2sp.json",
        "opencc/clib/share/opencc/JPShinjitaiPhrases.ocd2",
        "opencc/clib/share/opencc/TWPhrasesRev.ocd2",
        f"{PLUGINS}/wayland-graphics-integration-client/libdmabuf-server.so",
        f"{PLUGINS}/wayland-graphics-integration-client/libvulkan-server.so",
        "libcups.so.2",
        "resources/locale/archive_app.pot",
        "resources/locale/zh_Hant/LC_MESSAGES/archive_app.po",
    ],
)
def test_what_we_do_not_use_is_trimmed(dest: str) -> None:
    assert not keep_entry(dest)


def test_svg_plugins_only_when_our_resources_hold_an_svg(tmp_path: Path) -> None:
    svg = f"{PLUGINS}/imageformats/libqsvg.so"
    assert keep_entry(svg, keep_svg=True)
    assert keep_entry(f"{PLUGINS}/iconengines/libqsvgicon.so", keep_svg=True)
    assert not keep_entry(f"{PLUGINS}/imageformats/libqjpeg.so", keep_svg=True)
    assert not uses_svg(tmp_path)
    (tmp_path / "icons").mkdir()
    (tmp_path / "icons" / "app.svg").write_text("<svg/>")
    assert uses_svg(tmp_path)


def test_windows_paths_are_understood() -> None:
    assert not keep_entry("PySide6\\Qt\\plugins\\tls\\qopensslbackend.dll")
    assert keep_entry("PySide6\\Qt\\plugins\\platforms\\qwindows.dll")


def test_network_modules_are_excluded() -> None:
    for name in ("ssl", "_ssl", "PySide6.QtNetwork", "_hashlib"):
        assert name in EXCLUDED_MODULES


def test_symlinks_are_dropped_from_the_collection() -> None:
    toc = [
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/site/PySide6/Qt/lib/libQt6Core.so.6", "BINARY"),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", "/site/x.so", "BINARY"),
    ]
    assert filter_toc(toc, keep_svg=False) == [toc[1]]


def test_libraries_only_trimmed_files_needed_are_pruned() -> None:
    def entry(name: str) -> tuple[str, str, str]:
        return (name, f"/src/{name}", "BINARY")

    kept_plugin, dropped_plugin = entry("plugins/kept.so"), entry("plugins/dropped.so")
    shared, only_dropped, deeper, unrelated = (
        entry("libshared.so.1"),
        entry("libonly.so.1"),
        entry("libdeeper.so.1"),
        entry("libpython3.11.so.1.0"),
    )
    needs = {
        kept_plugin: ["libshared.so.1", "libc.so.6"],
        dropped_plugin: ["libshared.so.1", "libonly.so.1"],
        only_dropped: ["libdeeper.so.1"],
    }
    kept = [kept_plugin, shared, only_dropped, deeper, unrelated]
    result = prune_orphans(kept, [dropped_plugin], lambda e: needs.get(e, []))
    assert result == [kept_plugin, shared, unrelated]


def test_a_host_library_leaves_with_what_only_it_needed() -> None:
    """The print plugin stays and links the host's libcups; what only libcups needed (GnuTLS,
    Kerberos...) goes, what others need too (libz) stays."""

    def entry(name: str) -> tuple[str, str, str]:
        return (name, f"/src/{name}", "BINARY")

    plugin = entry(f"{PLUGINS}/printsupport/libcupsprintersupport.so")
    qt, cups, gnutls, nettle, zlib = (
        entry("PySide6/Qt/lib/libQt6PrintSupport.so.6"),
        entry("libcups.so.2"),
        entry("libgnutls.so.30"),
        entry("libnettle.so.8"),
        entry("libz.so.1"),
    )
    needs = {
        plugin: ["libcups.so.2", "libQt6PrintSupport.so.6"],
        qt: ["libz.so.1"],
        cups: ["libgnutls.so.30", "libz.so.1"],
        gnutls: ["libnettle.so.8"],
    }
    collected = [plugin, qt, cups, gnutls, nettle, zlib]
    kept = filter_toc(collected, keep_svg=False)
    assert cups not in kept and plugin in kept
    dropped = [e for e in collected if e not in kept]
    assert prune_orphans(kept, dropped, lambda e: needs.get(e, [])) == [plugin, qt, zlib]


def test_bundle_problems_names_symlinks_and_untrimmed_files(tmp_path: Path) -> None:
    bundle = tmp_path / "june-fourth-archive"
    internal = bundle / "_internal"
    (internal / "PySide6/Qt/plugins/platforms").mkdir(parents=True)
    (internal / "PySide6/Qt/plugins/platforms/libqxcb.so").write_bytes(b"x")
    (bundle / "june-fourth-archive").write_bytes(b"x")
    assert bundle_problems(bundle) == []
    (internal / "PySide6/Qt/plugins/platforms/libqvnc.so").write_bytes(b"x")
    (internal / "libQt6Core.so.6").symlink_to("PySide6/Qt/plugins/platforms/libqxcb.so")
    problems = bundle_problems(bundle)
    assert any("libqvnc.so: should have been trimmed" in p for p in problems)
    assert any("libQt6Core.so.6: symbolic link" in p for p in problems)


def test_bundle_problems_refuses_names_a_stick_cannot_hold(tmp_path: Path) -> None:
    bundle = tmp_path / "june-fourth-archive"
    (bundle / "_internal" / "licenses" / "python" / "Whoosh").mkdir(parents=True)
    (bundle / "_internal" / "licenses" / "Python").mkdir(parents=True)
    (bundle / "_internal" / "licenses" / "Python" / "LICENSE.txt").write_text("PSF")
    (bundle / "_internal" / "nul.txt").write_text("x")
    problems = bundle_problems(bundle)
    assert any(
        p.startswith("_internal/licenses/python: differs from _internal/licenses/Python")
        for p in problems
    ), problems
    assert any(p.startswith("_internal/nul.txt: is a Windows device name") for p in problems)


def _fake_objdump(folder: Path, glibc: str) -> None:
    script = folder / "objdump"
    script.write_text(
        "#!/bin/sh\n"
        "cat <<'OUT'\n"
        "Dynamic Section:\n"
        "  NEEDED               libc.so.6\n"
        "\n"
        "Version References:\n"
        "  required from libc.so.6:\n"
        f"    0x06969194 0x00 03 GLIBC_{glibc}\n"
        "    0x0d696914 0x00 02 GLIBC_2.4\n"
        "  required from libstdc++.so.6:\n"
        "    0x0297f870 0x00 04 GLIBCXX_3.4.29\n"
        "\n"
        "OUT\n"
    )
    script.chmod(0o755)


@pytest.mark.parametrize(("glibc", "refused"), [("2.34", False), ("2.35", False), ("2.36", True)])
def test_glibc_floor_refuses_elf_files_newer_than_ubuntu_2204(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, glibc: str, refused: bool
) -> None:
    """objdump's "Version References" are read; the newest GLIBC_ needed must be <= 2.35."""
    tools = tmp_path / "tools"
    tools.mkdir()
    _fake_objdump(tools, glibc)
    monkeypatch.setenv("PATH", f"{tools}:{os.environ['PATH']}")
    bundle = tmp_path / "june-fourth-archive"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "_internal" / "libexpat.so.1").write_bytes(b"\x7fELF library")
    (bundle / "_internal" / "notes.txt").write_bytes(b"not ELF")
    newest, problems = bundle_rules.glibc_floor_report(bundle)
    assert newest["GLIBC"] == tuple(int(p) for p in glibc.split("."))
    assert newest["GLIBCXX"] == (3, 4, 29)
    assert bool(problems) is refused
    if refused:
        assert problems == [
            "_internal/libexpat.so.1: needs GLIBC_2.36, newer than the floor GLIBC_2.35 "
            "(Ubuntu 22.04): take it from the host (HOST_LIBRARIES) or build on an older system"
        ]
        assert problems[0] in bundle_problems(bundle)


@pytest.mark.skipif(shutil.which("objdump") is None, reason="binutils not installed")
def test_glibc_floor_reads_a_real_elf_file() -> None:
    needs = bundle_rules.elf_version_needs(Path(os.path.realpath(sys.executable)))
    assert needs is not None and needs["GLIBC"] >= (2, 2, 5)


def test_host_libraries_cover_the_cxx_runtime_and_expat() -> None:
    for name in ("libstdc++.so.6", "libgcc_s.so.1", "libexpat.so.1", "libcups.so.2"):
        assert not keep_entry(name), name


def test_the_spec_uses_these_rules() -> None:
    spec = (REPO / "packaging" / "june_fourth_archive.spec").read_text("utf-8")
    for name in ("EXCLUDED_MODULES", "filter_toc", "prune_orphans"):
        assert name in spec
    assert "onefile" not in spec.lower().replace("never onefile", "")
    assert "exclude_binaries=True" in spec  # one folder: COLLECT, not a onefile EXE
    # PyNaCl (the signature check) loads cffi's backend from C; without it `verify --bundle`
    # of a signed copy died with "No module named '_cffi_backend'" (found by make smoke).
    assert 'hiddenimports=["_cffi_backend", *collect_submodules("archive_app")]' in spec
    # Every module of the app: the lazy faces and the menu entries name modules by string.
    assert bundle_rules.__doc__


def test_icu_items_dropped_are_only_formatting_trees() -> None:
    items = [
        "root.res",
        "zh.res",
        "coll/zh.res",
        "coll/root.res",
        "brkitr/cjdict.dict",
        "gb18030.cnv",
        "zoneinfo64.res",
        "curr/zh.res",
        "lang/zh_Hant.res",
        "region/zh.res",
        "unit/en.res",
        "translit/root.res",
        "rbnf/zh.res",
        "zone/zh_Hant.res",
    ]
    assert bundle_rules.icu_items_to_drop(items) == [
        "curr/zh.res",
        "lang/zh_Hant.res",
        "rbnf/zh.res",
        "region/zh.res",
        "translit/root.res",
        "unit/en.res",
        "zone/zh_Hant.res",
    ]


def test_the_icu_data_symbol_is_found_in_qts_library() -> None:
    import PySide6
    from trim_icu import find_data_symbol

    libraries = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not libraries:
        pytest.skip("this PySide6 wheel carries no ICU data library (not Linux)")
    data = libraries[0].read_bytes()
    name, offset, size = find_data_symbol(data)
    assert name.startswith("icudt") and name.endswith("_dat")
    assert size > 1_000_000 and offset + size <= len(data)
    # An ICU common data package starts with its header size and the magic bytes 0xda 0x27.
    assert data[offset + 2 : offset + 4] == b"\xda\x27"
    with pytest.raises(ValueError):
        find_data_symbol(b"not an ELF file at all")


def test_elf_needed_lists_direct_links_only() -> None:
    """objdump's NEEDED entries: the print plugin links libcups itself, not what libcups links."""
    pyside = Path(__import__("PySide6").__file__).parent
    plugin = pyside / "Qt/plugins/printsupport/libcupsprintersupport.so"
    if not plugin.is_file() or bundle_rules.elf_needed(plugin) is None:
        pytest.skip("needs Linux, binutils' objdump and PySide6's CUPS print plugin")
    needed = bundle_rules.elf_needed(plugin)
    assert needed is not None
    assert "libcups.so.2" in needed and "libQt6PrintSupport.so.6" in needed
    assert "libgnutls.so.30" not in needed  # libcups' own dependency, not the plugin's
    assert bundle_rules.elf_needed(REPO / "pyproject.toml") is None  # not an ELF file


def test_opencc_configurations_the_app_uses_are_kept_with_their_dictionaries() -> None:
    """Every configuration convert.py builds a converter from is kept, and every dictionary those
    configurations name in the installed OpenCC wheel (a new wheel may name new ones)."""
    import json
    import re

    import opencc

    from archive_app.core import convert

    source = Path(convert.__file__).read_text("utf-8")
    used = (
        {c for c in convert._CONFIGS.values() if c}
        | set(re.findall(r'_converter\("(\w+)"\)', source))
        | set(convert._OPENCC_CHAIN)  # the search folding's chain (hk2t, tw2t, t2s)
    )
    assert used and used <= set(bundle_rules.OPENCC_CONFIGS)

    share = Path(opencc.__file__).parent / "clib/share/opencc"
    if not share.is_dir():
        pytest.skip("this OpenCC wheel keeps its tables elsewhere")

    def files(node: object) -> set[str]:
        if isinstance(node, dict):
            found = {node["file"]} if node.get("type") == "ocd2" and "file" in node else set()
            return found.union(*(files(v) for v in node.values()))
        if isinstance(node, list):
            return set().union(*(files(v) for v in node))
        return set()

    named: set[str] = set()
    for config in bundle_rules.OPENCC_CONFIGS:
        named |= files(json.loads((share / f"{config}.json").read_text("utf-8")))
        assert keep_entry(f"{bundle_rules.OPENCC_DIR}{config}.json")
    assert named
    for name in sorted(named):
        assert keep_entry(f"{bundle_rules.OPENCC_DIR}{name}"), name
    assert {f"{d}.ocd2" for d in bundle_rules.OPENCC_DICTIONARIES} == named


def test_unused_pyside_bindings_are_excluded_and_the_app_does_not_import_them() -> None:
    """PySide6.QtDBus is excluded (only Qt's own libQt6DBus is needed); nothing of ours uses it."""
    assert "PySide6.QtDBus" in EXCLUDED_MODULES
    for folder in ("archive_app", "packaging"):
        for path in (REPO / folder).rglob("*.py"):
            if path.name != "bundle_rules.py":
                assert "QtDBus" not in path.read_text("utf-8"), path


def test_every_bundled_font_goes_into_the_bundle_and_the_wheel(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Both faces (Sans and the Serif registered on demand) and their licence ship in the
    PyInstaller bundle (the spec collects resources/ through keep_entry) and in the wheel
    (setup.py copies resources/ leaving out LEFT_OUT)."""
    import runpy

    import setuptools

    fonts = REPO / "resources" / "fonts"
    names = sorted(p.name for p in fonts.iterdir())
    assert {"JuneFourthSerif-TC-Regular.otf", "JuneFourthSerif-SC-Regular.otf"} <= set(names)
    assert {"JuneFourthSans-TC-Regular.otf", "JuneFourthSans-SC-Regular.otf"} <= set(names)
    for name in names:
        assert keep_entry(f"resources/fonts/{name}"), name
    monkeypatch.setattr(setuptools, "setup", lambda **_kwargs: None)
    setup = runpy.run_path(str(REPO / "setup.py"))
    assert "resources" in setup["SHIPPED"]
    assert setup["LEFT_OUT"](str(fonts), names) == set(), "setup.py would leave fonts out"


def test_the_multiprocessing_runtime_hook_is_dropped_and_nothing_needs_it() -> None:
    """The bundle leaves PyInstaller's multiprocessing hook out (DROPPED_RUNTIME_HOOKS): that is
    only right while the app starts no process through multiprocessing, which this keeps so."""
    scripts = [
        ("rthook_startup", "/x/rthook_startup.py", "PYSOURCE"),
        ("pyi_rth_multiprocessing", "/x/pyi_rth_multiprocessing.py", "PYSOURCE"),
        ("launcher", "/x/launcher.py", "PYSOURCE"),
    ]
    assert [name for name, _src, _kind in drop_runtime_hooks(scripts)] == [
        "rthook_startup",
        "launcher",
    ]
    spec = (REPO / "packaging" / "june_fourth_archive.spec").read_text("utf-8")
    assert "drop_runtime_hooks(a.scripts)" in spec
    for path in (REPO / "archive_app").rglob("*.py"):
        text = path.read_text("utf-8")
        for use in ("multiprocessing", "ProcessPoolExecutor", "processes="):
            assert use not in text, f"{path}: {use} (see bundle_rules.DROPPED_RUNTIME_HOOKS)"


def test_signing_stays_out_of_the_bundle_and_is_imported_only_to_sign() -> None:
    """py-minisign and cryptography (12 MiB) are excluded from the bundle, which checks
    signatures with PyNaCl; the app imports minisign only inside the functions that sign."""
    assert {"minisign", "cryptography"} <= set(EXCLUDED_MODULES)
    for path in (REPO / "archive_app").rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in tree.body:  # module level only: a lazy import inside a function is fine
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                assert not any(n.split(".")[0] in {"minisign", "cryptography"} for n in names), path
