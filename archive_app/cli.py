"""The command line: the same core calls the window makes, for scripts and for people.

Subcommands import what they need lazily, so ``list`` never pays for Whoosh and no command but
``gui`` ever imports Qt. Every error a user can cause ends in one line on stderr naming the file
(and line) and exit code 2; verification failures exit 1.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive_app import __version__
from archive_app.core.convert import MODES
from archive_app.core.errors import ArchiveAppError

if TYPE_CHECKING:
    from archive_app.core.archive import Archive, Statement

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _archive_dir(args: argparse.Namespace) -> Path:
    from archive_app.core.paths import default_archive_dir

    return Path(args.archive) if getattr(args, "archive", None) else default_archive_dir()


def _load(args: argparse.Namespace) -> Archive:
    from archive_app.core.archive import Archive

    archive = Archive.load(_archive_dir(args))
    for problem in archive.problems:
        print(f"warning: {problem}", file=sys.stderr)
    return archive


def _print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


# --- commands -----------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    archive = _load(args)
    rows = [
        {
            "year": s.year,
            "title": s.title,
            "en_paragraphs": len(s.en),
            "zh_paragraphs": len(s.zh),
            "signatories": len(s.signatories),
        }
        for s in archive
    ]
    if args.json:
        _print_json(rows)
    else:
        for row in rows:
            print(
                f"{row['year']}  {row['title']}  "
                f"({row['en_paragraphs']} English ¶, {row['zh_paragraphs']} Chinese ¶)"
            )
    return EXIT_OK


def _show_text(statement: Statement, lang: str, mode: str) -> str:
    from archive_app.core.convert import convert, is_converted

    out = [f"{statement.year} — {statement.title}", ""]
    if lang in ("en", "both"):
        out += [f"¶{n}  {p}" for n, p in enumerate(statement.en, 1)]
        if statement.closing:
            out += ["", statement.closing]
        if statement.signatories:
            out += ["", "Signatories:", *(f"  {s}" for s in statement.signatories)]
        out.append("")
    if lang in ("zh", "both"):
        converted = is_converted(statement.zh_script, mode)
        if converted:
            out.append(
                f"[Chinese converted from {statement.zh_script.title()} to {mode} by OpenCC "
                "for display; the archive stores the original]"
            )
        if not statement.zh:
            out.append("(no Chinese text in the source)")
        for n, p in enumerate(statement.zh, 1):
            text = convert(p, statement.zh_script, mode) if converted else p
            out.append(f"¶{n}  {text}")
        out.append("")
    return "\n".join(out)


def cmd_show(args: argparse.Namespace) -> int:
    from archive_app.core.archive import statement_to_json

    statement = _load(args).get(args.year)
    if args.json:
        if args.script != "original":
            print("note: --json prints the stored statement; --script is ignored", file=sys.stderr)
        sys.stdout.write(statement_to_json(statement))
    else:
        print(_show_text(statement, args.lang, args.script), end="")
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from archive_app.core.search import SearchIndex

    index = SearchIndex(_load(args))
    hits = index.search(args.query, year=args.year, lang=args.lang, limit=args.limit)
    rows = [hit.to_dict() for hit in hits]
    if args.format == "json":
        _print_json(rows)
    elif args.format == "csv":
        buffer = io.StringIO()
        columns = ["year", "lang", "paragraph", "score", "text", "snippet", "aligned"]
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        sys.stdout.write(buffer.getvalue())
    else:
        if not hits:
            print(f"No hits for {args.query!r}.")
        for hit in hits:
            snippet = hit.snippet.replace("<mark>", "[").replace("</mark>", "]")
            print(f"{hit.year} {hit.lang} ¶{hit.paragraph}: {_unescape(snippet)}")
    return EXIT_OK


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def cmd_verify(args: argparse.Namespace) -> int:
    from archive_app.core.integrity import verify_archive

    report = verify_archive(_archive_dir(args))
    for problem in report.problems:
        print(f"{problem}", file=sys.stderr)
    print(report.summary())
    return EXIT_OK if report.ok else EXIT_FAILED


def cmd_import(args: argparse.Namespace) -> int:
    from archive_app.core.archive import statement_to_json
    from archive_app.core.importer import import_file

    results = [import_file(Path(f), year=args.year) for f in args.files]
    if args.json:
        objects = [r.statement.to_dict() for r in results]
        if len(objects) == 1:
            sys.stdout.write(statement_to_json(results[0].statement))
        else:
            _print_json(objects)
    if args.dry_run:
        if not args.json:
            for r in results:
                s = r.statement
                print(
                    f"{r.source_name}: {s.year} ({s.year_basis['method']}), "
                    f"{len(s.en)} English ¶, {len(s.zh)} Chinese ¶, "
                    f"{len(s.signatories)} signatories — dry run, nothing written"
                )
        return EXIT_OK
    from archive_app.core.bagstore import add_to_bag, create_bag

    root = _archive_dir(args)
    if not root.exists() or (root.is_dir() and not any(root.iterdir())):
        create_bag(root)
    for r in results:
        outcome = add_to_bag(root, r)
        print(f"{r.source_name}: {r.statement.year} {outcome} in {root}", file=sys.stderr)
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    from archive_app.gui.app import run_gui

    return run_gui(args)


# --- parser -------------------------------------------------------------------------------


def _year(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a year: {text!r}") from None


def _positive(text: str) -> int:
    value = _year(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    # The global options live on a parent parser shared by every subcommand, so they are
    # accepted before or after the command name; SUPPRESS keeps a later default from
    # overwriting a value given before the command.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--archive",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="the archive folder (a BagIt bag); default: the archive shipped with the app",
    )
    common.add_argument(
        "--portable",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="portable mode: keep every file the app writes under DIR/Data",
    )
    parser = argparse.ArgumentParser(
        prog="archive_app",
        description="June Fourth Archive: read, search and verify the June Fourth coalition "
        "statements offline. With no command, opens the window.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str) -> Any:
        p = sub.add_parser(name, parents=[common], help=help_, description=help_)
        p.set_defaults(func=func)
        return p

    p = add("list", cmd_list, "list the statements in the archive")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = add("show", cmd_show, "print one year's statement")
    p.add_argument("year", type=_year)
    p.add_argument("--lang", choices=["en", "zh", "both"], default="both")
    p.add_argument("--script", choices=MODES, default="original", help="script of the Chinese")
    p.add_argument("--json", action="store_true", help="print the stored statement object")

    p = add("search", cmd_search, "full-text search in English or Chinese (either script)")
    p.add_argument("query", help='words, "phrases", AND / OR / NOT, (grouping)')
    p.add_argument("--year", type=_year)
    p.add_argument("--lang", choices=["en", "zh"])
    p.add_argument("--limit", type=_positive, default=20)
    p.add_argument("--format", choices=["text", "json", "csv"], default="text")

    p = add("verify", cmd_verify, "check every checksum and every statement of the archive")

    p = add("import", cmd_import, "import captured page text or saved web pages into the archive")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="parse and report; write nothing")
    p.add_argument("--json", action="store_true", help="print the statement JSON")
    p.add_argument("--year", type=_year, help="the year, when the text does not name it")

    p = add("gui", cmd_gui, "open the window (the default)")
    p.add_argument("--screenshot", metavar="PATH", help="render the window to a PNG and exit")
    p.add_argument("--year", type=_year)
    p.add_argument(
        "--view", choices=["en", "zh", "side-by-side"], help="default: as last time (side-by-side)"
    )
    p.add_argument("--script", choices=MODES, help="default: as last time (original)")
    p.add_argument("--theme", choices=["light", "dark", "sepia"], help="colour theme")
    p.add_argument("--ui-lang", choices=["en", "zh_Hant", "zh_Hans"], help="interface language")
    p.add_argument("--search", metavar="QUERY", help="start with the hits of QUERY listed")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        args = parser.parse_args([*(argv if argv is not None else sys.argv[1:]), "gui"])
    try:
        result: int = args.func(args)
        return result
    except ArchiveAppError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
