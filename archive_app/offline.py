"""Keep the modules that could talk to a network out of the running app.

The app never needs the network, yet one import chain would load TLS anyway: ``whoosh.compat``
imports ``urllib.request`` (for a ``urlretrieve`` nothing of ours calls), which imports
``http.client``, which imports ``ssl``. Rather than patch a dependency or fake ``urllib.request``,
the entry point installs a tiny import finder that refuses a short list of modules. Every
standard-library importer of ``ssl`` already guards it with ``try/except ImportError`` (that is
how CPython itself runs when built without OpenSSL), so ``urllib.request`` still loads, only
without HTTPS; and ``PySide6.QtNetwork`` becomes impossible to import by accident.

The bundle leaves the same modules out at build time (``packaging/bundle_rules.py``), so the
refusal and the missing files agree. Only the app's entry point (``archive_app.__main__.main`` and
the bundled launcher) installs the finder; importing ``archive_app`` as a library changes nothing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

__all__ = [
    "BLOCKED_MODULES",
    "LOCAL_CUPS_SOCKET",
    "NetworkModuleBlocker",
    "block_network_modules",
    "keep_printing_local",
]

BLOCKED_MODULES: frozenset[str] = frozenset({"ssl", "_ssl", "PySide6.QtNetwork"})


class NetworkModuleBlocker:
    """A ``sys.meta_path`` finder that makes importing a blocked module raise ImportError."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None = None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        if fullname in BLOCKED_MODULES or fullname.startswith("PySide6.QtNetwork."):
            raise ImportError(
                f"{fullname} is not available: June Fourth Archive never uses the network",
                name=fullname,
            )
        return None


def block_network_modules() -> None:
    """Install the finder first on ``sys.meta_path`` (once). Already-imported modules stay."""
    if not any(isinstance(finder, NetworkModuleBlocker) for finder in sys.meta_path):
        sys.meta_path.insert(0, NetworkModuleBlocker())


LOCAL_CUPS_SOCKET = "/run/cups/cups.sock"


def keep_printing_local() -> None:
    """Point libcups at the local print service's socket only.

    Creating a ``QPrinter`` (printing, and PDF export too) makes libcups ask the print service
    for its default printer; where its Unix socket is missing it falls back to TCP on
    ``localhost:631``. Naming the socket keeps that a local-socket question: printers of the local
    CUPS service still work, nothing opens an Internet socket. A ``CUPS_SERVER`` the user set
    stays theirs.
    """
    if sys.platform.startswith("linux"):
        os.environ.setdefault("CUPS_SERVER", LOCAL_CUPS_SOCKET)
