"""Statements as the HTML the reading pane shows: one view, one script, nothing remote.

The HTML is built here from escaped text and never refers to anything outside the app, so
the reading pane has nothing to fetch.
"""

from __future__ import annotations

import html

from archive_app.core.archive import Statement
from archive_app.core.convert import convert, is_converted

VIEWS = ("en", "zh", "side-by-side")
NO_ZH = "No Chinese text in the source for this paragraph."
NO_EN = "No English text in the source for this paragraph. 原文此段沒有英文。"


def _p(text: str, lang: str, number: int) -> str:
    return (
        f'<p lang="{lang}" class="{lang}"><span class="num">¶{number}</span> '
        f"{html.escape(text)}</p>"
    )


def _missing(message: str) -> str:
    return f'<p class="missing"><i>{html.escape(message)}</i></p>'


def conversion_label(statement: Statement, mode: str) -> str | None:
    """The words that tell the reader the Chinese on screen is not the stored text."""
    if not is_converted(statement.zh_script, mode):
        return None
    names = {
        "simplified": "Simplified",
        "traditional-tw": "Traditional (Taiwan)",
        "traditional-hk": "Traditional (Hong Kong)",
    }
    return (
        f"Chinese converted from {statement.zh_script.title()} to {names.get(mode, mode)} by "
        "OpenCC for display. The archive keeps the original text; choose “original” to see it."
    )


def statement_html(statement: Statement, view: str, mode: str) -> str:
    zh = [convert(p, statement.zh_script, mode) for p in statement.zh]
    parts = [
        "<html><body>",
        f'<h1>{html.escape(statement.title)}</h1><p class="year">{statement.year}</p>',
    ]
    label = conversion_label(statement, mode)
    if label and view != "en":
        parts.append(f'<p class="converted">{html.escape(label)}</p>')
    if view == "en":
        parts += [_p(t, "en", n) for n, t in enumerate(statement.en, 1)]
    elif view == "zh":
        parts += [_p(t, "zh", n) for n, t in enumerate(zh, 1)] or [_missing(NO_ZH)]
    else:
        parts.append('<table width="100%" cellspacing="0" cellpadding="8">')
        shown_zh: set[int] = set()
        for n, text in enumerate(statement.en, 1):
            zh_no = statement.alignment.zh_for(n)
            right = _p(zh[zh_no - 1], "zh", zh_no) if zh_no else _missing(NO_ZH)
            if zh_no:
                shown_zh.add(zh_no)
            parts.append(
                f'<tr><td width="50%" valign="top">{_p(text, "en", n)}</td>'
                f'<td width="50%" valign="top">{right}</td></tr>'
            )
        for n, text in enumerate(zh, 1):
            if n not in shown_zh:
                parts.append(
                    f'<tr><td width="50%" valign="top">{_missing(NO_EN)}</td>'
                    f'<td width="50%" valign="top">{_p(text, "zh", n)}</td></tr>'
                )
        parts.append("</table>")
    if view != "zh":
        if statement.closing:
            parts.append(f'<p class="closing"><b>{html.escape(statement.closing)}</b></p>')
        if statement.signatories:
            parts.append("<h3>Signatories</h3><ul>")
            parts += [f"<li>{html.escape(s)}</li>" for s in statement.signatories]
            parts.append("</ul>")
    parts.append("</body></html>")
    return "".join(parts)
