"""``python -m benchmarks [--json] [--runs N] [--only KEY...]``: every suite, one table each."""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys

# Later suites add their module here; each exposes ``run(runs) -> Section``.
SUITES = [
    "benchmarks.search_latency",
    "benchmarks.research_scale",
    "benchmarks.search_build",  # issue 10: build, peak memory, GUI stall, CLI vs FTS5
    "benchmarks.startup",
    "benchmarks.startup_cold",  # issue 14: the same without cached bytecode
    "benchmarks.bundle_size",
    "benchmarks.bundle_verify",
    "benchmarks.update_size",  # issue 16: signed archive updates
    "benchmarks.import_scale",  # issue 13: importing 2 MB and 20 MB pages
    "benchmarks.edition_size",
    "benchmarks.limits",  # issue 15: usable up to the statement size limit
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--runs", type=int, default=30, help="timed runs per measurement")
    parser.add_argument("--only", nargs="*", help="suite keys to run (default: all)")
    args = parser.parse_args(argv)
    sections = []
    for name in SUITES:
        key = name.rsplit(".", 1)[-1]
        if args.only and key not in args.only:
            continue
        sections.append(importlib.import_module(name).run(args.runs))
    if args.json:
        payload = {
            "machine": {"python": platform.python_version(), "platform": platform.platform()},
            "sections": {s.key: s.to_dict() for s in sections},
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(f"Python {platform.python_version()} on {platform.platform()}\n")
        print("\n\n".join(s.render() for s in sections))
    return 0


if __name__ == "__main__":
    sys.exit(main())
