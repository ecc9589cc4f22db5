"""Importing saved pages of 2 MB and 20 MB: time grows with the page, not with its square.

The page is SYNTHETIC, generated here and never stored: a saved blog page (head with styles and
scripts, navigation, header, footer, and megabytes of related-post lists dense with links,
spans and emphasis) around a long statement (40 English and 40 Chinese paragraphs, inside the
statement limits) whose paragraphs are dense with inline markup, as pages saved from editors
are. Each
size is imported end to end (``import_file``: decode, read the HTML, place the lines, propose
the alignment, check the statement) and compared with a peer measured in the same run: the
standard library's ``html.parser`` merely tokenizing the same page with handlers that do
nothing (the lower bound of the importer this one replaced). The figures that travel are the
ratio to the peer and the ratio of 20 MB to 2 MB (10 means linear).

A second table shows the pages that made the old importer quadratic (a run of tags never
finished, ``<a<a<a…``; nested spans; unmatched end tags): ours at 0.05, 0.1 and 2 MB, the peer
at the 0.05 and 0.1 MB sizes it can still finish in seconds.
"""

from __future__ import annotations

import contextlib
import functools
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from archive_app.core.errors import ImportFailure
from archive_app.core.record import import_file
from benchmarks.harness import Section, Stats, measure, ratio

_EN = (
    "SYNTHETIC benchmark paragraph {n}: we <em>remember</em> the students and workers of "
    '<a href="https://example.org/{n}">Tiananmen Square</a>, and we stand with the '
    "<span class=x>Tiananmen Mothers</span> in their call for truth, accountability and "
    "justice; the vigils continue wherever people are free to gather."
)
_ZH = (
    "合成基準段落{n}：我們<em>悼念</em>天安門廣場的學生和工人，並與"
    "<span class=x>天安門母親</span>一起，要求真相、問責與公義；\n"
    "凡是人們可以自由聚集的地方，燭光悼念都會繼續。"
)
_HEAD = (
    "<!DOCTYPE html><html><head><meta charset=utf-8><title>SYNTHETIC</title>"
    "<style>body{{font:1em serif}}</style><script>var x = '<p>not text</p>';</script></head>"
    "<body><nav><a href=/>Home</a> <a href=/blogs>Blogs</a></nav><header>Site</header>"
    "<main><article><h1>SYNTHETIC BENCHMARK Coalition Statement on June Fourth</h1>\n"
    "<p>This year marks the 35th anniversary of the June Fourth massacre.</p>\n"
)
_TAIL = (
    "<p>SYNTHETIC Solidarity Network</p><p>Another Test Group</p>"
    "<p>In Chinese</p>{zh}</article></main><footer>About this blog</footer></body></html>"
)


_PARAGRAPHS = 40  # a long statement, well inside the statement limits (500 per language)
_NAV = (
    '<nav class=related><ul><li><a href="/blog/{n}"><span class=t><em>SYNTHETIC related post '
    '{n}</em></span></a> <span class=d>4 June</span></li><li><a href="/tag/{n}"><b>tag</b> '
    "<i>{n}</i></a></li></ul></nav>\n"
)


def statement_page(size: int) -> bytes:
    """A SYNTHETIC saved statement page of about ``size`` bytes (see the module doc).

    The statement itself is a long one (40 English and 40 Chinese paragraphs dense with inline
    markup); the rest of the page is what a saved page carries besides (related-post lists of
    links, spans and emphasis), which the importer must read through and leave out by name.
    """
    head = _HEAD.format().encode()
    en_part = "".join(f"<p>{_EN.format(n=n)}</p>\n" for n in range(1, _PARAGRAPHS + 1))
    zh_part = "".join(f"<p>{_ZH.format(n=n)}</p>\n" for n in range(1, _PARAGRAPHS + 1))
    tail = _TAIL.format(zh=zh_part).encode()
    body = en_part.encode()
    chrome: list[str] = []
    total = len(head) + len(body) + len(tail)
    n = 0
    while total < size:
        n += 1
        block = _NAV.format(n=n)
        chrome.append(block)
        total += len(block.encode())
    return head + "".join(chrome).encode() + body + tail


def pathological(kind: str, size: int) -> bytes:
    unit = {"unfinished tags": "<a", "nested spans": "<span>x", "unmatched end tags": "</i>"}[kind]
    body = unit * (size // len(unit))
    page = (
        "<html><body><h1>SYNTHETIC Coalition Statement</h1>"
        "<p>This year marks the 35th anniversary of the June Fourth massacre.</p>"
        "<p>SYNTHETIC Group</p><div>{}"
    )  # nothing after the junk: html.parser then rescans it for every tag it starts
    return page.format(body).encode()


class _Peer(HTMLParser):
    pass


def _peer(data: bytes) -> None:
    parser = _Peer(convert_charrefs=True)
    parser.feed(data.decode("utf-8"))
    parser.close()


def _import_or_refusal(path: Path) -> None:
    """Read the page to the end; a junk page may be refused (that is an answer too)."""
    with contextlib.suppress(ImportFailure):
        import_file(path)


def run(runs: int) -> Section:
    runs = max(1, min(runs, 3))  # each 20 MB import takes seconds
    section = Section(
        "import_scale",
        "Importing a saved page: 2 MB and 20 MB (SYNTHETIC pages), vs html.parser tokenizing",
        ["page", "size_mb", "ours_median_ms", "peer_median_ms", "ratio_to_peer", "growth"],
    )
    with tempfile.TemporaryDirectory() as folder:
        previous: float | None = None
        for size in (2_000_000, 20_000_000):
            data = statement_page(size)
            path = Path(folder) / f"page-{size}.html"
            path.write_bytes(data)
            result = import_file(path)
            statement = result.statement  # the whole statement (the opening line + 40 ¶)
            assert statement.year == 2024 and len(statement.zh) == _PARAGRAPHS
            assert len(statement.en) == _PARAGRAPHS + 1
            assert any(i.kind == "navigation" for i in result.ignored)  # left out, by name
            ours = measure(functools.partial(import_file, path), runs, warmup=0)
            peer = measure(functools.partial(_peer, data), runs, warmup=0)
            section.rows.append(
                {
                    "page": "statement + related lists, inline markup",
                    "size_mb": round(len(data) / 1e6, 1),
                    "ours_median_ms": ours.median_ms,
                    "peer_median_ms": peer.median_ms,
                    "ratio_to_peer": ratio(ours.median_ms, peer.median_ms),
                    "growth": ratio(ours.median_ms, previous) if previous else None,
                }
            )
            previous = ours.median_ms
        for kind in ("unfinished tags", "nested spans", "unmatched end tags"):
            for size in (50_000, 100_000, 2_000_000):
                data = pathological(kind, size)
                path = Path(folder) / "junk.html"
                path.write_bytes(data)
                ours = measure(functools.partial(_import_or_refusal, path), runs, warmup=0)
                slow: Stats | None = None
                if size <= 100_000:
                    slow = measure(functools.partial(_peer, data), 1, warmup=0)
                section.rows.append(
                    {
                        "page": kind,
                        "size_mb": round(len(data) / 1e6, 2),
                        "ours_median_ms": ours.median_ms,
                        "peer_median_ms": slow.median_ms if slow else None,
                        "ratio_to_peer": ratio(ours.median_ms, slow.median_ms) if slow else None,
                        "growth": None,
                    }
                )
    section.notes = [
        "growth: the 20 MB median over the 2 MB median (10 = linear in the page's size).",
        "peer: html.parser tokenizing with no-op handlers; '-' where it cannot finish in "
        "reasonable time (it is quadratic on these pages).",
    ]
    return section
