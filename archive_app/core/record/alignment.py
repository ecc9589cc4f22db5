"""Proposing which Chinese paragraph translates which English one, and saying why, in plain words.

The method is the one parallel-text tools use: length-based alignment in the manner of Gale and
Church (1993), a dynamic programme over the two paragraph sequences, in order, that allows a
paragraph to match one paragraph (1–1), none (1–0, 0–1) or two (2–1, 1–2). Its cost for a
match is how unlikely the Chinese length is, given the English length, for a translation; here
it is anchored by what survives translation unchanged: numbers (years, counts) and words left in
Latin letters in the Chinese text (names and acronyms such as BNO or PRC, quoted terms). A
match that shares anchors is cheaper; one that leaves an anchor without its counterpart costs
more.

When the Chinese text is much shorter than a translation of the whole English would be (a
partial translation, as in 2021), leaving English paragraphs unmatched is expected and costs
little; when the lengths agree, it is rare (Gale and Church's priors).

The result is a proposal: an editorial judgement the curator confirms or corrects, each pair with
its reason, never part of the source.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["PairReason", "Proposal", "propose_alignment"]

# Chinese characters per English character (both without white space) in a translation; from
# the 2021 statement's own pair (274 / 864 ≈ 0.32) and usual EN→ZH ratios (0.3–0.35).
CHARS_RATIO = 0.32
# Variance of the Chinese length per English character (Gale and Church's s², scaled to the
# Chinese unit), wide enough for translators who expand or condense.
VARIANCE = 1.6
# Gale and Church's priors for each kind of match.
PRIORS = {
    (1, 1): 0.89,
    (1, 0): 0.0099 / 2,
    (0, 1): 0.0099 / 2,
    (2, 1): 0.089 / 2,
    (1, 2): 0.089 / 2,
}
ANCHOR_BONUS = 2.5  # cost taken off for each anchor both sides share
ANCHOR_MISSING = 1.5  # cost added for each anchor one side has and the other lacks
MAX_CELLS = 250_000  # beyond this many paragraph pairs no proposal is made (the curator pairs)

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’\-]*[A-Za-z0-9]")


@dataclass(frozen=True)
class PairReason:
    """Why the English paragraphs ``en`` and the Chinese ``zh`` are proposed as translations."""

    en: tuple[int, ...]  # 1-based paragraph numbers (two for a merge)
    zh: tuple[int, ...]
    anchors: tuple[str, ...]  # numbers and names both sides contain
    ratio: float  # Chinese characters per English character, this pair
    expected: float  # the same for a usual translation

    @property
    def length_fits(self) -> bool:
        return abs(math.log(max(self.ratio, 1e-6) / self.expected)) < math.log(1.6)

    def describe(self) -> str:
        """One sentence a curator can check against the text."""
        en = " and ".join(f"¶{n}" for n in self.en)
        zh = " and ".join(f"¶{n}" for n in self.zh)
        parts = [f"English {en} ↔ Chinese {zh}:"]
        if len(self.en) > 1:
            parts.append("one Chinese paragraph for two English ones;")
        elif len(self.zh) > 1:
            parts.append("two Chinese paragraphs for one English one;")
        if self.anchors:
            parts.append(f"both name {', '.join(self.anchors)};")
        fit = "the length of a translation" if self.length_fits else "a length unusual for one"
        parts.append(
            f"{fit} ({self.ratio:.2f} Chinese characters per English character, usually "
            f"about {self.expected:.2f})."
        )
        return " ".join(parts)


@dataclass(frozen=True)
class Proposal:
    pairs: tuple[tuple[int, int], ...]
    reasons: tuple[PairReason, ...]
    unpaired_en: tuple[int, ...]
    unpaired_zh: tuple[int, ...]
    method: str

    def summary(self) -> str:
        if not self.reasons:
            return f"No pairing could be proposed ({self.method})."
        text = " ".join(r.describe() for r in self.reasons)
        if len(self.reasons) > 1:
            text += " The pairs keep the order of both texts."
        if self.unpaired_en:
            listed = ", ".join(f"¶{n}" for n in self.unpaired_en)
            text += f" No Chinese counterpart proposed for English {listed}."
        if self.unpaired_zh:
            listed = ", ".join(f"¶{n}" for n in self.unpaired_zh)
            text += f" No English counterpart proposed for Chinese {listed}."
        return text


def _length(text: str) -> int:
    return sum(1 for c in text if not c.isspace())


def _anchors(text: str) -> set[str]:
    folded = unicodedata.normalize("NFKC", text)  # full-width digits and letters as ASCII
    numbers = {n.replace(",", "") for n in _NUMBER.findall(folded)}
    words = {w.casefold() for w in _LATIN_WORD.findall(folded) if len(w) > 1}
    return numbers | words


def _normal_tail(z: float) -> float:
    """P(|Z| >= z) for a standard normal variable."""
    return math.erfc(abs(z) / math.sqrt(2))


def propose_alignment(en: Sequence[str], zh: Sequence[str]) -> Proposal:
    """The most likely order-keeping alignment of ``en`` and ``zh`` (see the module doc)."""
    method = "length-based alignment (Gale–Church) anchored by shared numbers and names"
    n, m = len(en), len(zh)
    if not n or not m:
        return Proposal((), (), tuple(range(1, n + 1)), tuple(range(1, m + 1)), method)
    if n * m > MAX_CELLS:
        return Proposal(
            (), (), tuple(range(1, n + 1)), tuple(range(1, m + 1)), "too many paragraphs"
        )
    en_len = [_length(p) for p in en]
    zh_len = [_length(p) for p in zh]
    # Anchors count only when the other language has them somewhere: a number or a name that
    # appears in both texts.
    en_raw = [_anchors(p) for p in en]
    zh_raw = [_anchors(p) for p in zh]
    relevant = set().union(*en_raw) & set().union(*zh_raw)
    en_anchor = [a & relevant for a in en_raw]
    zh_anchor = [a & relevant for a in zh_raw]
    total_en, total_zh = sum(en_len), sum(zh_len)
    coverage_en = min(1.0, total_zh / max(1.0, CHARS_RATIO * total_en))
    coverage_zh = min(1.0, CHARS_RATIO * total_en / max(1, total_zh))
    priors = dict(PRIORS)
    priors[(1, 0)] = max(priors[(1, 0)], 1.0 - coverage_en)
    priors[(0, 1)] = max(priors[(0, 1)], 1.0 - coverage_zh)

    def match_cost(ens: range, zhs: range) -> float:
        l1 = sum(en_len[i] for i in ens)
        l2 = sum(zh_len[j] for j in zhs)
        delta = (l2 - l1 * CHARS_RATIO) / math.sqrt(max(1, l1) * VARIANCE)
        cost = -math.log(max(1e-12, priors[(len(ens), len(zhs))] * _normal_tail(delta)))
        a_en = set().union(*(en_anchor[i] for i in ens))
        a_zh = set().union(*(zh_anchor[j] for j in zhs))
        shared = a_en & a_zh
        missing = a_en ^ a_zh
        return cost - ANCHOR_BONUS * len(shared) + ANCHOR_MISSING * len(missing)

    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            best, move = inf, (0, 0)
            for di, dj in ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2)):
                if i < di or j < dj or cost[i - di][j - dj] == inf:
                    continue
                if di and dj:
                    step = match_cost(range(i - di, i), range(j - dj, j))
                else:
                    step = -math.log(priors[(di, dj)])
                if cost[i - di][j - dj] + step < best:
                    best, move = cost[i - di][j - dj] + step, (di, dj)
            cost[i][j], back[i][j] = best, move
    beads: list[tuple[range, range]] = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]
        beads.append((range(i - di, i), range(j - dj, j)))
        i, j = i - di, j - dj
    beads.reverse()
    pairs: list[tuple[int, int]] = []
    reasons: list[PairReason] = []
    for ens, zhs in beads:
        if not ens or not zhs:
            continue
        pairs += [(a + 1, b + 1) for a in ens for b in zhs]
        shared = set().union(*(en_anchor[a] for a in ens)) & set().union(
            *(zh_anchor[b] for b in zhs)
        )
        l1 = sum(en_len[a] for a in ens)
        l2 = sum(zh_len[b] for b in zhs)
        reasons.append(
            PairReason(
                tuple(a + 1 for a in ens),
                tuple(b + 1 for b in zhs),
                tuple(sorted(shared, key=_anchor_order)),
                l2 / max(1, l1),
                CHARS_RATIO,
            )
        )
    paired_en = {a for a, _ in pairs}
    paired_zh = {b for _, b in pairs}
    return Proposal(
        tuple(pairs),
        tuple(reasons),
        tuple(k for k in range(1, n + 1) if k not in paired_en),
        tuple(k for k in range(1, m + 1) if k not in paired_zh),
        method,
    )


def _anchor_order(anchor: str) -> tuple[int, float, str]:
    if anchor[0].isdigit():
        try:
            return (0, float(anchor), anchor)
        except ValueError:
            return (0, 0.0, anchor)
    return (1, 0.0, anchor)
