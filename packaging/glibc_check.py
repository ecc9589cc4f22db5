"""``make glibc-check``: the newest glibc (and C++ runtime) any ELF file of the bundle needs.

    python packaging/glibc_check.py [dist/june-fourth-archive]

Prints the newest ``GLIBC_``, ``GLIBCXX_`` and ``CXXABI_`` symbol versions needed, over every
ELF file of the bundle (objdump's "Version References"), and exits 1 naming each file that
needs more than the floor (``bundle_rules.FLOOR_VERSIONS``: Ubuntu 22.04, glibc 2.35).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bundle_rules import FLOOR_VERSIONS, glibc_floor_report  # noqa: E402


def main(argv: list[str]) -> int:
    bundle = Path(argv[0]) if argv else HERE.parent / "dist" / "june-fourth-archive"
    if not (bundle / "_internal").is_dir():
        print(f"{bundle}: no built bundle; run `make dist` first", file=sys.stderr)
        return 2
    newest, problems = glibc_floor_report(bundle)
    for family, floor in FLOOR_VERSIONS.items():
        found = ".".join(map(str, newest.get(family, ()))) or "none"
        print(f"{family}: newest needed {found}, floor {'.'.join(map(str, floor))}")
    if problems:
        print("FAILED:\n  " + "\n  ".join(problems))
        return 1
    glibc = ".".join(map(str, newest.get("GLIBC", ())))
    print(f"OK: the bundle needs glibc {glibc} or newer (floor: Ubuntu 22.04, glibc 2.35)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
