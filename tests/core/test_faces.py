"""The lazy public faces give the names they export, never a submodule of the same name."""

from __future__ import annotations

import subprocess
import sys

FACES = (
    "archive_app.core.record",
    "archive_app.core.search",
    "archive_app.core.research",
    "archive_app.core.distribution",
)

PROBE = """
import importlib, sys, types
face = importlib.import_module(sys.argv[1])
bad = []
for first in face.__all__:           # whichever name is asked for first ...
    getattr(face, first)
for name in face.__all__:            # ... every name is what its module defines
    value = getattr(face, name)
    if isinstance(value, types.ModuleType):
        bad.append(name)
print(",".join(bad))
"""


def test_no_exported_name_is_shadowed_by_its_submodule() -> None:
    for face in FACES:
        done = subprocess.run(
            [sys.executable, "-c", PROBE, face], capture_output=True, text=True, check=True
        )
        assert done.stdout.strip() == "", f"{face}: {done.stdout.strip()} resolve to modules"


def test_the_concordance_view_gets_the_function() -> None:
    code = (
        "import types, archive_app.gui.concordance_view as c, archive_app.gui.compare_view as d;"
        "M = types.ModuleType;"
        "print(isinstance(c.concordance, M), isinstance(d.compare, M))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]
