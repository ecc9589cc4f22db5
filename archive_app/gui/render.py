"""Statements as the HTML the reading pane shows: one view, one script, nothing remote.

The HTML is built here from escaped text and never refers to anything outside the app, so the
reading pane has nothing to fetch. Links in a statement stay plain text (no ``<a href>``).

Each paragraph starts with a named anchor ``en-N`` / ``zh-N`` (N counts from 1 as in the
archive), so the pane can map a block back to its paragraph (for tooltips, citations and
highlights) and scroll to it. Title, year and the signature block have their own elements
and classes, never the body's.
"""

from __future__ import annotations

import html

from archive_app.core.convert import Mode, Script, convert, is_converted
from archive_app.core.record import SignOff, Statement
from archive_app.core.settings import VIEWS
from archive_app.gui.i18n import _
from archive_app.gui.labels import conversion_names

__all__ = [
    "VIEWS",
    "anchor",
    "conversion_label",
    "display_script",
    "missing_en",
    "missing_zh",
    "sign_off_label",
    "source_kind_label",
    "statement_html",
]

# Side by side: English needs about twice the characters of Chinese for the same sentence, so
# it gets the wider column (a narrow window would otherwise leave it five words a line).
EN_W, ZH_W = "57%", "43%"


def missing_zh() -> str:
    return _("No Chinese text in the source for this paragraph.")


def missing_en() -> str:
    return _("No English text in the source for this paragraph.")


def anchor(lang: str, number: int) -> str:
    return f"{lang}-{number}"


def display_script(statement: Statement, mode: Mode) -> Script:
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


def conversion_label(statement: Statement, mode: Mode, *, on_paper: bool = False) -> str | None:
    """The words that tell the reader the Chinese on screen (or paper) is not the stored text."""
    if not is_converted(statement.zh_script, mode):
        return None
    sources, targets = conversion_names()
    source, target = sources[statement.zh_script], targets[Mode(mode)]
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


def sign_off_label(judged: SignOff) -> str:
    """A judgement that a signature line is a sign-off, shown as one, with its author."""
    return _("sign-off, not a signer: {kind} by {by}{when}: {why}").format(
        kind=judged.kind,
        by=judged.by,
        when=f", {judged.when}" if judged.when else "",
        why=judged.why,
    )


def _signature_line(text: str, judged: SignOff | None) -> str:
    if judged is None:
        return f'<li class="signatory">{html.escape(text)}</li>'
    label = html.escape(sign_off_label(judged))
    return (
        f'<li class="signatory judged">{html.escape(text)} '
        f'<span class="judgement"><i>({label})</i></span></li>'
    )


def _stored_p(text: str, number: int) -> str:
    """A Chinese paragraph as stored, beside its conversion (anchor ``zo-N``: the pane maps it
    to Chinese ¶N for citations, but scrolls and highlights by the converted one)."""
    return (
        f'<p lang="zh" class="zh stored"><a name="zo-{number}">'
        f'<span class="num">¶{number}</span></a> {html.escape(text)}</p>'
    )


def _parallel_html(statement: Statement, view: str, mode: Mode, zh: list[str]) -> list[str]:
    """BibleTime's parallel columns: English (side by side only) | Chinese as stored | Chinese
    converted, each column headed with what it is."""
    e = html.escape
    label = conversion_label(statement, mode, on_paper=True) or ""
    heads = [e(_("Chinese as stored")), e(_("Chinese converted (OpenCC)"))]
    widths = ["50%", "50%"]
    if view == "side-by-side":
        heads.insert(0, e(_("English")))
        widths = ["40%", "30%", "30%"]
    parts = ['<table width="100%" cellspacing="0" cellpadding="6">', "<tr>"]
    parts += [
        f'<th width="{w}" title="{e(label)}">{h}</th>' for w, h in zip(widths, heads, strict=True)
    ]
    parts.append("</tr>")

    def row(en: str, number: int | None) -> str:
        cells = [] if view != "side-by-side" else [en]
        if number is None:
            cells += [_missing(missing_zh()), ""]
        else:
            cells += [_stored_p(statement.zh[number - 1], number), _p(zh[number - 1], "zh", number)]
        return (
            "<tr>"
            + "".join(
                f'<td width="{w}" valign="top">{c}</td>' for w, c in zip(widths, cells, strict=True)
            )
            + "</tr>"
        )

    if view == "side-by-side":
        shown: set[int] = set()
        for n, text in enumerate(statement.en, 1):
            zh_no = statement.alignment.zh_for(n)
            if zh_no:
                shown.add(zh_no)
            parts.append(row(_p(text, "en", n), zh_no))
        for n in range(1, len(zh) + 1):
            if n not in shown:
                parts.append(row(_missing(missing_en()), n))
    else:
        parts += [row("", n) for n in range(1, len(zh) + 1)]
    parts.append("</table>")
    return parts


def statement_html(
    statement: Statement,
    view: str,
    mode: Mode,
    *,
    on_paper: bool = False,
    notice: str | None = None,
    conversion_in_page: bool = True,
    beside_stored: bool = False,
) -> str:
    """The whole statement in ``view`` (en | zh | side-by-side), Chinese in script ``mode``.

    ``notice`` (a text that is not the signed record) is printed first; the conversion label
    is part of the page unless ``conversion_in_page`` is off (the window shows it in a bar
    outside the scrolling page instead). ``beside_stored``: when the Chinese is converted, the
    stored text stands in a column of its own beside the conversion (in the Chinese and
    side-by-side views).
    """
    zh = [convert(p, statement.zh_script, mode) for p in statement.zh]
    title = statement.title
    if view != "en":
        title = convert(title, statement.zh_script, mode)
    parts = [
        "<html><body>",
        f'<h1 class="title">{html.escape(title)}</h1>',
        f'<p class="meta">{html.escape(_meta(statement))}</p>',
    ]
    if notice:
        parts.append(f'<p class="converted"><b>{html.escape(notice)}</b></p>')
    label = conversion_label(statement, mode, on_paper=on_paper)
    if label and view != "en" and (conversion_in_page or on_paper):
        parts.append(f'<p class="converted">{html.escape(label)}</p>')
    parallel = beside_stored and view != "en" and label is not None and bool(zh)
    if parallel:
        parts += _parallel_html(statement, view, mode, zh)
    elif view == "en":
        parts += [_p(t, "en", n) for n, t in enumerate(statement.en, 1)]
    elif view == "zh":
        parts += [_p(t, "zh", n) for n, t in enumerate(zh, 1)] or [_missing(missing_zh())]
    else:
        parts.append('<table width="100%" cellspacing="0" cellpadding="6">')
        english, chinese = html.escape(_("English")), html.escape(_("Chinese"))
        parts.append(f'<tr><th width="{EN_W}">{english}</th><th width="{ZH_W}">{chinese}</th></tr>')
        shown_zh: set[int] = set()
        for n, text in enumerate(statement.en, 1):
            zh_no = statement.alignment.zh_for(n)
            if zh_no and zh_no in shown_zh:  # one Chinese paragraph for two English ones
                right = _missing(
                    _(
                        "Chinese ¶{number} (beside the paragraph above) translates this one too."
                    ).format(number=zh_no)
                )
            else:
                right = _p(zh[zh_no - 1], "zh", zh_no) if zh_no else _missing(missing_zh())
            if zh_no:
                shown_zh.add(zh_no)
            parts.append(
                f'<tr><td width="{EN_W}" valign="top">{_p(text, "en", n)}</td>'
                f'<td width="{ZH_W}" valign="top">{right}</td></tr>'
            )
        for n, text in enumerate(zh, 1):
            if n not in shown_zh:
                parts.append(
                    f'<tr><td width="{EN_W}" valign="top">{_missing(missing_en())}</td>'
                    f'<td width="{ZH_W}" valign="top">{_p(text, "zh", n)}</td></tr>'
                )
        parts.append("</table>")
    if statement.signatories:
        heading = html.escape(_("Signatories"))
        parts.append(f'<h3 class="signatories">{heading}</h3><ul>')
        parts += [_signature_line(text, judged) for text, judged in statement.signature_block()]
        parts.append("</ul>")
    if view == "side-by-side" and statement.alignment.pairs:
        note = _("Which paragraphs translate each other is an editorial judgement ({by}).")
        parts.append(f'<p class="note">{html.escape(note.format(by=statement.alignment.by))}</p>')
    parts.append("</body></html>")
    return "".join(parts)
