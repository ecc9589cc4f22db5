"""Shrink Qt's ICU data library (``libicudata.so.NN``, 32 MB of the bundle) to what Qt uses.

Qt links ICU for collation (``QCollator``), locale-aware case mapping, legacy text codecs and
time-zone names; for everything else (language, country and currency names, number and date
formats) Qt uses its own CLDR tables. The ICU data package also carries trees that only ICU's
own formatting APIs read, which Qt never calls: unit, currency, language and region display
names, transliteration rules and rule-based number formats, and time-zone display names (the
one thing this removes that Qt could show: ``QTimeZone::displayName`` comes back empty; nothing
in the app shows a time zone). Collation, case mapping, break iteration, the codecs and the
time-zone rules themselves stay. ``ICU_DROPPED_TREES`` in ``bundle_rules.py`` is the list.

How: the data is one symbol (``icudtNN_dat``) in the library's read-only data. This copies it
out of the ELF file, removes the items with ICU's ``icupkg`` (Debian: ``icu-devtools``), and
assembles a new library holding the smaller package under the same symbol and soname (``cc``
with ``.incbin``; no build ID, so the output depends only on the input). Checked by
``make smoke`` (the window, search, verify) and by comparing Qt's collation, case mapping and
word boundaries before and after.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bundle_rules import icu_items_to_drop

__all__ = ["find_data_symbol", "trim_icu_library"]


def find_data_symbol(elf: bytes) -> tuple[str, int, int]:
    """(name, file offset, size) of the ``icudt*_dat`` symbol of an ELF64 little-endian file."""
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        raise ValueError("not a 64-bit little-endian ELF file")
    (shoff,) = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", elf, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", elf, shoff + i * shentsize) for i in range(shnum)]
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, entsize in sections:
        if kind != 11:  # SHT_DYNSYM
            continue
        strtab = sections[link]
        for pos in range(offset, offset + size, entsize):
            st_name, _st_info, _other, shndx, value, st_size = struct.unpack_from(
                "<IBBHQQ", elf, pos
            )
            start = strtab[4] + st_name
            name = elf[start : elf.index(b"\0", start)].decode("ascii", "replace")
            if name.startswith("icudt") and name.endswith("_dat") and 0 < shndx < shnum:
                section = sections[shndx]
                return name, value - section[3] + section[4], st_size
    raise ValueError("no icudt*_dat symbol: not an ICU data library")


def trim_icu_library(library: Path) -> tuple[int, int]:
    """Replace ``library`` with a trimmed copy; return its sizes (before, after)."""
    icupkg, cc = shutil.which("icupkg"), shutil.which("cc") or shutil.which("gcc")
    if not icupkg or not cc:
        raise FileNotFoundError("icupkg and cc are needed (apt-get install icu-devtools gcc)")
    original = library.read_bytes()
    symbol, offset, size = find_data_symbol(original)
    package = symbol.removesuffix("_dat") + "l"  # icudt73_dat → icudt73l (little-endian)
    with tempfile.TemporaryDirectory(prefix="jfa-icu-") as name:
        tmp = Path(name)
        (tmp / "in").mkdir()
        (tmp / "out").mkdir()
        (tmp / "in" / f"{package}.dat").write_bytes(original[offset : offset + size])
        listing = subprocess.run(
            [icupkg, "-l", f"{package}.dat"],
            cwd=tmp / "in",
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        drop = icu_items_to_drop(listing)
        (tmp / "drop.txt").write_text("".join(f"{item}\n" for item in drop), "ascii")
        subprocess.run(
            [icupkg, "-r", str(tmp / "drop.txt"), f"in/{package}.dat", f"out/{package}.dat"],
            cwd=tmp,
            check=True,
            capture_output=True,
        )
        (tmp / "data.s").write_text(
            "    .section .rodata\n"
            f"    .globl {symbol}\n"
            f"    .type {symbol}, @object\n"
            "    .balign 16\n"
            f"{symbol}:\n"
            f'    .incbin "out/{package}.dat"\n'
            f"    .size {symbol}, . - {symbol}\n"
            '    .section .note.GNU-stack,"",@progbits\n',
            "ascii",
        )
        subprocess.run(
            [
                cc,
                "-shared",
                "-nostdlib",
                f"-Wl,-soname,{library.name}",
                "-Wl,--build-id=none",
                "-o",
                "trimmed.so",
                "data.s",
            ],
            cwd=tmp,
            check=True,
        )
        trimmed = (tmp / "trimmed.so").read_bytes()
    if find_data_symbol(trimmed)[0] != symbol:
        raise RuntimeError(f"{library}: the trimmed library lost its data symbol")
    library.write_bytes(trimmed)
    return len(original), len(trimmed)
