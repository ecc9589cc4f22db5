"""The edition's HTML: statements rendered at build time from escaped text, plus the page's
own style and script (``resources/editions/``).

Every archive string reaches the page escaped (:func:`html.escape`) in the markup or inside the
JSON data block (with ``<``, ``>`` and ``&`` written as ``\\u`` escapes, so no text can close
the block); the script inserts text with ``textContent`` only. A Content-Security-Policy
``<meta>`` allows nothing but the page's own style and script (by hash, or the ZIM's own files)
and forbids every load from anywhere else.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from archive_app.core.editions.content import EditionEntry, paragraph_anchor
from archive_app.core.editions.strings import UI_LANGUAGES
from archive_app.core.paths import resources_dir

__all__ = ["PageLinks", "asset_text", "data_json", "data_script", "page_html"]

_MODE_KEYS = (
    ("original", "script_original"),
    ("simplified", "script_simplified"),
    ("traditional-tw", "script_tw"),
    ("traditional-hk", "script_hk"),
)
# The search help's example: one law's name in both scripts (data, so no catalog holds both).
_SIMPLIFIED, _TRADITIONAL = "国家安全法", "國家安全法"
_VIEW_KEYS = (("en", "view_en"), ("zh", "view_zh"), ("sbs", "view_sbs"))


def asset_text(name: str) -> str:
    """One of the page's own files (``edition.css``, ``edition.js``) from ``resources/editions``
    (shipped like the fonts and catalogs: in the wheel and in the bundle)."""
    return (resources_dir() / "editions" / name).read_text("utf-8")


def data_json(payload: Mapping[str, Any]) -> str:
    """The data as JSON that is safe inside an HTML ``<script>`` block."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def data_script(payload: Mapping[str, Any]) -> str:
    """The data as a script file for the ZIM (``window.EDITION_DATA = {...};``).

    It is the same JSON literal as the HTML edition's data block: a value, never code built
    from archive text.
    """
    return f"window.EDITION_DATA = {data_json(payload)};\n"


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


@dataclass(frozen=True)
class PageLinks:
    """How a page refers to statements and to its own style, script and data.

    The HTML edition is one file: every statement is in it (``#2021``), style and script are
    inline. A ZIM article shows one statement and links to the others as articles; style,
    script and data are entries of the ZIM.
    """

    single_file: bool

    def statement(self, entry: EditionEntry) -> str:
        return f"#{entry.slug}" if self.single_file else entry.slug


def _i18n(key: str, strings: Mapping[str, str], tag: str = "span", attrs: str = "") -> str:
    return f'<{tag} data-i18n="{key}"{attrs}>{_e(strings[key])}</{tag}>'


def _para(entry: EditionEntry, lang: str, number: int, text: str) -> str:
    key = entry.key
    anchor = paragraph_anchor(key, lang, number)
    version = f' data-version="{key.version}"' if entry.several else ""
    origin = ' data-origin="local"' if key.local else ""
    zh_lang = "zh-Hant" if entry.statement.zh_script == "traditional" else "zh-Hans"
    html_lang = "en" if lang == "en" else zh_lang
    label = f"¶{number}"
    return (
        f'<p class="para" id="{_e(anchor)}" lang="{html_lang}" data-year="{key.year}" '
        f'data-lang="{lang}" data-paragraph="{number}"{version}{origin}>'
        f'<a class="num" href="#{_e(anchor)}">{_e(label)}</a> '
        f'<span class="text">{_e(text)}</span></p>'
    )


def _missing(key: str, strings: Mapping[str, str]) -> str:
    return _i18n(key, strings, "p", ' class="missing"')


def _rows(entry: EditionEntry, strings: Mapping[str, str]) -> list[str]:
    """Side-by-side rows that keep both languages' order where the alignment allows.

    Each row carries the order of its Chinese paragraph (``data-zh``) so the Chinese view can
    show the Chinese paragraphs in their own order even when the alignment crosses.
    """
    statement = entry.statement
    rows: list[tuple[int | None, int | None]] = []
    shown_zh: set[int] = set()
    for n in range(1, len(statement.en) + 1):
        zh_no = statement.alignment.zh_for(n)
        if zh_no is not None and not 0 < zh_no <= len(statement.zh):
            zh_no = None
        if zh_no is not None:
            # Chinese paragraphs with no English counterpart that come before this one.
            for z in range(1, zh_no):
                if z not in shown_zh and statement.alignment.en_for(z) is None:
                    rows.append((None, z))
                    shown_zh.add(z)
            shown_zh.add(zh_no)
        rows.append((n, zh_no))
    for z in range(1, len(statement.zh) + 1):
        if z not in shown_zh:
            rows.append((None, z))
            shown_zh.add(z)
    out = []
    for en_no, zh_no in rows:
        en_cell = (
            _para(entry, "en", en_no, statement.en[en_no - 1])
            if en_no is not None
            else _missing("missing_en", strings)
        )
        zh_cell = (
            _para(entry, "zh", zh_no, statement.zh[zh_no - 1])
            if zh_no is not None
            else _missing("missing_zh", strings)
        )
        classes = "row" + (" no-en" if en_no is None else "") + (" no-zh" if zh_no is None else "")
        zh_attr = f' data-zh="{zh_no}"' if zh_no is not None else ""
        out.append(
            f'<div class="{classes}"{zh_attr}><div class="cell en">{en_cell}</div>'
            f'<div class="cell zh">{zh_cell}</div></div>'
        )
    return out


def _value(value: object, strings: Mapping[str, str]) -> str:
    if value is None or value == "":
        return _i18n("unknown", strings, "span", ' class="unknown"')
    if isinstance(value, list | tuple):
        return "; ".join(_value(v, strings) for v in value) or _value(None, strings)
    if isinstance(value, Mapping):
        return ", ".join(f"{_e(k)}: {_value(v, strings)}" for k, v in value.items())
    return _e(value)


def _details(entry: EditionEntry, strings: Mapping[str, str]) -> str:
    statement = entry.statement
    source = dict(statement.source)
    url = source.pop("url", None)
    rows: list[tuple[str | None, str]] = [
        ("year_basis", _value(statement.year_basis, strings)),
        ("source_kind", _value(source.pop("kind", None), strings)),
        ("source_file", _value(source.pop("file", None), strings)),
        ("published", _value(source.pop("published", None), strings)),
        ("address", _value(url, strings)),
    ]
    rows += [(None, f"{_e(k)}: {_value(v, strings)}") for k, v in source.items()]
    rows.append(("importer", _value(statement.importer, strings)))
    items = "".join(
        (f"<dt>{_i18n(k, strings)}</dt>" if k else "<dt></dt>") + f"<dd>{v}</dd>" for k, v in rows
    )
    summary = f"{_i18n('source', strings)} · {_i18n('provenance', strings)}"
    return f'<details class="provenance"><summary>{summary}</summary><dl>{items}</dl></details>'


def _statement(entry: EditionEntry, strings: Mapping[str, str]) -> str:
    statement, key = entry.statement, entry.key
    version = f' data-version="{key.version}"' if entry.several else ""
    parts = [
        f'<article class="statement" id="{_e(entry.slug)}" data-slug="{_e(entry.slug)}" '
        f'data-year="{key.year}" data-origin="{key.origin.value}"{version}>',
        f'<h2 class="title">{_e(statement.title)}</h2>',
        f'<p class="meta"><span class="year">{key.year}</span>',
    ]
    if entry.several or key.version > 1:
        parts.append(
            f' · <span data-i18n="version" data-number="{key.version}">'
            f"{_e(strings['version'].format(number=key.version))}</span>"
        )
    parts.append("</p>")
    if key.local:
        parts.append(_i18n("local", strings, "p", ' class="local-note"'))
    parts.append('<p class="converted" hidden></p>')
    parts.append('<div class="rows">' + "".join(_rows(entry, strings)) + "</div>")
    if statement.signatories:
        # The signature block as the source gives it, every line in order; a curator's
        # judgement that a line is a sign-off is shown beside it as a judgement (with who).
        parts.append(_i18n("signatories", strings, "h3", ' class="signatories"'))
        items = "".join(
            f'<li class="signatory">{_e(text)}</li>'
            if judged is None
            else f'<li class="signatory judged">{_e(text)} <i class="judgement">('
            f"{_e(f'sign-off, not a signer: {judged.kind} by {judged.by}: {judged.why}')})</i></li>"
            for text, judged in statement.signature_block()
        )
        parts.append(f'<ul class="signatories">{items}</ul>')
    if statement.alignment.pairs:
        note = strings["alignment"].format(by=statement.alignment.by)
        parts.append(
            f'<p class="alignment-note" data-i18n="alignment" data-by="'
            f'{_e(statement.alignment.by)}">{_e(note)}</p>'
        )
    parts.append(_details(entry, strings))
    parts.append("</article>")
    return "".join(parts)


def _nav(entries: list[EditionEntry], links: PageLinks, strings: Mapping[str, str]) -> str:
    items = []
    for entry in entries:
        key = entry.key
        label = key.label if entry.several else str(key.year)
        note = " " + _i18n("local", strings, "span", ' class="local-note"') if key.local else ""
        items.append(
            f'<li><a href="{_e(links.statement(entry))}" data-slug="{_e(entry.slug)}">'
            f'<span class="year">{_e(label)}</span> '
            f'<span class="title">{_e(entry.statement.title)}</span>{note}</a></li>'
        )
    heading = _i18n("years", strings, "h2", ' id="years-h"')
    return f'<nav id="years" aria-labelledby="years-h">{heading}<ol>{"".join(items)}</ol></nav>'


def _controls(strings: Mapping[str, str]) -> str:
    views = "".join(
        f'<button type="button" data-view="{v}" data-i18n="{k}" aria-pressed="false">'
        f"{_e(strings[k])}</button>"
        for v, k in _VIEW_KEYS
    )
    scripts = "".join(
        f'<option value="{m}" data-i18n="{k}">{_e(strings[k])}</option>' for m, k in _MODE_KEYS
    )
    langs = "".join(f'<option value="{c}">{_e(n)}</option>' for c, n in UI_LANGUAGES.items())
    return (
        '<div class="controls">'
        f'<div class="views" role="group" aria-label="{_e(strings["view"])}">{views}</div>'
        f'<label><span data-i18n="script">{_e(strings["script"])}</span> '
        f'<select id="script">{scripts}</select></label>'
        f'<label><span data-i18n="interface">{_e(strings["interface"])}</span> '
        f'<select id="ui-lang">{langs}</select></label>'
        "</div>"
    )


def page_html(
    *,
    nav_entries: list[EditionEntry],
    shown: list[EditionEntry],
    links: PageLinks,
    strings: Mapping[str, str],
    data: Mapping[str, Any] | None,
    title: str,
) -> str:
    """One page: the header (search, view, script, language), the year list, the statements
    in ``shown``, and either the inline data, style and script (single file) or references to
    the ZIM's own ``edition.css``, ``edition.js`` and ``edition-data.js``.
    """
    css, js = asset_text("edition.css"), asset_text("edition.js")
    if links.single_file:
        if data is None:
            raise ValueError("a single-file page carries its data")
        style = f"<style>{css}</style>"
        scripts = (
            f'<script type="application/json" id="edition-data">{data_json(data)}</script>'
            f"<script>{js}</script>"
        )
        csp = (
            f"default-src 'none'; script-src {_sha256(js)}; style-src {_sha256(css)}; "
            "img-src data:; base-uri 'none'; form-action 'none'"
        )
    else:
        style = '<link rel="stylesheet" href="edition.css">'
        scripts = '<script src="edition-data.js"></script><script src="edition.js"></script>'
        # A ZIM reader serves the pages from its own origin and may add its own bar (Kiwix's
        # search form, its styles): that origin is allowed, nothing else is.
        csp = (
            "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'self'; "
            "form-action 'self'"
        )
    body = "".join(_statement(e, strings) for e in shown)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title>{style}</head>"
        '<body class="view-sbs">'
        '<header class="bar">'
        f'<p class="app">{_i18n("app", strings)}</p>'
        f'<input type="search" id="q" autocomplete="off" spellcheck="false" '
        f'aria-label="{_e(strings["search"])}" placeholder="{_e(strings["search_placeholder"])}">'
        f"{_controls(strings)}</header>"
        f'<noscript><p class="noscript">{_e(strings["no_script"])}</p></noscript>'
        f'<div class="layout">{_nav(nav_entries, links, strings)}<main id="main">'
        '<section id="results" hidden aria-live="polite">'
        f'<p class="search-help" data-i18n="search_help" data-simplified="{_SIMPLIFIED}" '
        f'data-traditional="{_TRADITIONAL}">'
        f"{_e(strings['search_help'].format(simplified=_SIMPLIFIED, traditional=_TRADITIONAL))}"
        "</p>"
        '<p class="count"></p><ol class="hits"></ol></section>'
        f"{body}</main></div>"
        f'<p class="tagline">{_i18n("tagline", strings)}</p>'
        f"{scripts}</body></html>\n"
    )
