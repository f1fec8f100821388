"""Leave-one-out score of the proposer on the atlas's own sources.

In: the data folder. Out: for every source with curated facts, how many of its facts the
proposer maps as the curator did (metric, scope, region, domain, period, kind, cluster) when
that source's facts are taken out of the atlas and its figures proposed as for a new article;
and the share over all facts.

The data is read and resolved once; each source is then left out of the facts in memory and
the figures regrouped (the checks are not needed to propose), instead of copying data/ and
rebuilding it for every source: the same proposals, in a fraction of the time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from etl.errors import EtlError
from etl.extract import Fact
from etl.intake import Proposal, propose_source, vocab_from_build
from etl.paths import Paths
from etl.pipeline import Build, run, without
from etl.yamlio import load_yaml

FIELDS = ("metric", "scope", "region", "domain", "period", "kind", "cluster")
BAR = 0.85  # the share of curated facts the proposer must map as curated
LOW = 0.6  # a source below this must be listed, with why, in data/intake_loo_known.yaml
KNOWN = "intake_loo_known.yaml"


@dataclass(frozen=True)
class Miss:
    """A curated fact the proposer did not map as the curator did."""

    fact_id: str
    surface: str
    fields: tuple[str, ...]  # the fields that differ; all of them when nothing was proposed
    want: tuple[str, ...]
    got: tuple[str, ...] | None


@dataclass(frozen=True)
class SourceScore:
    source_id: str
    facts: int
    right: int
    misses: tuple[Miss, ...]

    @property
    def share(self) -> float:
        return self.right / self.facts if self.facts else 1.0


def _want(f: Fact, names: dict[str, str]) -> tuple[str, ...]:
    return (
        f.metric,
        f.scope,
        f.region,
        f.domain or "",
        f.period or "",
        f.kind,
        names.get(f.cluster or "", ""),
    )


def _got(p: Proposal | None) -> tuple[str, ...] | None:
    if p is None:
        return None
    return (p.metric, p.scope, p.region, p.domain, p.period, p.kind, p.cluster)


def score_source(build: Build, source_id: str) -> SourceScore:
    """Leave ``source_id``'s facts out, propose its figures, compare with what was curated."""
    v = vocab_from_build(without(build, source_id))
    return score_proposals(build, source_id, propose_source(v, build.sources[source_id]))


def score_proposals(build: Build, source_id: str, proposals: list[Proposal]) -> SourceScore:
    """How many of ``source_id``'s curated facts ``proposals`` map as curated."""
    names = {c.cluster_id: c.name_zh for c in build.registry}
    props: dict[int, list[Proposal]] = {}  # a figure said of several places has several
    for p in proposals:
        props.setdefault(p.offset, []).append(p)
    facts = [f for f in build.facts if f.source_id == source_id]
    misses = []
    for f in facts:
        want = _want(f, names)
        here = [_got(p) for p in props.get(f.surface_start, [])]
        got = want if want in here else (here[0] if here else None)
        if got != want:
            differ = (
                FIELDS
                if got is None
                else tuple(k for k, a, b in zip(FIELDS, want, got, strict=True) if a != b)
            )
            misses.append(Miss(f.fact_id, f.surface, differ, want, got))
    return SourceScore(source_id, len(facts), len(facts) - len(misses), tuple(misses))


def leave_one_out(paths: Paths) -> list[SourceScore]:
    """The score of every source that has curated facts, in source-id order."""
    build = run(paths)
    return [score_source(build, s) for s in sorted({f.source_id for f in build.facts})]


def overall(scores: list[SourceScore]) -> float:
    """Share of all curated facts proposed as curated."""
    n = sum(s.facts for s in scores)
    return sum(s.right for s in scores) / n if n else 1.0


def table(scores: list[SourceScore], below: float = 0.6) -> str:
    """The scores as a text table; a source under ``below`` lists its misses and their fields."""
    width = max((len(s.source_id) for s in scores), default=10)
    lines = [f"{'source':{width}}  facts  right  share"]
    for s in scores:
        lines.append(f"{s.source_id:{width}}  {s.facts:5}  {s.right:5}  {s.share:5.0%}")
        if s.share < below:
            for m in s.misses:
                what = "nothing proposed" if m.got is None else "differs in " + ", ".join(m.fields)
                lines.append(f"{'':{width}}    {m.fact_id} ({m.surface}): {what}")
    n, right = sum(s.facts for s in scores), sum(s.right for s in scores)
    lines.append(f"{'overall':{width}}  {n:5}  {right:5}  {overall(scores):5.0%}")
    return "\n".join(lines)


def read_known(data: Path) -> dict[str, str]:
    """Sources known to score below ``LOW``, with why (data/intake_loo_known.yaml)."""
    path = data / KNOWN
    if not path.exists():
        return {}
    doc = load_yaml(path) or {}
    known = doc.get("known") or {}
    if not isinstance(known, dict):
        raise EtlError(path, "`known:` must map source ids to a cause and why", "see the file")
    out = {}
    for sid, e in known.items():
        if sid == "__line__":
            continue
        if not isinstance(e, dict) or not e.get("why"):
            raise EtlError(path, f"{sid}: no `why:`", "say why the proposer misses this source")
        out[str(sid)] = str(e["why"])
    return out


def verdict(scores: list[SourceScore], known: dict[str, str]) -> list[str]:
    """What is wrong with the scores, if anything: the bar over all sources and over those not
    known to be low, an unlisted source below ``LOW``, a listed one that is no longer low."""
    problems = []
    if overall(scores) < BAR:
        problems.append(f"{overall(scores):.1%} of the facts of all sources, under {BAR:.0%}")
    by_id = {s.source_id: s for s in scores}
    rest = [s for s in scores if s.source_id not in known]
    if overall(rest) < BAR:
        problems.append(f"{overall(rest):.1%} of the facts of the other sources, under {BAR:.0%}")
    for s in rest:
        if s.share < LOW:
            problems.append(f"{s.source_id} scores {s.share:.0%}: list it with why in {KNOWN}")
    for sid in known:
        if sid not in by_id:
            problems.append(f"{sid} is listed in {KNOWN} but has no curated facts")
        elif by_id[sid].share >= LOW:
            problems.append(f"{sid} now scores {by_id[sid].share:.0%}: delete it from {KNOWN}")
    return problems


def report(scores: list[SourceScore], known: dict[str, str]) -> str:
    """The table, the overall shares (all sources; those not known to be low) and the known."""
    rest = [s for s in scores if s.source_id not in known]
    lines = [table(scores), ""]
    lines.append(f"all sources: {overall(scores):.1%} of {sum(s.facts for s in scores)} facts")
    lines.append(
        f"sources not listed in {KNOWN}: {overall(rest):.1%} of {sum(s.facts for s in rest)} "
        f"facts (bar {BAR:.0%})"
    )
    for sid, why in known.items():
        lines.append(f"known below {LOW:.0%}: {sid}: {why}")
    return "\n".join(lines)
