"""The shared harness: timing with medians and p95, and tables every suite prints the same way.

Machines here are noisy, so figures are medians over repeated runs and each is compared with a
peer measured in the same run; the ratio is the figure that travels.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Stats:
    median_ms: float
    p95_ms: float
    runs: int

    def to_dict(self) -> dict[str, float | int]:
        return {
            "median_ms": round(self.median_ms, 4),
            "p95_ms": round(self.p95_ms, 4),
            "runs": self.runs,
        }


def measure(func: Callable[[], object], runs: int, warmup: int = 2) -> Stats:
    for _ in range(warmup):
        func()
    samples: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, max(0, round(0.95 * len(samples)) - 1))]
    return Stats(statistics.median(samples), p95, runs)


def ratio(ours: float, peer: float) -> float | None:
    return round(ours / peer, 2) if peer > 0 else None


@dataclass
class Section:
    """One suite's results: a titled table plus free-form notes."""

    key: str
    title: str
    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "columns": self.columns,
            "rows": self.rows,
            "notes": self.notes,
        }

    def render(self) -> str:
        cells = [[_fmt(row.get(c)) for c in self.columns] for row in self.rows]
        widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(self.columns)]
        line = "  ".join(c.ljust(w) for c, w in zip(self.columns, widths, strict=True))
        out = [f"## {self.title}", "", line, "  ".join("-" * w for w in widths)]
        out += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells]
        out += ["", *self.notes] if self.notes else []
        return "\n".join(out)


def _fmt(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}" if value < 10 else f"{value:.1f}"
    return str(value)
