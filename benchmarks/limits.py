"""Issue 15: the app stays usable up to the statement size limit, and refuses past it at once.

A SYNTHETIC statement built at run time from the shipped statement's own paragraphs fills the
limits (:data:`MAX_PARAGRAPHS` paragraphs a language, just under :data:`MAX_STATEMENT_BYTES`);
it is loaded, indexed, searched and painted in the window, each beside the same step on the
shipped archive (the peer). A 93 MB statement (the size that once took ``search`` 80 s at 4 GB)
is refused by size before a byte is read.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from functools import partial
from pathlib import Path

from archive_app.core.paths import default_archive_dir
from archive_app.core.record import MAX_PARAGRAPHS, MAX_STATEMENT_BYTES, Archive
from archive_app.core.search import SearchIndex
from benchmarks.harness import Section, measure, ratio


def _bag_with(folder: Path, data: dict[str, object] | bytes) -> Path:
    root = folder / "bag"
    shutil.copytree(default_archive_dir(), root)
    target = root / "data" / "statements" / "2021.json"
    raw = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode()
    target.write_bytes(raw)
    lines = []
    for line in (root / "manifest-sha256.txt").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(None, 1)
        if name == "data/statements/2021.json":
            digest = hashlib.sha256(raw).hexdigest()
        lines.append(f"{digest}  {name}")
    (root / "manifest-sha256.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def at_the_limit(shipped: Archive) -> dict[str, object]:
    """The shipped 2021 statement grown to the limits (paragraphs repeated, numbered)."""
    base = shipped.get(2021)
    data = base.to_dict()
    budget = MAX_STATEMENT_BYTES - 64 * 1024
    per_paragraph = budget // (2 * MAX_PARAGRAPHS)
    en_text, zh_text = " ".join(base.en) * 20, "".join(base.zh) * 20
    en = [f"{n}. {en_text[n * 7 % 500 :]}"[: per_paragraph - 8] for n in range(MAX_PARAGRAPHS)]
    zh = [
        f"{n}. {zh_text[n * 3 % 200 :]}"[: (per_paragraph - 8) // 3] for n in range(MAX_PARAGRAPHS)
    ]
    data.update(en=en, zh=zh, title="SYNTHETIC statement at the size limit")
    data["alignment"] = {**data["alignment"], "pairs": []}
    return data


def _paint(archive: Archive) -> float:
    """Milliseconds from creating the window to its first full paint (offscreen grab)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from archive_app.gui.fonts import load_bundled_fonts
    from archive_app.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    families = load_bundled_fonts()
    start = time.perf_counter()
    window = MainWindow(archive, cjk_families=families)
    window.persist_on_close = False
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    window.grab()
    elapsed = (time.perf_counter() - start) * 1000
    window.close()
    window.deleteLater()
    app.processEvents()
    return elapsed


def run(runs: int) -> Section:
    runs = max(3, min(runs, 5))
    section = Section(
        "limits",
        "Statement size limit: usable up to it, refused past it (medians, ms)",
        ["step", "shipped (peer)", "at the limit", "ratio"],
    )
    shipped = Archive.load(default_archive_dir())
    with tempfile.TemporaryDirectory() as scratch:
        big_root = _bag_with(Path(scratch) / "big", at_the_limit(shipped))
        size = (big_root / "data" / "statements" / "2021.json").stat().st_size
        peer_root = default_archive_dir()
        big = Archive.load(big_root)
        assert not big.problems and len(big.get(2021).en) == MAX_PARAGRAPHS

        def load(root: Path) -> object:
            return Archive.load(root)

        def load_and_index(root: Path) -> object:
            return SearchIndex(Archive.load(root)).run("Tibet")

        for name, step in (("load", load), ("load + index", load_and_index)):
            peer = measure(partial(step, peer_root), runs, warmup=1).median_ms
            ours = measure(partial(step, big_root), runs, warmup=1).median_ms
            section.rows.append(
                {"step": name, "shipped (peer)": peer, "at the limit": ours,
                 "ratio": ratio(ours, peer)}
            )  # fmt: skip
        peer_index, big_index = SearchIndex(shipped), SearchIndex(big)
        for query in ("democracy", "國家安全法"):  # both in the synthetic text
            peer_index.run(query)
            big_index.run(query)
            peer = measure(partial(peer_index.run, query), runs * 4).median_ms
            ours = measure(partial(big_index.run, query), runs * 4).median_ms
            section.rows.append(
                {"step": f"search {query}", "shipped (peer)": peer, "at the limit": ours,
                 "ratio": ratio(ours, peer)}
            )  # fmt: skip
        try:
            peer = sorted(_paint(shipped) for _ in range(3))[1]
            ours = sorted(_paint(big) for _ in range(3))[1]
            section.rows.append(
                {"step": "window: create to first paint", "shipped (peer)": peer,
                 "at the limit": ours, "ratio": ratio(ours, peer)}
            )  # fmt: skip
        except ImportError as exc:  # no Qt here: the other rows still stand
            section.notes.append(f"window paint not measured: {exc}")
        huge_root = _bag_with(Path(scratch) / "huge", b" " * (93 * 1024 * 1024))
        start = time.perf_counter()
        refused = Archive.load(huge_root)
        refuse_ms = (time.perf_counter() - start) * 1000
        assert refused.problems and "more than" in refused.problems[0].message
    section.notes += [
        f"At the limit: {size:,} bytes, {MAX_PARAGRAPHS:,} English and {MAX_PARAGRAPHS:,} "
        "Chinese paragraphs (SYNTHETIC, built from the shipped text at run time).",
        f"A 93 MB statement is refused by its size in {refuse_ms:.1f} ms (load of the whole "
        "bag, the manifest check included; nothing of the statement is read).",
    ]
    return section
