"""Resolve the curated facts file against the cleaned sources.

In: the parsed files of data/facts/ (with line numbers), the sources, the dimensions and the
registry. Out: ``Fact``
and ``Label`` records whose values were read by ``etl.numbers`` from the quoted clause, never
typed. Every problem raises ``EtlError`` naming the facts file, the line and the fact id: an
unknown id, a quote not in its source, a quote whose figure cannot be read or is ambiguous, a
unit that disagrees with the metric, two facts that contradict each other.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from etl.clauses import clause_around
from etl.errors import EtlError
from etl.events import DATE_FORM, event_date
from etl.numbers import Mention, display_form, find_mentions
from etl.vocab import KINDS, SCOPES
from etl.yamlio import LINE, load_yaml

if TYPE_CHECKING:
    from etl.dims import Dims
    from etl.registry import Cluster
    from etl.sources import Source


FACT_KEYS = {
    "id",
    "source",
    "quote",
    "figure",
    "metric",
    "scope",
    "region",
    "domain",
    "cluster",
    "period",
    "period_note",
    "kind",
    "unit_note",
    "note",
    "preferred",
    "reason",
    "disagreement",
    LINE,
}
LABEL_KEYS = {
    "id",
    "source",
    "quote",
    "label",
    "label_en",
    "topic",
    "scope",
    "region",
    "domain",
    "period",
    "kind",
    "note",
    "date",
    "date_note",
    LINE,
}
_PERIOD = re.compile(r"^(\d{4})(?:(H[12])|-(\d{2})|-(\d{4}))?$")


@dataclass(frozen=True)
class Fact:
    """One figure with its meaning and its provenance."""

    fact_id: str
    figure_id: str
    metric: str
    value: float
    unit: str
    qualifier: str
    period: str | None
    period_start: str | None
    period_end: str | None
    period_note: str
    kind: str
    scope: str
    region: str
    domain: str | None
    source_id: str
    quote: str
    quote_start: int
    surface: str
    surface_start: int
    display_zh: str
    unit_note: str
    note: str
    cluster: str | None
    preferred: bool
    reason: str
    disagreement: str
    file: str
    line: int

    @property
    def key(self) -> tuple[str | None, ...]:
        """What the fact measures: two facts with the same key report the same figure."""
        return (
            self.metric,
            self.scope,
            self.region,
            self.domain,
            self.cluster,
            self.period,
            self.kind,
        )


def figure_id(
    metric: str,
    scope: str,
    region: str,
    domain: str | None,
    cluster: str | None,
    period: str | None,
    kind: str,
) -> str:
    """A stable, readable id of what is measured: ``cluster_count.group45.east.all.2022-11.actual``
    (the cluster id is appended for scope ``cluster``)."""
    parts = [metric, scope, region, domain or "all", period or "undated", kind]
    return ".".join([*parts, cluster] if cluster else parts)


@dataclass(frozen=True)
class Label:
    """A non-numeric fact: a named cluster, a named industrial system, a strategy."""

    label_id: str
    topic: str
    label: str
    label_en: str | None  # the name in English (facts file ``label_en``), None if not given
    scope: str
    region: str
    domain: str | None
    period: str | None
    kind: str
    source_id: str
    quote: str
    quote_start: int
    note: str
    file: str
    line: int
    event_date: str | None = None
    date_note: str = ""


def parse_period(period: str | None) -> tuple[str | None, str | None]:
    """'2021' -> (2021-01-01, 2021-12-31); '2022H1' -> half-year; '2022-09' -> as of that month
    (both ends the 1st); '2012-2021' -> span. None -> (None, None). Raises ValueError."""
    if period is None:
        return None, None
    m = _PERIOD.match(period)
    if not m:
        raise ValueError(period)
    y = int(m.group(1))
    if m.group(2):
        return (f"{y}-01-01", f"{y}-06-30") if m.group(2) == "H1" else (f"{y}-07-01", f"{y}-12-31")
    if m.group(3):
        month = int(m.group(3))
        if not 1 <= month <= 12:
            raise ValueError(period)
        return f"{y}-{month:02d}-01", f"{y}-{month:02d}-{calendar.monthrange(y, month)[1]:02d}"
    if m.group(4):
        if int(m.group(4)) < y:
            raise ValueError(period)
        return f"{y}-01-01", f"{m.group(4)}-12-31"
    return f"{y}-01-01", f"{y}-12-31"


def _in(span: str) -> Callable[[Any], bool]:
    """A test that a label value is words of ``span``."""
    return lambda v: v is not None and str(v) in span


class _Ctx:
    """Shared validation for one facts file."""

    def __init__(self, path: Path, sources: dict[str, Source], dims: Dims) -> None:
        self.path, self.sources, self.dims = path, sources, dims
        self.mentions: dict[str, list[Mention]] = {}

    def fail(self, entry: dict[str, Any], problem: str, fix: str) -> EtlError:
        return EtlError(self.path, problem, fix, record=entry.get("id"), line=entry.get(LINE))

    def need(self, entry: dict[str, Any], key: str, ok: Callable[[Any], object], fix: str) -> Any:
        value = entry.get(key)
        if not ok(value):
            raise self.fail(entry, f"{key} {value!r} is missing or unknown", fix)
        return value

    def event_date(self, e: dict[str, Any], src: Source) -> str:
        """An event's date: read from its quote, else stated (``date``) with a ``date_note``."""
        read = event_date(str(e["quote"]), src.published_on)
        stated = e.get("date")
        if stated is not None and not DATE_FORM.fullmatch(str(stated)):
            raise self.fail(e, f"date {stated!r} is not YYYY-MM-DD or YYYY-MM", "fix the date")
        if read and stated is not None and str(stated) != read:
            raise self.fail(
                e,
                f"date {stated!r} differs from the date the quote gives ({read})",
                "drop `date:` (the quote dates the event) or quote other words",
            )
        if read:
            return read
        if stated is None or not e.get("date_note"):
            raise self.fail(
                e,
                "the quote gives no date for the event",
                "quote words with the date (2022年11月30日, 11月30日), or state `date:` "
                "with a `date_note:` saying how it is known",
            )
        return str(stated)

    def common(self, e: dict[str, Any], allowed: set[str]) -> tuple[Source, int, int]:
        unknown = set(e) - allowed
        if unknown:
            raise self.fail(
                e, f"unknown field(s) {sorted(unknown)}", f"use only {sorted(allowed - {LINE})}"
            )
        self.need(
            e,
            "id",
            lambda v: isinstance(v, str) and re.fullmatch(r"[a-z0-9][a-z0-9-]*", v),
            "give an id of lower-case letters, digits and hyphens",
        )
        sid = self.need(
            e,
            "source",
            lambda v: v in self.sources,
            f"use a source_id of data/raw/: {sorted(self.sources)}",
        )
        self.need(e, "scope", lambda v: v in SCOPES, f"use one of {SCOPES}")
        self.need(
            e, "region", lambda v: v in self.dims.regions, "use a region_id of data/regions.csv"
        )
        if e.get("domain") is not None:
            self.need(
                e, "domain", lambda v: v in self.dims.domains, "use a domain_id of data/domains.csv"
            )
        self.need(e, "kind", lambda v: v in KINDS, f"use one of {KINDS}")
        quote = self.need(
            e, "quote", lambda v: isinstance(v, str) and v.strip(), "quote the source"
        )
        text = self.sources[sid].clean_text
        start = text.find(quote)
        if start < 0:
            hint = (
                " (it is in the raw file: quote the cleaned, simplified text)"
                if quote in self.sources[sid].raw_text
                else ""
            )
            raise self.fail(
                e,
                f"quote {quote!r} not found in the cleaned text of {sid}{hint}",
                f"copy the words from `python -m etl scan data/raw/{sid}.txt`",
            )
        return self.sources[sid], start, start + len(quote)

    def figure(self, e: dict[str, Any], src: Source, start: int, end: int) -> Mention:
        if src.source_id not in self.mentions:
            self.mentions[src.source_id] = find_mentions(src.clean_text)
        inside = [
            m
            for m in self.mentions[src.source_id]
            if m.is_figure and m.start < end and m.end > start
        ]
        wanted = e.get("figure")
        if wanted is not None:
            wanted = str(wanted)
            hits = [m for m in inside if m.surface == wanted or m.surface.endswith(wanted)]
            if len(hits) != 1:
                seen = [m.surface for m in inside] or "none"
                raise self.fail(
                    e,
                    f"figure {wanted!r} matches {len(hits)} figures in the quote "
                    f"(figures there: {seen})",
                    "name one figure exactly as printed",
                )
            return hits[0]
        if len(inside) != 1:
            seen = [m.surface for m in inside]
            if not seen:
                raise self.fail(
                    e,
                    "no figure can be read in the quote",
                    "quote the words holding the number, with its unit (e.g. 45个, 19万亿元)",
                )
            raise self.fail(
                e,
                f"the quote holds {len(seen)} figures {seen}",
                "add `figure:` naming the one meant, or shorten the quote",
            )
        return inside[0]


def resolve(
    doc: Any,
    path: Path,
    sources: dict[str, Source],
    dims: Dims,
    registry: list[Cluster] | None = None,
) -> tuple[list[Fact], list[Label]]:
    """Turn one parsed facts file into facts and labels (see the module docstring)."""
    if not isinstance(doc, dict) or not isinstance(doc.get("facts", []), list):
        raise EtlError(
            path, "the file must be a mapping with a `facts:` list", "see data/facts/README.md"
        )
    file_source = doc.get("source")
    if file_source is not None and file_source not in sources:
        raise EtlError(
            path,
            f"source {file_source!r} is not an article of data/raw/",
            f"use a source_id of data/raw/: {sorted(sources)}",
            line=doc.get(LINE),
        )
    clusters = {c.name_zh: c.cluster_id for c in registry or []}
    ctx = _Ctx(path, sources, dims)
    entries = [*(doc.get("facts") or []), *(doc.get("labels") or [])]
    for e in entries:
        if not isinstance(e, dict):
            raise EtlError(
                path, f"entry {e!r} is not a mapping", "write each fact as `- id: ...` with fields"
            )
        if file_source is not None and e.setdefault("source", file_source) != file_source:
            raise ctx.fail(
                e,
                f"source {e['source']!r} differs from the file's {file_source!r}",
                f"move the fact to data/facts/{e['source']}.yaml",
            )
    facts = [_fact(e, ctx, clusters) for e in doc.get("facts") or []]
    labels = [_label(e, ctx) for e in doc.get("labels") or []]
    return facts, labels


def _period(e: dict[str, Any], ctx: _Ctx) -> tuple[str | None, str | None, str | None]:
    """A fact's period as written, and its first and last day."""
    period = e.get("period")
    try:
        p_start, p_end = parse_period(None if period is None else str(period))
    except ValueError:
        raise ctx.fail(
            e,
            f"period {period!r} is not a period",
            "write 2021, 2022H1, 2022-09, 2012-2021 or null",
        ) from None
    return (None if period is None else str(period)), p_start, p_end


def _cluster(e: dict[str, Any], ctx: _Ctx, clusters: dict[str, str]) -> str | None:
    """The cluster id a fact names (scope cluster), or None."""
    if e["scope"] != "cluster" and e.get("cluster") is None:
        return None
    ctx.need(e, "scope", lambda v: v == "cluster", "a fact naming a cluster has scope cluster")
    name = ctx.need(
        e,
        "cluster",
        lambda v: v in clusters,
        "name a cluster of the registry by its name_zh (data/reference/)",
    )
    return clusters[name]


def _preferred(e: dict[str, Any], ctx: _Ctx) -> bool:
    """Whether a fact is the preferred report of its figure (which then needs a reason)."""
    preferred = e.get("preferred", False)
    if preferred not in (True, False):
        raise ctx.fail(e, f"preferred {preferred!r} is not true or false", "write preferred: true")
    if preferred and not e.get("reason"):
        raise ctx.fail(
            e,
            "preferred: true without a reason",
            "say in `reason:` why this report is preferred",
        )
    return bool(preferred)


def _unit(e: dict[str, Any], ctx: _Ctx, m: Mention, metric: str) -> str:
    """The metric's unit, which the figure must be in (or have none, with a unit_note)."""
    unit = ctx.dims.metrics[metric]["unit"]
    if m.unit == "unspecified":
        if not e.get("unit_note"):
            raise ctx.fail(
                e,
                f"the figure {m.surface!r} has no unit of its own",
                f"add unit_note saying why it is in {unit}",
            )
    elif m.unit != unit:
        raise ctx.fail(
            e,
            f"the figure {m.surface!r} is in {m.unit}, metric {metric} is in {unit}",
            "choose the metric that matches the figure's unit",
        )
    return str(unit)


def _fact(e: dict[str, Any], ctx: _Ctx, clusters: dict[str, str]) -> Fact:
    """One entry of ``facts:``, validated, as a Fact."""
    src, start, end = ctx.common(e, FACT_KEYS)
    metric = ctx.need(
        e, "metric", lambda v: v in ctx.dims.metrics, "use a metric_id of data/metrics.csv"
    )
    per, p_start, p_end = _period(e, ctx)
    cluster = _cluster(e, ctx, clusters)
    preferred = _preferred(e, ctx)
    m = ctx.figure(e, src, start, end)
    unit = _unit(e, ctx, m, metric)
    assert m.value is not None and m.qualifier is not None
    quote, qstart = clause_around(src.clean_text, start, end)
    return Fact(
        fact_id=e["id"],
        figure_id=figure_id(
            metric, e["scope"], e["region"], e.get("domain"), cluster, per, e["kind"]
        ),
        metric=metric,
        value=float(m.value),
        unit=unit,
        qualifier=m.qualifier,
        period=per,
        period_start=p_start,
        period_end=p_end,
        period_note=str(e.get("period_note") or ""),
        kind=e["kind"],
        scope=e["scope"],
        region=e["region"],
        domain=e.get("domain"),
        source_id=src.source_id,
        quote=quote,
        quote_start=qstart,
        surface=m.surface,
        surface_start=m.start,
        display_zh=display_form(m.surface),
        unit_note=str(e.get("unit_note") or ""),
        note=str(e.get("note") or ""),
        cluster=cluster,
        preferred=preferred,
        reason=str(e.get("reason") or ""),
        disagreement=str(e.get("disagreement") or ""),
        file=str(ctx.path),
        line=e[LINE],
    )


def _label(e: dict[str, Any], ctx: _Ctx) -> Label:
    """One entry of ``labels:``, validated, as a Label."""
    src, start, end = ctx.common(e, LABEL_KEYS)
    label = ctx.need(
        e, "label", _in(src.clean_text[start:end]), "the label must be words of the quote"
    )
    topic = ctx.need(e, "topic", lambda v: isinstance(v, str) and v, "name a topic")
    when = ctx.event_date(e, src) if topic == "event" else None
    quote, qstart = clause_around(src.clean_text, start, end)
    return Label(
        label_id=e["id"],
        topic=topic,
        label=str(label),
        label_en=str(e["label_en"]) if e.get("label_en") else None,
        scope=e["scope"],
        region=e["region"],
        domain=e.get("domain"),
        period=None if e.get("period") is None else str(e["period"]),
        kind=e["kind"],
        source_id=src.source_id,
        quote=quote,
        quote_start=qstart,
        note=str(e.get("note") or ""),
        file=str(ctx.path),
        line=e[LINE],
        event_date=when,
        date_note=str(e.get("date_note") or ""),
    )


def resolve_dir(
    facts_dir: Path, sources: dict[str, Source], dims: Dims, registry: list[Cluster]
) -> tuple[list[Fact], list[Label]]:
    """Every ``*.yaml`` of ``facts_dir`` in name order, resolved; then the checks across files:
    ids unique everywhere, and no source contradicting itself about one figure."""
    if not facts_dir.is_dir():
        raise EtlError(facts_dir, "the facts folder is missing", "restore data/facts/ from git")
    facts: list[Fact] = []
    labels: list[Label] = []
    for path in sorted(facts_dir.glob("*.yaml")):
        f, lb = resolve(load_yaml(path), path, sources, dims, registry)
        facts += f
        labels += lb
    seen: dict[str, Fact | Label] = {}
    records: list[Fact | Label] = [*facts, *labels]
    for rec in records:
        rid = rec.fact_id if isinstance(rec, Fact) else rec.label_id
        if rid in seen:
            first = seen[rid]
            raise EtlError(
                rec.file,
                f"duplicate id (first in {first.file}:{first.line})",
                "make ids unique across data/facts/",
                record=rid,
                line=rec.line,
            )
        seen[rid] = rec
    check_contradictions(facts)
    return facts, labels


def interval(f: Fact) -> tuple[float, float]:
    """The values a fact allows: exact v, approx within 10%, more_than above, less_than below."""
    v = f.value
    return {
        "exact": (v, v),
        "approx": (v * 0.9, v * 1.1),
        "more_than": (v, float("inf")),
        "less_than": (float("-inf"), v),
    }[f.qualifier]


def check_contradictions(facts: list[Fact]) -> None:
    """Raise if one source reports one figure twice with values that allow no common value.
    Different sources may disagree: that is a figure with status ``differ``, not an error."""
    seen: dict[tuple[Any, ...], Fact] = {}
    for f in facts:
        key = (f.source_id, *f.key)
        other = seen.get(key)
        if other is None:
            seen[key] = f
            continue
        lo1, hi1 = interval(other)
        lo2, hi2 = interval(f)
        if max(lo1, lo2) > min(hi1, hi2) + 1e-9:
            raise EtlError(
                f.file,
                f"contradicts fact {other.fact_id} ({other.file}:{other.line}) "
                f"of the same source: {other.surface} vs {f.surface} for the same "
                "metric, scope, region, domain, period and kind",
                "check both quotes; correct the period or scope of one, or drop the wrong one",
                record=f.fact_id,
                line=f.line,
            )
