"""The text around a figure, as the rules read it: computed once per article (its figures, its
sentence breaks, its masked copy, its main place, its 分别 lists) and once per figure (its
clause, sentence, paragraph, the words between it and the figure before, the words after it),
never re-scanned by each rule."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from etl.clauses import clause_around
from etl.intake.proposal import Proposal
from etl.intake.text import (
    MAX_SENTENCE,
    _label,
    _main_region,
    _quote_for,
    _respectively,
    spread_names,
)
from etl.intake.words import (
    _COMPOUND_REGION,
    _DATELINE,
    _NATIONAL_COMPARISON,
    _TO_NEXT,
    AMC,
    COMPOUND_MARK,
    SENTENCE_BREAKS,
)
from etl.numbers import Mention, find_mentions

if TYPE_CHECKING:
    from etl.extract import Fact
    from etl.intake.vocab import _Vocab
    from etl.sources import Source


class Article:
    """What every rule may ask of the whole article, computed once."""

    def __init__(self, src: Source, v: _Vocab):
        text = src.clean_text
        self.src, self.v, self.text = src, v, text
        self.figures = [m for m in find_mentions(text) if m.is_figure]
        self._starts = [m.start for m in self.figures]
        self.own: dict[int, list[Fact]] = {}  # a figure said of several places: several
        for f in v.facts:
            if f.source_id == src.source_id:
                self.own.setdefault(f.surface_start, []).append(f)
        self.about_amc = any(a in text for a in AMC)
        masked = _DATELINE.sub(lambda d: " " * len(d.group()), text)
        masked = _NATIONAL_COMPARISON.sub("  ", masked)
        self.masked = _COMPOUND_REGION.sub(lambda c: COMPOUND_MARK * len(c.group()), masked)
        self.main_region = _main_region(self.masked, v)
        self.pairs = _respectively(self.masked, self.figures, v)
        self._breaks = [i for i, c in enumerate(text) if c in SENTENCE_BREAKS]

    def sentence_start(self, pos: int) -> int:
        """Where the sentence holding ``pos`` starts (after the last of 。!?;\\n before it, at
        most MAX_SENTENCE characters back)."""
        k = bisect.bisect_left(self._breaks, pos)
        last = self._breaks[k - 1] + 1 if k else 0
        return max(last, pos - MAX_SENTENCE, 0)

    def sentence_end(self, pos: int) -> int:
        """Where the sentence holding ``pos`` ends (at the next break, or the text's end)."""
        k = bisect.bisect_left(self._breaks, pos)
        return self._breaks[k] if k < len(self._breaks) else len(self.text)

    def figures_in(self, start: int, end: int) -> int:
        """How many of the article's figures lie wholly in ``text[start:end]``."""
        k = bisect.bisect_left(self._starts, start)
        n = 0
        while k < len(self.figures) and self.figures[k].start < end:
            n += self.figures[k].end <= end
            k += 1
        return n

    def has_figure(self, start: int, end: int) -> bool:
        return self.figures_in(start, end) > 0

    def spread(self, m: Mention) -> tuple[list[tuple[str, str, str]], int]:
        """The names the figure ``m`` is said of at once (广东、江苏均有6个) and where the first
        starts, or ([], 0)."""
        if m.start in self.pairs:
            return [], 0
        return spread_names(self.masked, self.sentence_start(m.start), m, self.v, self.has_figure)


@dataclass(frozen=True)
class Spot:
    """The text around one figure: the words each rule reads, computed once."""

    a: Article
    m: Mention
    prev_end: int  # where the figure before ends (0 for the first)
    prev: Proposal | None  # the proposal of the figure before, in the same paragraph
    pair: tuple[str, str, str] | None  # its name by rank after 分别, if any
    spread: tuple[str, str, str] | None  # one of the names it is said of at once (均有, 各有)
    spread_from: int  # where the first of those names starts
    clause: str
    cstart: int
    sent_start: int
    full_start: int  # the whole sentence, across ';' (其中,A...;B...)
    sent_end: int
    seg_start: int
    seg: str  # the words between the figure before and this one, in its clause
    to_next: re.Match[str] | None  # 从45个到80个: the count it becomes
    after: str  # the words after the figure, up to a break or a digit (or its label)
    label: str  # an infographic's label line, if the figure stands alone on its line
    w_start: int
    window: str  # the words before, \x00, its counter and the words after
    own_from: int
    para_start: int
    paragraph: str
    prev_sentence: str
    mseg: str  # ``seg`` in the masked text
    quote: str
    figure: str
    context: str

    @property
    def value(self) -> float:
        assert self.m.value is not None  # a figure always has a value
        return self.m.value

    @property
    def text(self) -> str:
        return self.a.text

    @property
    def masked(self) -> str:
        return self.a.masked

    @property
    def v(self) -> _Vocab:
        return self.a.v

    @property
    def pub(self) -> str:
        return self.a.src.published_on


def spot(
    a: Article,
    m: Mention,
    prev_end: int,
    prev: Proposal | None,
    spread: tuple[str, str, str] | None = None,
    spread_from: int = 0,
) -> Spot:
    """The text around the figure ``m`` of ``a`` (said of ``spread``, one of several names)."""
    text = a.text
    clause, cstart = clause_around(text, m.start, m.end)
    quote, figure = _quote_for(text, m, prev_end, a.figures_in(cstart, cstart + len(clause)))
    sent_start = a.sentence_start(m.start)
    full_start = sent_start
    while full_start > 0 and text[full_start - 1] == ";":
        full_start = a.sentence_start(full_start - 1)
    seg_start = max(cstart, prev_end)  # a clause never starts before its sentence
    to_next = _TO_NEXT.match(text, m.end) if m.unit == "count" else None
    at = to_next.end() if to_next else m.end
    after = re.split(r"[,。;!?、\n]|\d", text[at : at + 16], maxsplit=1)[0]
    label = _label(text, m, a.has_figure)
    if label:  # an infographic's figure alone on its line: its words are on the next line
        after = label
    # the figure's own counter starts the words after it: 26省 + 区 reads 省区
    w_start = max(cstart, sent_start, m.start - 30)
    para_start = text.rfind("\n", 0, sent_start) + 1
    prev_start = a.sentence_start(max(sent_start - 1, 0))
    return Spot(
        a=a,
        m=m,
        prev_end=prev_end,
        prev=prev,
        pair=a.pairs.get(m.start),
        spread=spread,
        spread_from=spread_from,
        clause=clause,
        cstart=cstart,
        sent_start=sent_start,
        full_start=full_start,
        sent_end=a.sentence_end(m.end),
        seg_start=seg_start,
        seg=text[seg_start : m.start],
        to_next=to_next,
        after=after,
        label=label,
        w_start=w_start,
        window=text[w_start : m.start] + "\x00" + (m.counter or "") + after,
        # where the previous figure's words end: a count that names what it counts after it
        # does not borrow the metric of the figure before (1.8万家高新技术企业和近200家创新平台)
        own_from=max(0, prev_end - w_start),
        para_start=para_start,
        paragraph=text[para_start : m.start],
        prev_sentence=text[prev_start:sent_start],
        mseg=a.masked[seg_start : m.start],
        quote=quote,
        figure=figure,
        context=text[max(0, m.start - 20) : m.end + 20].replace("\n", " "),
    )
