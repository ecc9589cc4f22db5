"""Build hook: copy the top-level ``resources/``, ``archive_data/`` and ``packaging/keys/`` into
the wheel as ``archive_app/_shipped/`` (``core/paths.shipped_root`` finds them there).

The repo keeps them at its top level (the layout every tool and test expects); a wheel can only
carry files inside its packages, so they are mapped in at build time. Translation sources
(``*.po``, ``*.pot``) stay out: the app reads the compiled ``.mo`` catalogs only. An editable
install (``pip install -e``) copies nothing and reads the repo's own folders.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SHIPPED = ("resources", "archive_data", "packaging/keys")
LEFT_OUT = shutil.ignore_patterns("*.po", "*.pot", "__pycache__", "*.pyc", ".*")


class BuildPyWithShippedData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "archive_app" / "_shipped"
        shutil.rmtree(target, ignore_errors=True)
        for name in SHIPPED:
            source = HERE / name
            if not source.is_dir():
                raise SystemExit(f"{source}: missing; the wheel would ship without it")
            shutil.copytree(source, target / name, ignore=LEFT_OUT)


setup(cmdclass={"build_py": BuildPyWithShippedData})
