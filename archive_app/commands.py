"""The CLI's commands but the window's: what ``archive_app list``, ``show``, ``search``,
``verify``, ``import``, ``update``, ``edition``, ``concordance``, ``trends`` and ``compare`` do.

:mod:`archive_app.cli` parses the command line and imports this module only to run one of these
(a window's start never loads, or compiles, their code).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive_app.cli import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    EXPORT_FORMATS,
    _app_paths,
)
from archive_app.core.convert import Mode
from archive_app.core.errors import ArchiveAppError, ArchiveError

if TYPE_CHECKING:
    from archive_app.core.record import Archive, Statement, StatementKey


def _archive_dir(args: argparse.Namespace) -> Path:
    from archive_app.core.paths import default_archive_dir

    return Path(args.archive) if getattr(args, "archive", None) else default_archive_dir()


def _user_archive_dir(args: argparse.Namespace) -> Path:
    return _app_paths(args).user_archive_dir


def _load(args: argparse.Namespace) -> Archive:
    """The archive named with --archive; by default the shipped one plus the user's additions."""
    from archive_app.core.record import Archive, Library

    if getattr(args, "archive", None):
        archive = Archive.load(_archive_dir(args))
    else:
        archive = Library.open(_archive_dir(args), _user_archive_dir(args))
        if _app_paths(args).updates_dir.is_dir():  # signed updates the user applied (issue 16)
            from archive_app.core.distribution import with_held_updates

            archive = with_held_updates(archive, _app_paths(args).updates_dir)
    for problem in archive.problems:
        print(f"warning: {problem}", file=sys.stderr)
    return archive


def _key_label(key: StatementKey) -> str:
    """``2021``, ``2021 v2``; a text that is not the signed record says so:
    ``2021 v2 [added locally, not signed]``."""
    from archive_app.core.record import origin_note

    note = origin_note(key)
    return f"{key.label} [{note}]" if note else key.label


def _print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


# --- commands -----------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    from archive_app.core.record import origin_note

    archive = _load(args)
    keyed = list(zip(archive.keys, archive, strict=True))
    rows: list[dict[str, Any]] = [
        {
            "year": key.year,
            "version": key.version,
            "title": s.title,
            "en_paragraphs": len(s.en),
            "zh_paragraphs": len(s.zh),
            "signatories": len(s.signatories),
            # "shipped" (the archive's own, signed in a release), "update" (a signed archive
            # update the user applied) or "local" (added by the user, not signed)
            "origin": key.origin.value,
            "note": origin_note(key),
        }
        for key, s in keyed
    ]
    for s, row in zip(archive, rows, strict=True):
        stamp = archive.key_of(s).update
        if stamp is not None:
            row["update"] = stamp.to_dict()
    if args.json:
        _print_json(rows)
    else:
        for (key, _s), row in zip(keyed, rows, strict=True):
            print(
                f"{_key_label(key)}  {row['title']}  "
                f"({row['en_paragraphs']} English ¶, {row['zh_paragraphs']} Chinese ¶)"
            )
    return EXIT_OK


def _show_text(statement: Statement, lang: str, mode: Mode, label: str) -> str:
    from archive_app.core.convert import convert, is_converted

    out = [f"{label} — {statement.title}", ""]
    if lang in ("en", "both"):
        out += [f"¶{n}  {p}" for n, p in enumerate(statement.en, 1)]
        if statement.signatories:
            out += ["", "Signatories (the signature block as the source gives it):"]
            for text, judged in statement.signature_block():
                note = (
                    f"  [{judged.kind} by {judged.by}: a sign-off, not a signer]" if judged else ""
                )
                out.append(f"  {text}{note}")
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
    from archive_app.core.record import origin_note, statement_to_json

    archive = _load(args)
    archive.get(args.year)  # a clear error naming the years held when there is none
    # The texts of the year, signed first: --text N picks the Nth version.
    texts = [(k, s) for k, s in zip(archive.keys, archive, strict=True) if k.year == args.year]
    chosen = [(k, s) for k, s in texts if k.version == args.text]
    if not chosen:
        held = ", ".join(str(k.version) for k, _s in texts)
        raise ArchiveError(
            f"no text {args.text} for {args.year}; the archive holds text(s) {held}",
            archive.root,
        )
    key, statement = chosen[0]
    note = origin_note(key)
    if note and not args.json:
        print(f"[{key.label}: {note}]")
    if args.json:
        if args.script != "original":
            print("note: --json prints the stored statement; --script is ignored", file=sys.stderr)
        sys.stdout.write(statement_to_json(statement))
    else:
        print(_show_text(statement, args.lang, args.script, key.label), end="")
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from archive_app.core.search import QUERY_HELP, SearchIndex

    if args.help_syntax:
        print(QUERY_HELP, end="")
        return EXIT_OK
    if args.query is None:
        raise _usage("search needs a QUERY (see: search --help-syntax)")
    archive = _load(args)
    index = SearchIndex(archive)
    result = index.run(
        args.query, year=args.year, lang=args.lang, limit=args.limit, script=args.script
    )
    if _research_export(args, archive, "search", result):
        return EXIT_OK
    hits = result.hits
    rows = [hit.to_dict() for hit in hits]
    if args.format == "json":
        _print_json(rows)
    elif args.format == "csv":
        from archive_app.core.research import csv_safe

        buffer = io.StringIO()
        columns = [
            "year", "version", "origin", "lang", "paragraph", "score", "text", "snippet",
            "aligned", "citation",
        ]  # fmt: skip
        writer = csv.writer(buffer)
        writer.writerow(columns)
        writer.writerows([csv_safe(row.get(c)) for c in columns] for row in rows)
        sys.stdout.write(buffer.getvalue())
    else:
        if not hits:
            print(f"No hits for {args.query!r}.")
        for hit in hits:
            snippet = hit.snippet.replace("<mark>", "[").replace("</mark>", "]")
            print(f"{_key_label(hit.key)} {hit.lang} ¶{hit.paragraph}: {_unescape(snippet)}")
        _search_summary(result)
    return EXIT_OK


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def cmd_verify(args: argparse.Namespace) -> int:
    if getattr(args, "edition", None) is not None:
        return _verify_edition(args)
    if getattr(args, "bundle", None) is not None:
        return _verify_bundle(args)
    from archive_app.core.record import verify_archive

    report = verify_archive(_archive_dir(args))
    for problem in report.problems:
        print(f"{problem}", file=sys.stderr)
    print(report.summary())
    ok = report.ok
    user = _user_archive_dir(args)
    if not getattr(args, "archive", None) and (user / "bagit.txt").is_file():
        # The user's own additions are checked too, and said to be what they are.
        local = verify_archive(user)
        for problem in local.problems:
            print(f"{problem}", file=sys.stderr)
        print(f"your archive (added locally, not signed): {local.summary()}")
        ok = ok and local.ok
    if not getattr(args, "archive", None):
        ok = _verify_updates(args) and ok
    return EXIT_OK if ok else EXIT_FAILED


def _verify_updates(args: argparse.Namespace) -> bool:
    """Each signed update the user holds: its signature and every checksum, checked again."""
    from archive_app.core.distribution import verify_held_updates

    ok = True
    for folder, passed, lines in verify_held_updates(_app_paths(args).updates_dir):
        verdict = "OK" if passed else "FAILED"
        print(f"signed update {folder.name}: {verdict}: {folder}")
        for line in lines:
            print(f"    {line}", file=sys.stdout if passed else sys.stderr)
        ok = ok and passed
    return ok


# --- signed archive updates (issue 16) ------------------------------------------------------


def cmd_update(args: argparse.Namespace) -> int:
    return int(args.update_func(args))


def cmd_update_build(args: argparse.Namespace) -> int:
    """``update build OUT.jfa --archive DIR [--years Y...] --sign-key KEY`` (maintainers)."""
    from archive_app.core.distribution import build_update, load_secret_key
    from archive_app.core.record import Archive

    archive = Archive.load(_archive_dir(args))
    for problem in archive.problems:
        raise problem
    key = load_secret_key(Path(args.sign_key), _password_for(Path(args.sign_key)))
    out = build_update(archive, args.years, key, Path(args.out))
    print(f"wrote {out} ({out.stat().st_size} bytes)")
    return _update_check_built(out, key)


def _password_for(path: Path) -> str | None:
    import os

    if os.environ.get("MINISIGN_PASSWORD") is not None or not sys.stdin.isatty():
        return None
    try:
        import minisign
    except ImportError:
        return None  # load_secret_key says what is missing

    try:
        encrypted = minisign.SecretKey.from_file(path).is_encrypted()
    except (OSError, ValueError, minisign.Error):
        return None  # load_secret_key names the problem
    if not encrypted:
        return None
    import getpass

    return getpass.getpass(f"Password for {path}: ")


def _update_check_built(out: Path, secret_key: object) -> int:
    """Read the built file back, check it with the key's own public half, say what it holds and
    whether this app's built-in keys accept it."""
    from archive_app.core.distribution import (
        check_update,
        load_trusted_keys,
        parse_public_key,
        read_update_file,
    )

    public = secret_key.get_public_key()  # type: ignore[attr-defined]
    own = parse_public_key(bytes(public) + b"\n", "the signing key")
    _data, files = read_update_file(out)
    contents = check_update(files, out, [own])
    print(f"signed comment: {contents.signature.trusted_comment}")
    print(f"key fingerprint: {own.fingerprint}")
    keys, _problems = load_trusted_keys()
    if not any(k.key_id == own.key_id and k.public_key == own.public_key for k in keys):
        print(
            "note: this key is not one of the keys built into this app (packaging/keys), so "
            "this app would refuse the update",
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_update_apply(args: argparse.Namespace) -> int:
    """``update apply FILE [--dry-run]``: check, show what it adds, then store it."""
    from archive_app.core.distribution import (
        apply_update,
        check_update,
        preview_update,
        read_update_file,
        with_held_updates,
    )
    from archive_app.core.record import Library

    paths = _app_paths(args)
    library = with_held_updates(
        Library.open(_archive_dir(args), paths.user_archive_dir), paths.updates_dir
    )
    path = Path(args.file)
    _data, files = read_update_file(path)
    preview = preview_update(check_update(files, path), library, paths.updates_dir)
    for line in preview.text_lines():  # what it adds, before anything is written
        print(line, flush=True)
    if args.dry_run:
        print("dry run: nothing was written")
        return EXIT_OK
    if not preview.adds_anything:
        return EXIT_OK
    applied = apply_update(path, paths.updates_dir, library)  # checks the file again
    if applied.written:
        print(f"applied: stored in {applied.folder}")
    return EXIT_OK


def cmd_update_list(args: argparse.Namespace) -> int:
    """``update list``: the signed updates held, and their statements."""
    from archive_app.core.distribution import load_held_updates

    held, problems = load_held_updates(_app_paths(args).updates_dir)
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    if not held:
        print("no signed updates are held")
    for update in held:
        years = ", ".join(str(s.year) for s in update.contents.statements)
        print(f"{update.folder.name}: {update.stamp.note}: {years}")
    return EXIT_OK


def _verify_bundle(args: argparse.Namespace) -> int:
    """``verify --bundle [DIR]``: the app's own files against its signed manifest."""
    from archive_app.core.distribution import (
        CAVEAT,
        SignatureStatus,
        external_commands,
        verify_bundle,
    )
    from archive_app.core.paths import bundle_root

    if args.bundle:
        root = Path(args.bundle)
    else:
        running = bundle_root()
        if running is None:
            raise ArchiveAppError(
                "this app runs from its Python sources, not from a bundle: name the bundle "
                "folder (verify --bundle DIR) or build one with `make dist`"
            )
        root = running
    report = verify_bundle(root)
    for line in report.lines():
        print(line, file=sys.stderr)
    print(report.summary())
    print("", file=sys.stderr)
    print(CAVEAT, file=sys.stderr)
    for command in external_commands(report.signature.key):
        print(f"    {command}", file=sys.stderr)
    local_ok = _report_portable_user_archive(root)
    unsigned = report.signature.status is SignatureStatus.NOT_SIGNED
    if (report.ok or (report.files_ok and unsigned and args.allow_unsigned)) and local_ok:
        return EXIT_OK
    return EXIT_FAILED


def _report_portable_user_archive(bundle: Path) -> bool:
    """A copy's own archive of local additions (``Data/user-archive``): no signature covers
    it, so ``verify --bundle`` checks its files and names every text in it as not signed."""
    from archive_app.core.paths import AppPaths
    from archive_app.core.record import Archive, verify_archive

    user = AppPaths.for_portable(bundle).user_archive_dir
    if not (user / "bagit.txt").is_file():
        return True
    local = verify_archive(user)
    for problem in local.problems:
        print(f"{problem}", file=sys.stderr)
    print(f"this copy's own archive (added locally, not signed, not covered by the signature): "
          f"{local.summary()}")  # fmt: skip
    try:
        held = Archive.load(user)
    except ArchiveError as exc:
        print(f"{exc}", file=sys.stderr)
        return False
    for statement in held:
        print(f"  {statement.year} ({statement.path.name if statement.path else '?'}): "
              f"{statement.title} [added locally, not signed]")  # fmt: skip
    return local.ok


def cmd_edition(args: argparse.Namespace) -> int:
    """``edition html|zim OUT``: an edition that needs no install (issue 12)."""
    from archive_app.core.editions import BUILDERS
    from archive_app.core.record import Library

    archive = _load(args)
    if args.no_local and isinstance(archive, Library):
        archive = Library.combine(archive.shipped_archive(), None)
    import os

    # libzim reports its steps on standard output; keep that for our one line.
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        result = BUILDERS[args.kind](archive, Path(args.output), None)
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
    local = sum(1 for s in archive if archive.key_of(s).local)
    note = f", {local} added locally, not signed" if local else ""
    count = f"{result.statements} statement" + ("" if result.statements == 1 else "s")
    print(f"{result.path}: {args.kind.upper()} edition, {count}{note}, {result.size:,} bytes")
    return EXIT_OK


def _verify_edition(args: argparse.Namespace) -> int:
    """``verify --edition FILE``: a lone edition file against the signed manifest next to it."""
    from archive_app.core.distribution import CAVEAT, SignatureStatus
    from archive_app.core.editions import verify_edition

    check = verify_edition(Path(args.edition))
    for line in check.lines():
        print(line)
    print("", file=sys.stderr)
    print(CAVEAT, file=sys.stderr)
    unsigned = check.signature.status is SignatureStatus.NOT_SIGNED
    if check.ok or (check.digest_ok and unsigned and args.allow_unsigned):
        return EXIT_OK
    return EXIT_FAILED


def cmd_import(args: argparse.Namespace) -> int:
    from archive_app.core.record import import_file, statement_to_json

    results = [import_file(Path(f), year=args.year) for f in args.files]
    if args.align is not None:
        results = [
            _with_alignment(r, Path(f), args.align, args.curator)
            for r, f in zip(results, args.files, strict=True)
        ]
    if args.json:
        objects = [r.statement.to_dict() for r in results]
        if len(objects) == 1:
            sys.stdout.write(statement_to_json(results[0].statement))
        else:
            _print_json(objects)
    for r in results:
        if r.ignored:  # nothing is left out silently
            print(f"{r.source_name}: ignored: {r.ignored_text()}", file=sys.stderr)
    if args.dry_run:
        for r in results:
            s = r.statement
            held = _dry_run_plan(args, r)
            if not args.json:
                print(
                    f"{r.source_name}: {s.year} ({s.year_basis['method']}), "
                    f"{len(s.en)} English ¶, {len(s.zh)} Chinese ¶, "
                    f"{len(s.signatories)} signatories — dry run, nothing written"
                )
            print(f"{r.source_name}: {held}", file=sys.stdout if not args.json else sys.stderr)
        return EXIT_OK
    if not getattr(args, "archive", None):
        return _import_to_user_archive(args, results)
    from archive_app.core.record import add_to_bag, create_bag

    root = _archive_dir(args)
    if not root.exists() or (root.is_dir() and not any(root.iterdir())):
        create_bag(root)
    code = EXIT_OK
    for r in results:
        added = add_to_bag(root, r)
        print(f"{r.source_name}: {added.message} ({root})", file=sys.stderr)
        if added.outcome == "refused":
            code = EXIT_USAGE  # a user-caused refusal: exit 2, like every user error
    return code


def _dry_run_plan(args: argparse.Namespace, result: Any) -> str:
    """What a real import would do with ``result``, said the way the real import says it."""
    from archive_app.core.record import Archive, UserArchive

    statement = result.statement
    if getattr(args, "archive", None):
        root = _archive_dir(args)
        if not (root / "bagit.txt").is_file():
            return f"would create an archive in {root} and add {statement.year}"
        archive = Archive.load(root)
        for held in archive:
            if held.source.get("sha256") == statement.source.get("sha256"):
                return f"already in {root}: this source (same SHA-256) is {held.year}; unchanged"
        if statement.year in archive.years:
            return (
                f"would be refused: {root} already holds a statement for {statement.year} "
                "(a different text is never written over it)"
            )
        return f"would add {statement.year} to {root}"
    user = UserArchive(_user_archive_dir(args))
    planned = user.plan(result, shipped=Archive.load(_archive_dir(args)))
    if not planned.added:
        return planned.message.replace("nothing was written", "nothing would be written")
    second = (
        f" as version {planned.version} (a different text for {planned.year} is already held)"
        if planned.version > 1
        else ""
    )
    return f"would add {planned.label} to your archive{second}"


def _with_alignment(
    result: Any, path: Path, pairs: list[tuple[int, int]], curator: str | None
) -> Any:
    """The import result with the curator's alignment in place of the importer's proposal."""
    import dataclasses

    from archive_app.core.record import curated_alignment

    statement = result.statement
    alignment = curated_alignment(statement, pairs, curator=curator, path=path)
    return dataclasses.replace(
        result, statement=dataclasses.replace(statement, alignment=alignment)
    )


def _import_to_user_archive(args: argparse.Namespace, results: list[Any]) -> int:
    """Without --archive, imports go to the user's own archive, never into the shipped one.

    A portable or bundled app never writes into the archive it ships (that would break the
    bundle's signed manifest), so this is also where a stick holder's additions go.
    """
    from archive_app.core.record import Archive, UserArchive

    paths = _app_paths(args)
    if not paths.writable:
        raise ArchiveAppError(
            "the portable folder is read-only, so nothing can be imported here; copy the "
            "app to a writable folder or import with --archive DIR",
            paths.data_dir,
        )
    user = UserArchive(_user_archive_dir(args))
    shipped = Archive.load(_archive_dir(args))
    for r in results:
        added = user.add(r, shipped=shipped)
        where = f" ({added.path})" if added.path else ""
        print(f"{r.source_name}: {added.message}{where}", file=sys.stderr)
    return EXIT_OK


_SUFFIX_FORMATS = {".csv": "csv", ".json": "json", ".md": "markdown", ".markdown": "markdown"}


def _usage(message: str) -> ArchiveAppError:
    from archive_app.core.errors import QueryError

    return QueryError(message)


def _export_format(args: argparse.Namespace) -> str | None:
    """The export format to write, or None for the command's own stdout output.

    ``--output FILE`` always writes an export (format from ``--format``, else from the file's
    suffix); ``--format markdown`` prints one. For ``search``, ``--format json|csv`` on stdout
    keep the original contract (a list of hits); the new commands print exports directly.
    """
    output = getattr(args, "output", None)
    fmt = args.format
    if output is not None:
        if fmt in EXPORT_FORMATS:
            return str(fmt)
        guessed = _SUFFIX_FORMATS.get(Path(output).suffix.lower())
        if guessed is None:
            raise _usage(
                f"{output}: choose --format csv, json or markdown (or name the file .csv, "
                ".json or .md)"
            )
        return guessed
    if fmt == "markdown" or (args.command != "search" and fmt in ("csv", "json")):
        return str(fmt)
    return None


def _research_export(args: argparse.Namespace, archive: Archive, kind: str, value: Any) -> bool:
    """Write or print ``value`` as an export when the options ask for one; True if done."""
    fmt = _export_format(args)
    if fmt is None:
        return False
    from archive_app.core.research import export

    stamp = export.ArchiveStamp.of(archive)
    if kind == "search":
        text = export.export_search(value, fmt, stamp)
    elif kind == "concordance":
        text = export.export_concordance(value, fmt, stamp, query=args.query)
    else:
        text = export.export_trends(value, fmt, stamp)
    if args.output:
        export.write_export(Path(args.output), text)
        print(f"wrote {args.output} ({fmt})", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return True


def _search_summary(result: Any) -> None:
    if result.total:
        per_year = ", ".join(f"{y}: {n}" for y, n in result.counts_by_year.items() if n)
        print(f"— {len(result.hits)} of {result.total} matching paragraphs ({per_year})")
    if result.expanded:
        print(f"also searched: {', '.join(result.expanded)}")
    if result.script != "original" and any(h.converted for h in result.hits):
        print(f"[Chinese shown converted to {result.script} by OpenCC; the archive stores "
              "the original]")  # fmt: skip


def cmd_concordance(args: argparse.Namespace) -> int:
    from archive_app.core.research import SORTS, concordance
    from archive_app.core.search import SearchIndex

    archive = _load(args)
    index = SearchIndex(archive)
    lines = concordance(
        index, args.query, width=args.width, script=args.script, year=args.year, lang=args.lang
    )
    lines = SORTS[args.sort](lines)
    if _research_export(args, archive, "concordance", lines):
        return EXIT_OK
    if not lines:
        print(f"No occurrences of {args.query!r}.")
        return EXIT_OK
    left_width = max(_display_width(line.left) for line in lines)
    for line in lines:
        where = f"{_key_label(line.key)} {line.lang} ¶{line.paragraph}"
        pad = " " * (left_width - _display_width(line.left))
        print(f"{where:<14} {pad}{line.left} [{line.keyword}] {line.right}")
    print(f"— {len(lines)} occurrences")
    if any(line.converted for line in lines):
        print(f"[Chinese shown converted to {args.script} by OpenCC; the archive stores "
              "the original]")  # fmt: skip
    return EXIT_OK


def _display_width(text: str) -> int:
    """Terminal columns: wide (CJK) characters take two, so KWIC columns line up."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def cmd_trends(args: argparse.Namespace) -> int:
    from archive_app.core.research import trends
    from archive_app.core.search import SearchIndex

    archive = _load(args)
    table = trends(SearchIndex(archive), list(args.terms), lang=args.lang)
    if _research_export(args, archive, "trends", table):
        return EXIT_OK
    headers = ["year", *table.terms]
    cells = [
        [_key_label(key), *(f"{table.paragraphs(key, t)} ¶ / {table.occurrences(key, t)}×"
                            for t in table.terms)]
        for key in table.keys
    ]  # fmt: skip
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    for row in cells:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    print("(matching paragraphs ¶ / occurrences ×)")
    for term, extra in table.expanded.items():
        if extra:
            print(f"{term}: also searched {', '.join(extra)}")
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    from archive_app.core.research import compare_years

    comparison = compare_years(_load(args), args.year_a, args.year_b, args.lang)
    if args.format == "json":
        _print_json(comparison.to_dict())
        return EXIT_OK
    print(
        f"{comparison.year_a} → {comparison.year_b} ({comparison.lang}): "
        f"overall similarity {comparison.similarity:.0%}"
    )
    for pair in comparison.pairs:
        a = f"¶{pair.a}" if pair.a else "—"
        b = f"¶{pair.b}" if pair.b else "—"
        label = {"same": "same", "changed": f"{pair.ratio:.0%} similar"}.get(pair.status)
        print(f"  {comparison.year_a} {a:<4} ↔ {comparison.year_b} {b:<4} "
              f"{label or pair.status}")  # fmt: skip
    if comparison.shared:
        print("Shared phrases:")
        for phrase in comparison.shared:
            print(f"  ¶{phrase.a_paragraph} ↔ ¶{phrase.b_paragraph}: {phrase.text}")
    return EXIT_OK
