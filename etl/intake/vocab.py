"""What the proposer matches against, read once from a build passed in (never by running the
pipeline): metric keywords, region, domain and cluster names, the groups and their dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from etl.aliases import cities as _cities
from etl.aliases import cluster_aliases as _cluster_aliases
from etl.intake.words import DOMAIN_ALIASES
from etl.vocab import GROUPS

if TYPE_CHECKING:
    from etl.dims import Dims
    from etl.extract import Fact
    from etl.pipeline import Build
    from etl.sources import Source


@dataclass(frozen=True)
class _Vocab:
    """What the proposer matches against, read once from the data."""

    metrics: dict[str, dict[str, str]]
    keywords: list[tuple[str, str]]  # (keyword, metric), longest first
    regions: list[tuple[str, str]]  # (name, region_id), longest first
    levels: dict[str, str]
    domains: list[tuple[str, str]]
    clusters: list[tuple[str, str, str]]  # (alias, name_zh, first province id)
    group_sizes: dict[float, str]  # 45.0 -> group45
    group_starts: list[tuple[str, str]]  # (first date the group is known, group), by date
    group_periods: dict[str, str]  # group -> period of its national count
    group_metrics: set[str]
    share_metrics: dict[str, str]  # whole's metric -> the metric of a share of it
    growth_metrics: dict[str, str]  # metric -> the metric of its growth
    facts: list[Fact]
    figures: dict[str, str]  # figure_id -> preferred fact id
    figure_values: dict[str, tuple[float, str]]
    sources: dict[str, Source]
    cluster_ids: dict[str, str]  # name_zh -> cluster_id
    cluster_names: dict[str, str]  # cluster_id -> name_zh
    names: list[tuple[str, str, str]]  # (name, id, 'region' | 'domain'), longest first
    # cities of the registry's clusters that the atlas does not list (深圳, 苏州), as (name, name)
    other_places: list[tuple[str, str]]


Names = list[tuple[str, str]]


def _names(d: Dims) -> tuple[Names, Names, Names]:
    """Metric keywords, region names and domain names (with their ids), longest first."""
    keywords = sorted(
        (
            (k, mid)
            for mid, m in d.metrics.items()
            for k in (m.get("keywords_zh") or "").split(";")
            if k
        ),
        key=lambda p: -len(p[0]),
    )
    regions: Names = []
    for rid, r in d.regions.items():
        for n in {r["name_zh"], r["short_zh"], *(r.get("aliases_zh") or "").split(";")}:
            if n and rid != "CN" and n != "全国":
                regions.append((n, rid))
    regions.append(("全国", "CN"))
    regions.sort(key=lambda p: -len(p[0]))
    domains = sorted(
        [*((dm["name_zh"], k) for k, dm in d.domains.items()), *DOMAIN_ALIASES.items()],
        key=lambda p: -len(p[0]),
    )
    return keywords, regions, domains


def _clusters(build: Build, region_names: set[str]) -> tuple[list[tuple[str, str, str]], Names]:
    """The registry's clusters by every alias (alias, name, first province), and the cities
    of its clusters that the atlas does not list (as (name, name)); longest first."""
    cities = {c.name_zh: _cities(c.cities_zh) for c in build.registry}
    clusters = []
    owners: dict[str, set[str]] = {}
    for c in build.registry:
        for alias in _cluster_aliases(c.name_zh, cities[c.name_zh]):
            clusters.append((alias, c.name_zh, c.province_ids[0]))
            owners.setdefault(alias, set()).add(c.name_zh)
    # a form two clusters could take (广州市智能装备集群?) names neither
    clusters = [x for x in clusters if len(owners[x[0]]) == 1 or x[0] == x[1]]
    clusters.sort(key=lambda p: -len(p[0]))
    other_places = sorted(
        {
            (form, form)
            for c in build.registry
            for city in cities[c.name_zh]
            for form in (city, f"{city}市")
            if city not in region_names and f"{city}市" not in region_names
        },
        key=lambda p: -len(p[0]),
    )
    return clusters, other_places


def _groups(build: Build) -> tuple[dict[str, str], dict[str, str]]:
    """When each group is first known (its national count's period, or the registry's
    announcement if earlier), and the period of its national count."""
    counts = [
        f
        for f in build.facts
        if f.metric == "cluster_count"
        and f.scope in GROUPS
        and f.region == "CN"
        and not f.domain
        and f.period_start
    ]
    starts: dict[str, str] = {}
    for f in counts:
        starts[f.scope] = min(starts.get(f.scope, "9999"), str(f.period_start))
    for c in build.registry:  # the registry's announcement dates: '2024-12-16 (list published;
        # 公示 2024-11-18..22)': the list, or the public notice of its winners if earlier (from
        # then on the press counts the new total)
        for day in re.findall(r"(?:^|公示\s*)(\d{4}-\d{2}-\d{2})", c.announced):
            starts[c.first_group] = min(starts.get(c.first_group, day), day)
    periods: dict[str, str] = {
        g.scope: g.period
        for g in build.figures
        if g.metric == "cluster_count"
        and g.scope in GROUPS
        and g.region == "CN"
        and not g.domain
        and g.period
    }
    return starts, periods


def vocab_from_build(build: Build) -> _Vocab:
    """What the proposer matches against, from a build (read once: leave-one-out scoring passes
    a build without one source's facts instead of rebuilding a copy of data/ for each)."""
    d = build.dims
    keywords, regions, domains = _names(d)
    clusters, other_places = _clusters(build, {n for n, _ in regions})
    starts, periods = _groups(build)
    return _Vocab(
        metrics=d.metrics,
        keywords=keywords,
        regions=regions,
        levels={rid: r["level"] for rid, r in d.regions.items()},
        domains=domains,
        clusters=clusters,
        group_sizes={float(g.removeprefix("group")): g for g in GROUPS},  # group45: the 45
        group_starts=sorted((d, g) for g, d in starts.items()),
        group_periods=periods,
        group_metrics={f.metric for f in build.facts if f.scope in GROUPS},
        # the first metric of the file wins where two name the same whole
        share_metrics={
            m["share_of"]: k for k, m in [*d.metrics.items()][::-1] if m.get("share_of")
        },
        growth_metrics={
            m["growth_of"]: k for k, m in [*d.metrics.items()][::-1] if m.get("growth_of")
        },
        facts=build.facts,
        figures={g.figure_id: g.preferred_fact_id for g in build.figures},
        figure_values={g.figure_id: (g.value, g.qualifier) for g in build.figures},
        sources=build.sources,
        cluster_ids={c.name_zh: c.cluster_id for c in build.registry},
        cluster_names={c.cluster_id: c.name_zh for c in build.registry},
        other_places=other_places,
        names=sorted(
            [(n, i, "region") for n, i in regions] + [(n, i, "domain") for n, i in domains],
            key=lambda x: -len(x[0]),
        ),
    )
