"""Statements as the HTML the reading pane shows: one view, one script, nothing remote.

The HTML is built here from escaped text and never refers to anything outside the app, so the
reading pane has nothing to fetch. Links in a statement stay plain text (no ``<a href>``).

Each paragraph starts with a named anchor ``en-N`` / ``zh-N`` (N counts from 1 as in the
archive), so the pane can map a block back to its paragraph (for tooltips, citations and
highlights) and scroll to it. Title, year, closing line and signatories have their own elements
and classes, never the body's.
"""

from __future__ import annotations

import html

from archive_app.core.convert import convert, is_converted
from archive_app.core.record import Statement
from archive_app.gui.i18n import _

__all__ = [
    "VIEWS",
    "anchor",
    "conversion_label",
    "display_script",
    "missing_en",
    "missing_zh",
    "source_kind_label",
    "statement_html",
]

VIEWS = ("en", "zh", "side-by-side")


def missing_zh() -> str:
    return _("No Chinese text in the source for this paragraph.")


def missing_en() -> str:
    return _("No English text in the source for this paragraph.")


def anchor(lang: str, number: int) -> str:
    return f"{lang}-{number}"


def display_script(statement: Statement, mode: str) -> str:
    """'traditional' or 'simplified': the script the Chinese on screen is written in."""
    if mode == "original":
        return statement.zh_script
    return "simplified" if mode == "simplified" else "traditional"


def _p(text: str, lang: str, number: int) -> str:
    return (
        f'<p lang="{lang}" class="{lang}"><a name="{anchor(lang, number)}">'
        f'<span class="num">¶{number}</span></a> {html.escape(text)}</p>'
    )


def _missing(message: str) -> str:
    return f'<p class="missing">{html.escape(message)}</p>'


def conversion_label(statement: Statement, mode: str, *, on_paper: bool = False) -> str | None:
    """The words that tell the reader the Chinese on screen (or paper) is not the stored text."""
    if not is_converted(statement.zh_script, mode):
        return None
    sources = {"traditional": _("Traditional"), "simplified": _("Simplified")}
    targets = {
        "simplified": _("Simplified"),
        "traditional-tw": _("Traditional (Taiwan)"),
        "traditional-hk": _("Traditional (Hong Kong)"),
    }
    source, target = sources[statement.zh_script], targets.get(mode, mode)
    if on_paper:
        return _(
            "Chinese converted from {source} to {target} by OpenCC for display. The archive "
            "keeps the original text."
        ).format(source=source, target=target)
    return _(
        "Chinese converted from {source} to {target} by OpenCC for display. The archive "
        "keeps the original text: hover a paragraph to see it, or press Ctrl+Shift+O."
    ).format(source=source, target=target)


def source_kind_label(kind: object) -> str:
    """A source kind as the interface language says it. The kinds the importer writes are
    data (stable English keys in the statement file); a kind it does not know is shown as
    stored, and a missing one as "unknown"."""
    if not isinstance(kind, str) or not kind:
        return _("unknown")
    labels = {
        "captured page text": _("captured page text"),
        "saved web page": _("saved web page"),
    }
    return labels.get(kind, kind)


def _meta(statement: Statement) -> str:
    source = statement.source
    unknown = _("unknown")
    published = source.get("published") or unknown
    return _("{year} · source: {kind} · published: {published}").format(
        year=statement.year,
        kind=source_kind_label(source.get("kind")),
        published=published,
    )


def statement_html(statement: Statement, view: str, mode: str, *, on_paper: bool = False) -> str:
    """The whole statement in ``view`` (en | zh | side-by-side), Chinese in script ``mode``."""
    zh = [convert(p, statement.zh_script, mode) for p in statement.zh]
    title = statement.title
    if view != "en":
        title = convert(title, statement.zh_script, mode)
    parts = [
        "<html><body>",
        f'<h1 class="title">{html.escape(title)}</h1>',
        f'<p class="meta">{html.escape(_meta(statement))}</p>',
    ]
    label = conversion_label(statement, mode, on_paper=on_paper)
    if label and view != "en":
        parts.append(f'<p class="converted">{html.escape(label)}</p>')
    if view == "en":
        parts += [_p(t, "en", n) for n, t in enumerate(statement.en, 1)]
    elif view == "zh":
        parts += [_p(t, "zh", n) for n, t in enumerate(zh, 1)] or [_missing(missing_zh())]
    else:
        parts.append('<table width="100%" cellspacing="0" cellpadding="6">')
        english, chinese = html.escape(_("English")), html.escape(_("Chinese"))
        parts.append(f'<tr><th width="50%">{english}</th><th width="50%">{chinese}</th></tr>')
        shown_zh: set[int] = set()
        for n, text in enumerate(statement.en, 1):
            zh_no = statement.alignment.zh_for(n)
            right = _p(zh[zh_no - 1], "zh", zh_no) if zh_no else _missing(missing_zh())
            if zh_no:
                shown_zh.add(zh_no)
            parts.append(
                f'<tr><td width="50%" valign="top">{_p(text, "en", n)}</td>'
                f'<td width="50%" valign="top">{right}</td></tr>'
            )
        for n, text in enumerate(zh, 1):
            if n not in shown_zh:
                parts.append(
                    f'<tr><td width="50%" valign="top">{_missing(missing_en())}</td>'
                    f'<td width="50%" valign="top">{_p(text, "zh", n)}</td></tr>'
                )
        parts.append("</table>")
    if statement.closing:
        parts.append(f'<p class="closing">{html.escape(statement.closing)}</p>')
    if statement.signatories:
        heading = html.escape(_("Signatories"))
        parts.append(f'<h3 class="signatories">{heading}</h3><ul>')
        parts += [f'<li class="signatory">{html.escape(s)}</li>' for s in statement.signatories]
        parts.append("</ul>")
    if view == "side-by-side" and statement.alignment.pairs:
        note = _("Which paragraphs translate each other is an editorial judgement ({by}).")
        parts.append(f'<p class="note">{html.escape(note.format(by=statement.alignment.by))}</p>')
    parts.append("</body></html>")
    return "".join(parts)
