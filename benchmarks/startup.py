"""Process start to first painted window: the app with the 2021 statement beside a bare window.

Ours: ``python -m archive_app gui --year 2021`` with ``ARCHIVE_APP_FIRST_PAINT_EXIT=1``, which
prints ``first-paint <perf_counter_ns>`` once the reading pane has painted, then quits. The peer:
``benchmarks/bare_window.py``, a QMainWindow with one word-wrapped label showing the statement's
first Chinese paragraph in the same bundled face, printing the same line after its first paint.

Time is measured from just before the child is spawned (``time.perf_counter_ns`` in the parent) to
the child's own ``perf_counter_ns`` at first paint: both read CLOCK_MONOTONIC on Linux (and a
system-wide clock on macOS and Windows), so they are comparable. Peak memory is the child's own
``VmHWM`` at first paint, which it prints itself (``peak-rss-kib``); a parent's ``os.wait4`` figure
on Linux counts the parent's memory at fork time too, so it is not used. Both run offscreen,
interleaved, each from a fresh app home (no settings, no cached index: a first start), after one
warm-up run each that is not counted.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from archive_app.core.paths import default_archive_dir, resources_dir
from archive_app.core.record import Archive
from benchmarks.harness import Section, ratio

REPO = Path(__file__).resolve().parent.parent
BARE = Path(__file__).resolve().with_name("bare_window.py")
BUNDLE = REPO / "dist" / "june-fourth-archive" / "june-fourth-archive"
"""The bundle ``make dist`` builds; measured too when it is there (warm runs only: a bundle has
no bytecode to leave uncached, its modules are compiled into it)."""
FONT = resources_dir() / "fonts" / "JuneFourthSans-TC-Regular.otf"
YEAR = 2021
MIN_RUNS = 5
MAX_RUNS = 15  # each run is a whole process start; more adds minutes, not information
TIMEOUT_S = 120


@dataclass(frozen=True)
class Start:
    first_paint_ms: float
    peak_rss_mib: float | None


def _environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "ARCHIVE_APP_ARCHIVE"}
    env |= {
        "QT_QPA_PLATFORM": "offscreen",
        "ARCHIVE_APP_HOME": str(home),
        "ARCHIVE_APP_FIRST_PAINT_EXIT": "1",
    }
    return env


def start_once(command: list[str], *, cold: bool = False) -> Start:
    """Spawn ``command``; time to its ``first-paint`` line, and its peak resident memory.

    ``cold``: with no cached bytecode at all (an empty ``PYTHONPYCACHEPREFIX``, nothing
    written), so every Python module, the standard library's included, is compiled from source,
    as on a first start from a fresh source tree."""
    with (
        tempfile.TemporaryDirectory(prefix="startup-home-") as home,
        tempfile.TemporaryFile("w+") as errors,
    ):
        env = _environment(Path(home))
        if cold:
            env |= {
                "PYTHONPYCACHEPREFIX": str(Path(home) / "pycache"),
                "PYTHONDONTWRITEBYTECODE": "1",
            }
        started = time.perf_counter_ns()
        child = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        assert child.stdout is not None
        painted: int | None = None
        peak: float | None = None
        for line in child.stdout:  # the child quits right after painting, closing its stdout
            if line.startswith("first-paint ") and painted is None:
                painted = int(line.split()[1])
            elif line.startswith("peak-rss-kib ") and line.split()[1].isdigit():
                peak = int(line.split()[1]) / 1024
        child.wait(TIMEOUT_S)
        errors.seek(0)
        if child.returncode != 0 or painted is None:
            raise RuntimeError(
                f"{' '.join(command)} exited {child.returncode} without a first-paint line:\n"
                + errors.read()[-2000:]
            )
    return Start((painted - started) / 1e6, peak)


def _summary(starts: list[Start]) -> dict[str, float | None]:
    times = sorted(s.first_paint_ms for s in starts)
    peaks = [s.peak_rss_mib for s in starts if s.peak_rss_mib is not None]
    return {
        "median ms": statistics.median(times),
        "min ms": times[0],
        "max ms": times[-1],
        "peak RSS MiB": statistics.median(peaks) if peaks else None,
    }


def run(runs: int, *, cold: bool = False) -> Section:
    runs = max(MIN_RUNS, min(runs, MAX_RUNS))
    statement = Archive.load(default_archive_dir()).get(YEAR)
    paragraph = statement.zh[0]
    ours_cmd = [sys.executable, "-m", "archive_app", "gui", "--year", str(YEAR)]
    bare_cmd = [sys.executable, str(BARE), str(FONT), paragraph]
    bundle_cmd = [str(BUNDLE), "gui", "--year", str(YEAR)] if BUNDLE.is_file() and not cold else []
    start_once(ours_cmd, cold=cold)  # warm-up: disk caches, font caches, bytecode
    start_once(bare_cmd, cold=cold)
    if bundle_cmd:
        start_once(bundle_cmd)
    ours: list[Start] = []
    bare: list[Start] = []
    bundled: list[Start] = []
    for _ in range(runs):  # interleaved, so drift on a noisy machine hits both alike
        ours.append(start_once(ours_cmd, cold=cold))
        bare.append(start_once(bare_cmd, cold=cold))
        if bundle_cmd:
            bundled.append(start_once(bundle_cmd))
    mine, peer = _summary(ours), _summary(bare)
    columns = ["program", "median ms", "min ms", "max ms", "peak RSS MiB", "ratio"]
    bytecode = "no cached bytecode (all compiled from source)" if cold else "cached bytecode"
    section = Section(
        "startup_cold" if cold else "startup",
        f"Process start to first painted window ({YEAR} statement), offscreen, {bytecode}, "
        f"{runs} runs each",
        columns,
    )
    section.rows = [
        {
            "program": f"archive_app gui --year {YEAR}",
            **mine,
            "ratio": ratio(mine["median ms"] or 0.0, peer["median ms"] or 0.0),
        },
        {"program": "bare PySide6 window (one label, same font)", **peer, "ratio": 1.0},
    ]
    if bundled:
        frozen = _summary(bundled)
        section.rows.insert(
            1,
            {
                "program": f"bundle: june-fourth-archive gui --year {YEAR}",
                **frozen,
                "ratio": ratio(frozen["median ms"] or 0.0, peer["median ms"] or 0.0),
            },
        )
    rss_ratio = (
        ratio(mine["peak RSS MiB"], peer["peak RSS MiB"])
        if mine["peak RSS MiB"] and peer["peak RSS MiB"]
        else None
    )
    section.notes = [
        "Wall time from just before spawning the process to its first paint (the reading pane's "
        "paintEvent for ours, the label's for the peer); ratio = ours median / bare median "
        f"(aim: ≤ 1.5, for the source tree and the bundle). Peak RSS ratio (source tree): "
        f"{rss_ratio}. Each run starts from an empty app home "
        "(no settings, no search index cache); one uncounted warm-up run each.",
        f"Peer paragraph: ¶1 of the {YEAR} statement in Chinese ({len(paragraph)} characters), "
        f"font {FONT.name}.",
    ]
    return section
