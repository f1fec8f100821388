"""The proposer's rules, as records: each has an id, the stage it belongs to, what it looks at,
what it does and examples (``rules.yaml``), and a function here that reads the text around a
figure (``etl.intake.spot``) and the decisions so far (``Draft``) and, when it applies, changes
them and returns the words it matched. The rules run in the order they are defined; the steps
between them (``step``) are the mechanism every proposal goes through, not rules.

A proposal records the rules that decided it (``Proposal.rules``, and with their words
``Proposal.trace``); ``propose_source(..., without={ids})`` runs the proposer with rules left
out, which is how ``python -m etl rules`` measures each one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from etl.errors import EtlError
from etl.extract import figure_id
from etl.intake.proposal import Proposal, Step
from etl.intake.text import (
    _BATCH,
    _BOUND,
    _GROUP_NAMED,
    _SHARE_OF,
    _SUBJECTLESS,
    _anaphor_hit,
    _governing,
    _group_in,
    _group_pair,
    _group_scans,
    _headline_end,
    _list_header,
    _metric,
    _nearest,
    _other_place,
    _period,
    _places_with_figures,
    _row_heading,
    _section_year,
    _within,
)
from etl.intake.words import (
    _COMPOUND_REGION,
    _FORECAST,
    _GROWTH_AFTER,
    _N,
    _SPEAKER,
    _TARGET,
    _TO_NEXT,
    _Y,
    AMC,
    BORROWED,
    COMPOUND_MARK,
    OTHER_PROGRAMMES,
    SENTENCE_BREAKS,
    _count,
)
from etl.numbers import year_value
from etl.vocab import GROUPS

if TYPE_CHECKING:
    from etl.extract import Fact
    from etl.intake.spot import Spot
    from etl.intake.vocab import _Vocab

RECORDS = Path(__file__).with_name("rules.yaml")
Region = tuple[str, str]  # (the words, the region id)


@dataclass
class Draft:
    """The decisions about one figure so far, which the rules read and change."""

    base: dict[str, Any]
    sentence: str  # the figure's sentence up to the words after it (widened by some rules)
    whole_sentence: str
    about_amc: bool  # the sentence speaks of this programme's clusters
    other_prog: str | None  # another cluster programme named in the sentence
    own_from: int
    metric: str = ""
    kw: str = ""
    strength: str = ""
    reasons: list[str] = field(default_factory=list)
    refused: bool = False  # refused: not to be given a metric back as a list item
    heading: tuple[str, str, str] | None = None  # a table row's words, caption and row
    listed: Proposal | None = None
    listed_as: str = ""  # "list", "share" or "growth": how the figure follows ``listed``
    cluster_hit: Region | None = None
    cluster_from: str = ""  # a cluster known only from another sentence: a guess
    local_region: Region | None = None
    sentence_region: Region | None = None
    region_hit: Region | None = None
    in_sentence: bool = False
    domain_hit: Region | None = None
    whole: re.Match[str] | None = None
    kind: str = "actual"
    group: str | None = None
    greason: str = ""
    scoped: str = ""  # which scope rule decided (cluster, listed, group, country, place)
    cluster: str = ""
    scope: str = ""
    region: str = ""
    domain: str = ""
    stock: bool = True
    period: str = ""
    preason: str = ""
    undated: bool = False
    dup: str = ""
    fid: str = ""  # the figure id of a value restated without its period
    conf: str = "low"
    done: Proposal | None = None  # a proposal decided outright (a reprint, a refusal)
    trace: list[Step] = field(default_factory=list)


Apply = Callable[..., Any]  # (Spot, Draft) -> the words matched, or None


@dataclass(frozen=True)
class Rule:
    """A named rule: ``apply`` returns the words it matched when it applies, else None."""

    id: str
    stage: str
    apply: Apply
    looks_at: str = ""
    does: str = ""
    examples: tuple[dict[str, Any], ...] = ()


# The pipeline, in order: rules (named, traced, measurable) and steps (the mechanism).
PIPELINE: list[Rule | Callable[[Spot, Draft], None]] = []


def _records() -> dict[str, dict[str, Any]]:
    """The records of ``rules.yaml`` by id."""
    try:
        doc = yaml.safe_load(RECORDS.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        raise EtlError(RECORDS, f"not valid YAML: {e}", "fix the file's syntax") from e
    if not isinstance(doc, dict) or not isinstance(doc.get("rules"), list):
        raise EtlError(RECORDS, "no list `rules:`", "give the rules as a list of records")
    out = {}
    for rec in doc["rules"]:
        if not isinstance(rec, dict) or not rec.get("id") or not rec.get("stage"):
            raise EtlError(RECORDS, f"a record without id or stage: {rec!r}", "give both")
        if rec["id"] in out:
            raise EtlError(RECORDS, f"two records of {rec['id']}", "one record per rule")
        if not isinstance(rec.get("examples") or [], list):
            raise EtlError(RECORDS, f"{rec['id']}: `examples:` is not a list", "give a list")
        out[rec["id"]] = rec
    return out


RECORD = _records()


def _rule(rule_id: str, fn: Apply) -> Rule:
    rec = RECORD.get(rule_id)
    if rec is None:
        raise EtlError(RECORDS, f"no record of the rule {rule_id}", "add its id, stage and example")
    examples = tuple(rec.get("examples") or ())
    return Rule(rule_id, rec["stage"], fn, rec.get("looks_at", ""), rec.get("does", ""), examples)


def rule(rule_id: str) -> Callable[[Apply], Apply]:
    def register(fn: Apply) -> Apply:
        PIPELINE.append(_rule(rule_id, fn))
        return fn

    return register


def step(fn: Callable[[Spot, Draft], None]) -> Callable[[Spot, Draft], None]:
    PIPELINE.append(fn)
    return fn


def _no_metric(d: Draft, reason: str) -> str:
    d.reasons.append(reason)
    d.metric, d.strength = "", ""
    return reason


# ---------------------------------------------------------------- reprint
def mapping(f: Fact, v: _Vocab) -> dict[str, Any]:
    """The meaning of an existing fact, as proposal fields."""
    return {
        "metric": f.metric,
        "scope": f.scope,
        "region": f.region,
        "domain": f.domain or "",
        "period": f.period or "",
        "kind": f.kind,
        "cluster": v.cluster_names.get(f.cluster or "", ""),
    }


@rule("reprint.own-fact")
def own_fact(s: Spot, d: Draft) -> str | None:
    facts = s.a.own.get(s.m.start)
    if not facts:
        return None
    if s.spread is not None:  # a figure said of several places: the fact of this one, if any
        f = next((f for f in facts if s.spread[1] in (f.region, f.domain)), None)
        if f is None:  # not curated yet: proposed afresh
            return None
    else:
        f = facts[0]
    d.done = Proposal(
        **d.base,
        **mapping(f, s.v),
        confidence="high",
        duplicate_of=f.fact_id,
        reason=f"already fact {f.fact_id} of this source",
    )
    return f.fact_id


@rule("reprint.similar-clause")
def similar_clause(s: Spot, d: Draft) -> str | None:
    m = s.m
    best, ratio, shift = None, 0.0, 0
    rel = m.start - s.cstart
    for f in s.v.facts:  # a figure repeated within the article maps like its first report too
        if f.unit != m.unit or abs(f.value - s.value) > 1e-9 * max(1.0, abs(s.value)):
            continue
        if s.spread is not None and s.spread[1] not in (f.region, f.domain):
            continue  # said of several places: only a report of this one
        r = (
            1.0
            if f.quote == s.clause
            else SequenceMatcher(None, f.quote, s.clause, autojunk=False).ratio()
        )
        dist = abs((f.surface_start - f.quote_start) - rel)  # where in the clause: 13个 vs 13个
        if (r, -dist) > (ratio, -shift):
            best, ratio, shift = f, r, dist
    if best is None or ratio < 0.85:
        return None
    same = "same clause as" if ratio == 1.0 else f"clause {ratio:.0%} like that of"
    d.done = Proposal(
        **d.base,
        **mapping(best, s.v),
        confidence="high" if ratio >= 0.9 else "medium",
        duplicate_of=s.v.figures.get(best.figure_id, best.fact_id),
        reason=f"{same} {best.fact_id}",
    )
    return f"{best.fact_id} ({ratio:.0%})"


# ---------------------------------------------------------------- metric
@rule("metric.keyword")
def keyword(s: Spot, d: Draft) -> str | None:
    d.metric, d.kw, d.strength = _metric(s.window, s.m, s.v, d.own_from)
    return d.kw or None


@rule("metric.shared-words")
def shared_words(s: Spot, d: Draft) -> str | None:
    m = s.m
    if d.metric or not m.counter:
        return None
    shared = re.match(f"、\\s*(?:{_N}|\\d[\\d.]*){m.counter}", s.text[m.end :])
    if not shared:
        return None
    # 遴选出45个、35个国家先进制造业集群: the words after the last count name each of them
    rest = m.end + shared.end()
    noun = re.split(r"[,。;!?\n]|\d", s.text[rest : rest + 20], maxsplit=1)[0]
    d.metric, d.kw, d.strength = _metric("\x00" + noun, m, s.v)
    if not d.metric:
        return None
    d.sentence += noun  # the shared words speak for this count too
    d.about_amc = d.about_amc or any(a in noun for a in AMC)
    return shared.group(0) + noun


@rule("metric.table-row")
def table_row(s: Spot, d: Draft) -> str | None:
    heading = _row_heading(s.text, s.m) if not d.metric else None
    if heading is None:
        return None
    # 表1:各省份国家先进制造业集群数量(单位:个) / 江苏:...,合计14个
    d.heading = heading
    d.metric, d.kw, d.strength = _metric(heading[0] + "\x00", s.m, s.v)
    row = heading[2]
    if row.count(s.m.surface) == 1 and s.text.count(row) == 1:
        d.base["quote"], d.base["figure"] = row, s.m.surface  # the row names what the cell is
    if d.metric:
        d.reasons.append(f"a row of the table '{heading[1][:40]}'")
        d.sentence = f"{heading[1]} {d.sentence}"  # the caption speaks for the row
        d.about_amc = d.about_amc or any(a in heading[1] for a in AMC)
    return heading[0]


# ---------------------------------------------------------------- refusals of the words
@rule("refusal.other-programme")
def other_programme(s: Spot, d: Draft) -> str | None:
    if not d.other_prog or d.about_amc:
        return None
    d.done = Proposal(
        **d.base,
        metric="",
        scope="",
        region="",
        domain="",
        period="",
        kind="",
        cluster="",
        confidence="low",
        duplicate_of="",
        reason=f"another cluster programme ({d.other_prog}): not mapped",
    )
    return d.other_prog


@rule("refusal.which-programme")
def which_programme(s: Spot, d: Draft) -> str | None:
    if d.metric != "cluster_count" or d.about_amc or "国家级集群" in d.sentence:
        return None
    d.metric, d.strength = "", ""
    d.reasons.append("集群 without 先进制造业: which programme?")
    return "集群"


@rule("refusal.local-clusters")
def local_clusters(s: Spot, d: Draft) -> str | None:
    # 国家级集群10个、省级集群30个: each count its own words
    local = re.search(
        "(?:省级|市级|省重点|市重点)(?:先进制造业|先进制造|产业)?集群",
        s.text[s.seg_start : s.m.end + len(s.after)],
    )
    if not local or "国家" in s.seg or d.metric not in ("cluster_count", ""):
        return None
    d.refused = True  # 培育省级先进制造业集群30个: not national clusters
    if d.metric:
        _no_metric(d, f"{local.group(0)}: not national clusters")
    return local.group(0)


@rule("refusal.own-industry-share")
def own_industry_share(s: Spot, d: Draft) -> str | None:
    if d.metric != "industrial_va_share" or "全国" in s.text[s.sent_start : s.m.start]:
        return None
    # 先进制造业增加值占规模以上工业增加值比重达到65%: a share of the place's own industry
    _no_metric(d, "a share of the place's own industry, not of the country's")
    return s.seg.strip() or s.m.surface


@rule("refusal.all-industry")
def all_industry(s: Spot, d: Draft) -> str | None:
    industry = re.search("工业(?:总)?产值|工业增加值|地区生产总值|GDP", s.seg)
    if d.metric != "leading_output" or not industry or "集群" in s.seg:
        return None
    # 全市规模以上工业总产值突破2.4万亿元: all of industry, not the clusters' output
    return _no_metric(d, f"{industry.group(0)}: all of industry, not the clusters")


@rule("refusal.class-bound")
def class_bound(s: Spot, d: Draft) -> str | None:
    threshold = _BOUND.match(s.text, s.m.end) if s.m.unit == "yuan" else None
    if not threshold:
        return None
    # 产值超过万亿元的集群有6个: a bound that defines a class
    _no_metric(d, f"{s.m.surface}{threshold.group(0)}: a bound of a class, not a figure")
    return threshold.group(0)


@rule("refusal.each")
def each(s: Spot, d: Draft) -> str | None:
    found = re.search("每(?:个|家|一个|一家|年)", s.seg)
    if not d.metric or not found:
        return None
    # 每个省级集群至少建设1个...: a norm for each, not a total
    _no_metric(d, f"{found.group(0)}: a figure for each one, not a total")
    return found.group(0)


@rule("refusal.increase")
def increase(s: Spot, d: Draft) -> str | None:
    added = re.search("新增|新晋|新入选|新获批|再培育|再增加|再打造", s.seg)
    if not added:
        return None
    d.refused = True
    if d.metric and s.m.unit == "count":  # 新增4个国家先进制造业集群: not the total
        _no_metric(d, f"{added.group(0)}: an increase, not a total")
    return added.group(0)


@rule("inherit.total-of")
def total_of(s: Spot, d: Draft) -> str | None:
    total = re.fullmatch(
        r"(?P<noun>[^,。;\d]{0,16})[,，]\s*(?:总数|总量|累计|共计|合计|总计)[^,。;\d]{0,4}",
        s.text[s.prev_end : s.m.start],
    )
    p = s.prev
    if d.metric or not total or p is None or p.unit != s.m.unit:
        return None
    # 新增“小巨人”企业136家,总数达到541家 / 遴选出45个、35个国家先进制造业集群,总数达到80个:
    # the total of what the figure before counts (the words before or after it)
    around = s.text[s.sent_start : p.offset] + "\x00" + total.group("noun")
    d.metric, d.kw, d.strength = _metric(around, s.m, s.v)
    if not d.metric:
        return None
    total_word = total.group(0)[len(total.group("noun")) :].lstrip(",， ")
    d.reasons.append(f"{total_word} after {p.surface}: its total")
    return total_word


@rule("refusal.world-class")
def world_class(s: Spot, d: Draft) -> str | None:
    world = re.search("世界级", s.text[s.m.end : s.m.end + 24].split("集群")[0])
    if not world or d.metric not in ("cluster_count", ""):
        return None
    d.refused = True  # 培育10个左右世界级集群
    if d.metric:
        d.reasons.append("世界级集群: world-class clusters, not the count of national ones")
        d.metric, d.strength = "", ""
    return world.group(0)


@rule("refusal.counts-other")
def counts_other(s: Spot, d: Draft) -> str | None:
    if d.metric != "cluster_count" or s.after.startswith(")"):  # 新材料(16个)领域集群
        return None
    other = re.search("(区域|地区|省|城市|领域|类)[^集]*集群", s.after)
    if not other:
        return None
    d.refused = True
    d.metric, d.strength = "", ""
    d.reasons.append(f"counts what comes after it ({s.after}), not clusters")
    return other.group(0)


# ---------------------------------------------------------------- place: cluster, region, domain
@rule("place.cluster-name")
def cluster_name(s: Spot, d: Draft) -> str | None:
    hit = _nearest(s.text[s.sent_start : s.m.start], [(a, n) for a, n, _ in s.v.clusters])
    d.cluster_hit = hit
    return hit[0] if hit else None


@rule("place.cluster-anaphor")
def cluster_anaphor(s: Spot, d: Draft) -> str | None:
    if d.cluster_hit is not None:
        return None
    # 合肥市智能语音集群...。集群内集聚企业...: the cluster named before
    hit = _anaphor_hit(s.text, s.sent_start, s.m.start, s.v)
    d.cluster_hit = hit
    d.cluster_from = f"the cluster of {hit[0]}" if hit else ""
    return hit[0] if hit else None


@rule("place.region-in-words")
def region_in_words(s: Spot, d: Draft) -> str | None:
    # the place named in the figure's own words
    d.local_region = d.region_hit = _nearest(s.mseg, s.v.regions)
    return d.local_region[0] if d.local_region else None


@rule("place.domain-in-words")
def domain_in_words(s: Spot, d: Draft) -> str | None:
    d.domain_hit = _nearest(s.seg, s.v.domains)
    return d.domain_hit[0] if d.domain_hit else None


@rule("place.respectively")
def respectively(s: Spot, d: Draft) -> str | None:
    if s.pair is None:
        return None
    # A和B分别有n1、n2: each figure's place or domain by its rank in the list
    if s.pair[2] == "region":
        d.local_region = d.region_hit = s.pair[:2]
    else:
        d.domain_hit = s.pair[:2]
    return f"分别 {s.pair[0]}"


@rule("place.spread")
def spread(s: Spot, d: Draft) -> str | None:
    if s.spread is None:
        return None
    # 广东、江苏均有6个: the figure is each place's; this proposal is for one of them, quoted
    # from the first name (the quote names the places), if those words are found first there
    quote = s.text[s.spread_from : s.m.end]
    if s.text.find(quote) == s.spread_from:
        d.base["quote"], d.base["figure"] = quote, ""
    if s.spread[2] == "region":
        d.local_region = d.region_hit = s.spread[:2]
    else:
        d.domain_hit = s.spread[:2]
    return s.spread[0]


@rule("place.region-in-sentence")
def region_in_sentence(s: Spot, d: Draft) -> str | None:
    d.sentence_region = _nearest(s.masked[s.sent_start : s.m.start], s.v.regions)
    if d.region_hit is not None or d.sentence_region is None:
        return None
    d.region_hit = d.sentence_region
    return d.region_hit[0]


@step
def _in_sentence(s: Spot, d: Draft) -> None:
    d.in_sentence = d.region_hit is not None


@rule("place.speaker")
def speaker(s: Spot, d: Draft) -> str | None:
    said = _SPEAKER.match(s.masked, s.para_start)
    if d.region_hit is not None or not said:
        return None
    d.region_hit = _nearest(said.group(0), s.v.regions)  # the office of the paragraph's speaker
    return d.region_hit[0] if d.region_hit else None


# ---------------------------------------------------------------- inheritance from a list
def _may_list(s: Spot, d: Draft) -> bool:
    """A count of 个 with no metric yet, not refused, in an article about this programme."""
    return (
        not d.metric
        and not d.refused
        and s.m.unit == "count"
        and s.m.counter == "个"
        and s.a.about_amc
        and not d.other_prog
    )


@rule("inherit.list")
def listed_after(s: Spot, d: Draft) -> str | None:
    p = s.prev
    if (
        not _may_list(s, d)
        or p is None
        or not p.metric
        or p.unit != s.m.unit
        or len(s.seg) > 10
        or "其中" in s.seg  # 3个计划单列市,其中东部地区30个: a breakdown, not a list
        or not (d.local_region or d.domain_hit)
    ):
        return None
    d.metric, d.kw, d.strength = p.metric, f"listed after {p.surface}", "strong"
    d.listed, d.listed_as = p, "list"
    d.about_amc = True
    return f"{p.surface} {s.seg}".strip()


@rule("metric.region-or-domain-count")
def region_or_domain_count(s: Spot, d: Draft) -> str | None:
    if not _may_list(s, d):
        return None
    text, m = s.text, s.m
    if not (
        d.domain_hit
        or (
            (
                "集群" in d.whole_sentence
                # 江苏(14个)、广东(8个): counts in brackets after places, clusters named before
                or (d.local_region and text.endswith("(", 0, m.start) and "集群" in s.paragraph)
            )
            and (
                d.local_region
                # 东部地区集群仍占多数,共有46个: the place in a clause before, no figure between
                or (s.prev_end <= s.sent_start and d.sentence_region)
            )
        )
    ):
        return None
    d.metric, d.kw, d.strength = "cluster_count", "a region or domain with 个", "weak"
    d.about_amc = True
    named = d.domain_hit or d.local_region or d.sentence_region
    return f"{named[0] if named else ''} {m.surface}"


@rule("inherit.share")
def share_of(s: Spot, d: Draft) -> str | None:
    p = s.prev
    if (
        d.metric
        or s.m.unit != "percent"
        or p is None
        or not p.metric
        or not _SHARE_OF.fullmatch(s.seg.strip(",、 "))
        or p.metric not in s.v.share_metrics
    ):
        return None
    # 达30个,占2/3: the share that count is of the whole
    d.metric = s.v.share_metrics[p.metric]
    d.kw, d.strength, d.listed, d.listed_as = f"占 after {p.surface}", "strong", p, "share"
    return s.seg.strip(",、 ")


@rule("inherit.growth")
def growth_of(s: Spot, d: Draft) -> str | None:
    p = s.prev
    if (
        d.metric
        or s.m.unit != "percent"
        or p is None
        or p.metric not in s.v.growth_metrics
        or not _GROWTH_AFTER.fullmatch(s.seg.strip(",、 "))
    ):
        return None
    # 实现产值5.5万亿元,同比增长6.2%: the growth of that output
    d.metric = s.v.growth_metrics[p.metric]
    d.kw, d.strength, d.listed, d.listed_as = f"增长 after {p.surface}", "strong", p, "growth"
    return s.seg.strip(",、 ")


# ---------------------------------------------------------------- refusals of the place
@rule("refusal.sum-of-places")
def sum_of_places(s: Spot, d: Draft) -> str | None:
    if not d.metric or not d.region_hit or s.pair or s.spread:
        return None
    masked = s.masked
    at = masked.rfind(d.region_hit[0], s.sent_start, s.m.start)
    summed = re.search("合计|共计|总计|加起来|加总", masked[at : s.m.start]) if at >= 0 else None
    if not summed or len(_places_with_figures(masked[s.sent_start : s.m.start], s.v)) < 2:
        return None
    # 江苏10个、...、山东7个,四省合计32个,占全部集群的四成: a sum over several places
    return _no_metric(d, f"{summed.group(0)} after {d.region_hit[0]}: a sum of several places")


@rule("refusal.compound-region")
def compound_region(s: Spot, d: Draft) -> str | None:
    compound = s.masked.rfind(COMPOUND_MARK, s.sent_start, s.m.start)
    if not d.metric or compound < 0 or _nearest(s.masked[compound : s.m.start], s.v.regions):
        return None
    said = [c.group(0) for c in _COMPOUND_REGION.finditer(s.text, s.sent_start, s.m.start)]
    word = said[-1] if said else "?"
    _no_metric(d, f"{word}: several regions together, none of the atlas")
    return word


@rule("refusal.unlisted-city")
def unlisted_city(s: Spot, d: Draft) -> str | None:
    if not d.metric or d.cluster_hit:
        return None
    elsewhere = _other_place(s.masked[s.sent_start : s.m.start], s.v)
    if not elsewhere:
        return None
    _no_metric(d, f"{elsewhere}: a city the atlas does not list")
    return elsewhere


@rule("place.whole-province-or-city")
def whole_place(s: Spot, d: Draft) -> str | None:
    if d.in_sentence or not d.metric:
        return None
    # in the figure's sentence up to it (公布45个...名单 我省3个集群入选: the 45 is not 我省's)
    d.whole = re.search(
        "(?:全|本|我|该)(?:省|市)(?!场)|全区(?!域)", s.text[s.sent_start : s.m.start]
    )
    if not d.whole:
        return None
    # 全省, 我市 ...: the place of that level named last before this sentence (for a count of
    # clusters too: 全省力争培育20个 is the province's, not the country's)
    level = "city" if d.whole.group(0).endswith("市") else "province"
    earlier = [(n, r) for n, r in s.v.regions if s.v.levels.get(r) == level]
    d.region_hit = _nearest(s.masked[max(0, s.para_start - 300) : s.sent_start], earlier)
    if d.region_hit is None:  # a place the atlas does not list: never the country's
        _no_metric(d, f"{d.whole.group(0)}: a {level} the atlas does not list")
    return d.whole.group(0)


@rule("refusal.one-batch")
def one_batch(s: Spot, d: Draft) -> str | None:
    if d.metric != "cluster_count" or s.value in s.v.group_sizes:
        return None
    batches = list(re.finditer(_BATCH, s.text[s.sent_start : s.m.start]))
    batch = batches[-1] if batches else None
    if (
        batch is None
        or re.search(  # 第四批...4个集群入选,全省总数达到10个: all batches' total
            "总数|累计|至此|总量|总计|合计|共有", s.text[s.sent_start + batch.end() : s.m.start]
        )
    ):
        return None
    # 在第四批集群中,新一代信息技术领域9个: a split of one batch, not of a group
    return _no_metric(d, f"counts clusters of {batch.group(0)} (one batch), not of a group")


# ---------------------------------------------------------------- kind
@rule("kind.forecast")
def forecast(s: Spot, d: Draft) -> str | None:
    said = _FORECAST.search(s.text[s.sent_start : s.m.start])
    if not said:
        return None
    d.kind = "forecast"
    return said.group(0)


@rule("kind.intent-in-sentence")
def intent_in_sentence(s: Spot, d: Draft) -> str | None:
    said = _TARGET.search(s.text[s.sent_start : s.m.start])
    if d.kind != "actual" or not said:
        return None
    d.kind = "target"
    return said.group(0)


@rule("kind.intent-across-semicolon")
def intent_across_semicolon(s: Spot, d: Draft) -> str | None:
    # 今年,广州将推动...;市区协同建设12个...: the intent holds across ';'
    if d.kind != "actual" or s.full_start >= s.sent_start:
        return None
    said = _TARGET.search(s.text[s.full_start : s.sent_start])
    if not said or re.search("已|实现了|完成了|达到了", s.text[s.sent_start : s.m.start]):
        return None
    d.kind = "target"
    return said.group(0)


@rule("kind.intent-opening-paragraph")
def intent_opening_paragraph(s: Spot, d: Draft) -> str | None:
    before = s.prev_sentence
    if d.kind != "actual" or s.para_start >= s.sent_start or len(before) > 40:
        return None
    said = _TARGET.search(before)
    start = s.sent_start - len(before)
    if not said or s.a.has_figure(start, s.sent_start) or re.search("已|实现了|完成了", d.sentence):
        return None
    d.kind = "target"
    return said.group(0)


@rule("kind.names-the-group")
def names_the_group(s: Spot, d: Draft) -> str | None:
    names_group = re.match("[^,。;]{0,12}集群的", s.text[s.m.end : s.m.end + 16])
    if (
        d.metric != "cluster_count"
        or d.kind == "actual"
        or s.value not in s.v.group_sizes
        or not names_group
    ):
        return None
    # 到2030年,80个集群的产值有望...: the 80 names the clusters, it is not a target
    d.reasons.append(f"{s.m.surface}{names_group.group(0)}: names the group, not a {d.kind} of it")
    d.kind = "actual"
    return names_group.group(0)


# ---------------------------------------------------------------- group
@rule("group.named")
def group_named(s: Spot, d: Draft) -> str | None:
    named, _, _ = _group_scans(s.text, frozenset(s.v.group_sizes))
    g = named.last(s.m.end + 12, max_start=s.m.end)
    if g is None:
        return None
    d.group = s.v.group_sizes[_count(g.group(1))]
    d.greason = f"named: '{g.group(0)}' in the text"
    return g.group(0)


@rule("group.new-batch")
def group_new_batch(s: Spot, d: Draft) -> str | None:
    if d.greason:
        return None
    # More clusters than the largest group before the figure (集群总数达到100个, 100个国家先进制造业
    # 集群): a batch the atlas does not know yet. Its figures are not the known group's.
    _, larger_named, larger_total = _group_scans(s.text, frozenset(s.v.group_sizes))
    c = larger_total.last(s.m.end) or larger_named.last(s.m.start)
    if c is None:
        return None
    d.group = None
    d.greason = f"'{c.group(0)}': more clusters than any group the atlas knows (a new batch?)"
    return c.group(0)


@rule("group.the-count-itself")
def group_the_count(s: Spot, d: Draft) -> str | None:
    m, text = s.m, s.text
    if d.greason or m.counter != "个" or m.qualifier not in (None, "", "exact"):
        return None
    # the figure is itself a count of clusters of a group's size (集群达到80个, 从45个到80个
    # 国家先进制造业集群): that group; the words after the pair, or after the count itself
    before = text[max(0, m.start - 12) : m.start]
    to_next = _TO_NEXT.match(text, m.end)
    counted = text[to_next.end() : to_next.end() + 16] if to_next else text[m.end : m.end + 16]
    if m.value not in s.v.group_sizes or "集群" not in before + counted:
        return None
    d.group = s.v.group_sizes[m.value]
    d.greason = f"the count itself: {m.value:g} clusters"
    return m.surface


@rule("group.headline")
def group_headline(s: Spot, d: Draft) -> str | None:
    if d.greason or s.m.start >= _headline_end(s.text):
        return None
    for g in _GROUP_NAMED.finditer(s.text, s.m.end):  # a headline: the group its article names
        if _count(g.group(1)) in s.v.group_sizes:
            d.group = s.v.group_sizes[_count(g.group(1))]
            d.greason = f"named in the article: '{g.group(0)}'"
            return g.group(0)
    return None


@rule("group.in-force")
def group_in_force(s: Spot, d: Draft) -> str | None:
    in_force = [g for start, g in s.v.group_starts if start <= s.pub]
    if d.greason or not in_force:
        return None
    d.group = in_force[-1]
    d.greason = f"{d.group}: the group in force on {s.pub}"
    return s.pub


@step
def _no_group(s: Spot, d: Draft) -> None:
    if not d.greason:
        d.group, d.greason = None, "no group named"


@rule("group.pair")
def group_pair(s: Spot, d: Draft) -> str | None:
    # 集群从45个增加到80个,覆盖省份从19个扩大到26个: 19 is the 45's, 26 the 80's
    pair = _group_pair(s.text, s.sent_start, s.m, s.v)
    if pair is None:
        return None
    d.group, d.greason = pair
    return pair[1].split(":")[0]


@rule("group.table-in-force")
def group_table(s: Spot, d: Draft) -> str | None:
    if d.heading is None or not d.greason.startswith("named") or _group_in(d.heading[1], s.v):
        return None
    # a table's row: a group named in the prose above is not the table's
    in_force = [g for start, g in s.v.group_starts if start <= s.pub]
    if not in_force:
        return None
    d.group = in_force[-1]
    d.greason = f"{d.group}: the group in force on {s.pub} (a row of a table)"
    return d.heading[1][:40]


# ---------------------------------------------------------------- scope
@rule("scope.cluster")
def scope_cluster(s: Spot, d: Draft) -> str | None:
    if not d.cluster_hit or not d.metric or d.metric == "cluster_count":
        return None
    d.scoped, d.cluster, d.scope = "cluster", d.cluster_hit[1], "cluster"
    d.region = next(p for a, n, p in s.v.clusters if n == d.cluster)
    d.reasons.append(f"cluster {d.cluster_hit[0]} before the figure")
    return d.cluster_hit[0]


@rule("scope.listed-group")
def scope_listed(s: Spot, d: Draft) -> str | None:
    if d.scoped or d.listed is None or d.listed.scope not in GROUPS:
        return None
    d.scoped, d.scope = "listed", d.listed.scope
    d.region = d.region_hit[1] if d.region_hit else "CN"
    return d.listed.surface


def _of_the_group(s: Spot, d: Draft) -> bool:
    """The figure is the group's: the sentence speaks of clusters, and the metric is one the
    groups have, or the group is named in (or opens) the sentence or the one before."""
    text, v = s.text, s.v
    about = (
        d.about_amc
        or "集群" in text[s.full_start : s.m.end]
        # 80个国家先进制造业集群 / 覆盖26个省: a sentence with no subject continues the last
        or (_SUBJECTLESS.match(text, s.full_start) is not None and "集群" in s.prev_sentence)
    )
    return about and (
        d.metric in v.group_metrics
        or (
            d.greason.startswith("named")
            and (
                _group_in(d.sentence, v)
                or text[s.full_start :].lstrip("“").startswith("集群")
                # 其中,...: a part of the group named in the sentence before
                or (d.sentence.startswith("其中") and _group_in(s.prev_sentence, v))
            )
        )
    )


@rule("scope.group")
def scope_group(s: Spot, d: Draft) -> str | None:
    if d.scoped or not d.group or not _of_the_group(s, d):
        return None
    d.scoped, d.scope = "group", d.group
    return d.greason


@step
def _group_region(s: Spot, d: Draft) -> None:
    if d.scoped == "group":
        d.region = d.region_hit[1] if d.region_hit else "CN"
        d.reasons.append(d.greason)


@rule("scope.part-of-country")
def part_of_country(s: Spot, d: Draft) -> str | None:
    share = re.match(r"[,，]?\s*约?占全国", s.text[s.m.end : s.m.end + 8])
    if (
        d.scoped
        or not d.metric
        or not d.group
        or not s.a.about_amc
        or d.region_hit is not None
        or d.metric not in s.v.group_metrics
        or not share
    ):
        return None
    # 建成国家制造业创新中心18家,占全国总数的近六成: a part of the country's total, in an
    # article about the clusters: the clusters'
    d.scoped, d.scope, d.region = "country", d.group, "CN"
    d.reasons.append(f"{d.group}: a part of the country's total ({d.greason})")
    return share.group(0)


@rule("place.main-region-of-a-place")
def main_region_of_a_place(s: Spot, d: Draft) -> str | None:
    if d.scoped or not d.metric or d.region_hit is not None or s.a.main_region is None:
        return None
    d.region_hit = s.a.main_region  # no group's figure: the place the article is about
    return d.region_hit[0]


@step
def _place_scope(s: Spot, d: Draft) -> None:
    if d.scoped:
        pass
    elif d.metric:
        d.scoped = "place"
        d.region = d.region_hit[1] if d.region_hit else "CN"
        level = s.v.levels[d.region]
        d.scope = {"country": "national", "key_region_group": "key_region"}.get(level, level)
    else:
        d.scope, d.region = "", d.region_hit[1] if d.region_hit else ""
    if d.region_hit:
        d.reasons.append(f"region {d.region_hit[0]} before the figure")


# ---------------------------------------------------------------- domain
@rule("domain.split-of-clusters")
def domain_split(s: Spot, d: Draft) -> str | None:
    # the six domains split the clusters (MIIT's count): other figures are not split by them
    if not d.domain_hit or d.metric not in ("cluster_count", "cluster_share"):
        return None
    d.domain = d.domain_hit[1]
    d.reasons.append(f"domain {d.domain_hit[0]}")
    return d.domain_hit[0]


@rule("domain.of-the-share")
def domain_of_share(s: Spot, d: Draft) -> str | None:
    if d.domain or d.listed is None or d.listed_as != "share" or not d.listed.domain:
        return None
    d.domain = d.listed.domain  # 生物医药...领域集群8个,占比10%: the share of that domain's count
    d.reasons.append(f"the domain of {d.listed.surface}")
    return d.listed.surface


@rule("refusal.share-of-all")
def share_of_all(s: Spot, d: Draft) -> str | None:
    if d.metric != "cluster_share" or d.region != "CN" or d.domain:
        return None
    # 三者合计占全部集群的70%: the country's share of all clusters is no figure; a part's is
    d.reasons.append("a share of all clusters for no one region or domain: of which part?")
    d.metric = ""
    return s.m.surface


# ---------------------------------------------------------------- period
def _by_group(s: Spot, d: Draft) -> bool:
    return bool(s.v.metrics.get(d.metric, {}).get("by_group"))


@rule("period.words")
def period_words(s: Spot, d: Draft) -> str | None:
    d.stock = not s.v.metrics.get(d.metric, {}).get("flow") if d.metric else True
    # the time words that open a sentence hold across ';' for flows and targets (今年,广州将...;
    # 建设12个...), not for a stock after ';', which is as of its own date
    start = s.full_start if d.kind != "actual" or not d.stock else s.sent_start
    words = s.label or _governing(s.text, start, s.cstart, s.m, s.a.has_figure)
    d.period, d.preason = _period(words, s.pub, d.stock, d.kind != "actual")
    d.undated = d.preason == "no year stated" or d.preason.startswith("a count as of")
    return None if d.undated else d.preason


@rule("period.of-the-sentence-before")
def period_before(s: Spot, d: Draft) -> str | None:
    text = s.text
    if not d.undated or not text.startswith("其中", s.full_start) or _by_group(s, d):
        return None
    # 其中, ...: a part of what the sentence before gave, over the same time
    j = s.full_start
    while j > 0 and text[j - 1] in SENTENCE_BREAKS + " \u3000":
        j -= 1
    before = text[s.a.sentence_start(j) : j]
    before_p, before_r = _period(before, s.pub, d.stock, False)
    if not before_p or before_r.startswith("a count as of"):
        return None
    d.period, d.preason = before_p, f"其中: the sentence before's {before_r}"
    return before_r


@rule("period.target-horizon")
def target_horizon(s: Spot, d: Draft) -> str | None:
    if d.kind != "target" or d.period:
        return None
    # 到2027年新增...3个以上,培育形成5个万亿级产业集群: the horizon holds for the sentence
    horizon = list(re.finditer(f"(?:到|(?<!截)至)({_Y})年", s.text[s.sent_start : s.m.start]))
    if not horizon:
        return None
    d.period = str(year_value(horizon[-1].group(1)))
    d.preason = f"{horizon[-1].group(0)} earlier in the sentence"
    return horizon[-1].group(0)


@rule("period.list-header")
def list_header(s: Spot, d: Draft) -> str | None:
    header = _list_header(s.text, s.sent_start) if d.undated and not d.period else None
    if not header or _by_group(s, d):
        return None
    # 各集群2024年发展情况如下: / ——X集群:产值约1.3万亿元: the list's period
    header_p, header_r = _period(header, s.pub, d.stock, d.kind != "actual")
    if not header_p or header_r.startswith("a count as of"):
        return None
    d.period, d.preason = header_p, f"the list's opening line: {header_r}"
    return header


@rule("period.report-section")
def report_section(s: Spot, d: Draft) -> str | None:
    section = _section_year(s.text, s.sent_start, s.pub, d.kind != "actual")
    now = re.search("目前|当前|现有|现已|如今|截至目前", s.text[s.sent_start : s.m.start])
    if not section or now or (d.period and not d.preason.startswith("a count as of publication")):
        return None
    # 过去一年,... / 2025年主要预期目标是:... opening a part of a work report: its year
    d.period, d.preason = section
    return section[1].split("'")[1]


@rule("period.comparison")
def comparison(s: Spot, d: Draft) -> str | None:
    p = s.prev
    compared = re.match(r"(较|比|同比|按年)", s.text[s.cstart : s.m.start])
    if (
        not (compared or d.listed_as == "growth")
        or p is None
        or not p.period
        or s.a.sentence_start(p.offset) != s.sent_start
    ):
        return None
    # 完成产值6.2万亿元,较去年同期增长6.1%: the growth is over the period just named
    d.period, d.preason = p.period, f"a comparison with {p.surface}: its period"
    return compared.group(0) if compared else p.surface


@rule("kind.past-target-is-actual")
def past_target(s: Spot, d: Draft) -> str | None:
    if d.kind != "target" or not d.period[:4].isdigit() or int(d.period[:4]) >= int(s.pub[:4]):
        return None
    d.kind = "actual"  # a year already past: what was done, whatever the verbs around it
    d.reasons.append(f"{d.period[:4]} is before publication: actual")
    return d.period[:4]


@rule("refusal.not-the-group-size")
def not_group_size(s: Spot, d: Draft) -> str | None:
    group_size = (
        d.metric == "cluster_count" and d.scope in GROUPS and d.region == "CN" and not d.domain
    )
    size = next((k for k, g in s.v.group_sizes.items() if g == d.scope), None)
    if not group_size or d.kind != "actual" or size is None or abs(s.value - size) <= 1e-9:
        return None
    # the country's count of a group is the group's size: 4个 is some place's count
    d.reasons.append(f"{s.value:g} is not the size of {d.scope}: whose count?")
    d.metric = ""
    return s.m.surface


@rule("period.dated-by-group")
def dated_by_group(s: Spot, d: Draft) -> str | None:
    # what a group's list fixes (how many of its clusters lie in a place, the provinces it
    # covers: by_group in metrics.csv) is dated by the group, even after a year
    # (2024年,全省8个国家级集群实现产值...: the year dates the output, not the count)
    undated_stock = d.stock and (d.preason.startswith("a count as of") or not d.period)
    if d.scope not in GROUPS or d.kind != "actual" or not (undated_stock or _by_group(s, d)):
        return None
    d.period = s.v.group_periods.get(d.scope) or s.pub[:7]  # dated by the group
    d.preason = f"dated as the {d.scope} count ({d.period})"
    return d.scope


@step
def _keyword_reason(s: Spot, d: Draft) -> None:
    d.reasons.insert(0, f"'{d.kw}' beside the figure" if d.metric else "no metric fits: new?")
    d.reasons.append(d.preason)


# ---------------------------------------------------------------- the same figure in the atlas
def _fid(s: Spot, d: Draft) -> str:
    return figure_id(
        d.metric,
        d.scope,
        d.region,
        d.domain or None,
        s.v.cluster_ids.get(d.cluster),
        d.period or None,
        d.kind,
    )


@rule("dedup.restated-value")
def restated_value(s: Spot, d: Draft) -> str | None:
    # (not a count as of publication: a stock restated later is as of its own date)
    restated = not d.period or d.preason.startswith("dated as")
    if not d.metric or not restated or _fid(s, d) in s.v.figures:
        return None
    # a figure restated later or without its period: the figure as first stated, if the
    # value is the same
    for other_id, (val, _) in s.v.figure_values.items():
        parts = other_id.split(".")
        if (
            parts[:4] == [d.metric, d.scope, d.region, d.domain or "all"]
            and parts[5] == d.kind
            and abs(val - s.value) < 1e-9 * max(1.0, abs(s.value))
        ):
            d.fid, d.period = other_id, "" if parts[4] == "undated" else parts[4]
            d.reasons.append(
                f"same value as {s.v.figures[other_id]}: period {d.period or 'undated'}"
            )
            return other_id
    return None


@rule("dedup.same-figure")
def same_figure(s: Spot, d: Draft) -> str | None:
    fid = (d.fid or _fid(s, d)) if d.metric else ""
    if fid not in s.v.figures:
        return None
    d.dup = s.v.figures[fid]
    val, q = s.v.figure_values[fid]
    agrees = abs(val - s.value) < 1e-9 and q == s.m.qualifier
    d.reasons.append(("same figure as " if agrees else "differs from ") + d.dup)
    return fid


# ---------------------------------------------------------------- confidence
@step
def _confidence(s: Spot, d: Draft) -> None:
    explicit = bool(d.region_hit) or d.scope in GROUPS or d.scope == "cluster"
    strong = d.strength == "strong"
    d.conf = (
        "high"
        if d.metric and strong and explicit
        else "medium"
        if d.metric and (strong or explicit)
        else "low"
    )


@rule("confidence.borrowed")
def borrowed(s: Spot, d: Draft) -> str | None:
    # a place named only in another sentence (the paragraph before, 全省 resolved to a province
    # named earlier, the article's main place) or a cluster known only from there is a guess:
    # never high (never pre-ticked), the curator confirms it
    rh = d.region_hit
    words = (
        d.cluster_from
        if d.scope == "cluster"
        else rh[0]
        # (全国 of another sentence gives the country, the place a figure has by default)
        if rh and not d.in_sentence and d.region == rh[1] != "CN"
        else ""
    )
    if d.conf != "high" or not words:
        return None
    d.conf = "medium"
    d.reasons.append(f"{words} {BORROWED}")
    return words


def run_rules(s: Spot, d: Draft, without: frozenset[str] = frozenset()) -> Proposal:
    """The pipeline over one figure; ``without`` names rules left out."""
    for item in PIPELINE:
        if isinstance(item, Rule):
            if item.id in without:
                continue
            hit = item.apply(s, d)
            if hit is not None:
                d.trace.append(Step(item.id, item.stage, hit))
            if d.done is not None:
                return _traced(d.done, d.trace)
        else:
            item(s, d)
    if not d.metric:
        d.scope = d.region = d.domain = d.period = d.kind = d.cluster = ""
    return _traced(
        Proposal(
            **d.base,
            metric=d.metric,
            scope=d.scope,
            region=d.region,
            domain=d.domain,
            period=d.period,
            kind=d.kind,
            cluster=d.cluster,
            confidence=d.conf,
            duplicate_of=d.dup,
            reason="; ".join(d.reasons),
        ),
        d.trace,
    )


def _traced(p: Proposal, trace: list[Step]) -> Proposal:
    return replace(p, rules=" ".join(t.rule for t in trace), trace=tuple(trace))


# ---------------------------------------------------------------- the headline (over the article)
Body = list[Proposal]
HEADLINE_RULES: list[Rule] = []


def headline_rule(rule_id: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        HEADLINE_RULES.append(_rule(rule_id, fn))
        return fn

    return register


@headline_rule("headline.restates-body")
def restates_body(p: Proposal, body: Body) -> tuple[Proposal, str] | None:
    """A headline figure with no period of its own, or the period of a body figure of the same
    value, restates that figure (集群产值超20万亿元 ... 2024年,45个集群产值超过20万亿元; 今年推动
    120个以上... / 今年,广州将推动120个以上...): it takes that figure's mapping, its kind too."""
    spread = "place.spread" in p.rules.split()
    same = next(
        (
            q
            for q in body
            if (q.metric, q.unit) == (p.metric, p.unit)
            and abs(q.value - p.value) <= 1e-9 * max(1.0, abs(p.value))
            and p.period in ("", q.period)
            # a figure said of several places keeps the place it is proposed for
            and (not spread or (q.region, q.domain) == (p.region, p.domain))
        ),
        None,
    )
    if same is None:
        return None
    guess = BORROWED in same.reason  # a place the body took from another sentence: a guess here
    new = replace(
        p,
        **{k: getattr(same, k) for k in ("scope", "region", "domain", "period", "kind")},
        cluster=same.cluster,
        duplicate_of=same.duplicate_of,
        confidence="medium" if guess else p.confidence,
        reason=f"{p.reason}; the headline restates {same.surface} of the body"
        + (f" (its place {BORROWED})" if guess else ""),
    )
    return new, same.surface


@headline_rule("headline.rounds-body")
def rounds_body(p: Proposal, body: Body) -> tuple[Proposal, str] | None:
    """集群产值突破2000亿元 (headline) ... 2023年,集群实现产值2010亿元: the body's exact value
    within the headline's bound, for the same thing: the headline rounds it, over its period."""
    near = next(
        (
            q
            for q in body
            if not p.period
            and (q.metric, q.unit, q.scope, q.region, q.domain, q.cluster)
            == (p.metric, p.unit, p.scope, p.region, p.domain, p.cluster)
            and q.qualifier == "exact"
            and _within(p.value, p.qualifier, q.value)
        ),
        None,
    )
    if near is None:
        return None
    reason = f"{p.reason}; the headline rounds {near.surface} of the body: its period"
    return replace(p, period=near.period, kind=near.kind, reason=reason), near.surface


def headline(text: str, out: list[Proposal], without: frozenset[str]) -> list[Proposal]:
    """The headline's figures after the body's are proposed: the first headline rule that
    applies to each decides it."""
    end = _headline_end(text)
    body = [q for q in out if q.offset >= end and q.metric and q.period]
    for i, p in enumerate(out):
        if p.offset >= end or not p.metric:
            continue
        for r in HEADLINE_RULES:
            got = None if r.id in without else r.apply(p, body)
            if got is not None:
                out[i] = _traced(got[0], [*p.trace, Step(r.id, r.stage, got[1])])
                break
    return out


def draft(s: Spot) -> Draft:
    """The decisions before any rule: the figure's own fields and the sentence's programme."""
    m, text = s.m, s.text
    base: dict[str, Any] = {
        "surface": m.surface,
        "value": m.value,
        "unit": m.unit,
        "qualifier": m.qualifier,
        "offset": m.start,
        "quote": s.quote,
        "figure": s.figure,
        "context": s.context,
    }
    sentence = (
        text[s.sent_start : m.end + len(s.after)] if not s.label else f"{m.surface} {s.label}"
    )
    whole = text[s.sent_start : s.sent_end] if not s.label else sentence
    other = next((p for p in OTHER_PROGRAMMES if p in sentence), None)
    # about this programme: named in the sentence, or named in the article and the sentence
    # speaks of clusters without naming another programme
    about = any(a in sentence for a in AMC) or (s.a.about_amc and "集群" in sentence and not other)
    return Draft(base, sentence, whole, about, other, s.own_from)


_RUN = {r.id for r in PIPELINE if isinstance(r, Rule)} | {r.id for r in HEADLINE_RULES}
if set(RECORD) - _RUN:
    raise EtlError(RECORDS, f"records of no rule: {sorted(set(RECORD) - _RUN)}", "remove them")
