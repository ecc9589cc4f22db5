"""One plain sentence, not a traceback, when the system lacks a library the window needs.

Qt links system libraries that every desktop has (libGL, libEGL, fontconfig, xkbcommon ...);
a minimal or server install may lack one. Python then fails to import PySide6 with
``ImportError: libGL.so.1: cannot open shared object file``. The entry point turns that into a
sentence naming the library and the Debian/Ubuntu package that provides it.
"""

from __future__ import annotations

import re

__all__ = ["DEBIAN_PACKAGES", "missing_library", "missing_library_message"]

DEBIAN_PACKAGES: dict[str, str] = {
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0",
    "libGLdispatch.so.0": "libglvnd0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0 (libglib2.0-0t64 on Ubuntu 24.04 and newer)",
    "libgthread-2.0.so.0": "libglib2.0-0 (libglib2.0-0t64 on Ubuntu 24.04 and newer)",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libstdc++.so.6": "libstdc++6",
    "libgcc_s.so.1": "libgcc-s1",
    "libexpat.so.1": "libexpat1",
    "libz.so.1": "zlib1g",
}

_CANNOT_OPEN = re.compile(r"([\w.+-]+\.so(?:\.\d+)*): cannot open shared object file")


def missing_library(error: BaseException) -> str | None:
    """The library an ``ImportError``/``OSError`` says could not be opened, or None."""
    match = _CANNOT_OPEN.search(str(error))
    return match.group(1) if match else None


def missing_library_message(error: BaseException) -> str | None:
    """The sentence to print for a missing system library, or None for any other error."""
    library = missing_library(error)
    if library is None:
        return None
    package = DEBIAN_PACKAGES.get(library)
    where = (
        f"on Debian or Ubuntu install the package {package} (sudo apt install {package.split()[0]})"
        if package
        else "install the package that provides it (on Debian or Ubuntu: apt-file search "
        f"{library})"
    )
    return (
        f"June Fourth Archive cannot start its window: this system lacks the library {library}; "
        f"{where}, then start the app again. The command line (list, show, search, verify) "
        "works without it."
    )
