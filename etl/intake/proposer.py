"""Proposing: every figure of an article through the named rules (``etl.intake.rules``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from etl.clean import clean
from etl.errors import EtlError
from etl.intake.proposal import Proposal
from etl.intake.rules import draft, headline, run_rules
from etl.intake.spot import Article, spot
from etl.intake.vocab import _Vocab, vocab_from_build
from etl.sources import Source

if TYPE_CHECKING:
    from etl.pipeline import Build


def propose(build: Build, source_id: str) -> list[Proposal]:
    """A proposal for every figure mention of a source's cleaned text, against the vocabulary of
    ``build`` (see the package doc); an ``EtlError`` for a source the build does not hold."""
    if source_id not in build.sources:
        raise EtlError(
            Path("data/raw") / f"{source_id}.txt",
            f"no source {source_id!r}",
            f"add it first with `python -m etl add`; known: {sorted(build.sources)}",
        )
    return propose_source(vocab_from_build(build), build.sources[source_id])


def preview(build: Build, text: str, published_on: str) -> tuple[str, list[Proposal]]:
    """The cleaned text of an article not yet added, and the proposals ``propose`` would make
    for it once added (the offsets are the same: cleaning is deterministic)."""
    src = new_source(text, published_on)
    return src.clean_text, propose_source(vocab_from_build(build), src)


def new_source(text: str, published_on: str, source_id: str = "(new)") -> Source:
    """An article not yet in the atlas, as the proposer sees it."""
    return Source(
        source_id=source_id,
        title="",
        title_en="",
        publisher="",
        publisher_en="",
        published_on=published_on,
        published_on_note="",
        url=None,
        script="",
        licence="",
        sha256="",
        raw_path="",
        seed_file="",
        notes="",
        official=False,
        raw_text=text,
        clean_text=clean(text),
    )


def propose_source(v: _Vocab, src: Source, without: frozenset[str] = frozenset()) -> list[Proposal]:
    """A proposal for every figure of ``src``'s cleaned text; ``without`` names rules left out
    (to measure what each rule does)."""
    a = Article(src, v)
    out: list[Proposal] = []
    prev_end = 0
    for m in a.figures:
        same_para = out and "\n" not in a.text[prev_end : m.start]
        prev = out[-1] if same_para else None
        # a figure said of several places at once (广东、江苏均有6个): a proposal for each
        spread, start = a.spread(m)
        names: list[tuple[str, str, str] | None] = [*spread] or [None]
        if "place.spread" in without:
            names = [None]
        for name in names:
            s = spot(a, m, prev_end, prev, name, start)
            out.append(run_rules(s, draft(s), without))
        prev_end = m.end
    return headline(a.text, out, without)
