"""The signature block on screen: every line in source order; a sign-off judgement shown as one."""

from __future__ import annotations

import dataclasses

from archive_app.core.record import Archive, SignOff
from archive_app.gui.render import sign_off_label, statement_html


def test_every_line_of_the_block_is_shown_and_a_judgement_is_labelled(shipped: Archive) -> None:
    statement = shipped.get(2021)
    page = statement_html(statement, "en", "original")
    assert page.count('<li class="signatory">') == 8
    assert page.index("Remember June Fourth") < page.index("Chinese Solidarity Campaign")
    assert "sign-off" not in page  # no judgement was made: none is shown
    judged = SignOff(1, "editorial judgement", "<b>A. Curator</b>", "2026-11-28", "a slogan")
    page = statement_html(dataclasses.replace(statement, sign_offs=(judged,)), "en", "original")
    assert page.count('<li class="signatory">') == 7
    assert 'Remember June Fourth <span class="judgement">' in page
    assert "&lt;b&gt;A. Curator&lt;/b&gt;" in page and "<b>A. Curator" not in page  # escaped
    assert sign_off_label(judged) == (
        "sign-off, not a signer: editorial judgement by <b>A. Curator</b>, 2026-11-28: a slogan"
    )
