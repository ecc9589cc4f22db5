"""Put the licences of everything the bundle carries into ``_internal/licenses/``.

A bundle is a redistribution of Python, Qt (PySide6, LGPL-3.0), Whoosh, OpenCC, PyNaCl
(libsodium) and the Debian libraries PyInstaller copied in; their licences ask that their
notices travel with them. This writes, deterministically:

- ``licenses/NOTICE.txt``: every component with its version and licence, and where its text is;
- ``licenses/python/<Name>/``: the licence files of each Python distribution the app needs at
  run time (the closure of ``archive_app``'s requirements), from their ``.dist-info``;
- ``licenses/cpython/LICENSE.txt``: CPython's licence (not ``Python/``: that would differ from
  ``python/`` only in case, and FAT, exFAT, NTFS and APFS keep one of the two);
- ``licenses/common/``: the GPL-3 and LGPL-3 texts (the app's own licence and Qt's), from
  Debian's ``/usr/share/common-licenses`` when the build machine has it;
- ``licenses/debian/<package>/copyright``: for each shared library copied from the build
  machine, its Debian package's copyright file (found with ``dpkg -S``).

Qt is kept as separate shared libraries under ``_internal/PySide6/Qt/lib``, so a user can
replace them, as the LGPL allows. The fonts' licence (SIL OFL 1.1) sits beside them in
``resources/fonts``.
"""

from __future__ import annotations

import importlib.metadata as metadata
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

__all__ = ["collect_licenses", "runtime_distributions"]

LICENSE_FILE = re.compile(r"(?i)^(licen[cs]e|copying|notice|authors)([.-].*)?$")
COMMON = Path("/usr/share/common-licenses")


def runtime_distributions(root: str = "june-fourth-archive") -> list[metadata.Distribution]:
    """``root`` and every distribution it requires at run time (no extras), sorted by name."""
    found: dict[str, metadata.Distribution] = {}
    pending = [root]
    while pending:
        name = pending.pop()
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        key = re.sub(r"[-_.]+", "-", dist.metadata["Name"]).lower()
        if key in found:
            continue
        found[key] = dist
        for requirement in dist.requires or []:
            if "extra ==" in requirement:
                continue
            pending.append(re.split(r"[\s;<>=!~\[(]", requirement, maxsplit=1)[0])
    return [found[k] for k in sorted(found)]


def _licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    text = meta.get("License-Expression") or meta.get("License") or ""
    if not text or len(text) > 80:
        classifiers = meta.get_all("Classifier") or []
        named = [c.split("::")[-1].strip() for c in classifiers if c.startswith("License ::")]
        text = "; ".join(named) or text
    return " ".join(text.split())[:80] or "see its files"


def _debian_packages(libraries: list[Path]) -> dict[str, list[str]]:
    """Debian package → names of the bundled libraries it provided (empty off Debian).

    A library is looked up where PyInstaller found it, the multiarch library folders; the
    Python library is left out (the bundle's comes with the Python that ran the build).
    """
    multiarch = sysconfig.get_config_var("MULTIARCH") or ""
    if not shutil.which("dpkg") or not multiarch:
        return {}
    packages: dict[str, list[str]] = {}
    for library in libraries:
        if library.name.startswith("libpython"):
            continue
        for folder in (f"/usr/lib/{multiarch}", f"/lib/{multiarch}"):
            result = subprocess.run(
                ["dpkg", "-S", f"{folder}/{library.name}"],
                capture_output=True,
                text=True,
                check=False,
            )
            package = result.stdout.split(":", 1)[0].strip() if result.returncode == 0 else ""
            if package:
                packages.setdefault(package, []).append(library.name)
                break
    return packages


def collect_licenses(bundle: Path) -> Path:
    """Write ``bundle/_internal/licenses`` (replacing an old one); return its path."""
    internal = bundle / "_internal"
    out = internal / "licenses"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    notice = [
        "Licences of the software in this bundle",
        "=======================================",
        "",
        "June Fourth Archive is free software under the GNU GPL, version 3 or later",
        "(common/GPL-3). It bundles the components below; each keeps its own licence.",
        "Qt and PySide6 are used under the LGPL-3.0 (common/LGPL-3) and are kept as separate",
        "shared libraries in _internal/PySide6/Qt/lib, which you may replace.",
        "The bundled fonts are under the SIL Open Font License 1.1 (resources/fonts/OFL.txt).",
        "",
        "Python distributions (licence texts in python/<name>/):",
    ]
    for dist in runtime_distributions():
        name = dist.metadata["Name"]
        copied = []
        for file in sorted(dist.files or [], key=str):
            parts = Path(str(file)).parts
            if parts and parts[0].endswith(".dist-info") and LICENSE_FILE.match(parts[-1]):
                source = Path(str(dist.locate_file(file)))
                if source.is_file():
                    target = out / "python" / name / parts[-1]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, target)
                    copied.append(parts[-1])
        where = ", ".join(copied) if copied else "no licence file in its distribution"
        notice.append(f"  {name} {dist.version}: {_licence_of(dist)} ({where})")
    python_licence = (
        Path(sys.base_prefix)
        / "lib"
        / f"python{sys.version_info[0]}.{sys.version_info[1]}"
        / "LICENSE.txt"
    )
    if python_licence.is_file():
        (out / "cpython").mkdir()
        shutil.copyfile(python_licence, out / "cpython" / "LICENSE.txt")
        notice += ["", f"Python {sys.version.split()[0]}: PSF License (cpython/LICENSE.txt)"]
    for text in ("GPL-3", "LGPL-3"):
        if (COMMON / text).is_file():
            (out / "common").mkdir(exist_ok=True)
            shutil.copyfile(COMMON / text, out / "common" / text)
    libraries = sorted(p for p in internal.glob("lib*.so*") if p.is_file())
    packages = _debian_packages(libraries)
    if packages:
        notice += ["", "Shared libraries from Debian (copyright files in debian/<package>/):"]
        for package in sorted(packages):
            copyright_file = Path("/usr/share/doc") / package.split(":")[0] / "copyright"
            if copyright_file.is_file():
                (out / "debian" / package).mkdir(parents=True, exist_ok=True)
                shutil.copyfile(copyright_file, out / "debian" / package / "copyright")
            notice.append(f"  {package}: {', '.join(sorted(packages[package]))}")
    (out / "NOTICE.txt").write_text("\n".join(notice) + "\n", "utf-8")
    return out
