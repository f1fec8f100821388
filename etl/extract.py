"""Resolve the curated facts file against the cleaned sources.

In: the parsed facts.yaml (with line numbers), the sources and the dimensions. Out: ``Fact``
and ``Label`` records whose values were read by ``etl.numbers`` from the quoted clause, never
typed. Every problem raises ``EtlError`` naming facts.yaml, the line and the fact id: an
unknown id, a quote not in its source, a quote whose figure cannot be read or is ambiguous, a
unit that disagrees with the metric, two facts that contradict each other.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from etl.dims import Dims
from etl.errors import EtlError
from etl.numbers import Mention, find_mentions
from etl.sources import Source
from etl.yamlio import LINE

SCOPES = ("group25", "group45", "group80", "national", "macro_region", "key_region", "area",
          "province", "city")  # fmt: skip
KINDS = ("actual", "target", "forecast")
FACT_KEYS = {"id", "source", "quote", "figure", "metric", "scope", "region", "domain", "period",
             "period_note", "kind", "unit_note", "note", LINE}  # fmt: skip
LABEL_KEYS = {"id", "source", "quote", "label", "topic", "scope", "region", "domain", "period",
              "kind", "note", LINE}  # fmt: skip
CLAUSE_BREAKS = "。,;!?:\n"
_PERIOD = re.compile(r"^(\d{4})(?:(H[12])|-(\d{2})|-(\d{4}))?$")


@dataclass(frozen=True)
class Fact:
    """One figure with its meaning and its provenance."""

    fact_id: str
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
    unit_note: str
    note: str
    line: int


@dataclass(frozen=True)
class Label:
    """A non-numeric fact: a named cluster, a named industrial system, a strategy."""

    label_id: str
    topic: str
    label: str
    scope: str
    region: str
    domain: str | None
    period: str | None
    kind: str
    source_id: str
    quote: str
    quote_start: int
    note: str
    line: int


def clause_around(text: str, start: int, end: int) -> tuple[str, int]:
    """The whole clause (between punctuation marks) holding text[start:end], and its offset."""
    s = start
    while s > 0 and text[s - 1] not in CLAUSE_BREAKS:
        s -= 1
    e = max(end, start)
    while e < len(text) and text[e] not in CLAUSE_BREAKS:
        e += 1
    return text[s:e], s


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

    def common(self, e: dict[str, Any], allowed: set[str]) -> tuple[Source, int, int]:
        unknown = set(e) - allowed
        if unknown:
            raise self.fail(e, f"unknown field(s) {sorted(unknown)}", f"use only {sorted(allowed - {LINE})}")  # fmt: skip
        self.need(e, "id", lambda v: isinstance(v, str) and re.fullmatch(r"[a-z0-9][a-z0-9-]*", v),
                  "give an id of lower-case letters, digits and hyphens")  # fmt: skip
        sid = self.need(e, "source", lambda v: v in self.sources,
                        f"use a source_id of data/raw/: {sorted(self.sources)}")  # fmt: skip
        self.need(e, "scope", lambda v: v in SCOPES, f"use one of {SCOPES}")
        self.need(e, "region", lambda v: v in self.dims.regions, "use a region_id of data/regions.csv")  # fmt: skip
        if e.get("domain") is not None:
            self.need(e, "domain", lambda v: v in self.dims.domains, "use a domain_id of data/domains.csv")  # fmt: skip
        self.need(e, "kind", lambda v: v in KINDS, f"use one of {KINDS}")
        quote = self.need(
            e, "quote", lambda v: isinstance(v, str) and v.strip(), "quote the source"
        )
        text = self.sources[sid].clean_text
        start = text.find(quote)
        if start < 0:
            hint = " (it is in the raw file: quote the cleaned, simplified text)" if quote in self.sources[sid].raw_text else ""  # fmt: skip
            raise self.fail(e, f"quote {quote!r} not found in the cleaned text of {sid}{hint}",
                            f"copy the words from `python -m etl scan data/raw/{sid}.txt`")  # fmt: skip
        return self.sources[sid], start, start + len(quote)

    def figure(self, e: dict[str, Any], src: Source, start: int, end: int) -> Mention:
        if src.source_id not in self.mentions:
            self.mentions[src.source_id] = find_mentions(src.clean_text)
        inside = [m for m in self.mentions[src.source_id]
                  if m.is_figure and m.start < end and m.end > start]  # fmt: skip
        wanted = e.get("figure")
        if wanted is not None:
            wanted = str(wanted)
            hits = [m for m in inside if m.surface == wanted or m.surface.endswith(wanted)]
            if len(hits) != 1:
                seen = [m.surface for m in inside] or "none"
                raise self.fail(e, f"figure {wanted!r} matches {len(hits)} figures in the quote "
                                f"(figures there: {seen})", "name one figure exactly as printed")  # fmt: skip
            return hits[0]
        if len(inside) != 1:
            seen = [m.surface for m in inside]
            if not seen:
                raise self.fail(e, "no figure can be read in the quote",
                                "quote the words holding the number, with its unit (e.g. 45个, 19万亿元)")  # fmt: skip
            raise self.fail(e, f"the quote holds {len(seen)} figures {seen}",
                            "add `figure:` naming the one meant, or shorten the quote")  # fmt: skip
        return inside[0]


def resolve(doc: Any, path: Path, sources: dict[str, Source], dims: Dims) -> tuple[list[Fact], list[Label]]:  # fmt: skip
    """Turn the parsed facts file into facts and labels (see the module docstring)."""
    if not isinstance(doc, dict) or not isinstance(doc.get("facts"), list):
        raise EtlError(path, "the file must be a mapping with a `facts:` list", "see the header comment of data/facts.yaml")  # fmt: skip
    ctx = _Ctx(path, sources, dims)
    facts: list[Fact] = []
    ids: dict[str, int] = {}
    for e in doc["facts"]:
        if not isinstance(e, dict):
            raise EtlError(path, f"entry {e!r} is not a mapping", "write each fact as `- id: ...` with fields")  # fmt: skip
        src, start, end = ctx.common(e, FACT_KEYS)
        if e["id"] in ids:
            raise ctx.fail(e, f"duplicate id (first at line {ids[e['id']]})", "make ids unique")
        ids[e["id"]] = e[LINE]
        metric = ctx.need(e, "metric", lambda v: v in dims.metrics, "use a metric_id of data/metrics.csv")  # fmt: skip
        period = e.get("period")
        try:
            p_start, p_end = parse_period(None if period is None else str(period))
        except ValueError:
            raise ctx.fail(e, f"period {period!r} is not a period", "write 2021, 2022H1, 2022-09, 2012-2021 or null") from None  # fmt: skip
        m = ctx.figure(e, src, start, end)
        unit = dims.metrics[metric]["unit"]
        if m.unit == "unspecified":
            if not e.get("unit_note"):
                raise ctx.fail(e, f"the figure {m.surface!r} has no unit of its own", f"add unit_note saying why it is in {unit}")  # fmt: skip
        elif m.unit != unit:
            raise ctx.fail(e, f"the figure {m.surface!r} is in {m.unit}, metric {metric} is in {unit}", "choose the metric that matches the figure's unit")  # fmt: skip
        assert m.value is not None and m.qualifier is not None
        quote, qstart = clause_around(src.clean_text, start, end)
        facts.append(Fact(
            fact_id=e["id"], metric=metric, value=float(m.value), unit=unit,
            qualifier=m.qualifier, period=None if period is None else str(period),
            period_start=p_start, period_end=p_end, period_note=str(e.get("period_note") or ""),
            kind=e["kind"], scope=e["scope"], region=e["region"], domain=e.get("domain"),
            source_id=src.source_id, quote=quote, quote_start=qstart, surface=m.surface,
            surface_start=m.start, unit_note=str(e.get("unit_note") or ""),
            note=str(e.get("note") or ""), line=e[LINE],
        ))  # fmt: skip
    labels: list[Label] = []
    for e in doc.get("labels") or []:
        src, start, end = ctx.common(e, LABEL_KEYS)
        if e["id"] in ids:
            raise ctx.fail(e, f"duplicate id (first at line {ids[e['id']]})", "make ids unique")
        ids[e["id"]] = e[LINE]
        label = ctx.need(e, "label", _in(src.clean_text[start:end]), "the label must be words of the quote")  # fmt: skip
        topic = ctx.need(e, "topic", lambda v: isinstance(v, str) and v, "name a topic")
        quote, qstart = clause_around(src.clean_text, start, end)
        labels.append(Label(
            label_id=e["id"], topic=topic, label=str(label), scope=e["scope"], region=e["region"],
            domain=e.get("domain"), period=None if e.get("period") is None else str(e["period"]),
            kind=e["kind"], source_id=src.source_id, quote=quote, quote_start=qstart,
            note=str(e.get("note") or ""), line=e[LINE],
        ))  # fmt: skip
    check_contradictions(facts, path)
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


def check_contradictions(facts: list[Fact], path: Path) -> None:
    """Raise if two facts about the same thing (metric, scope, region, domain, period, kind)
    allow no common value. The same value from two sources corroborates; it is not an error."""
    seen: dict[tuple[Any, ...], Fact] = {}
    for f in facts:
        key = (f.metric, f.scope, f.region, f.domain, f.period, f.kind)
        other = seen.get(key)
        if other is not None:
            lo1, hi1 = interval(other)
            lo2, hi2 = interval(f)
            if max(lo1, lo2) > min(hi1, hi2) + 1e-9:
                raise EtlError(path, f"contradicts fact {other.fact_id} (line {other.line}): "
                               f"{other.surface} vs {f.surface} for the same metric, scope, region, "
                               "domain, period and kind", "check both quotes; correct the period "
                               "or scope of one, or drop the wrong one", record=f.fact_id, line=f.line)  # fmt: skip
        else:
            seen[key] = f
