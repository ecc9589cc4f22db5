"""The command line: the same core calls the window makes, for scripts and for people.

Subcommands import what they need lazily, so ``list`` never pays for Whoosh and no command but
``gui`` ever imports Qt; their code is in :mod:`archive_app.commands`, imported to run one.
Every error a user can cause ends in one line on stderr naming the file (and line) and exit
code 2; verification failures exit 1.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from archive_app import __version__
from archive_app.core.convert import MODES, Mode
from archive_app.core.errors import ArchiveAppError
from archive_app.core.settings import CHINESE_FACES, THEMES, VIEWS
from archive_app.startup import release_collector

if TYPE_CHECKING:
    from archive_app.core.paths import AppPaths

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _app_paths(args: argparse.Namespace) -> AppPaths:
    """Where this run writes: ``--portable DIR``, a ``portable`` marker, or the user's folders."""
    paths: AppPaths | None = getattr(args, "app_paths", None)
    if paths is None:
        from archive_app.core.paths import resolve_app_paths

        paths = resolve_app_paths(getattr(args, "portable", None))
        args.app_paths = paths
    return paths


def _mode(text: str) -> Mode:
    """A script mode from the command line, or a clear error naming the choices."""
    try:
        return Mode(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"unknown script {text!r}; choose one of: {', '.join(MODES)}"
        ) from None


# What a terminal would act on instead of showing: C0 controls but newline and tab (ESC starts
# CSI/OSC sequences: a window title, an OSC 52 clipboard write; CR overwrites a line), DEL, the
# C1 controls (U+009B is a one-character CSI), the bidirectional overrides that reorder what is
# shown, and lone surrogates (not text; a command-line argument can carry one).
_TERMINAL_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x20 or code == 0x7F else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """``text`` with every character a terminal would act on shown escaped (``\\x1b``,
    ``\\u009b``). The escapes are also JSON escapes of the same characters where JSON allows
    them raw (C1 controls, bidi overrides), so JSON output decodes to the stored text."""
    return _TERMINAL_UNSAFE.sub(_escape_char, text)


class _TerminalSafe(io.TextIOBase):
    """A text stream that passes :func:`terminal_safe` text to ``inner``: what the CLI prints
    (statement text, file names in messages, queries) is never a terminal command."""

    def __init__(self, inner: Any):
        self.inner = inner

    def write(self, text: str) -> int:
        self.inner.write(terminal_safe(text))
        return len(text)

    def flush(self) -> None:
        self.inner.flush()

    def isatty(self) -> bool:
        return bool(self.inner.isatty())

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return str(getattr(self.inner, "encoding", "utf-8"))


def _parse_pairs(text: str) -> list[tuple[int, int]]:
    """``"1:1,2:2"`` → [(1, 1), (2, 2)] (English ¶ : Chinese ¶); ``""`` → no pairs."""
    pairs: list[tuple[int, int]] = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        en, sep, zh = item.partition(":")
        if not sep or not en.strip().isdigit() or not zh.strip().isdigit():
            raise argparse.ArgumentTypeError(f"not an EN:ZH pair: {item!r} (e.g. 2:1)")
        pairs.append((int(en), int(zh)))
    return pairs


def cmd_gui(args: argparse.Namespace) -> int:
    from archive_app.gui.app import run_gui

    return run_gui(args)


# --- research: concordance, trends, compare, exports (issue 5) -----------------------------

EXPORT_FORMATS = ("csv", "json", "markdown")


def _add_research_commands(add: Callable[..., Any]) -> None:
    p = add("concordance", "cmd_concordance", "every occurrence of a query in context (KWIC)")
    p.add_argument("query", help="search language; see: search --help-syntax")
    p.add_argument(
        "--width", type=_non_negative, default=40,
        help="context each side: characters for Chinese, words for English (default 40)",
    )  # fmt: skip
    p.add_argument("--sort", choices=["left", "right", "year"], default="year")
    p.add_argument("--format", choices=["text", *EXPORT_FORMATS], default="text")
    p.add_argument("--output", metavar="FILE", help="write an export with citations to FILE")
    p.add_argument(
        "--script", type=_mode, choices=list(Mode), default=Mode.ORIGINAL,
        help="script of the Chinese: " + ", ".join(MODES),
    )  # fmt: skip
    p.add_argument("--year", type=_year)
    p.add_argument("--lang", choices=["en", "zh"])

    p = add("trends", "cmd_trends", "matching paragraphs and occurrences per year for each term")
    p.add_argument("terms", nargs="+", metavar="TERM", help="words, phrases or queries")
    p.add_argument("--format", choices=["text", *EXPORT_FORMATS], default="text")
    p.add_argument("--output", metavar="FILE", help="write an export with citations to FILE")
    p.add_argument("--lang", choices=["en", "zh"])

    p = add("compare", "cmd_compare", "compare two years' statements paragraph by paragraph")
    p.add_argument("year_a", type=_year, metavar="YEAR_A")
    p.add_argument("year_b", type=_year, metavar="YEAR_B")
    p.add_argument("--lang", choices=["en", "zh"], default="en")
    p.add_argument("--format", choices=["text", "json"], default="text")


def _non_negative(text: str) -> int:
    value = _year(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


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


_VALUE_OPTIONS = ("--archive", "--portable")  # the global options that take a value


def _command_in(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` (its first word that is not an option or an option's
    value), or None."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--":
            return None
        elif arg.startswith("-"):
            skip = "=" not in arg and any(
                len(arg) >= 3 and option.startswith(arg) for option in _VALUE_OPTIONS
            )
        else:
            return arg
    return None


class _Command:
    """A command of :mod:`archive_app.commands`, imported when it runs: the window's start never
    loads (or, from a fresh source tree, compiles) the other commands' 700 lines."""

    def __init__(self, name: str):
        self.name = name

    def __call__(self, args: argparse.Namespace) -> int:
        from archive_app import commands

        return int(getattr(commands, self.name)(args))

    def __repr__(self) -> str:
        return f"<command {self.name}>"


class _Unused:
    """Stands in for the parser of a command that is not being run: what is added to it is
    dropped (see :func:`build_parser`)."""

    def __getattr__(self, name: str) -> Callable[..., _Unused]:
        return lambda *args, **kwargs: self


_HELP = ("-h", "--help")


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The CLI's parser. With ``argv`` naming a command (and asking no help), only that command
    is built: every command's parser and options took 3-5 ms of each call, a twentieth of a
    ``search`` and of the window's start. Asked for help, or given a name that is no command,
    every command is listed (the one named, if any, with its options)."""
    wanted = _command_in(argv) if argv is not None else None
    alone = wanted is not None and not any(arg in _HELP for arg in argv or ())
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

    def add(name: str, func: str, help_: str) -> Any:
        if alone and name != wanted:
            return _Unused()
        p = sub.add_parser(name, parents=[common], help=help_, description=help_)
        p.set_defaults(func=cmd_gui if func == "cmd_gui" else _Command(func))
        return p if wanted in (None, name) else _Unused()

    p = add("list", "cmd_list", "list the statements in the archive")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = add("show", "cmd_show", "print one year's statement")
    p.add_argument("year", type=_year)
    p.add_argument("--lang", choices=["en", "zh", "both"], default="both")
    p.add_argument(
        "--script", type=_mode, choices=list(Mode), default=Mode.ORIGINAL,
        help="script of the Chinese: " + ", ".join(MODES),
    )  # fmt: skip
    p.add_argument("--json", action="store_true", help="print the stored statement object")
    p.add_argument(
        "--text",
        type=_positive,
        default=1,
        metavar="N",
        help="which text of the year: 1 (default) or a later version kept beside it",
    )

    p = add("search", "cmd_search", "full-text search in English or Chinese (either script)")
    p.add_argument(
        "query", nargs="?", help='words, "phrases", AND / OR / NOT, (grouping); --help-syntax'
    )
    p.add_argument("--year", type=_year)
    p.add_argument("--lang", choices=["en", "zh"])
    p.add_argument("--limit", type=_positive, default=20)
    p.add_argument("--format", choices=["text", "json", "csv", "markdown"], default="text")
    p.add_argument("--output", metavar="FILE", help="write an export with citations to FILE")
    p.add_argument(
        "--script", type=_mode, choices=list(Mode), default=Mode.ORIGINAL,
        help="script of the Chinese: " + ", ".join(MODES),
    )  # fmt: skip
    p.add_argument(
        "--help-syntax", action="store_true", help="explain the search language and exit"
    )

    _add_research_commands(add)

    p = add("verify", "cmd_verify", "check every checksum and every statement of the archive")
    p.add_argument(
        "--bundle",
        metavar="DIR",
        nargs="?",
        const="",
        help="instead, check the app bundle in DIR (default: the running bundle) against its "
        "signed MANIFEST.sha256: the signature, every checksum, missing and extra files",
    )
    p.add_argument(
        "--allow-unsigned",
        action="store_true",
        help="with --bundle or --edition: exit 0 for complete files that carry no signature",
    )
    p.add_argument(
        "--edition",
        metavar="FILE",
        help="instead, check one edition file (HTML or ZIM) against the signed MANIFEST.sha256 "
        "beside it (or in a folder above it)",
    )

    p = add(
        "import",
        "cmd_import",
        "import captured page text or saved web pages: into your own archive (added locally, "
        "not signed), or into the bag named with --archive",
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="parse and report; write nothing")
    p.add_argument("--json", action="store_true", help="print the statement JSON")
    p.add_argument("--year", type=_year, help="the year, when the text does not name it")
    p.add_argument(
        "--align",
        type=_parse_pairs,
        metavar="EN:ZH,...",
        help="the curator's paragraph alignment in place of the proposed one, e.g. 1:1,2:2 "
        "('' for none); stored as confirmed or corrected by the curator",
    )
    p.add_argument("--curator", metavar="NAME", help="who confirmed the alignment (optional)")

    _add_update_commands(add, common)

    p = add(
        "edition",
        "cmd_edition",
        "write an edition that needs no install: one offline HTML file, or a ZIM for Kiwix",
    )
    p.add_argument("kind", choices=["html", "zim"], help="html: one file for any browser; zim")
    p.add_argument("output", metavar="OUT", help="the file to write (e.g. june-fourth.html)")
    p.add_argument(
        "--no-local",
        action="store_true",
        help="leave out your own additions (added locally, not signed); by default they are "
        "included and marked as such",
    )

    p = add("gui", "cmd_gui", "open the window (the default)")
    p.add_argument("--screenshot", metavar="PATH", help="render the window to a PNG and exit")
    p.add_argument("--year", type=_year)
    p.add_argument(
        "--text", type=int, default=1, metavar="N",
        help="with --year: the Nth text of the year (2 for 2021.v2.json); default 1",
    )  # fmt: skip
    p.add_argument("--view", choices=VIEWS, help="default: as last time (side-by-side)")
    p.add_argument(
        "--script", type=_mode, choices=list(Mode),
        help="default: as last time (original); one of " + ", ".join(MODES),
    )  # fmt: skip
    p.add_argument("--theme", choices=THEMES, help="colour theme")
    p.add_argument(
        "--face", choices=CHINESE_FACES, help="the face of the Chinese paragraphs (default: sans)"
    )
    p.add_argument("--ui-lang", choices=["en", "zh_Hant", "zh_Hans"], help="interface language")
    p.add_argument("--search", metavar="QUERY", help="start with the hits of QUERY listed")
    if alone and wanted not in sub.choices:  # a name that is no command: list every command
        return build_parser()
    return parser


def _add_update_commands(add: Callable[..., Any], common: argparse.ArgumentParser) -> None:
    p = add("update", "cmd_update", "signed archive updates (.jfa): build, apply, list")
    update_sub = p.add_subparsers(dest="update_command", metavar="ACTION", required=True)
    b = update_sub.add_parser(
        "build",
        parents=[common],
        help="(maintainers) write OUT.jfa: chosen statements with their sources, signed",
    )
    b.set_defaults(update_func=_Command("cmd_update_build"))
    b.add_argument("out", metavar="OUT.jfa")
    b.add_argument("--years", type=_year, nargs="+", metavar="YEAR", help="default: all")
    b.add_argument(
        "--sign-key",
        required=True,
        metavar="KEY",
        help="minisign secret key file (the release key; password from $MINISIGN_PASSWORD)",
    )
    a = update_sub.add_parser(
        "apply",
        parents=[common],
        help="check a signed update against the app's keys, show what it adds, store it",
    )
    a.set_defaults(update_func=_Command("cmd_update_apply"))
    a.add_argument("file", metavar="FILE")
    a.add_argument("--dry-run", action="store_true", help="check and show; write nothing")
    listing = update_sub.add_parser("list", parents=[common], help="the updates held")
    listing.set_defaults(update_func=_Command("cmd_update_list"))


_READ_ONLY = frozenset(
    {"cmd_list", "cmd_show", "cmd_search", "cmd_concordance", "cmd_trends", "cmd_compare"}
)
"""Commands that only read and print (an export they write is closed when they return)."""

finished_read_only = False
"""Set when the command that just ran is one of :data:`_READ_ONLY`: ``python -m archive_app``
may then leave without tearing the interpreter down (see :func:`archive_app.__main__.run`)."""


def main(argv: Sequence[str] | None = None) -> int:
    global finished_read_only
    finished_read_only = False
    words = list(argv) if argv is not None else sys.argv[1:]
    if _command_in(words) is None and not any(w in (*_HELP, "--version") for w in words):
        words.append("gui")  # no command: the window
    args = build_parser(words).parse_args(words)
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _TerminalSafe(stdout), _TerminalSafe(stderr)
    try:
        paths = _app_paths(args)
        if paths.portable:
            # Nothing written outside the portable folder: not even Python's bytecode caches.
            sys.dont_write_bytecode = True
        if args.func is not cmd_gui:
            release_collector()  # held while starting; the window releases it at first paint
        result: int = args.func(args)
        finished_read_only = getattr(args.func, "name", None) in _READ_ONLY
        return result
    except ArchiveAppError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    finally:
        sys.stdout, sys.stderr = stdout, stderr
