"""The startup benchmark with no cached bytecode, for ours and the bare window alike (issue 14):
every module compiled from source, as on a first start from a fresh source tree."""

from __future__ import annotations

from benchmarks import startup
from benchmarks.harness import Section


def run(runs: int) -> Section:
    return startup.run(runs, cold=True)
