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

from archive_app.core.convert import Mode, convert, is_converted
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
    "statement_html",
]


def missing_zh() -> str:
    return _("No Chinese text in the source for this paragraph.")


def missing_en() -> str:
    return _("No English text in the source for this paragraph.")


def anchor(lang: str, number: int) -> str:
    return f"{lang}-{number}"


def display_script(statement: Statement, mode: Mode) -> str:
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


def _meta(statement: Statement) -> str:
    source = statement.source
    unknown = _("unknown")
    published = source.get("published") or unknown
    return _("{year} · source: {kind} · published: {published}").format(
        year=statement.year,
        kind=source.get("kind") or unknown,
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


def statement_html(
    statement: Statement,
    view: str,
    mode: Mode,
    *,
    on_paper: bool = False,
    notice: str | None = None,
    conversion_in_page: bool = True,
) -> str:
    """The whole statement in ``view`` (en | zh | side-by-side), Chinese in script ``mode``.

    ``notice`` (a text that is not the signed record) is printed first; the conversion label
    is part of the page unless ``conversion_in_page`` is off (the window shows it in a bar
    outside the scrolling page instead).
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
