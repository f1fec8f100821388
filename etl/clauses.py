"""Clauses: the words between punctuation marks around a figure (what a quote holds)."""

from __future__ import annotations

CLAUSE_BREAKS = "。,;!?:\n"
# A clause runs at most this many characters either side of its figure: real clauses are a few
# dozen; text with no punctuation at all would otherwise make every figure's clause the whole
# text (and the intake's work per figure grow with the article).
MAX_CLAUSE_SIDE = 400


def clause_around(text: str, start: int, end: int) -> tuple[str, int]:
    """The whole clause (between punctuation marks, at most MAX_CLAUSE_SIDE characters either
    side) holding text[start:end], and its offset."""
    s = start
    floor = max(0, start - MAX_CLAUSE_SIDE)
    while s > floor and text[s - 1] not in CLAUSE_BREAKS:
        s -= 1
    e = max(end, start)
    ceiling = min(len(text), e + MAX_CLAUSE_SIDE)
    while e < ceiling and text[e] not in CLAUSE_BREAKS:
        e += 1
    return text[s:e], s
