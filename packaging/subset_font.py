"""Build the CJK fonts bundled in ``resources/fonts/``.

Why this exists: the reader must show Chinese on a machine that has no CJK font at all (a fresh
Windows VM in English, a minimal Linux desktop). Qt then falls back to boxes. Shipping the full
Noto Sans CJK collection would add ~20 MB per weight, so we ship a subset: the frequently used
hanzi of both standards (GB2312 level 1 and Big5 level 1), CJK punctuation, Latin-1, and every
character that the archive's statements can show in any conversion mode.

Two source families, subset the same way (one character set, one set of features, one budget):
Noto Sans CJK (the reader's default face) and Noto Serif CJK (the Song/Ming face a reader can
choose in View → Reading settings…; the app registers it only then).

The source is Debian's ``fonts-noto-cjk`` (``apt-get install fonts-noto-cjk``). It is licensed
under the SIL Open Font License 1.1, which requires that a modified version (a subset is one) does
not use the Reserved Font Name as its primary name. Upstream's Reserved Font Name is "Source"
(Noto Sans CJK is Adobe's Source Han Sans, Noto Serif CJK its Source Han Serif) and "Noto" is a
Google trademark, so the subsets are renamed "June Fourth Sans TC" / "June Fourth Sans SC" and
"June Fourth Serif TC" / "June Fourth Serif SC" everywhere a font name is stored (the ``name``
table and the CFF table), and the copyright/description names the original.

The output is reproducible: the same source fonts and text give byte-identical files. The font
timestamps come from ``SOURCE_DATE_EPOCH`` when set, or else stay those of the source face, and
nothing else in the build depends on time or randomness.

Usage::

    python packaging/subset_font.py [--out resources/fonts] [--text FILE ...]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import fontTools
import opencc
from fontTools import subset
from fontTools.misc.timeTools import epoch_diff
from fontTools.ttLib import TTCollection, TTFont

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "resources" / "fonts"
DEFAULT_SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")
DEBIAN_COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")
STATEMENTS_DIR = REPO_ROOT / "archive_data" / "data" / "statements"
SEEDS_DIR = REPO_ROOT.parent / "shared" / "seeds"

MAX_FACE_BYTES = 5 * 1024 * 1024
"""Budget per face: the app is downloaded by people on slow or watched connections."""

VENDOR_NOTE = "June Fourth Archive"
UPSTREAM_TRADEMARK = "Noto is a trademark of Google Inc."


@dataclass(frozen=True)
class SourceFamily:
    """One family of Debian's fonts-noto-cjk and the name its subsets ship under."""

    source: str
    """The collection files' stem and the faces' PostScript prefix: NotoSansCJK, NotoSerifCJK."""
    source_name: str
    """Upstream's family name without the region: "Noto Sans CJK"."""
    adobe_name: str
    """The same design under Adobe's name: "Source Han Sans"."""
    name: str
    """Our family name without the region: "June Fourth Sans"."""
    copyright: str
    """Upstream's notice (noto-cjk's Sans/LICENSE, Serif/LICENSE; the years are those of the
    faces' own name ID 0). Kept verbatim: OFL §2 requires the copyright notice."""
    weights: tuple[str, ...]

    @property
    def ps_name(self) -> str:
        return self.name.replace(" ", "")


SANS = SourceFamily(
    source="NotoSansCJK",
    source_name="Noto Sans CJK",
    adobe_name="Source Han Sans",
    name="June Fourth Sans",
    copyright=(
        "Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'."
    ),
    weights=("Regular", "Bold"),
)
SERIF = SourceFamily(
    source="NotoSerifCJK",
    source_name="Noto Serif CJK",
    adobe_name="Source Han Serif",
    name="June Fourth Serif",
    copyright=(
        "Copyright 2017-2022 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'."
    ),
    # Regular only: Serif sets the Chinese paragraphs; the headings stay in Sans Bold (黑體
    # headings over 明體 text, as Chinese print sets them), so a Serif Bold pair would add
    # 5.6 MB to every download for nothing drawn (the README of resources/fonts has figures).
    weights=("Regular",),
)
SOURCE_FAMILIES: tuple[SourceFamily, ...] = (SANS, SERIF)

OPENCC_MODES: tuple[str, ...] = ("t2s", "t2tw", "t2hk", "s2t", "s2tw", "s2hk")
"""Every conversion the reader can apply, whichever way the source text is written."""

# Features worth their glyphs in a horizontal reader. Dropped on purpose: 'locl' (would pull in
# the JP/KR/HK glyph variants of every hanzi and double the size; we ship one face per standard
# instead), vertical forms (the reader never sets text vertically), 'aalt'/'ruby'/'hist' etc.
LAYOUT_FEATURES: tuple[str, ...] = (
    "ccmp",
    "calt",
    "liga",
    "kern",
    "mark",
    "mkmk",
    "halt",
    "palt",
    "fwid",
    "hwid",
    "pwid",
)

GENERAL_PUNCTUATION = "‐‑‒–—―‖‘’‚“”„†‡•‥…‧‰′″‹›※·"
"""Punctuation that Chinese and English statements both use (U+2010 block, plus middle dot)."""


@dataclass(frozen=True)
class Face:
    """One output font: a region face ("TC" or "SC") of a source family at one weight."""

    source: SourceFamily
    region: str
    weight: str

    @property
    def collection_file(self) -> str:
        return f"{self.source.source}-{self.weight}.ttc"

    @property
    def source_ps_name(self) -> str:
        return f"{self.source.source}{self.region.lower()}-{self.weight}"

    @property
    def family(self) -> str:
        return f"{self.source.name} {self.region}"

    @property
    def ps_name(self) -> str:
        return f"{self.source.ps_name}{self.region}-{self.weight}"

    @property
    def file_name(self) -> str:
        return f"{self.source.ps_name}-{self.region}-{self.weight}.otf"


FACES: tuple[Face, ...] = tuple(
    Face(source, region, weight)
    for source in SOURCE_FAMILIES
    for region in ("TC", "SC")
    for weight in source.weights
)


@dataclass
class FaceResult:
    """What one build produced, for the summary and the README."""

    face: Face
    path: Path
    size: int
    present: int
    missing: list[str]
    glyphs: int
    sha256: str
    source_version: str


# --------------------------------------------------------------------------- character set


def _decode_double_byte(codec: str, first: int, last: int, trails: Iterable[int]) -> set[str]:
    """Decode every two-byte code from ``first`` to ``last`` (inclusive) that the codec defines."""
    trail_bytes = tuple(trails)
    out: set[str] = set()
    for lead in range(first >> 8, (last >> 8) + 1):
        for trail in trail_bytes:
            code = (lead << 8) | trail
            if not first <= code <= last:
                continue
            try:
                out.add(bytes((lead, trail)).decode(codec))
            except UnicodeDecodeError:
                continue  # unassigned slot, e.g. the end of GB2312 row 55
    return out


def gb2312_level1() -> set[str]:
    """The 3,755 level-1 hanzi of GB2312 (rows 16–55): what Simplified text mostly uses."""
    return _decode_double_byte("gb2312", 0xB0A1, 0xD7F9, range(0xA1, 0xFF))


def big5_level1() -> set[str]:
    """The 5,401 frequently used hanzi of Big5 (0xA440–0xC67E): Traditional text's core."""
    trails = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
    return _decode_double_byte("big5", 0xA440, 0xC67E, trails)


def _assigned(start: int, end: int) -> set[str]:
    """Assigned, printable code points in ``start..end``: unassigned ones cannot be in a font."""
    chars = (chr(cp) for cp in range(start, end + 1))
    return {c for c in chars if unicodedata.category(c) not in {"Cn", "Cc", "Cs", "Co"}}


def base_charset() -> set[str]:
    """Everything requested independently of the archive's text."""
    chars = gb2312_level1() | big5_level1()
    chars |= _assigned(0x3000, 0x303F)  # CJK symbols and punctuation
    chars |= _assigned(0xFF00, 0xFFEF)  # halfwidth and fullwidth forms
    chars |= set(GENERAL_PUNCTUATION)
    chars |= _assigned(0x20, 0x7E) | _assigned(0xA0, 0xFF)  # ASCII + Latin-1 for UI strings
    return chars


def _json_strings(value: object) -> Iterator[str]:
    """Every string value in a JSON document, however deeply nested (keys are ASCII anyway)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def text_sources(extra: list[Path]) -> list[Path]:
    """The statements of the archive (if present), the shared seeds, and any ``--text`` files."""
    sources: list[Path] = []
    if STATEMENTS_DIR.is_dir():
        sources += sorted(STATEMENTS_DIR.glob("*.json"))
    if SEEDS_DIR.is_dir():
        sources += sorted(SEEDS_DIR.glob("*.txt"))
    sources += extra
    return sources


def read_text(path: Path) -> str:
    """The text of one source; for JSON, all its string values joined by newlines."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return "\n".join(_json_strings(json.loads(raw)))
    return raw


def _converters() -> list[opencc.OpenCC]:
    """One converter per mode; both with and without OpenCC's "may output tofu" dictionaries.

    OpenCC ≥ 1.2 can map to rare Extension-B+ forms (``include_tofu_risk_dictionaries``, on by
    default). We do not know which setting the app will pick, so the font covers both outputs.
    Older OpenCC has no such switch and a single behaviour.
    """
    converters: list[opencc.OpenCC] = []
    for mode in OPENCC_MODES:
        converters.append(opencc.OpenCC(mode))
        with contextlib.suppress(TypeError):  # OpenCC < 1.2: no such switch
            converters.append(opencc.OpenCC(mode, include_tofu_risk_dictionaries=False))
    return converters


def renderable(chars: Iterable[str]) -> set[str]:
    """Drop characters a font never draws: controls, surrogates and private use."""
    return {c for c in chars if unicodedata.category(c) not in {"Cc", "Cs", "Co"}}


def archive_charset(texts: list[str]) -> set[str]:
    """Every character of every text, as written and in every OpenCC conversion."""
    converters = _converters()
    chars: set[str] = set()
    for text in texts:
        chars |= set(text)
        for converter in converters:
            chars |= set(converter.convert(text))
    return renderable(chars)


# --------------------------------------------------------------------------- font building


def source_timestamp() -> int | None:
    """``SOURCE_DATE_EPOCH`` as a font timestamp (seconds since 1904), or None if unset."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    return int(value) - int(epoch_diff)


def load_face(source_dir: Path, face: Face) -> TTFont:
    """Open the region face of the collection, found by its PostScript name, not its index."""
    path = source_dir / face.collection_file
    if not path.is_file():
        raise SystemExit(
            f"error: {path} not found. Install Debian's fonts-noto-cjk "
            "(apt-get install fonts-noto-cjk) or pass --source-dir."
        )
    collection = TTCollection(str(path), lazy=True)
    for index, font in enumerate(collection.fonts):
        if font["name"].getDebugName(6) == face.source_ps_name:
            return TTFont(str(path), fontNumber=index, recalcTimestamp=False, lazy=False)
    raise SystemExit(f"error: {path} has no face named {face.source_ps_name}")


def subset_options() -> subset.Options:
    """fontTools options: keep CFF hints and subroutines, only English names, chosen features."""
    options = subset.Options()
    options.layout_features = list(LAYOUT_FEATURES)
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.name_languages = [0x0409]
    options.name_legacy = False
    options.notdef_outline = True  # a visible .notdef beats an invisible gap
    options.recalc_timestamp = False
    options.drop_tables += ["VORG", "vhea", "vmtx"]  # vertical metrics: never used
    options.hinting = True
    options.desubroutinize = False
    options.glyph_names = False
    return options


def rename(font: TTFont, face: Face) -> None:
    """Give the subset its own name everywhere a name is stored (OFL §3), and credit upstream."""
    name = font["name"]
    version = name.getDebugName(5) or "Version 0"
    version_number = version.removeprefix("Version ").split(";")[0]
    source_family = name.getDebugName(1) or face.source_ps_name
    full = f"{face.family} {face.weight}" if face.weight != "Regular" else face.family
    description = (
        f"{face.family} {face.weight} is a subset of {source_family} {face.weight} "
        f"({version.split(';')[0]}, Debian fonts-noto-cjk), made by {VENDOR_NOTE} with "
        "packaging/subset_font.py. Modified Version under the SIL Open Font License 1.1."
    )
    records: dict[int, str] = {
        0: f"{face.source.copyright} {UPSTREAM_TRADEMARK} Subset: {description}",
        1: face.family,
        2: face.weight,
        3: f"{version_number};{face.ps_name};{VENDOR_NOTE}",
        4: full,
        5: f"Version {version_number}; subset by {VENDOR_NOTE}",
        6: face.ps_name,
        10: description,
        13: (
            "This Font Software is licensed under the SIL Open Font License, Version 1.1. "
            "This license is available with a FAQ at: https://openfontlicense.org"
        ),
        14: "https://openfontlicense.org",
        16: face.family,
        17: face.weight,
    }
    name.names = []
    for name_id, text in sorted(records.items()):
        name.setName(text, name_id, 3, 1, 0x0409)
    # Also in the CFF table, which renderers may show and which is shared across the
    # collection (it still says "NotoSansCJKjp"/"NotoSerifCJKjp"): rename its font, top dict
    # and FD names.
    cff = font["CFF "].cff
    cff.fontNames = [face.ps_name]
    top = cff.topDictIndex[0]
    top.FullName = full
    top.FamilyName = face.family
    top.Weight = face.weight
    top.Notice = f"{face.source.copyright} {UPSTREAM_TRADEMARK} Subset by {VENDOR_NOTE}."
    if hasattr(top, "FDArray"):
        for fd in top.FDArray:
            fd_name = getattr(fd, "FontName", None)
            if fd_name:
                fd.FontName = re.sub(r"^[^-]+-[^-]+", face.ps_name, fd_name)


def set_timestamps(font: TTFont, timestamp: int | None) -> None:
    """Pin head.created/modified so the output does not change with the build clock."""
    head = font["head"]
    if timestamp is not None:
        head.created = timestamp
        head.modified = timestamp
    # else: keep the source face's values, which are fixed by the package version.


def build_face(
    source_dir: Path, face: Face, chars: set[str], out_dir: Path, timestamp: int | None
) -> FaceResult:
    """Subset, rename and save one face; measure what it covers."""
    font = load_face(source_dir, face)
    source_version = (font["name"].getDebugName(5) or "unknown version").split(";")[0]
    subsetter = subset.Subsetter(subset_options())
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)
    rename(font, face)
    set_timestamps(font, timestamp)
    path = out_dir / face.file_name
    font.save(str(path))
    font.close()

    saved = TTFont(str(path), lazy=True)
    cmap = saved.getBestCmap()
    glyphs = saved["maxp"].numGlyphs
    saved.close()
    missing = sorted((c for c in chars if ord(c) not in cmap), key=ord)
    data = path.read_bytes()
    return FaceResult(
        face=face,
        path=path,
        size=len(data),
        present=len(chars) - len(missing),
        missing=missing,
        glyphs=glyphs,
        sha256=hashlib.sha256(data).hexdigest(),
        source_version=source_version,
    )


# --------------------------------------------------------------------------- license + README


def ofl_text(copyright_file: Path) -> str:
    """The OFL 1.1 text as Debian ships it (in its copyright file), headed by upstream's notice."""
    if not copyright_file.is_file():
        raise SystemExit(f"error: {copyright_file} not found (install fonts-noto-cjk)")
    lines = copyright_file.read_text(encoding="utf-8").splitlines()
    # The field "License: SIL-1.1" also tags the Files paragraph; the text is in the stand-alone
    # License paragraph, the one whose next line is indented.
    starts = [
        i + 1
        for i, line in enumerate(lines[:-1])
        if line == "License: SIL-1.1" and lines[i + 1].startswith(" ")
    ]
    if not starts:
        raise SystemExit(f"error: no 'License: SIL-1.1' text in {copyright_file}")
    start = starts[0]
    body: list[str] = []
    for line in lines[start:]:
        if not line.startswith(" "):
            break
        text = line[1:]
        body.append("" if text == "." else text)
    header = [*(source.copyright for source in SOURCE_FAMILIES), UPSTREAM_TRADEMARK, ""]
    for source in SOURCE_FAMILIES:
        header += [
            f"{source.name} TC and {source.name} SC are Modified Versions (subsets) of",
            f"{source.source_name}, renamed as section 3 below requires. The same license applies "
            "to them.",
            "",
        ]
    header += [
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.",
        "This license is copied below, and is also available with a FAQ at:",
        "https://openfontlicense.org",
        "",
        "",
    ]
    return "\n".join(header + body).rstrip() + "\n"


def readme_text(
    results: list[FaceResult],
    requested: int,
    sources: list[Path],
    command: str,
    source_version: str,
) -> str:
    """resources/fonts/README.md: what the files are and how to make them again."""

    def shown(path: Path) -> str:
        # Relative to the repository, so the README does not change with the checkout's place.
        resolved = path.resolve()
        if resolved.is_relative_to(REPO_ROOT):
            return str(resolved.relative_to(REPO_ROOT))
        if resolved.is_relative_to(REPO_ROOT.parent):
            return "../" + str(resolved.relative_to(REPO_ROOT.parent))
        return str(path)

    rows = "\n".join(
        f"| `{r.face.file_name}` | {r.face.family} {r.face.weight} | {r.size:,} | "
        f"{r.present:,} | {r.glyphs:,} |"
        for r in results
    )
    missing = sorted({c for r in results for c in r.missing}, key=ord)
    missing_note = (
        "none"
        if not missing
        else ", ".join(f"U+{ord(c):04X} {c}" for c in missing) + " (not in the source font)"
    )
    fonttools_version = fontTools.version
    opencc_version = getattr(opencc, "__version__", "unknown")
    source_list = "\n".join(f"- `{shown(p)}`" for p in sources) or "- (none)"
    faces = "\n".join(
        f"- `{source.ps_name}-{region}-*.otf` — family **{source.name} {region}**,\n"
        f"  from the {standard} ({region}) face of {source.source_name},\n  {use}"
        for source in SOURCE_FAMILIES
        for region, standard, use in (
            (
                "TC",
                "Traditional Chinese",
                "for Traditional text (original statements, `t2tw`, `t2hk`).",
            ),
            ("SC", "Simplified Chinese", "for Simplified text (`t2s`)."),
        )
    )
    weights = "; ".join(f"{source.name}: {', '.join(source.weights)}" for source in SOURCE_FAMILIES)
    return f"""# Bundled fonts

Subsets of **Noto Sans CJK** and **Noto Serif CJK** (Adobe's Source Han Sans and Source Han
Serif under Google's Noto name), so that Chinese never renders as boxes on a machine with no CJK
font of its own. Sans is the reader's face; Serif (Song/Ming) is the one a reader can choose for
the Chinese paragraphs in View → Reading settings…, and the app registers it only when chosen.

{faces}

All faces hold the same characters; TC and SC differ in glyph shapes, as the regional standards
do.

Weights: {weights}.
Serif sets the Chinese paragraphs only; the reader's headings (a statement's title, the column
and signatory headings, weight 600) stay in Sans Bold, a 黑體 heading over 明體 text as Chinese
print sets them. So no Serif Bold ships: built from these sources, the pair measured 2,816,624
(TC) and 2,780,248 (SC) bytes, 5.6 MB more in every download for nothing the reader draws.

## License

SIL Open Font License 1.1, see `OFL.txt`. A subset is a Modified Version, so it does not carry
the Reserved Font Name ("Source") nor the "Noto" trademark in its font names; the name table's
copyright (ID 0) and description (ID 10) say which Noto CJK family it is a subset of.

## Characters

The union of GB2312 level 1 (3,755 hanzi), Big5 level 1 (5,401 hanzi), CJK symbols and
punctuation (U+3000–U+303F), halfwidth and fullwidth forms (U+FF00–U+FFEF), common general
punctuation, ASCII and Latin-1, and every character of the text sources below, as written and
converted by OpenCC in the modes {", ".join(f"`{m}`" for m in OPENCC_MODES)}.

Requested: **{requested:,}** characters. Missing from the output: {missing_note}.

Text sources read for this build:

{source_list}

| file | family / style | bytes | characters covered | glyphs |
| --- | --- | ---: | ---: | ---: |
{rows}

Layout features kept: {", ".join(f"`{f}`" for f in LAYOUT_FEATURES)}.
Dropped: `locl` (the JP/KR/HK glyph variants would double the size, and the shapes would then
follow the system locale; one face per standard instead) and vertical layout.

## How they were made

From Debian's `fonts-noto-cjk` (`apt-get install fonts-noto-cjk`, collections in
`/usr/share/fonts/opentype/noto/`; source faces: {source_version}), with fontTools
{fonttools_version} and OpenCC {opencc_version}, from the repository root:

```
python3 -m venv /tmp/fontvenv && /tmp/fontvenv/bin/pip install fonttools opencc
/tmp/fontvenv/bin/{command}
```

The build is reproducible: the same sources give byte-identical files (timestamps are the source
face's, or `SOURCE_DATE_EPOCH` when set). Run it again whenever statements are added: the
coverage test (`tests/core/test_font_coverage.py`) fails when a statement uses a character that
the fonts lack.
"""


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument(
        "--text",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="extra UTF-8 text (or statement JSON) whose characters must be covered; repeatable",
    )
    parser.add_argument(
        "--source-dir",
        type=Path,
        default=DEFAULT_SOURCE_DIR,
        help="folder holding the NotoSansCJK-*.ttc and NotoSerifCJK-*.ttc collections",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Build every face; exit 1 if a face is over budget or lacks a character of the text."""
    args = parse_args(argv)
    out_dir: Path = args.out
    out_dir.mkdir(parents=True, exist_ok=True)

    sources = text_sources(args.text)
    texts = [read_text(path) for path in sources]
    from_text = archive_charset(texts)
    chars = base_charset() | from_text
    timestamp = source_timestamp()

    print(f"text sources: {len(sources)}")
    for path in sources:
        print(f"  {path}")
    print(f"characters requested: {len(chars)} ({len(from_text)} from the text)")

    results = [build_face(args.source_dir, face, chars, out_dir, timestamp) for face in FACES]
    source_versions = ", ".join(
        f"{source.source_name} {version}"
        for source in SOURCE_FAMILIES
        for version in sorted({r.source_version for r in results if r.face.source is source})
    )
    (out_dir / "OFL.txt").write_text(ofl_text(DEBIAN_COPYRIGHT), encoding="utf-8")
    command = "python packaging/subset_font.py" + "".join(f" --text {path}" for path in args.text)
    if out_dir.resolve() != DEFAULT_OUT.resolve():
        command += f" --out {args.out}"
    (out_dir / "README.md").write_text(
        readme_text(results, len(chars), sources, command, source_versions), encoding="utf-8"
    )

    failed = False
    for r in results:
        print(
            f"{r.path.name}: {r.size:,} bytes, {r.glyphs} glyphs, "
            f"{r.present}/{len(chars)} characters present, sha256 {r.sha256[:16]}"
        )
        if r.missing:
            listed = " ".join(f"U+{ord(c):04X}({c})" for c in r.missing)
            print(f"  missing {len(r.missing)}: {listed}")
        text_missing = [c for c in r.missing if c in from_text and not c.isspace()]
        if text_missing:
            print(f"  ERROR: the archive text needs {''.join(text_missing)}", file=sys.stderr)
            failed = True
        if r.size > MAX_FACE_BYTES:
            print(f"  ERROR: over the {MAX_FACE_BYTES:,}-byte budget", file=sys.stderr)
            failed = True
    print(f"total: {sum(r.size for r in results):,} bytes in {out_dir}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
