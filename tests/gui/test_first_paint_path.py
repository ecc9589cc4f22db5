"""What the first paint does not need stays off its path: the enums of Qt's namespace (``Qt.Key``,
``Qt.AlignmentFlag``, … about a hundred classes PySide builds on first use, 30–40 ms) are built
only after the window has painted (:mod:`archive_app.gui.lazy_qt`)."""

from __future__ import annotations

from pathlib import Path

from tests.gui.conftest import run_to_first_paint

PROBE = """
import enum, runpy, sys
root = sys.argv[1]
if root:
    sys.path.insert(0, root)
built = []
real_new = enum.EnumType.__new__
def new(*args, **kwargs):
    cls = real_new(*args, **kwargs)
    built.append(cls)  # named "Key" while built; "Qt.Key" once PySide has placed it
    return cls
enum.EnumType.__new__ = new
real_write = sys.stdout.write
def write(text):
    if text.startswith("first-paint"):
        qt = [c.__qualname__ for c in built if c.__qualname__.startswith("Qt.")]
        real_write(f"before-paint {len(built)} enums; Qt namespace: {','.join(qt) or '-'}\\n")
    return real_write(text)
sys.stdout.write = write
sys.argv = ["archive_app", "gui", "--year", "2021"]
runpy.run_module("archive_app", run_name="__main__")
"""


def enums_before_first_paint(home: Path, root: str = "") -> str:
    done = run_to_first_paint(PROBE, home, root)
    lines = [line for line in done.stdout.splitlines() if line.startswith("before-paint")]
    assert lines, done.stderr[-2000:]
    return lines[0]


def test_the_qt_enum_namespace_is_built_after_the_first_paint(tmp_path: Path) -> None:
    line = enums_before_first_paint(tmp_path)
    assert line.endswith("Qt namespace: -"), (
        f"{line}: read Qt.* after the first paint (archive_app.gui.lazy_qt, "
        "ebook.after_first_paint), not on the way to it"
    )


SPARED = """
import atexit, gc, inspect, runpy, sys
read = []
real_getsource = inspect.getsource
def getsource(obj):
    read.append(getattr(obj, "__name__", "?"))
    return real_getsource(obj)
inspect.getsource = getsource  # what PySide's import hook reads each module's source with
real_write = sys.stdout.write
def write(text):
    if text.startswith("first-paint"):
        ours = sorted(n for n in read if n.startswith("archive_app"))
        real_write(f"at-paint collector={gc.isenabled()} read={','.join(ours) or '-'}\\n")
    return real_write(text)
sys.stdout.write = write
atexit.register(lambda: real_write(f"at-exit collector={gc.isenabled()}\\n"))
sys.argv = ["archive_app", "gui", "--year", "2021"]
runpy.run_module("archive_app", run_name="__main__")
"""


def test_start_up_holds_the_collector_and_spares_pyside_source_scans(tmp_path: Path) -> None:
    """Until the first paint the cyclic collector is off (archive_app.startup), and PySide's
    import hook reads none of the app's own sources; after it, the collector is on again."""
    lines = run_to_first_paint(SPARED, tmp_path).stdout.splitlines()
    assert "at-paint collector=False read=-" in lines, lines
    assert lines[-1] == "at-exit collector=True", lines
