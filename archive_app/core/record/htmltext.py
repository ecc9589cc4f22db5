"""A saved web page → the lines a reader sees, in one linear pass, reporting what it leaves out.

The standard library's ``html.parser`` is quadratic on unfinished markup (``<a<a<a…``,
``<!--<!--…``, ``</</…``: a 240 KB page takes minutes) and raises on some marked sections
(``<![foo[…]]>``), so the importer reads HTML with this small tokenizer instead. It follows the
HTML tokenizer's rules where they decide what text a reader sees:

* comments, ``<!…>``, ``<?…>`` and ``<![…]>`` sections are not text (an unclosed comment runs to
  the end of the file, as in a browser, and is reported);
* ``<script>``, ``<style>``, ``<title>``, ``<textarea>``, ``<noscript>``… hold raw text up to
  their own end tag;
* a tag left unfinished at the end of the file is dropped, and reported;
* elements close the way a browser closes them: an end tag closes what is open inside it, a new
  block closes an open ``<p>``, ``<li>`` closes ``<li>``, anything that belongs in the body
  closes a ``<head>`` that was never closed.

Whitespace follows CSS Text: runs collapse to one space, and a line break between two East
Asian wide characters (not Hangul) is removed rather than made a space, so ``國家\\n安全法`` reads
國家安全法, as a browser shows it.

Nothing is dropped silently: text inside hidden elements (``hidden``, ``aria-hidden="true"``,
``display: none``), embedded objects, site chrome (navigation, header, footer, forms) and marked
sections is counted in :attr:`PageText.ignored`, by name, so the importer can say
"ignored: 3 hidden paragraphs".

Every step moves forward through the text; each search for an end marker either succeeds (and
the text up to it is consumed) or fails once and consumes the rest. Time is linear in the size of
the page, and nesting depth is capped.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

__all__ = ["Ignored", "Line", "PageText", "collapse_whitespace", "page_lines"]

MAX_DEPTH = 512  # as browsers do, deeper elements are treated as siblings


@dataclass(frozen=True)
class Line:
    number: int
    text: str


@dataclass(frozen=True)
class Ignored:
    """Content the importer did not take, by kind (a fixed vocabulary), with where it first was."""

    kind: str
    count: int
    first_line: int

    def describe(self) -> str:
        name = IGNORED_KINDS.get(self.kind, (self.kind, self.kind))
        what = name[0] if self.count == 1 else name[1]
        return f"{self.count} {what} (first at line {self.first_line})"


# kind → (singular, plural), in plain words for the command line and the stored note.
IGNORED_KINDS: dict[str, tuple[str, str]] = {
    "hidden paragraph": ("hidden paragraph", "hidden paragraphs"),
    "hidden element": ("hidden element with text", "hidden elements with text"),
    "embedded object": ("embedded object", "embedded objects"),
    "frame": ("frame", "frames"),
    "noscript": ("text shown only without scripts", "texts shown only without scripts"),
    "template": ("template", "templates"),
    "navigation": ("navigation block", "navigation blocks"),
    "header": ("page header", "page headers"),
    "footer": ("page footer", "page footers"),
    "aside": ("sidebar", "sidebars"),
    "form": ("form or control", "forms or controls"),
    "graphic": ("drawing with text", "drawings with text"),
    "marked section": ("marked section (<![…]>)", "marked sections (<![…]>)"),
    "unclosed comment": (
        "comment never closed (the rest of the file)",
        "comments never closed (the rest of the file)",
    ),
    "mhtml part": (
        "other part of the MHTML file (image, style, frame)",
        "other parts of the MHTML file (images, styles, frames)",
    ),
    "unfinished tag": (
        "tag never finished (the rest of the file)",
        "tags never finished (the rest of the file)",
    ),
}

# Elements whose content is not statement text, and the kind they are reported as when they
# hold text. head, script and style hold no reader-visible text and are not reported.
_SKIP: dict[str, str | None] = {
    "head": None,
    "title": None,
    "script": None,
    "style": None,
    "noscript": "noscript",
    "template": "template",
    "nav": "navigation",
    "header": "header",
    "footer": "footer",
    "aside": "aside",
    "form": "form",
    "button": "form",
    "select": "form",
    "textarea": "form",
    "iframe": "frame",
    "object": "embedded object",
    "svg": "graphic",
    "canvas": "graphic",
    "math": "graphic",
}
_BLOCK = frozenset(
    {
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6",
        "li", "ul", "ol", "blockquote", "br", "tr", "td", "th", "table", "figure",
        "figcaption", "hr", "dl", "dt", "dd", "pre", "body", "html", "address", "details",
        "summary", "center", "caption", "tbody", "thead", "tfoot", "fieldset", "legend",
        "menu", "nav", "header", "footer", "aside", "form",
    }
)  # fmt: skip
_VOID = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "param", "keygen", "frame", "basefont", "bgsound",
    }
)  # fmt: skip
# Raw text elements: their content runs to their own end tag, markup inside is not markup.
_RAWTEXT = frozenset(
    {"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title"}
)
# Start tags that close an open <p> (HTML: "close a p element").
_CLOSES_P = frozenset(
    {
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir",
        "div", "dl", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre",
        "section", "summary", "table", "ul", "li", "dd", "dt", "plaintext", "xmp", "listing",
    }
)  # fmt: skip
_IN_HEAD = frozenset(
    {"title", "meta", "link", "style", "script", "base", "noscript", "template", "basefont"}
)
_SAME_CLOSES = {"li": ("li",), "dt": ("dt", "dd"), "dd": ("dt", "dd"), "option": ("option",)}
_SCOPE_LIMIT = 64  # how far down the open elements an implied close looks (bounds the cost)

_TAG_NAME = re.compile(r"[^\s/>]+")
_ATTR_NAME = re.compile(r"[^\s/>][^\s/>=]*")
_SPACES = re.compile(r"[\s/]*")
_UNQUOTED = re.compile(r"[^\s>]*")
# A start tag whose attributes are all well formed (linear: every part has one way to match).
_SIMPLE_TAG = re.compile(
    r"""<([A-Za-z][^\s/>]*)((?:[\s/]+[^\s/>="'<]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)[\s/]*>"""
)
# Only these attributes decide anything here (whether an element is hidden).
_ATTRS_THAT_MATTER = re.compile(r"hidden|style", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_WHITESPACE_RUN = re.compile(r"[ \t\n\r\f]+")


def _skip_spaces(text: str, pos: int) -> int:
    match = _SPACES.match(text, pos)
    return match.end() if match else pos


def _has_words(markup: str) -> bool:
    """Whether raw markup (a <noscript>'s content) holds text beside its tags."""
    return bool(re.sub(r"<[^<>]*>", "", markup).strip())


def _wide(char: str) -> bool:
    if unicodedata.east_asian_width(char) not in ("W", "F", "H"):
        return False
    return not unicodedata.name(char, "").startswith("HANGUL")


def collapse_whitespace(text: str) -> str:
    """CSS white-space collapsing, with the segment-break rule for East Asian wide characters.

    A run of white space is one space; when the run holds a line break and the characters on
    both sides are wide (Chinese, Japanese; not Hangul), it is removed altogether (CSS Text 3,
    "segment break transformation rules"). Leading and trailing spaces are dropped. No-break
    spaces and every other character are kept as they are.
    """

    def replace(match: re.Match[str]) -> str:
        run = match.group(0)
        if "\n" in run or "\r" in run:
            start, end = match.start(), match.end()
            if start > 0 and end < len(text) and _wide(text[start - 1]) and _wide(text[end]):
                return ""
        return " "

    return _WHITESPACE_RUN.sub(replace, text).strip(" ")


@dataclass
class _Skip:
    depth: int  # the length of the open-element stack when the skipped element was opened
    kind: str | None
    line: int
    has_text: bool = False


@dataclass
class PageText:
    """The lines of one page and what was left out."""

    lines: list[Line] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.lines: list[Line] = []
        self._ignored: dict[str, list[int]] = {}
        self._buffer: list[str] = []
        self._buffer_has_text = False
        self._start_line = 1
        self._open: list[str] = []
        self._open_count: Counter[str] = Counter()
        self._skip: _Skip | None = None
        self._line = 1
        self._line_at = 0

    # --- positions ----------------------------------------------------------------------

    def line_at(self, pos: int) -> int:
        """The 1-based line of ``pos`` (positions are asked for in increasing order)."""
        if pos > self._line_at:
            self._line += self.text.count("\n", self._line_at, pos)
            self._line_at = pos
        return self._line

    def note(self, kind: str, line: int) -> None:
        self._ignored.setdefault(kind, []).append(line)

    # --- text ---------------------------------------------------------------------------

    def flush(self) -> None:
        if self._buffer_has_text:
            text = collapse_whitespace("".join(self._buffer))
            if text.strip():
                self.lines.append(Line(self._start_line, text))
        self._buffer = []
        self._buffer_has_text = False

    def data(self, raw: str, pos: int) -> None:
        if not raw:
            return
        has_text = not raw.isspace()
        if has_text and self._open and self._open[-1] == "head":
            self._pop_through("head")  # text after <head> that was never closed: the body
        if self._skip is not None:
            if has_text and not self._skip.has_text:
                self._skip.has_text = self._skip.kind != "noscript" or _has_words(raw)
            return
        if "&" in raw:
            raw = html.unescape(raw)
        if has_text and not self._buffer_has_text:
            self._start_line = self.line_at(pos + (len(raw) - len(raw.lstrip())))
            self._buffer_has_text = True
        self._buffer.append(raw)

    # --- elements -----------------------------------------------------------------------

    def _push(self, tag: str) -> None:
        if len(self._open) >= MAX_DEPTH:
            return
        self._open.append(tag)
        self._open_count[tag] += 1

    def _pop_to(self, index: int) -> None:
        """Close every open element from ``index`` up (implied end tags)."""
        while len(self._open) > index:
            tag = self._open.pop()
            self._open_count[tag] -= 1
            if tag in _BLOCK and self._skip is None:
                self.flush()
            if self._skip is not None and len(self._open) <= self._skip.depth:
                self._end_skip()

    def _pop_through(self, tag: str) -> None:
        """Close the innermost open ``tag`` and everything opened inside it."""
        if not self._open_count[tag]:
            return
        index = len(self._open) - 1
        while self._open[index] != tag:
            index -= 1
        self._pop_to(index)

    def _find_near(self, tags: tuple[str, ...], stop: frozenset[str]) -> int | None:
        """The index of the nearest open element in ``tags``, not looking past ``stop``."""
        if not any(self._open_count[t] for t in tags):
            return None
        for index in range(len(self._open) - 1, max(-1, len(self._open) - 1 - _SCOPE_LIMIT), -1):
            tag = self._open[index]
            if tag in tags:
                return index
            if tag in stop:
                return None
        return None

    def _end_skip(self) -> None:
        skip = self._skip
        self._skip = None
        if skip is not None and skip.kind is not None and skip.has_text:
            self.note(skip.kind, skip.line)

    def start_tag(self, tag: str, attrs: dict[str, str], pos: int, self_closing: bool) -> None:
        # Implied end tags, as a browser's tree builder makes them.
        if self._open_count["head"] and tag not in _IN_HEAD:
            self._pop_through("head")
        if tag in _CLOSES_P:
            index = self._find_near(("p",), frozenset({"button", "table", "td", "th"}))
            if index is not None:
                self._pop_to(index)
        if tag in _SAME_CLOSES:
            index = self._find_near(_SAME_CLOSES[tag], frozenset({"ul", "ol", "dl", "table"}))
            if index is not None:
                self._pop_to(index)
        if self._skip is None and tag in _BLOCK:
            self.flush()
        if tag == "embed":
            if self._skip is None:
                self.note("embedded object", self.line_at(pos))
            return
        if tag in _VOID:
            return
        if self._skip is None:
            skip, kind = self._skip_kind(tag, attrs)
            if skip:
                self._skip = _Skip(len(self._open), kind, self.line_at(pos))
        self._push(tag)
        if self_closing and tag not in _RAWTEXT and tag in ("svg", "math"):
            self._pop_through(tag)  # <svg/> in HTML: foreign elements may self-close

    def _skip_kind(self, tag: str, attrs: dict[str, str]) -> tuple[bool, str | None]:
        """Whether to skip this element's content, and the kind to report it as (or None)."""
        if tag in _SKIP:
            return True, _SKIP[tag]
        hidden = (
            "hidden" in attrs
            or attrs.get("aria-hidden", "").strip().lower() == "true"
            or bool(_HIDDEN_STYLE.search(attrs.get("style", "")))
        )
        if hidden:
            return True, "hidden paragraph" if tag == "p" else "hidden element"
        return False, None

    def end_tag(self, tag: str) -> None:
        if self._open_count[tag]:
            self._pop_through(tag)
        elif tag in _BLOCK and self._skip is None:
            self.flush()  # </p> or </br> with nothing open: still a break in the text

    # --- the tokenizer ------------------------------------------------------------------

    def run(self) -> PageText:
        text = self.text
        n = len(text)
        while self.pos < n:
            lt = text.find("<", self.pos)
            if lt < 0:
                self.data(text[self.pos :], self.pos)
                break
            if lt > self.pos:
                self.data(text[self.pos : lt], self.pos)
            self.pos = lt
            self._markup()
        self._pop_to(0)
        if self._skip is not None:
            self._end_skip()
        self.flush()
        ignored = [Ignored(kind, len(lines), min(lines)) for kind, lines in self._ignored.items()]
        return PageText(self.lines, sorted(ignored, key=lambda i: (i.first_line, i.kind)))

    def _to(self, marker: str, start: int, kind: str | None) -> None:
        """Consume up to and including ``marker``, or, without one, the rest (reported)."""
        end = self.text.find(marker, start)
        if end < 0:
            if kind is not None and self.text[start:].strip():
                self.note(kind, self.line_at(self.pos))
            self.pos = len(self.text)
        else:
            self.pos = end + len(marker)

    def _markup(self) -> None:
        text, pos = self.text, self.pos
        nxt = text[pos + 1 : pos + 2]
        if text.startswith("<!--", pos):
            self._to("-->", pos + 4, "unclosed comment")
        elif text.startswith("<![", pos):
            # In HTML content a browser ends <![CDATA[…]]> and <![if …]> at the first ">".
            self.note("marked section", self.line_at(pos))
            self._to(">", pos + 3, None)
        elif nxt in ("!", "?"):
            self._to(">", pos + 2, "unfinished tag")  # doctype or a bogus comment
        elif nxt == "/":
            match = _TAG_NAME.match(text, pos + 2)
            if match and match.group(0)[0].isalpha():
                tag = match.group(0).lower()
                self._to(">", match.end(), "unfinished tag")
                self.end_tag(tag)
            elif text.startswith("</>", pos):
                self.pos = pos + 3
            else:
                self._to(">", pos + 2, "unfinished tag")
        elif nxt.isalpha() and nxt.isascii():
            self._start_tag()
        else:
            self.data("<", pos)
            self.pos = pos + 1

    def _start_tag(self) -> None:
        text, start = self.text, self.pos
        simple = _SIMPLE_TAG.match(text, start)
        if simple is not None:  # the common case, in one step; anything else goes slowly below
            tag = simple.group(1).lower()
            attributes = simple.group(2)
            self.pos = simple.end()
            if attributes and _ATTRS_THAT_MATTER.search(attributes):
                self.pos = start  # read them properly
            else:
                self_closing = text[self.pos - 2] == "/"
                self.start_tag(tag, {}, start, self_closing)
                if tag in _RAWTEXT and not self_closing:
                    self._raw_text(tag)
                elif tag == "plaintext":
                    self.data(text[self.pos :], self.pos)
                    self.pos = len(text)
                return
        match = _TAG_NAME.match(text, start + 1)
        assert match is not None
        tag = match.group(0).lower()
        pos = match.end()
        attrs: dict[str, str] = {}
        n = len(text)
        self_closing = False
        while True:
            pos = _skip_spaces(text, pos)
            if pos >= n:
                self.note("unfinished tag", self.line_at(start))
                self.pos = n
                return
            if text[pos] == ">":
                self_closing = text[pos - 1] == "/"
                pos += 1
                break
            name_match = _ATTR_NAME.match(text, pos)
            assert name_match is not None
            name = name_match.group(0).lower()
            pos = name_match.end()
            while pos < n and text[pos] in " \t\n\r\f":
                pos += 1
            value = ""
            if pos < n and text[pos] == "=":
                pos += 1
                while pos < n and text[pos] in " \t\n\r\f":
                    pos += 1
                if pos < n and text[pos] in "\"'":
                    end = text.find(text[pos], pos + 1)
                    if end < 0:
                        self.note("unfinished tag", self.line_at(start))
                        self.pos = n
                        return
                    value = text[pos + 1 : end]
                    pos = end + 1
                else:
                    value_match = _UNQUOTED.match(text, pos)
                    assert value_match is not None
                    value = value_match.group(0)
                    pos = value_match.end()
            attrs.setdefault(name, html.unescape(value) if "&" in value else value)
        self.pos = pos
        self.start_tag(tag, attrs, start, self_closing)
        if tag in _RAWTEXT and not self_closing:
            self._raw_text(tag)
        elif tag == "plaintext":
            self.data(text[self.pos :], self.pos)
            self.pos = n

    def _raw_text(self, tag: str) -> None:
        """The content of a raw text element, up to ``</tag``; markup inside is text."""
        pattern = re.compile(rf"</{tag}[\s/>]", re.IGNORECASE)
        match = pattern.search(self.text, self.pos)
        end = match.start() if match else len(self.text)
        self.data(self.text[self.pos : end], self.pos)
        if match is None:
            self.pos = len(self.text)
            self.end_tag(tag)
            return
        self.pos = match.start()
        close = self.text.find(">", match.start())
        self.pos = len(self.text) if close < 0 else close + 1
        self.end_tag(tag)


def page_lines(text: str) -> PageText:
    """The lines a reader sees on a saved page, and what was left out (see the module doc)."""
    return _Reader(text).run()
