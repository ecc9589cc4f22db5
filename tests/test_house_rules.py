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
for mod in pkgutil.walk_packages(archive_app.core.__path__, "archive_app.core."):
    importlib.import_module(mod.name)
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


FACES = ("record", "search", "research", "distribution")


def test_each_core_subpackage_has_a_public_face() -> None:
    """Every name of a face resolves to its module's own object; no module of a face is named
    like one of its names (a loaded submodule would hide that name); ``__all__`` lists them."""
    import importlib
    import pkgutil

    for name in FACES:
        face = importlib.import_module(f"archive_app.core.{name}")
        table: dict[str, str] = face._TABLE
        assert sorted(face.__all__) == sorted(table), name
        modules = {m.name for m in pkgutil.iter_modules(face.__path__)}
        assert not modules & set(table), (name, modules & set(table))
        for export, module in table.items():
            loaded = importlib.import_module(f"archive_app.core.{name}.{module}")
            assert getattr(face, export) is getattr(loaded, export), (name, export)
            assert export in loaded.__all__, (name, export)


def test_other_packages_import_the_faces_only() -> None:
    """Outside a core subpackage, its modules are reached through its face (tests excepted)."""
    import ast

    crossing: list[str] = []
    for path in sorted((REPO / "archive_app").rglob("*.py")):
        parts = path.relative_to(REPO).parts
        own = parts[2] if len(parts) > 3 and parts[1] == "core" else None
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                bits = node.module.split(".")
                core = bits[:2] == ["archive_app", "core"] and len(bits) > 3
                if core and bits[2] in FACES and bits[2] != own:
                    crossing.append(f"{path.relative_to(REPO)}: from {node.module}")
    assert crossing == []
