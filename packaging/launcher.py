"""The bundle's entry script: the same entry point as ``python -m archive_app``."""

from archive_app.__main__ import run

run()
