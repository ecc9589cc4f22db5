"""House rules that a green run of the other tests would not show on its own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

NO_QT = r"""
import sys, pkgutil, importlib, io, contextlib
import archive_app.core, archive_app.cli
for mod in pkgutil.iter_modules(archive_app.core.__path__):
    importlib.import_module(f"archive_app.core.{mod.name}")
from archive_app.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    for argv in (["list"], ["show", "2021"], ["search", "國家安全法"], ["verify"]):
        assert main(argv) == 0, argv
print("PySide6" in sys.modules, "shiboken6" in sys.modules)
"""

# Every socket operation Python can see is recorded by an audit hook installed before anything
# else runs, across the CLI commands and a GUI screenshot in one process.
NO_NETWORK = r"""
import sys, json
events = []
def hook(event, args):
    if event.startswith("socket.") or event in ("urllib.Request", "http.client.connect"):
        events.append([event, repr(args)[:200]])
sys.addaudithook(hook)
import io, contextlib
from archive_app.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
    for argv in (["list"], ["show", "2021", "--script", "simplified"], ["search", "国家安全法",
                 "--format", "json"], ["verify"], ["import", sys.argv[1], "--dry-run", "--json"],
                 ["gui", "--screenshot", sys.argv[2], "--year", "2021"]):
        assert main(argv) == 0, (argv, out.getvalue())
print(json.dumps({"events": events, "modules": sorted(m for m in sys.modules if "QtNetwork" in m)}))
"""


def _run(code: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_core_and_cli_never_import_qt() -> None:
    assert _run(NO_QT) == "False False"


def test_no_socket_is_opened(tmp_path: Path) -> None:
    seed = REPO / "archive_data" / "data" / "sources" / "000_0b40565ccc724d68.txt"
    report = json.loads(_run(NO_NETWORK, str(seed), str(tmp_path / "shot.png")))
    assert report["events"] == []
    assert report["modules"] == []
    assert (tmp_path / "shot.png").stat().st_size > 10_000
