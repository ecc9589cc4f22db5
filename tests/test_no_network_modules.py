"""A full GUI session never imports QtNetwork or ssl (issue 6: no network, proven).

``whoosh.compat`` imports ``urllib.request``, which would import ``ssl``; the app's entry point
refuses the network modules (``archive_app/offline.py``) and the bundle leaves them out
(``packaging/bundle_rules.py``). One subprocess goes through the real entry point: the window
rendered to a PNG, a search, a verification, every GUI module imported; then it reports what
was loaded. The same run shows that the modules the bundle leaves out are not needed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "packaging"))

from bundle_rules import EXCLUDED_MODULES, OPTIONAL_MODULES

SESSION = r"""
import contextlib, importlib, io, json, pkgutil, sys
from archive_app.__main__ import main

out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
    for argv in (["gui", "--screenshot", sys.argv[1], "--year", "2021"],
                 ["search", "国家安全法", "--format", "json"], ["verify"]):
        assert main(argv) == 0, (argv, out.getvalue())
    import archive_app.core, archive_app.gui  # every module of the app, lazily imported or not
    for package in (archive_app.core, archive_app.gui):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
    from archive_app.core.search import SearchIndex
    from archive_app.core.record import Archive
    from archive_app.core.paths import default_archive_dir
    assert SearchIndex(Archive.load(default_archive_dir())).search("national security")
try:
    import ssl  # noqa: F401
    refused = False
except ImportError:
    refused = True
print(json.dumps({"modules": sorted(sys.modules), "ssl_refused": refused}))
"""


def test_a_gui_session_imports_neither_qtnetwork_nor_ssl(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    result = subprocess.run(
        [sys.executable, "-c", SESSION, str(shot)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    modules = set(report["modules"])
    assert "PySide6.QtWidgets" in modules and "whoosh" in modules  # a real session ran
    assert shot.stat().st_size > 10_000
    assert "ssl" not in modules
    assert "_ssl" not in modules
    assert not {m for m in modules if m.startswith("PySide6.QtNetwork")}
    assert report["ssl_refused"]
    # What the bundle leaves out must not be needed by a session (else the bundle would break),
    # except the few the standard library tries and does without.
    required = set(EXCLUDED_MODULES) - set(OPTIONAL_MODULES)
    needed = {m for m in modules for x in required if m == x or m.startswith(x + ".")}
    assert needed == set()


def test_printing_asks_only_the_local_print_service(monkeypatch: pytest.MonkeyPatch) -> None:
    """libcups would fall back to TCP on localhost:631 when creating a QPrinter; the entry point
    names the local socket instead, and leaves a user's own CUPS_SERVER alone."""
    from archive_app import offline

    monkeypatch.setattr(offline.sys, "platform", "linux")
    monkeypatch.delenv("CUPS_SERVER", raising=False)
    offline.keep_printing_local()
    assert offline.os.environ["CUPS_SERVER"] == offline.LOCAL_CUPS_SOCKET
    monkeypatch.setenv("CUPS_SERVER", "/custom.sock")
    offline.keep_printing_local()
    assert offline.os.environ["CUPS_SERVER"] == "/custom.sock"
