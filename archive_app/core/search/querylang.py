"""The search language: a small hand-written parser and the query tree the search engine runs.

Grammar (lenient: an unclosed quote or bracket is closed at the end, a dangling operator is
dropped)::

    query   := or_expr
    or_expr := and_expr ("OR" and_expr)*
    and_expr:= unary (["AND"] unary)*          adjacent terms are ANDed
    unary   := "NOT" unary | "(" or_expr ")" | atom | filter
    atom    := word | word* | "a phrase"
    filter  := year:2021 | year:2019..2021 | lang:en | lang:zh | signatory:"name"

Filters apply to the whole query wherever they stand. Operators are upper case (``AND``,
``OR``, ``NOT``), so ``and`` / ``or`` / ``not`` in lower case are ordinary words.

An :class:`Atom` is analysed once here: its text goes through the one folding
(:func:`archive_app.core.convert.fold_for_search`, as the index does), English text is stemmed
with the same (Snowball) analyzer as the index, so the engine only
compares prepared strings. Common Chinese abbreviations are expanded on the query side from the
reviewed list in ``resources/abbreviations.json`` (國安法 also searches 國家安全法).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from archive_app.core.convert import HAN_RANGES, fold_for_search, is_han, normalise_for_search
from archive_app.core.errors import QueryError
from archive_app.core.paths import resources_dir
from archive_app.core.search._whoosh import EnglishStemmer

__all__ = [
    "QUERY_HELP",
    "And",
    "Atom",
    "Node",
    "Not",
    "Or",
    "ParsedQuery",
    "abbreviations",
    "en_stem",
    "en_tokens",
    "load_abbreviations",
    "parse_query",
    "positive_atoms",
]

CJK = HAN_RANGES
RUN = re.compile(rf"([{CJK}]+)|([^\W{CJK}_]+)")
# A letter or digit of an alphabetic word in folded (lower-case) text: Latin, Greek, Cyrillic.
# Kept to a small class on purpose: Python compiles a pattern with the full "any letter but
# CJK" class in ~2 ms, which would be paid by every new query.
_LATIN_CHAR = r"[0-9a-z\u00b5\u00df-\u024f\u0370-\u03ff\u0400-\u04ff]"

# English stems: Snowball (Porter2), not Whoosh's default Porter, whose step 1b has a bug
# (banned -> "bann", committing -> "committ", so "ban" and "commit" missed them).
# (the English class alone: whoosh.lang.stemmer_for_language("en") imports every language's)
_SNOWBALL = EnglishStemmer().stem
_STEMS: dict[str, str] = {}
_EN_TOKEN = re.compile(r"\w+(?:\.?\w+)*")  # Whoosh's default word pattern


def en_stem(word: str) -> str:
    """The Snowball stem of a lower-case word (cached: a corpus repeats its words)."""
    stem = _STEMS.get(word)
    if stem is None:
        if len(_STEMS) > 200_000:
            _STEMS.clear()
        stem = _STEMS[word] = _SNOWBALL(word)
    return stem


def en_tokens(plain: str) -> list[tuple[str, int, int]]:
    """(word, start, end) of every English word of ``plain`` (text already through
    :func:`normalise_for_search`, so lower case and offsets those of the stored text).

    Index and query both cut words here; stems come from :func:`en_stem`.
    """
    return [(m.group(0), m.start(), m.end()) for m in _EN_TOKEN.finditer(plain)]


# Limits that keep every query quick (the parser and the engine recurse per bracket level).
MAX_QUERY_CHARS = 2000
MAX_DEPTH = 32  # brackets and NOTs inside each other
MAX_TERMS = 64  # words, prefixes and phrases in one query
MAX_PREFIXES = 8  # of which ending in *

QUERY_HELP = """\
Search language (English and Chinese, either script):

  Tibet                        a word (English words match every form: vigils finds vigil)
  secur*                       English prefix: security, secure, securing ...
  "National Security Law"      a phrase: the words together, in this order
  國家安全法  /  国家安全法      Chinese: the characters together (either script finds both)
  然而，自2020年               a phrase pasted from a statement, punctuation and all
  Tibet Uyghur                 both words (AND is the default)
  Tibet AND Magnitsky          both
  Magnitsky OR Mongolians      either
  Tibet NOT Magnitsky          the first without the second
  (Magnitsky OR Mongolians) AND sanctions     grouping with brackets
  year:2021                    only that year
  year:2019..2021              a range of years (inclusive; year:2019.. and year:..2021 too)
  lang:zh  /  lang:en          only Chinese or only English paragraphs
  signatory:"Chinese Solidarity Campaign"     only statements that organisation signed
                               (case-insensitive; part of a name is enough)
  title:六四  /  title:"June Fourth"          only statements whose title says this
                               (either script, any case; part of the title is enough)
  signatory:"Chinese Solidarity Campaign"  /  title:六四     on their own (no word): every
                               paragraph of the statements they choose, in reading order

AND, OR and NOT are written in capitals. Filters (year:, lang:, signatory:, title:) apply to
the whole query. Common Chinese abbreviations are also searched in full (國安法 also finds
國家安全法); the results say what was added ("also searched: ...").

Search compares text folded the same way on both sides: Traditional and Simplified, Hong Kong
and Taiwan forms (保衞, 隨著), full-width letters and digits (２０２２), upper and lower case, and a
space or line break between two Chinese characters all meet; punctuation is kept as written.
Limits: 2,000 characters, 64 words or phrases (8 ending in *), brackets 32 deep.
"""


# --- the tree -----------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Atom:
    """One word, prefix or phrase, analysed for both languages.

    ``cjk`` atoms contain Chinese and match the folded text of any paragraph (Chinese quoted in
    an English paragraph too), punctuation included (``needle`` for a plain substring, else
    ``pattern``). Other atoms match English
    paragraphs by stems (``stems``; the last word as a prefix when ``prefix``) and Chinese
    paragraphs by whole Latin words (``pattern``, e.g. "NSL" inside Chinese text).
    """

    text: str
    phrase: bool
    prefix: bool
    cjk: bool
    needle: str | None
    pattern_source: str  # compiled on first use only: most queries never need it
    stems: tuple[str, ...]
    words: tuple[str, ...]
    zh_terms: tuple[str, ...]  # zh-field index terms every match holds (none for one character)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Matches the atom in folded Chinese-paragraph text (Latin words whole)."""
        return re.compile(self.pattern_source)

    @cached_property
    def joined(self) -> str:
        """The stems as the engine's space-joined stem strings hold them: " a b "."""
        return " " + " ".join(self.stems) + " "

    @property
    def label(self) -> str:
        shown = self.text + ("*" if self.prefix else "")
        return f'"{shown}"' if self.phrase else shown


@dataclass(frozen=True, eq=False)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, eq=False)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True, eq=False)
class Not:
    child: Node


Node = Atom | And | Or | Not


@dataclass(frozen=True)
class ParsedQuery:
    """A query as the engine runs it: the tree, the filters, and what expansion added."""

    text: str
    root: Node | None  # None: filters only (title:/signatory:), every paragraph they choose
    years: tuple[int | None, int | None] | None = None  # inclusive range; None = any
    lang: str | None = None
    signatories: tuple[str, ...] = ()  # folded parts of names, all required
    titles: tuple[str, ...] = ()  # folded parts of the title, all required
    expanded: tuple[str, ...] = field(default=())


def positive_atoms(node: Node | None) -> list[Atom]:
    """The atoms a match must (or may) contain, NOT branches skipped: what gets highlighted."""
    if node is None:
        return []
    if isinstance(node, Atom):
        return [node]
    if isinstance(node, Not):
        return []
    out: list[Atom] = []
    for child in node.children:
        out.extend(positive_atoms(child))
    return out


# --- abbreviations ------------------------------------------------------------------------


def load_abbreviations(path: Path) -> dict[str, tuple[str, ...]]:
    """{folded abbreviation: full forms as listed} from a reviewed abbreviations file.

    The file is JSON: ``{"format": 1, "entries": [{"abbreviation", "expansions", "source",
    "reviewer", ...}]}``; every entry must say where it comes from and who reviewed it.
    """
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except OSError as exc:
        raise QueryError(f"cannot read the abbreviation list: {exc.strerror}", path) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise QueryError(f"the abbreviation list is not valid JSON: {exc}", path, line) from None
    entries = data.get("entries") if isinstance(data, dict) else None
    if data.get("format") != 1 or not isinstance(entries, list):
        raise QueryError("the abbreviation list needs format 1 and a list of entries", path)
    table: dict[str, tuple[str, ...]] = {}
    for number, entry in enumerate(entries, 1):
        ok = (
            isinstance(entry, dict)
            and isinstance(entry.get("abbreviation"), str)
            and isinstance(entry.get("expansions"), list)
            and all(isinstance(e, str) and e for e in entry["expansions"])
            and isinstance(entry.get("source"), str)
            and isinstance(entry.get("reviewer"), str)
        )
        if not ok:
            raise QueryError(
                f"entry {number} needs abbreviation, expansions, source and reviewer", path
            )
        key = fold_for_search(entry["abbreviation"]).text
        table[key] = tuple(entry["expansions"])
    return table


@cache
def abbreviations() -> dict[str, tuple[str, ...]]:
    """The shipped list (``resources/abbreviations.json``), read once."""
    return load_abbreviations(resources_dir() / "abbreviations.json")


# --- analysis -----------------------------------------------------------------------------


def _latin_pattern(word: str, prefix: bool) -> str:
    tail = f"{_LATIN_CHAR}*" if prefix else f"(?!{_LATIN_CHAR})"
    return f"(?<!{_LATIN_CHAR}){re.escape(word)}{tail}"


def _cjk_pattern(needle: str) -> str:
    """A regex for a folded Chinese needle: a space in it may be any run of spaces, and a
    Chinese character next to a Latin letter or digit may have spaces between them or none
    (``2020年`` and ``2020 年``)."""
    out: list[str] = []
    for i, char in enumerate(needle):
        if char == " ":
            # (the needle is stripped and its spaces single, so both neighbours exist)
            beside_han = is_han(needle[i - 1]) or is_han(needle[i + 1])
            out.append(r"\s*" if beside_han else r"\s+")
            continue
        out.append(re.escape(char))
        after = needle[i + 1] if i + 1 < len(needle) else ""
        if after and after != " ":
            pair = (is_han(char), is_han(after))
            latin = char if pair[1] else after
            if pair[0] != pair[1] and latin.isalnum():
                out.append(r"\s*")
    return "".join(out)


def make_atom(text: str, *, phrase: bool) -> Atom | None:
    """Analyse one word or phrase; None when it holds nothing searchable (``*``, ``,``).

    Both sides go through the one folding (:func:`~archive_app.core.convert.fold_for_search`).
    An atom with Chinese in it is matched as the folded text itself, punctuation included
    (``然而，自2020年`` pasted from a statement finds it; ``,`` and ``，`` meet through NFKC).
    """
    prefix = not phrase and text.endswith("*")
    raw = text.rstrip("*") if prefix else text
    folded = " ".join(fold_for_search(raw).text.split())
    runs = [(m.group(0), m.group(1) is not None) for m in RUN.finditer(folded)]
    if not runs:
        return None
    cjk = any(is_cjk for _, is_cjk in runs)
    needle: str | None = None
    stems: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    zh_terms: list[str] = []
    if cjk:
        prefix = False  # Chinese already matches as a substring
        # bigrams only: the index holds no single characters; Latin words are left to the
        # exact check, so an English paragraph that quotes Chinese is a candidate too
        for run, is_cjk in runs:
            if is_cjk:
                zh_terms.extend(run[j : j + 2] for j in range(len(run) - 1))
        pattern_source = _cjk_pattern(folded)
        if pattern_source == re.escape(folded):
            needle = folded
    else:
        parts = [
            _latin_pattern(run, prefix and i == len(runs) - 1) for i, (run, _) in enumerate(runs)
        ]
        zh_terms = [run for i, (run, _) in enumerate(runs) if not (prefix and i == len(runs) - 1)]
        pattern_source = r"\W+".join(parts)
        words = tuple(word for word, _, _ in en_tokens(normalise_for_search(raw)))
        stems = tuple(en_stem(word) for word in words)
        if prefix and words:
            # the last word is matched as typed (a prefix of a word), not as a stem
            stems = (*stems[: len(words) - 1], words[-1])
        if not stems:
            return None
    return Atom(
        text=raw,
        phrase=phrase,
        prefix=prefix,
        cjk=cjk,
        needle=needle,
        pattern_source=pattern_source,
        stems=stems,
        words=words,
        zh_terms=tuple(dict.fromkeys(zh_terms)),
    )


# --- the parser ---------------------------------------------------------------------------

_WORD = re.compile(r'[^\s()"]+')
_FIELD = re.compile(r"(year|lang|signatory|title):(.*)", re.IGNORECASE | re.DOTALL)
_YEAR = re.compile(r"(\d{4})?(\.\.)?(\d{4})?")

Token = tuple[str, str]  # (kind, value): ( ) AND OR NOT word phrase, or field:name=value


def _tokens(text: str) -> list[Token]:
    out: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "()":
            out.append((c, c))
            i += 1
        elif c == '"':
            end = text.find('"', i + 1)
            end = n if end < 0 else end
            out.append(("phrase", text[i + 1 : end]))
            i = end + 1
        else:
            match = _WORD.match(text, i)
            assert match is not None
            word, i = match.group(0), match.end()
            field_match = _FIELD.fullmatch(word)
            if field_match:
                name, value = field_match.group(1).lower(), field_match.group(2)
                if not value and i < n and text[i] == '"':
                    end = text.find('"', i + 1)
                    end = n if end < 0 else end
                    value, i = text[i + 1 : end], end + 1
                out.append((f"field:{name}", value))
            elif word in ("AND", "OR", "NOT"):
                out.append((word, word))
            else:
                out.append(("word", word))
    return out


class _Parser:
    def __init__(self, text: str, expand: bool):
        self.text = text
        self.tokens = _tokens(text)
        self.pos = 0
        self.expand = expand
        self.years: tuple[int | None, int | None] | None = None
        self.lang: str | None = None
        self.signatories: list[str] = []
        self.titles: list[str] = []
        self.expanded: list[str] = []
        self.depth = 0
        self.terms = 0
        self.prefixes = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse(self) -> Node | None:
        parts: list[Node] = []
        while self.peek() is not None:
            node = self.or_expr()
            if node is not None:
                parts.append(node)
            if self.peek() == ")":  # a stray closing bracket: skip it
                self.take()
        return _join(And, parts)

    def or_expr(self) -> Node | None:
        parts = [self.and_expr()]
        while self.peek() == "OR":
            self.take()
            parts.append(self.and_expr())
        return _join(Or, [p for p in parts if p is not None])

    def and_expr(self) -> Node | None:
        parts: list[Node] = []
        while self.peek() not in (None, ")", "OR"):
            if self.peek() == "AND":
                self.take()
                continue
            node = self.unary()
            if node is not None:
                parts.append(node)
        return _join(And, parts)

    def unary(self) -> Node | None:
        kind, value = self.take()
        if kind in ("NOT", "("):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise QueryError(
                    f"the query nests brackets or NOT more than {MAX_DEPTH} deep; write it "
                    "flatter (A OR B OR C needs no brackets)"
                )
            try:
                return self.nested(kind)
            finally:
                self.depth -= 1
        if kind.startswith("field:"):
            self.filter(kind[6:], value)
            return None
        return self.atom(value, phrase=kind == "phrase")

    def nested(self, kind: str) -> Node | None:
        if kind == "NOT":
            if self.peek() in (None, ")", "OR", "AND"):
                return None
            if (self.peek() or "").startswith("field:"):
                raise QueryError(
                    "NOT cannot be used with year:, lang:, signatory: or title: (filters apply "
                    "to the whole query); narrow with a range instead, e.g. year:2019..2020"
                )
            child = self.unary()
            return Not(child) if child is not None else None
        node = self.or_expr()  # "("
        if self.peek() == ")":
            self.take()
        return node

    def atom(self, text: str, *, phrase: bool) -> Node | None:
        atom = make_atom(text, phrase=phrase)
        if atom is not None:
            self.terms += 1
            self.prefixes += atom.prefix
            if self.terms > MAX_TERMS:
                raise QueryError(
                    f"the query has more than {MAX_TERMS} words and phrases; search for fewer "
                    "at a time"
                )
            if self.prefixes > MAX_PREFIXES:
                raise QueryError(
                    f"the query has more than {MAX_PREFIXES} words ending in *; use fewer"
                )
        if atom is None or not self.expand or not atom.cjk:
            return atom
        full = abbreviations().get(fold_for_search(atom.text).text.strip())
        if not full:
            return atom
        alternatives: list[Node] = [atom]
        for expansion in full:
            extra = make_atom(expansion, phrase=phrase)
            if extra is not None:
                alternatives.append(extra)
                if expansion not in self.expanded:
                    self.expanded.append(expansion)
        return Or(tuple(alternatives))

    def filter(self, name: str, value: str) -> None:
        value = value.strip()
        if name == "year":
            match = _YEAR.fullmatch(value)
            if not value or not match or not (match.group(1) or match.group(3)):
                raise QueryError(f"cannot read year:{value}; write year:2021 or year:2019..2021")
            low = int(match.group(1)) if match.group(1) else None
            high = int(match.group(3)) if match.group(3) else None
            if not match.group(2):
                if match.group(3):
                    raise QueryError(f"cannot read year:{value}; write year:2019..2021")
                high = low
            if self.years is not None:  # two year filters: both apply
                low = _tighter(low, self.years[0], max)
                high = _tighter(high, self.years[1], min)
            self.years = (low, high)
        elif name == "lang":
            if value.lower() not in ("en", "zh"):
                raise QueryError(f"cannot read lang:{value}; write lang:en or lang:zh")
            if self.lang is not None and self.lang != value.lower():
                raise QueryError("lang: is given twice with different languages")
            self.lang = value.lower()
        elif name == "signatory":
            if not value:
                raise QueryError(
                    'signatory: needs a name, e.g. signatory:"Democracy for Hong Kong"'
                )
            self.signatories.append(fold_filter(value))
        elif name == "title":
            if not value:
                raise QueryError("title: needs a word of the title, e.g. title:六四")
            self.titles.append(fold_filter(value))


def fold_filter(text: str) -> str:
    """A title, a signatory or a filter's value as filters compare them (folded, spaces single)."""
    return " ".join(fold_for_search(text).text.split())


def _tighter(a: int | None, b: int | None, pick: Any) -> int | None:
    if a is None or b is None:
        return b if a is None else a
    return int(pick(a, b))


def _join(kind: type[And] | type[Or], parts: list[Node]) -> Node | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else kind(tuple(parts))


def parse_query(text: str, *, expand: bool = True) -> ParsedQuery:
    """Read ``text`` in the search language; :class:`QueryError` when it has nothing to find."""
    if not text or not text.strip():
        raise QueryError("the query is empty; type a word or a phrase")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate: from argv bytes that are not UTF-8
        raise QueryError(
            f"the query holds {text[exc.start]!a}, which is not text (bytes that are not "
            "UTF-8?); type the query again"
        ) from None
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is {len(text):,} characters long; the limit is {MAX_QUERY_CHARS:,}. "
            "Search for a shorter phrase"
        )
    parser = _Parser(text, expand)
    root = parser.parse()
    choose_statements = bool(parser.signatories or parser.titles)
    if (root is None and not choose_statements) or (root is not None and not positive_atoms(root)):
        raise QueryError(
            f"the query {text!r} has nothing to look for (only operators, filters or NOT "
            "terms); add a word or a phrase"
        )
    return ParsedQuery(
        text=text,
        root=root,
        years=parser.years,
        lang=parser.lang,
        signatories=tuple(parser.signatories),
        titles=tuple(parser.titles),
        expanded=tuple(parser.expanded),
    )


def describe(node: Node) -> str:
    """The tree as text, for debugging and the window's "searched for" line."""
    if isinstance(node, Atom):
        return node.label
    if isinstance(node, Not):
        return f"NOT {describe(node.child)}"
    joiner = " AND " if isinstance(node, And) else " OR "
    return "(" + joiner.join(describe(c) for c in node.children) + ")"
