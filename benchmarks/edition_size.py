"""The offline editions' size: how it grows with the number of statements, beside a peer.

Builds the HTML and ZIM editions (issue 12) in a temporary folder for 0, 1, 2, 4 and 8
statements (the shipped 2021 statement, repeated under other years: same text, so every
statement costs the same) and reports bytes, bytes per statement (the slope between 1 and 8)
and the median build time. The peer is the statements' own stored JSON (what the archive
holds), so the ratio says what the edition adds per statement: converted scripts, English
tokens, citations and the rendered markup. The budget for the HTML file is 600 KB for today's
archive.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from archive_app.core.editions import build_html, build_zim
from archive_app.core.record import Archive, Statement, statement_to_json
from benchmarks.harness import Section, measure, ratio

REPO = Path(__file__).resolve().parent.parent
COUNTS = (0, 1, 2, 4, 8)
BUDGET = 600 * 1024


def _archive(base: Archive, count: int) -> Archive:
    (statement,) = list(base)
    copies: list[Statement] = [
        dataclasses.replace(statement, year=statement.year - i, path=None) for i in range(count)
    ]
    return Archive(base.root, tuple(copies), (), base.manifest_hash)


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    """libzim reports its steps on standard output; keep the table clean."""
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def run(runs: int) -> Section:
    base = Archive.load(REPO / "archive_data")
    section = Section(
        key="edition_size",
        title="Offline editions: size by number of statements (budget: HTML ≤ 600 KB today)",
        columns=["statements", "html_bytes", "zim_bytes", "stored_json_bytes", "html_build_ms"],
    )
    sizes: dict[int, tuple[int, int, int]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for count in COUNTS:
            archive = _archive(base, count)
            html = build_html(archive, Path(folder) / f"{count}.html")
            with _quiet_stdout():
                zim = build_zim(archive, Path(folder) / f"{count}.zim")
            stored = sum(len(statement_to_json(s).encode()) for s in archive)
            scratch = Path(folder) / "t.html"
            timing = measure(partial(build_html, archive, scratch), max(3, runs // 10), 1)
            sizes[count] = (html.size, zim.size, stored)
            section.rows.append(
                {
                    "statements": count,
                    "html_bytes": html.size,
                    "zim_bytes": zim.size,
                    "stored_json_bytes": stored,
                    "html_build_ms": round(timing.median_ms, 1),
                }
            )
    html_slope = (sizes[8][0] - sizes[1][0]) / 7
    zim_slope = (sizes[8][1] - sizes[1][1]) / 7
    json_slope = (sizes[8][2] - sizes[1][2]) / 7
    shipped = sizes[1][0]
    section.notes += [
        f"HTML: fixed part (no statement) {sizes[0][0]:,} bytes; per statement "
        f"{html_slope:,.0f} bytes; today's archive {shipped:,} bytes "
        f"({'within' if shipped <= BUDGET else 'OVER'} the 600 KB budget).",
        f"ZIM: per statement {zim_slope:,.0f} bytes (compressed, full-text index included; the "
        "copies here repeat one text, so they compress better than different statements would: "
        f"a lower bound; the fixed part is {sizes[0][1]:,} bytes).",
        f"ratio per statement, HTML edition / stored JSON: {ratio(html_slope, json_slope)}",
        json.dumps(
            {"html_per_statement": round(html_slope), "zim_per_statement": round(zim_slope)}
        ),
    ]
    return section
