"""Fuzzers for every parser of outside bytes (issue 15); see ``conftest.py`` for budgets.

Targets: the importer (captured text and saved pages, mutated from the seeds), the query
language, statement JSON, the bag's own files, the settings file, the archive manifest, and the
bundle's manifest, public key and signature parsers.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archive_app.cli import terminal_safe
from archive_app.commands import _show_text
from archive_app.core.errors import ArchiveAppError, ArchiveError, QueryError
from archive_app.core.record import (
    Archive,
    check_statement_limits,
    cite,
    import_file,
    load_statement,
    statement_to_json,
    verify_archive,
)
from archive_app.core.record.archive import parse_manifest, statement_from_bytes
from archive_app.core.search import SearchIndex
from archive_app.core.settings import Settings, SettingsFile
from tests.conftest import ARCHIVE, DATA
from tests.fuzz.harness import FUZZ, per_input_limit, tried

SEED_TEXT = (DATA / "import" / "2021-captured.txt").read_text(encoding="utf-8")
SEED_HTML = (DATA / "import" / "2021-saved-page.html").read_text(encoding="utf-8")
# The English paragraphs the importer reads from both seeds (their golden files).
SEED_EN = tuple(
    json.loads((DATA / "import" / "2021-captured.txt.expected.json").read_text("utf-8"))["en"]
)
SEED_JSON = (ARCHIVE / "data" / "statements" / "2021.json").read_bytes()
SEED_MANIFEST = (ARCHIVE / "manifest-sha256.txt").read_bytes()

# Characters that have broken parsers before: markup, quotes, controls, bidi, wide, odd spaces.
NASTY = [
    *'<>&"\'\\/;:=+-@#*()[]{}|`~',
    "\x00", "\x1b", "\r", "\t", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\u202e", "\u200b",
    "\ufeff", "\xa0", "\u3000", "國", "国", "六四", "&amp;", "&#0;", "&#x110000;", "<!--", "-->",
    "<script>", "</p>", "<br>", "<p>", "<![CDATA[", "\ud800",
]  # fmt: skip
text_pieces = st.one_of(
    st.text(max_size=40),
    st.sampled_from(NASTY),
    st.lists(st.sampled_from(NASTY), max_size=20).map("".join),
)


@st.composite
def mutated(draw: st.DrawFn, seed: str, max_ops: int = 6) -> bytes:
    """``seed`` with a few random edits (cut, insert, repeat, swap), then maybe a few byte flips;
    lone surrogates become bytes that are not UTF-8."""
    text = seed
    for _ in range(draw(st.integers(0, max_ops))):
        op = draw(st.sampled_from(["cut", "insert", "repeat", "swap"]))
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 400)))
        if op == "cut":
            text = text[:i] + text[j:]
        elif op == "insert":
            text = text[:i] + draw(text_pieces) + text[i:]
        elif op == "repeat":
            text = text[:j] + text[i:j] * draw(st.integers(1, 50)) + text[j:]
        else:
            k = draw(st.integers(0, len(text)))
            text = text[:i] + text[k:] + text[i:k] if k > i else text
    raw = bytearray(text.encode("utf-8", "surrogatepass"))
    for _ in range(draw(st.integers(0, 2))):
        if raw:
            raw[draw(st.integers(0, len(raw) - 1))] = draw(st.integers(0, 255))
    return bytes(raw)


def _outcome(target: str, call: Callable[[], Any], allowed: tuple[type, ...]) -> Any:
    """Run ``call`` under the per-input limit; only ``allowed`` errors may escape."""
    with per_input_limit():
        try:
            value = call()
        except allowed as exc:
            tried(target, "refused")
            assert str(exc)  # says what is wrong
            return exc
    tried(target, "accepted")
    return value


# --- the importer -------------------------------------------------------------------------


def _import_bytes(raw: bytes, suffix: str, target: str = "importer") -> Any:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / f"page{suffix}"
        path.write_bytes(raw)
        return _outcome(f"{target} {suffix}", lambda: import_file(path), (ArchiveAppError,))


def _check_imported(result: Any) -> None:
    if isinstance(result, Exception):
        return
    statement = result.statement
    # What the importer gives can be stored and read back (nothing written that loading refuses).
    assert check_statement_limits(statement) is None
    again = statement_from_bytes(statement_to_json(statement).encode("utf-8"))
    assert again.en == statement.en and again.zh == statement.zh


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_fuzz_importer(suffix: str, fuzz: Callable[[Callable[[], None]], None]) -> None:
    seed = SEED_TEXT if suffix == ".txt" else SEED_HTML

    @FUZZ
    @given(mutated(seed))
    def body(raw: bytes) -> None:
        _check_imported(_import_bytes(raw, suffix))

    fuzz(body)


@st.composite
def with_marker(draw: st.DrawFn, html: bool) -> tuple[bytes, str]:
    """The seed with one new English paragraph between two of its English paragraphs."""
    words = draw(st.lists(st.sampled_from(["vigil", "candle", "Tibet", "&", "<b>", "Q&A", "—"]),
                          min_size=2, max_size=8))  # fmt: skip
    marker = f"Zqxv{draw(st.integers(0, 10**6))} " + " ".join(words) + " end."
    if html:
        parts = SEED_HTML.split("</p>")
        body = [i for i, p in enumerate(parts[:-1]) if any(e[:40] in p for e in SEED_EN)]
        assert len(body) == len(SEED_EN)
        at = draw(st.sampled_from(body))
        escaped = marker.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        parts[at] += f"</p>\n<p>{escaped}"
        return "</p>".join(parts).encode("utf-8"), marker
    paragraphs = SEED_TEXT.split("\n\n")
    body = [i for i, p in enumerate(paragraphs) if p.strip() in SEED_EN]
    assert len(body) == len(SEED_EN)
    at = draw(st.sampled_from(body))
    paragraphs.insert(at + 1, marker)
    return "\n\n".join(paragraphs).encode("utf-8"), marker


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_fuzz_importer_loses_no_paragraph(
    suffix: str, fuzz: Callable[[Callable[[], None]], None]
) -> None:
    """Zero silent text loss: a paragraph added among the English ones is imported, whole."""

    @FUZZ
    @given(with_marker(suffix == ".html"))
    def body(case: tuple[bytes, str]) -> None:
        raw, marker = case
        result = _import_bytes(raw, suffix, "importer, added paragraph")
        assert not isinstance(result, Exception), result
        assert marker in result.statement.en, (marker, result.statement.en)

    fuzz(body)


# --- the query language -------------------------------------------------------------------

QUERY_TOKENS = [
    "AND", "OR", "NOT", "(", ")", '"', "*", "year:", "year:2021", "year:2019..", "year:..",
    "year:99999999999999999999", "lang:zh", "lang:xx", "signatory:", 'signatory:"', "Tibet",
    "國安法", "国家安全法", "vigil*", "..", ":", "-", "\\", "\x00", "\u202e", "\ud800", "　",
]  # fmt: skip


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(Archive.load(ARCHIVE))


def test_fuzz_query_language(
    index: SearchIndex, fuzz: Callable[[Callable[[], None]], None]
) -> None:
    query = st.one_of(
        st.text(max_size=80),
        st.lists(st.one_of(st.sampled_from(QUERY_TOKENS), st.text(max_size=6)), max_size=30).map(
            " ".join
        ),
        st.lists(st.sampled_from(QUERY_TOKENS), max_size=400).map("".join),
    )

    @FUZZ
    @given(query, st.sampled_from(["original", "simplified", "traditional-hk"]))
    def body(text: str, script: str) -> None:
        result = _outcome("query language", lambda: index.run(text, script=script), (QueryError,))
        if isinstance(result, Exception):
            return
        for hit in result.hits:
            assert all(0 <= a < b <= len(hit.text) for a, b in hit.highlights)
            terminal_safe(hit.snippet)

    fuzz(body)


# --- statement JSON ---------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12,
)  # fmt: skip


@st.composite
def statement_json(draw: st.DrawFn) -> bytes:
    """The shipped statement with a value somewhere replaced by any JSON, then byte mutations."""
    data = json.loads(SEED_JSON)
    node: Any = data
    for _ in range(draw(st.integers(0, 3))):
        if isinstance(node, dict) and node:
            key = draw(st.sampled_from(sorted(node)))
            if draw(st.booleans()) or not isinstance(node[key], dict | list):
                node[key] = draw(json_values)
                break
            node = node[key]
        elif isinstance(node, list) and node:
            i = draw(st.integers(0, len(node) - 1))
            if draw(st.booleans()) or not isinstance(node[i], dict | list):
                node[i] = draw(json_values)
                break
            node = node[i]
    text = json.dumps(
        data, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 2]))
    )
    return draw(mutated(text, max_ops=draw(st.integers(0, 3))))


def test_fuzz_statement_json(fuzz: Callable[[Callable[[], None]], None]) -> None:
    deep = st.integers(1, 300_000).map(lambda d: b'{"format": 1, "en": ' + b"[" * d + b"]" * d)

    @FUZZ
    @given(st.one_of(statement_json(), deep))
    def body(raw: bytes) -> None:
        with tempfile.TemporaryDirectory() as scratch:
            path = Path(scratch) / "2021.json"
            path.write_bytes(raw)
            statement = _outcome("statement JSON", lambda: load_statement(path), (ArchiveError,))
        if isinstance(statement, Exception):
            assert len(str(statement)) < 1000  # the file's content is never echoed whole
            return
        # A statement that loads is shown, cited and written back without an error.
        for mode in ("original", "simplified"):
            terminal_safe(_show_text(statement, "both", mode, str(statement.year)))
        assert statement_from_bytes(statement_to_json(statement).encode()) == statement
        from archive_app.core.record import StatementKey

        cite(StatementKey(statement.year), "en", 1)

    fuzz(body)


# --- the bag's own files and the archive manifest ---------------------------------------------

BAG_FILES = ["bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt"]


def test_fuzz_bag_files(fuzz: Callable[[Callable[[], None]], None]) -> None:
    seeds = {name: (ARCHIVE / name).read_text(encoding="utf-8") for name in BAG_FILES}

    @FUZZ
    @given(st.sampled_from(BAG_FILES), st.data())
    def body(name: str, data: st.DataObject) -> None:
        raw = data.draw(st.one_of(mutated(seeds[name]), st.binary(max_size=300)))
        with tempfile.TemporaryDirectory() as scratch:
            root = Path(scratch) / "bag"
            shutil.copytree(ARCHIVE, root)
            (root / name).write_bytes(raw)
            _outcome(f"bag file {name}", lambda: Archive.load(root), (ArchiveError,))
            with per_input_limit():
                report = verify_archive(root)
            assert all(len(str(p)) < 2000 for p in report.problems)

    fuzz(body)


def test_fuzz_archive_manifest_parser(fuzz: Callable[[Callable[[], None]], None]) -> None:
    seed = SEED_MANIFEST.decode()

    @FUZZ
    @given(st.one_of(mutated(seed, max_ops=10), st.binary(max_size=500)))
    def body(raw: bytes) -> None:
        parsed = _outcome(
            "archive manifest", lambda: parse_manifest(raw, Path("m.txt")), (ArchiveError,)
        )
        if not isinstance(parsed, Exception):
            assert all(len(d) == 64 and n.isprintable() for n, d in parsed.items())

    fuzz(body)


# --- the settings file ------------------------------------------------------------------------


def test_fuzz_settings_file(fuzz: Callable[[Callable[[], None]], None]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        store = SettingsFile(Path(scratch) / "settings.ini")
        store.save(Settings())
        seed = (Path(scratch) / "settings.ini").read_text(encoding="utf-8")

    nested = st.builds(
        lambda key, d: f"[settings]\n{key} = {'[' * d}{']' * d}\n".encode(),
        st.sampled_from(["search_history", "zoom", "view"]),
        st.integers(0, 200_000),
    )

    @FUZZ
    @given(st.one_of(mutated(seed, max_ops=8), st.binary(max_size=300), nested))
    def body(raw: bytes) -> None:
        with tempfile.TemporaryDirectory() as scratch:
            path = Path(scratch) / "settings.ini"
            path.write_bytes(raw)
            store = SettingsFile(path)
            settings = _outcome("settings file", store.load, ())
            assert isinstance(settings, Settings)
            assert store.save()  # what was read (or the defaults) can be written back
            assert SettingsFile(path).load() == settings

    fuzz(body)


# --- the bundle: manifest, public key and signature -------------------------------------------


def test_fuzz_bundle_manifest_key_and_signature(
    fuzz: Callable[[Callable[[], None]], None],
) -> None:
    from archive_app.core.distribution import bundle
    from archive_app.core.errors import IntegrityError

    manifest_seed = "".join(
        f"{'ab' * 32}  {name}\n" for name in ("app/run", "app/lib/x.so", "archive_data/bagit.txt")
    )
    key_seed = (
        "untrusted comment: minisign public key\n"
        "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3\n"
    )
    sig_seed = (
        "untrusted comment: signature\n"
        "RUQf6LRCGA9i59SLOFxz6NxvASXDJeRtuZykwQepbDEGt87ig1BNpWaVWuNrm73YiIiJbq71Wi+dP9eKL8OC351v"
        "wIasSSbXxwA=\n"
        "trusted comment: timestamp:1555779966\tfile:test\n"
        "QtKMXWyYcwdpZAlPF7tE2ENJkRd1ujvKjlj1m9RtHTBnZPa5WKU5uWRs5GoP5M/VqE81QFuMKI5k/SfNQUaOAA==\n"
    )

    @FUZZ
    @given(
        st.one_of(mutated(manifest_seed, max_ops=8), st.binary(max_size=300)),
        st.one_of(mutated(key_seed, max_ops=4), st.binary(max_size=200)),
        st.one_of(mutated(sig_seed, max_ops=4), st.binary(max_size=300)),
    )
    def body(manifest: bytes, key: bytes, signature: bytes) -> None:
        _outcome("bundle manifest", lambda: bundle.parse_manifest(manifest, "M"), (IntegrityError,))
        parsed = _outcome(
            "bundle public key", lambda: bundle.parse_public_key(key, "k.pub"), (IntegrityError,)
        )
        keys = [] if isinstance(parsed, Exception) else [parsed]
        check = _outcome(
            "bundle signature", lambda: bundle.check_signature(manifest, signature, keys), ()
        )
        assert check.status is not bundle.SignatureStatus.GOOD or signature == sig_seed.encode()

    fuzz(body)
