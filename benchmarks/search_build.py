"""Building the search index beside SQLite FTS5, and what the window feels while it builds.

For SYNTHETIC corpora of 1,000, 10,000 and 100,000 paragraphs (generated at run time from the
archive's sentences, in memory only; see ``research_scale``), each figure measured in a fresh
child process so one build's memory does not colour the next:

- **build**: ``SearchIndex(statements)`` against an in-memory FTS5 trigram table over the same
  paragraphs folded with the same function (``normalise_for_search``), median of the runs;
- **peak memory**: the child's peak resident set during the build (Linux ``VmHWM``, reset just
  before it) minus its resident set before it (the corpus is already in memory on both sides);
- **GUI stall**: a real Qt event loop (offscreen) with a 10 ms ``QTimer`` while the index builds
  on a worker thread, as the window builds it; the longest gap between two ticks (an idle loop
  is measured the same way, for the floor);
- **first hits of a cold start**: build plus the first ``run(query, limit=20)``, in a process
  that has imported everything but built nothing (real archive and 1,000 paragraphs);
- **CLI**: ``python -m archive_app search QUERY`` as a whole process against
  ``benchmarks/fts5_search_cli.py`` (the same archive files, the same folding, FTS5 snippets).

100,000 paragraphs are reported without an aim and measured once.
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from itertools import pairwise
from pathlib import Path
from typing import Any

from benchmarks.harness import Section, ratio

ROOT = Path(__file__).resolve().parent.parent
SIZES = (1_000, 10_000, 100_000)
CLI_QUERIES = ("國家安全法", "Tibet", '"National Security Law"')


# --- what a child process does ---------------------------------------------------------------


def _status_kib(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _start_peak() -> int:
    """Resident KiB now, with the kernel's peak (VmHWM) reset to it where Linux allows."""
    import gc

    gc.collect()
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")  # Linux: reset the peak RSS
    return _status_kib("VmRSS") or _peak_kib()


def _peak_kib() -> int:
    peak = _status_kib("VmHWM")
    if peak is not None:
        return peak
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _corpus(size: int) -> list[Any]:
    from archive_app.core.paths import default_archive_dir
    from archive_app.core.record import Archive
    from benchmarks.research_scale import synthetic_statements

    archive = Archive.load(default_archive_dir())
    if size == 0:
        return list(archive)
    return synthetic_statements(archive, size)


def child_build(kind: str, size: int) -> dict[str, float]:
    from archive_app.core.search import SearchIndex
    from benchmarks.research_scale import build_fts

    statements = _corpus(size)
    before = _start_peak()
    start = time.perf_counter()
    if kind == "ours":
        built: Any = SearchIndex(statements)
    else:
        built = build_fts(statements)
    ms = (time.perf_counter() - start) * 1000
    peak = _peak_kib() - before
    del built
    return {"ms": ms, "peak_mib": peak / 1024}


def child_first_hits(size: int, query: str) -> dict[str, float]:
    from archive_app.core.search import SearchIndex

    statements = _corpus(size)
    start = time.perf_counter()
    result = SearchIndex(statements).run(query, limit=20)
    return {"ms": (time.perf_counter() - start) * 1000, "hits": float(result.total)}


def child_stall(size: int, build: bool) -> dict[str, float]:
    import threading

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from archive_app.core.search import SearchIndex

    statements = _corpus(size)
    app = QApplication.instance() or QApplication([])
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    loop = QEventLoop()
    done = threading.Event()

    kept: list[SearchIndex] = []  # the window keeps the index it built: so does the bench

    def work() -> None:
        if build:
            kept.append(SearchIndex(statements))
        else:
            time.sleep(2.0)
        done.set()

    watch = QTimer()
    watch.setInterval(5)
    watch.timeout.connect(lambda: loop.quit() if done.is_set() else None)
    timer.start()
    watch.start()
    start = time.perf_counter()
    worker = threading.Thread(target=work)
    worker.start()
    loop.exec()
    elapsed = time.perf_counter() - start
    worker.join()
    timer.stop()
    watch.stop()
    kept.clear()  # freed after the measurement, as a window frees it when it closes
    del app
    gaps = [(b - a) * 1000 for a, b in pairwise(ticks)]
    return {
        "longest_gap_ms": max(gaps) if gaps else elapsed * 1000,
        "ticks": float(len(ticks)),
        "expected_ticks": elapsed * 100,
        "ms": elapsed * 1000,
    }


def _child_main(argv: list[str]) -> int:
    kind = argv[0]
    if kind == "build":
        out = child_build(argv[1], int(argv[2]))
    elif kind == "first":
        out = child_first_hits(int(argv[1]), argv[2])
    else:
        out = child_stall(int(argv[1]), argv[2] == "build")
    print(json.dumps(out))
    return 0


# --- the parent: runs children, makes the table ------------------------------------------------


def _child(*args: str) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.search_build", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _median(samples: list[dict[str, float]], key: str) -> float:
    return float(statistics.median(s[key] for s in samples))


def _processes_ms(commands: list[list[str]], runs: int) -> list[float]:
    """Median wall time of each command as a whole process, the commands run in turn (so drift
    on a busy machine hits them alike), after one uncounted warm-up round (disk caches)."""
    # Bytecode caches allowed on both sides, as in an installed app (a shell with
    # PYTHONDONTWRITEBYTECODE=1 would make every run compile our modules from source).
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    samples: list[list[float]] = [[] for _ in commands]
    for _ in range(runs + 1):
        for command, times in zip(commands, samples, strict=True):
            start = time.perf_counter()
            subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=True)
            times.append((time.perf_counter() - start) * 1000)
    return [float(statistics.median(times[1:])) for times in samples]


def run(runs: int) -> Section:
    section = Section(
        "search_build",
        "Search index build beside SQLite FTS5 (SYNTHETIC corpora), and the GUI thread meanwhile",
        ["measure", "docs", "ours", "fts5", "ratio", "aim"],
    )
    builds = max(1, min(runs, 5))
    for size in SIZES:
        repeat = 1 if size >= 100_000 else builds
        ours = [_child("build", "ours", str(size)) for _ in range(repeat)]
        peer = [_child("build", "fts5", str(size)) for _ in range(repeat)]
        ours_ms, peer_ms = _median(ours, "ms"), _median(peer, "ms")
        aim = "≤ 4×" if size == 10_000 else "-"
        section.rows.append(
            {
                "measure": "build ms",
                "docs": f"{size:,}",
                "ours": ours_ms,
                "fts5": peer_ms,
                "ratio": ratio(ours_ms, peer_ms),
                "aim": aim,
            }
        )
        section.rows.append(
            {
                "measure": "build peak MiB",
                "docs": f"{size:,}",
                "ours": _median(ours, "peak_mib"),
                "fts5": _median(peer, "peak_mib"),
                "ratio": ratio(_median(ours, "peak_mib"), _median(peer, "peak_mib")),
                "aim": "≤ 150 MiB" if size == 10_000 else "-",
            }
        )
    for size in (1_000, 10_000):
        stalls = [_child("stall", str(size), "build") for _ in range(builds)]
        idle = [_child("stall", str(size), "idle") for _ in range(builds)]
        section.rows.append(
            {
                "measure": "GUI longest gap ms (10 ms timer)",
                "docs": f"{size:,}",
                "ours": max(s["longest_gap_ms"] for s in stalls),
                "fts5": None,
                "ratio": None,
                "aim": "≤ 50" if size == 10_000 else "-",
            }
        )
        section.notes.append(
            f"GUI at {size:,} docs: building on a worker thread, the 10 ms timer's longest gap "
            f"was {max(s['longest_gap_ms'] for s in stalls):.1f} ms over {len(stalls)} builds "
            f"(ticks {statistics.median(s['ticks'] for s in stalls):.0f} of "
            f"~{statistics.median(s['expected_ticks'] for s in stalls):.0f}); idle loop, same "
            f"timer: longest gap {max(s['longest_gap_ms'] for s in idle):.1f} ms."
        )
    for label, size, aim in (("real archive", 0, "≤ 200"), ("1,000", 1_000, "≤ 1000")):
        first = [_child("first", str(size), "國家安全法") for _ in range(builds)]
        section.rows.append(
            {
                "measure": "cold start: build + first hits ms",
                "docs": label,
                "ours": _median(first, "ms"),
                "fts5": None,
                "ratio": None,
                "aim": aim,
            }
        )
    cli_runs = max(3, min(runs, 10))
    for query in CLI_QUERIES:
        script = str(ROOT / "benchmarks" / "fts5_search_cli.py")
        ours_cmd = [sys.executable, "-m", "archive_app", "search", query]
        ours_ms, peer_ms = _processes_ms([ours_cmd, [sys.executable, script, query]], cli_runs)
        section.rows.append(
            {
                "measure": f"CLI search {query} (whole process) ms",
                "docs": "real archive",
                "ours": ours_ms,
                "fts5": peer_ms,
                "ratio": ratio(ours_ms, peer_ms),
                "aim": "≤ 2×",
            }
        )
    section.notes[:0] = [
        f"Each figure from fresh child processes; build: median of {builds} runs "
        "(100,000: one run). Peak MiB: the child's peak RSS during the build (VmHWM, reset "
        "before it) minus its RSS before. "
        "ratio = ours / FTS5.",
        f"CLI: median of {cli_runs} whole-process runs after one warm-up, ours and the FTS5 "
        "script in turn; the FTS5 script reads "
        "the same statement files, folds with the same function, builds an in-memory trigram "
        "table and prints FTS5 snippet()s.",
    ]
    return section


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1:]))
