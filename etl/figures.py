"""One figure, many reports: group facts into figures and choose the report each one shows.

In: the resolved facts, the sources and the parsed ``data/preference.yaml``. Out: ``Figure``
records (one per figure id, with its value, qualifier, number of sources, status and preferred
fact) and, for every figure whose sources disagree, a ``CheckResult`` of kind
``sources_agree`` with both values, their sources and the curator's explanation if any. A
disagreement never fails the build; only a bad preference file does.

Status: ``single`` (one source), ``agree`` (every report gives the same value and qualifier),
``differ`` (they do not).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from etl.errors import EtlError
from etl.results import CheckResult, fmt_number
from etl.vocab import RANK_RULES
from etl.yamlio import LINE

if TYPE_CHECKING:
    from etl.extract import Fact
    from etl.sources import Source


@dataclass(frozen=True)
class Figure:
    """What is measured, with the value the atlas shows and how many sources report it."""

    figure_id: str
    metric: str
    scope: str
    region: str
    domain: str | None
    cluster: str | None
    period: str | None
    kind: str
    value: float
    qualifier: str
    unit: str
    n_sources: int
    n_facts: int
    status: str
    preferred_fact_id: str
    preferred_by: str
    explanation: str


def read_rules(doc: Any, path: Path) -> tuple[str, ...]:
    """The ``rank_by`` list of the preference file, validated."""
    rules = doc.get("rank_by") if isinstance(doc, dict) else None
    if not isinstance(rules, list) or not rules or any(r not in RANK_RULES for r in rules):
        raise EtlError(
            path,
            f"rank_by must be a list of rules among {RANK_RULES}, got {rules!r}",
            "write e.g. rank_by: [preferred, official, earliest, source_id]",
            line=doc.get(LINE) if isinstance(doc, dict) else None,
        )
    return tuple(rules)


def _rank_key(
    rules: tuple[str, ...], sources: dict[str, Source]
) -> Callable[[Fact], tuple[Any, ...]]:
    def key(f: Fact) -> tuple[Any, ...]:
        s = sources[f.source_id]
        parts = {
            "preferred": not f.preferred,
            "official": not s.official,
            "earliest": s.published_on,
            "source_id": f.source_id,
        }
        return (*(parts[r] for r in rules), f.fact_id)

    return key


def _decider(
    rules: tuple[str, ...], best: Fact, others: list[Fact], sources: dict[str, Source]
) -> str:
    """The first rule that puts ``best`` ahead of every other report ('' for a single report)."""
    if not others:
        return ""
    key = _rank_key(rules, sources)
    kb = key(best)
    for i, rule in enumerate(rules):
        if all(key(o)[: i + 1] != kb[: i + 1] for o in others):
            return rule
    return "fact_id"


def group(facts: list[Fact], sources: dict[str, Source], rules: tuple[str, ...]) -> list[Figure]:
    """One ``Figure`` per figure id, in the order the figures first appear."""
    by_id: dict[str, list[Fact]] = {}
    for f in facts:
        by_id.setdefault(f.figure_id, []).append(f)
    key = _rank_key(rules, sources)
    out = []
    for fid, reports in by_id.items():
        best = min(reports, key=key)
        n_sources = len({f.source_id for f in reports})
        values = {(f.value, f.qualifier) for f in reports}
        status = "single" if n_sources == 1 else ("agree" if len(values) == 1 else "differ")
        others = [f for f in reports if f.source_id != best.source_id]
        out.append(
            Figure(
                figure_id=fid,
                metric=best.metric,
                scope=best.scope,
                region=best.region,
                domain=best.domain,
                cluster=best.cluster,
                period=best.period,
                kind=best.kind,
                value=best.value,
                qualifier=best.qualifier,
                unit=best.unit,
                n_sources=n_sources,
                n_facts=len(reports),
                status=status,
                preferred_fact_id=best.fact_id,
                preferred_by=_decider(rules, best, others, sources),
                explanation=" ".join(
                    dict.fromkeys(f.disagreement for f in reports if f.disagreement)
                ),
            )
        )
    return out


def disagreements(
    figures: list[Figure], facts: list[Fact], sources: dict[str, Source]
) -> list[CheckResult]:
    """A check row for every ``differ`` figure: the shown value and every other report."""
    out = []
    for g in figures:
        if g.status != "differ":
            continue
        reports = [f for f in facts if f.figure_id == g.figure_id]
        best = next(f for f in reports if f.fact_id == g.preferred_fact_id)

        def said(f: Fact) -> str:
            s = sources[f.source_id]
            where = f"{s.publisher}, {s.published_on}; {f.fact_id}"
            return f"{f.surface} = {fmt_number(f.value)} {f.qualifier} ({where})"

        out.append(
            CheckResult(
                check_id=f"sources:{g.figure_id}",
                kind="sources_agree",
                description=f"{len({f.source_id for f in reports})} sources report {g.figure_id}",
                expected=f"shown: {said(best)} [preferred by {g.preferred_by}]",
                observed="; ".join(said(f) for f in reports if f is not best),
                status="explained" if g.explanation else "differ",
                explanation=g.explanation,
            )
        )
    return out


def preferred_facts(figures: list[Figure], facts: list[Fact]) -> dict[str, Fact]:
    """For every fact id, the fact its figure shows (itself, or the preferred report)."""
    by_fact = {f.fact_id: f for f in facts}
    shown = {g.figure_id: by_fact[g.preferred_fact_id] for g in figures}
    return {f.fact_id: shown[f.figure_id] for f in facts}
