"""Every chart of the app, as data + a builder: ``CHARTS[chart_id]``. The app's pages and the
export CLI both call ``build_chart``. No streamlit import.

A builder selects figures by metric, scope and region (never by a fact's id), decorates them
for the view's language, draws them with a builder of ``dashboard.charts`` and hands the lot to
``_out``, which adds the title, period, source line and footnote (``charts.finish``) and packs
the ``ChartOut``. Every word comes from ``dashboard.i18n``: a chart's title is the key
``title_<chart_id>``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import replace
from functools import lru_cache, reduce
from typing import Any, cast

import numpy as np
import pandas as pd
import plotly.io as pio

from dashboard import charts
from dashboard.data import Atlas
from dashboard.describe import describe, publishers
from dashboard.filters import ALL, View, cluster_test
from dashboard.i18n import format_value, period_label, t, yuan_scale
from dashboard.timeline import events, legend, mark_events
from dashboard.views import (
    REGIONS_MAX,
    SNAPSHOTS,
    ChartOut,
    ChartSpec,
    decorate,
    display,
    empty_out,
    fact_help,
    fact_table,
    in_domain,
    in_region,
    members,
    name,
    national_figures,
    notes_for,
    quotes_markdown,
    regional_figures,
    source_label,
    source_line,
    sources_of,
)
from etl.vocab import GROUPS

# The few ids the charts are about, in one place.
NATION = "CN"
KEY_REGIONS = "key4"  # the four key regions together
OFFICIAL_SPLIT = "group45"  # the group MIIT split by region and domain
GUANGDONG = ("guangdong", "guangzhou")
GUANGZHOU = "guangzhou"
REGIONAL_SCOPES = ("macro_region", "key_region", "area", "province")
FIRM_METRICS = (
    "little_giants",
    "single_champions",
    "innovation_carriers",
    "innovation_centres",
    "above_scale_firms",
    "intl_standards",
)


def _facts(atlas: Atlas, **eq: Any) -> pd.DataFrame:
    """Figures (one row each, the shown report's columns) matching every ``column=value``
    (a list or tuple: any of its values; None: missing)."""
    df = atlas.figures
    for k, v in eq.items():
        if v is None:
            df = df[df[k].isna()]
        elif isinstance(v, list | tuple | set):
            df = df[df[k].isin(list(v))]
        else:
            df = df[df[k] == v]
    return df


def _latest(rows: pd.DataFrame) -> pd.DataFrame:
    """The latest-period row of ``rows`` (as a one-row frame; empty if none)."""
    return rows.sort_values("period_start").tail(1)


def _one_per(rows: pd.DataFrame, *category: str) -> pd.DataFrame:
    """One figure per ``category`` (the columns a chart draws as one bar): the latest period's
    (an undated figure counts as the oldest; within a period, the one published last). The rows
    keep their order. A chart draws one bar per category and labels it from the same row: two
    figures in one category would stack into one bar under one of their labels."""
    if rows.empty:
        return rows
    latest = rows.sort_values(["period_start", "published_on", "figure_id"], na_position="first")
    kept = latest.drop_duplicates(list(category), keep="last").index
    return rows[rows.index.isin(kept)]


def _periods(rows: pd.DataFrame, lang: str) -> str:
    ps = list(
        dict.fromkeys(period_label(p if isinstance(p, str) else None, lang) for p in rows["period"])
    )
    return t("period", lang) + t("sep_colon", lang) + (" · ".join(ps) if ps else "—")


def _out(
    atlas: Atlas,
    spec: ChartSpec,
    view: View,
    rows: pd.DataFrame,
    fig: Any,
    notes: list[str],
    applied: list[str],
    *,
    subtitle: str | None = None,
    footnote: str = "",
    table: pd.DataFrame | None = None,
    extra_source: str = "",
    registry: bool = False,
    height: int = charts.DEFAULT_HEIGHT,
    legend: bool = True,
    top: int = charts.TITLE_TOP,
    counts: bool | None = None,
    finished: bool = False,
) -> ChartOut:
    """Finish ``fig`` (title, period, source line, footnote) and pack the chart. ``rows`` are
    the figures drawn; ``registry`` charts draw the cluster registry instead. A chart of counts
    (``counts``; by default: every row drawn is a count) gets whole-number ticks. A
    ``finished`` figure (made from one finished with the same arguments) is packed as it is."""
    lang = view.lang
    counted = counts if counts is not None else ("unit" in rows and set(rows["unit"]) == {"count"})
    if counted and not finished:
        charts.integer_ticks(fig)
    sub = subtitle if subtitle is not None else _periods(rows, lang)
    if registry:
        line = f"{t('source', lang)}{t('sep_colon', lang)}{t('registry_source_line', lang)}"
        sources = _registry_sources(atlas)
    else:
        reports = atlas.reports_of(rows["figure_id"])
        line = source_line(rows, lang, extra_source, reports)
        sources = sources_of(reports)
    if not finished:
        charts.finish(
            fig,
            spec.title(lang),
            sub,
            line,
            footnote=footnote,
            height=height,
            legend=legend,
            top=top,
        )
    return ChartOut(
        spec.chart_id,
        spec.title(lang),
        sub,
        fig,
        fact_table(_as_stored(atlas, rows), lang) if table is None else table,
        sources,
        notes,
        applied,
    )


def _as_stored(atlas: Atlas, rows: pd.DataFrame) -> pd.DataFrame:
    """The figures drawn as ``rows``, in their order, read again from the snapshot: a builder
    may scale what it draws (trillions of yuan) or restyle it, but the data behind a chart
    (its table, CSV and XLSX) holds each figure's value in base units, as stored."""
    if rows.empty or "figure_id" not in rows:
        return rows
    ids = list(dict.fromkeys(rows["figure_id"]))
    return atlas.figures.set_index("figure_id").loc[ids].reset_index()


def _style_note(rows: pd.DataFrame, lang: str) -> str:
    parts = []
    if (rows["qualifier"] != "exact").any():
        parts.append(t("not_exact_legend", lang))
    if (rows["kind"] != "actual").any():
        parts.append(t("target_legend", lang))
    return t("sep_semicolon", lang).join(parts)


def _national_counts(atlas: Atlas) -> pd.DataFrame:
    """The national cluster counts, oldest first: each group's (25, 45, 80), and totals of
    the country stated for no known group (a batch announced after the groups the atlas
    knows, e.g. a fifth batch), so that the counts grow with the articles added."""
    scopes = [*GROUPS, "national"]
    rows = _facts(atlas, metric="cluster_count", region=NATION, domain=None, scope=scopes)
    return rows.sort_values(["period_start", "value"])


def _official_domains(atlas: Atlas) -> pd.DataFrame:
    """MIIT's split of the 45 by domain, in the domains' display order."""
    rows = _facts(atlas, metric="cluster_count", scope=OFFICIAL_SPLIT, region=NATION)
    rows = _one_per(rows.dropna(subset=["domain"]), "domain")
    order = atlas.domains.set_index("domain_id")["sort"]
    return rows.sort_values("domain", key=lambda s: s.map(order))


# ---------------------------------------------------------------- overview / trends
def overview_growth(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """25 -> 45 -> 80 as a waterfall: the first count, then each batch as an increment."""
    lang = view.lang
    notes, applied = notes_for(spec, view)
    counts = _national_counts(atlas)
    counts = counts[counts["kind"] == "actual"]
    counts = counts[counts["value"].diff().ne(0)]  # the same total restated later: no step
    rows = decorate(counts, lang)
    batch_year = atlas.clusters.groupby("first_group")["batch_year"].min().to_dict()
    deltas = rows["value"].diff().fillna(rows["value"]).tolist()
    labels, texts = [], []
    for i, (_, r) in enumerate(rows.iterrows()):
        name = t("all_clusters" if r["scope"] == "national" else r["scope"], lang)
        labels.append(f"{name}<br>{period_label(r['period'], lang)}")
        year = batch_year.get(r["scope"])
        step = " ".join(
            [f"+{deltas[i]:.0f}", *([t("batch_of", lang, year=year)] if year else []), "="]
        )
        texts.append(f"{r['text']}" if i == 0 else f"{step} {r['text']}")
    rows = rows.assign(label=labels, delta=deltas, text=texts)
    fig = charts.step_growth(rows, axis_title=t("clusters_word", lang))
    foot = t("increments_note", lang)
    return _out(atlas, spec, view, rows, fig, notes, applied, footnote=foot, legend=False)


def trends_counts(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """Cluster counts over time, dated by the period each source states them for."""
    lang = view.lang
    notes, applied = notes_for(spec, view)
    rows = decorate(_national_counts(atlas), lang).assign(date=lambda d: d["period_start"])
    fig = charts.line_over_time(
        rows, axis_title=t("clusters_word", lang), date_format=t("date_ticks", lang)
    )
    drawn = mark_events(fig, events(atlas, lang), rows["date"])
    foot = _style_note(rows, lang)
    extra = ""
    if not drawn.empty:
        foot = "<br>".join(x for x in (foot, legend(drawn, lang)) if x)
        own = {source_label(r, lang) for _, r in rows.iterrows()}
        more = [s for s in dict.fromkeys(drawn["source"]) if s not in own]
        extra = (
            t("events_source", lang, sources=t("sep_semicolon", lang).join(more)) if more else ""
        )
    return _out(
        atlas,
        spec,
        view,
        rows,
        fig,
        notes,
        applied,
        legend=False,
        footnote=foot,
        extra_source=extra,
    )


def trends_output(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """Leading-industry output: annual and half-year values in separate panels, never compared."""
    lang = view.lang
    notes, applied = notes_for(spec, view)
    rows = _facts(atlas, metric="leading_output", region=NATION, domain=None)
    rows = decorate(_one_per(rows, "period", "scope").sort_values("period_start"), lang)
    factor, unit = yuan_scale(float(rows["value"].max()), lang)
    rows = rows.assign(
        value=rows["value"] / factor,
        label=[t(s, lang) for s in rows["scope"]],
        panel=[str(p) for p in rows["period"]],  # each period its own panel, never compared
    )
    titles = {
        p: f"{t('half_year' if p.endswith(('H1', 'H2')) else 'annual', lang)} "
        f"{period_label(p, lang)}"
        for p in rows["panel"]
    }
    fig = charts.small_multiples(
        rows,
        panel="panel",
        panel_titles=titles,
        series="scope",
        series_names={g: t(g, lang) for g in GROUPS},
        colors=charts.GROUP_COLORS,
        cols=2,
    )
    fig.update_yaxes(showticklabels=True)
    fig.update_yaxes(title=unit, row=1, col=1)  # once: the next panel's would stand on this one
    foot = _style_note(rows, lang)
    n_rows = (rows["panel"].nunique() + 1) // 2  # each period adds a panel: give it room
    height = max(charts.DEFAULT_HEIGHT, 130 + charts.MARGIN_BOTTOM + 250 * n_rows)
    return _out(atlas, spec, view, rows, fig, notes, applied, footnote=foot, top=130, height=height)


def trends_firms(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """Enterprises and innovation bodies of the 25, 45 and 80 clusters, one panel per metric."""
    lang = view.lang
    notes, applied = notes_for(spec, view)
    rows = decorate(
        _facts(atlas, metric=list(FIRM_METRICS), region=NATION, scope=list(GROUPS)), lang
    )
    order = {m: i for i, m in enumerate(FIRM_METRICS)}
    rows = rows.sort_values(
        ["metric", "period_start"], key=lambda s: s.map(order) if s.name == "metric" else s
    )
    rows = rows.assign(
        label=[
            f"{t(s, lang)}<br>{period_label(p, lang)}"
            for s, p in zip(rows["scope"], rows["period"], strict=True)
        ]
    )
    titles = {r["metric"]: name(r, "metric", lang) for _, r in rows.iterrows()}
    fig = charts.small_multiples(
        rows,
        panel="metric",
        panel_titles=titles,
        series="scope",
        series_names={g: t(g, lang) for g in GROUPS},
        colors=charts.GROUP_COLORS,
    )
    foot = _style_note(rows, lang)
    return _out(atlas, spec, view, rows, fig, notes, applied, height=620, footnote=foot, top=130)


# ---------------------------------------------------------------- regions
def _macro_split(atlas: Atlas) -> pd.DataFrame:
    """MIIT's split of the 45 by macro region (one figure per region)."""
    split = _facts(
        atlas,
        metric="cluster_count",
        scope=OFFICIAL_SPLIT,
        region_level="macro_region",
        domain=None,
    )
    return _one_per(split, "region")


def regions_macro(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """The 45 clusters by macro region (MIIT's split)."""
    lang = view.lang
    notes, applied = notes_for(spec, view)
    split = _macro_split(atlas)
    rows = decorate(split[in_region(atlas, view, split["region"])], lang)
    if rows.empty:
        return empty_out(spec, view, _periods(split, lang), notes, applied)
    order = atlas.regions.set_index("region_id")["sort"]
    rows = rows.sort_values("region", key=lambda s: s.map(order))
    rows = rows.assign(label=[name(r, "region", lang) for _, r in rows.iterrows()])
    fig = charts.bars(
        rows,
        colors=[charts.REGION_COLORS[r] for r in rows["region"]],
        axis_title=t("clusters_word", lang),
    )
    return _out(atlas, spec, view, rows, fig, notes, applied, legend=False)


def regions_key4(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """The four key regions' clusters against all of the 45 (the rest derived by subtraction)."""
    lang = view.lang
    notes, applied = notes_for(spec, view)
    count = {"metric": "cluster_count", "scope": OFFICIAL_SPLIT, "domain": None}
    key = decorate(_latest(_facts(atlas, **count, region=KEY_REGIONS)), lang)
    total = decorate(_latest(_facts(atlas, **count, region=NATION)), lang)
    share = _latest(_facts(atlas, metric="cluster_share", scope=OFFICIAL_SPLIT, region=KEY_REGIONS))
    if key.empty or total.empty:
        return empty_out(spec, view, "", notes, applied)
    k, n = key.iloc[0], total.iloc[0]
    key_text = (
        t("with_share", lang, value=k["text"], share=share["display_zh"].iloc[0])
        if not share.empty
        else k["text"]
    )
    rows = pd.concat([key, total]).assign(
        label=[name(k, "region", lang), t(OFFICIAL_SPLIT, lang)], text=[key_text, n["text"]]
    )
    fig = charts.bars(
        rows,
        colors=[charts.REGION_COLORS[KEY_REGIONS], charts.REGION_COLORS[NATION]],
        axis_title=t("clusters_word", lang),
        horizontal=True,
    )
    foot = t(
        "derived_rest",
        lang,
        other=t("other_regions", lang),
        rest=format_value(float(n["value"] - k["value"]), "count", lang),
        derived=t("derived", lang),
        total=format_value(float(n["value"]), "count", lang),
        part=format_value(float(k["value"]), "count", lang),
    )
    src_rows = pd.concat([rows, decorate(share, lang)])
    return _out(
        atlas,
        spec,
        view,
        src_rows,
        fig,
        notes,
        applied,
        legend=False,
        footnote=foot,
        height=charts.hbar_height(list(rows["label"])),
        counts=True,
    )


def registry_rows(
    atlas: Atlas, view: View, *, domain: bool = True, region: bool = True
) -> pd.DataFrame:
    """Registry clusters within the selected region (by province and city) and domain (a new
    frame: the rows of ``atlas.clusters`` that ``_registry_mask`` keeps)."""
    return atlas.clusters[_registry_mask(atlas, view, domain=domain, region=region)]


def _registry_mask(
    atlas: Atlas, view: View, *, domain: bool = True, region: bool = True
) -> np.ndarray:
    """Which registry clusters (rows of ``atlas.clusters``) lie within the selected region and
    domain: a numpy mask from values kept per snapshot (and region), where pandas masks cost
    twice as much; every run of the Clusters page asks, and every map of a new view."""
    keep = np.ones(len(atlas.clusters), dtype=bool)
    if region and view.region != ALL:
        keep &= np.array(_clusters_inside(atlas, view.region), dtype=bool)
    if domain and view.domain != ALL:
        keep &= _cluster_domains(atlas) == view.domain
    return keep


@lru_cache(maxsize=SNAPSHOTS)
def _cluster_domains(atlas: Atlas) -> np.ndarray:
    """Each registry cluster's domain, by row (None where it has none; read only)."""
    return np.array([d if isinstance(d, str) else None for d in atlas.clusters["domain_id"]])


@lru_cache(maxsize=SNAPSHOTS * REGIONS_MAX)
def _clusters_inside(atlas: Atlas, region: str) -> tuple[bool, ...]:
    """Whether each registry cluster lies (at least partly) in ``region``, once per snapshot
    and region."""
    c = atlas.clusters
    provinces = atlas.cluster_provinces.groupby("cluster_id")["province_id"].apply(list)
    test = cluster_test(region, atlas.regions, atlas.key_members)
    return tuple(
        test(provinces.get(cid, []), str(cities))
        for cid, cities in zip(c["cluster_id"], c["cities_zh"], strict=True)
    )


def _per_province(atlas: Atlas, provinces: list[str], shares: list[float]) -> pd.DataFrame:
    """Every province (a row of ``regions``) with ``value``, how many of the given
    cluster-province pairs it holds, and ``share``, the sum of their shares (0 where none): what
    joining a group-by of the pairs onto the provinces gives, whole numbers while every
    province has some, at a fraction of its cost per view."""
    count: dict[str, int] = {}
    total: dict[str, float] = {}
    carry: dict[str, float] = {}
    for p, share in zip(provinces, shares, strict=True):
        count[p] = count.get(p, 0) + 1
        if share == share:  # a missing share adds nothing
            # compensated, in the order of the pairs: the sum a group-by gives
            y = share - carry.get(p, 0.0)
            t = total.get(p, 0.0) + y
            carry[p] = (t - total.get(p, 0.0)) - y
            total[p] = t
    df = _provinces(atlas).copy()
    ids = df["region_id"]
    every = all(r in count for r in ids)
    df["value"] = pd.array([count.get(r, 0) for r in ids], dtype="int64" if every else "float64")
    df["share"] = pd.array([total.get(r, 0.0) for r in ids], dtype="float64")
    return df


@lru_cache(maxsize=SNAPSHOTS)
def _provinces(atlas: Atlas) -> pd.DataFrame:
    """The provinces' rows of ``regions``, their id first (shared: read only)."""
    prov = atlas.regions[atlas.regions["level"] == "province"].set_index("region_id")
    return prov.reset_index()


def regions_map(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """Named clusters per province (registry), cross-province clusters counted in each province."""
    lang = view.lang
    notes, applied = notes_for(spec, view)
    df = _map_frame(atlas, view)
    if df["value"].sum() == 0:
        return empty_out(spec, view, "", notes, applied)
    names = df[f"name_{lang}"]
    df["hover"] = [f"{n}: {int(v)}" for n, v in zip(names, df["value"], strict=True)]
    drawn = charts.classed(df, atlas.shapes)
    key = (lang, drawn.key)
    base = _map_bases(atlas).get(key)
    if base is None:  # the first map of these classes: made and finished the long way
        fig = charts.choropleth(df, atlas.shapes, colorbar_title=t("clusters_word", lang))
        fig = charts.sea_inset(fig, atlas.sea, label=t("map_sea_inset", lang))
    else:
        fig = charts.restyled(base, drawn)
    table = df[["region_id", "name_zh", "name_en", "adcode", "value", "share"]].rename(
        columns={"value": "clusters", "share": "clusters_fractional"}
    )
    named = f"{len(atlas.clusters)}/{total_clusters(atlas)}"
    sub = t("map_subtitle", lang, named=named, cross=t("cross_province", lang))
    out = _out(
        atlas,
        spec,
        view,
        df,
        fig,
        notes,
        applied,
        subtitle=sub,
        table=table,
        registry=True,
        height=520,
        finished=base is not None,
    )
    if base is None:
        _map_bases(atlas)[key] = charts.MapBase(
            str(pio.to_json(fig, validate=False, remove_uids=False))
        )
    return out


def _map_frame(atlas: Atlas, view: View) -> pd.DataFrame:
    """Every province with ``value``, the registry clusters of the view it holds (a cluster of
    several provinces counts in each), and ``share``: the cluster-province pairs of the
    registry rows of the view (``registry_rows``), within its region, in their order. Worked
    out over the pairs as Python values (``_cluster_pairs``): with pandas masks, a map of a new
    view spent most of its 2-8 ms here."""
    keep = _registry_mask(atlas, view)
    within = members(atlas, view.region) if view.region != ALL else None
    provinces: list[str] = []
    shares: list[float] = []
    for row, province, share in _cluster_pairs(atlas):
        if keep[row] and (within is None or province in within):
            provinces.append(province)
            shares.append(share)
    return _per_province(atlas, provinces, shares)


@lru_cache(maxsize=SNAPSHOTS)
def _cluster_pairs(atlas: Atlas) -> tuple[tuple[int, str, float], ...]:
    """The cluster-province pairs of registry clusters, in their order, as (the cluster's row
    in ``atlas.clusters``, the province, the share)."""
    row = {cid: i for i, cid in enumerate(atlas.clusters["cluster_id"])}
    cp = atlas.cluster_provinces
    return tuple(
        (row[cid], str(p), float(share))
        for cid, p, share in zip(cp["cluster_id"], cp["province_id"], cp["share"], strict=True)
        if cid in row
    )


def make_map_bases(atlas: Atlas, langs: tuple[str, ...]) -> int:
    """Make, at start-up, a finished map of every set of classes a view of the data draws (one
    view of each set, in each language): then no reader's view of the map is the first of its
    classes, and each is made from one (``charts.restyled``). A few dozen maps, not one per
    view. Returns how many sets there are."""
    spec = CHARTS["regions_map"]
    views: dict[tuple[int, ...], View] = {}
    for region in [ALL, *atlas.regions["region_id"]]:
        for domain in [ALL, *atlas.domains["domain_id"]]:
            view = View(langs[0], region, domain)
            df = _map_frame(atlas, view)
            if df["value"].sum() > 0:
                views.setdefault(charts.classed(df, atlas.shapes).key, view)
    bases = _map_bases(atlas)
    for key, view in views.items():
        for lang in langs:
            if (lang, key) not in bases:
                regions_map(atlas, replace(view, lang=lang), spec)
    return len(views)


@lru_cache(maxsize=SNAPSHOTS)
def _map_bases(atlas: Atlas) -> dict[tuple[str, tuple[int, ...]], charts.MapBase]:
    """Finished maps as JSON, by language and the classes they draw (``charts.Classed.key``):
    what ``charts.restyled`` makes the map of another view with the same classes from. At most
    two languages times the subsets of the six classes; a handful in practice."""
    return {}


@lru_cache(maxsize=SNAPSHOTS)
def total_clusters(atlas: Atlas) -> str:
    """The latest stated number of national clusters, as printed ('?' where none is stated)."""
    latest = None
    for group in reversed(GROUPS):
        latest = atlas.latest("cluster_count", group)
        if latest is not None:
            break
    return "?" if latest is None else f"{latest['value']:.0f}"


def cluster_figures(atlas: Atlas, clusters: pd.DataFrame) -> pd.DataFrame:
    """Figures of scope ``cluster`` about the given registry rows, with the cluster's name."""
    f = atlas.figures
    rows = f[(f["scope"] == "cluster") & f["cluster"].isin(clusters["cluster_id"])]
    names = clusters.set_index("cluster_id")["name_zh"]
    return rows.assign(cluster_name=rows["cluster"].map(names))


@lru_cache(maxsize=SNAPSHOTS)
def _registry_sources(atlas: Atlas) -> pd.DataFrame:
    """The registry's rows as a chart's sources (one frame per snapshot, shared: read only)."""
    c = atlas.clusters
    return pd.DataFrame(
        {
            "figure_id": "",
            "fact_id": c["cluster_id"],
            "shown": True,
            "source_id": "registry",
            "source_title": c["name_zh"],
            "publisher": t("registry_source_line", "zh"),
            "publisher_en": t("registry_source_line", "en"),
            "published_on": c["announced"].str[:10],
            "url": c["sources"],
            "quote": c["notes"],
        }
    )


@lru_cache(maxsize=SNAPSHOTS * 2)
def _registry_texts(atlas: Atlas, lang: str) -> tuple[str, tuple[str, ...]]:
    """The registry sources' quotes list and publishers in ``lang``, once per snapshot."""
    sources = _registry_sources(atlas)
    probe = ChartOut("", "", "", None, pd.DataFrame(), sources)
    return quotes_markdown(sources, lang), tuple(publishers(probe, lang))


def _dev_rows(atlas: Atlas) -> pd.DataFrame:
    """The regional percent figures (shares, growth rates), one per region, metric and period."""
    rows = _facts(atlas, unit="percent", scope=list(REGIONAL_SCOPES))
    return _one_per(rows, "region", "metric", "period")


def regions_dev(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """Regional development shares and growth rates (percent figures of the 2022-09 briefing)."""
    lang = view.lang
    notes, applied = notes_for(spec, view)
    rows = _dev_rows(atlas)
    rows = decorate(rows[in_region(atlas, view, rows["region"])], lang)
    if rows.empty:
        return empty_out(spec, view, "", notes, applied)
    # one panel per metric: a growth rate, shares and an intensity are all percentages, but
    # not one measure; bars are compared only within a metric
    order = {m: i for i, m in enumerate(dict.fromkeys(rows["metric"]))}
    rows = rows.sort_values("metric", key=lambda s: s.map(order), kind="stable")
    rows = rows.assign(
        label=[
            f"{name(r, 'region', lang)} ({period_label(r['period'], lang)})"
            for _, r in rows.iterrows()
        ]
    )
    titles = {
        r["metric"]: f"{name(r, 'metric', lang)}{t('percent_axis', lang)}"
        for _, r in rows.iterrows()
    }
    colors = [charts.REGION_COLORS.get(r, charts.NEUTRAL) for r in rows["region"]]
    fig, plot_px = charts.bar_panels(rows, panel="metric", panel_titles=titles, colors=colors)
    height = charts.TITLE_TOP + charts.MARGIN_BOTTOM + plot_px
    foot = _style_note(rows, lang)
    return _out(
        atlas, spec, view, rows, fig, notes, applied, legend=False, height=height, footnote=foot
    )


# ---------------------------------------------------------------- domains
def domains_official(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """MIIT's split of the 45 clusters by domain; the selected domain stays coloured, others fade
    (click a bar to select it)."""
    lang = view.lang
    notes, applied = notes_for(spec, view)
    rows = decorate(_official_domains(atlas), lang)
    rows = rows.assign(label=[name(r, "domain", lang) for _, r in rows.iterrows()])
    colors = [
        charts.DOMAIN_COLORS[d] if view.domain in (ALL, d) else charts.FADED for d in rows["domain"]
    ]
    fig = charts.bars(
        rows,
        colors=colors,
        axis_title=t("clusters_word", lang),
        custom_ids=list(rows["domain"]),
        horizontal=True,  # six long names fit a phone only above their bars
    )
    return _out(atlas, spec, view, rows, fig, notes, applied, legend=False)


def domains_registry(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """Official split of the 45 beside the registry's own assignment, the mismatch explained."""
    lang = view.lang
    notes, applied = notes_for(spec, view)
    official = decorate(_official_domains(atlas), lang)
    upto = GROUPS[: GROUPS.index(OFFICIAL_SPLIT) + 1]  # the 45 are the first 25 and 20 more
    reg = atlas.clusters[atlas.clusters["first_group"].isin(upto)]
    counts = reg.groupby("domain_id").size()
    rows = []
    for _, r in official.iterrows():
        label = name(r, "domain", lang)
        rows.append(
            {**r.to_dict(), "series": "official", "label": label, "display": display(r, lang)}
        )
        n = int(counts.get(r["domain"], 0))
        rows.append(
            {
                **r.to_dict(),
                "figure_id": None,  # a count of the registry's rows, no figure of the database
                "series": "registry",
                "label": label,
                "value": float(n),
                "display": str(n),
                "text": str(n),
                "qualifier": "exact",
                "kind": "actual",
                "hover": f"{t('registry', lang)}: {label}",
                "source_line": t("registry_source_line", lang),
                "quote": "",
            }
        )
    df = pd.DataFrame(rows)
    if view.domain != ALL:
        df = df[df["domain"] == view.domain]
    fig = charts.grouped_bars(
        df,
        series="series",
        series_names={"official": t("official", lang), "registry": t("registry", lang)},
        colors=charts.GROUP_COLORS,
        axis_title=t("clusters_word", lang),
        horizontal=True,
    )
    differ = [
        r["domain"] for _, r in official.iterrows() if counts.get(r["domain"], 0) != r["value"]
    ]
    dn = atlas.domain_notes
    why = dn.loc[(dn["group_id"] == OFFICIAL_SPLIT) & dn["domain_id"].isin(differ), f"note_{lang}"]
    notes_why = list(why)  # whole sentences, each with its full stop: joined as sentences
    expl = (
        t("registry_domains_note", lang)
        + reduce(lambda a, b: t("two_sentences", lang, first=a, second=b), notes_why)
        if differ and notes_why
        else ""
    )
    table = df[["domain", "label", "series", "figure_id", "value", "unit", "display"]].rename(
        columns={"label": "domain_name"}
    )
    return _out(
        atlas,
        spec,
        view,
        official[official["domain"].isin(df["domain"])],
        fig,
        notes,
        applied,
        footnote=expl,
        table=table.reset_index(drop=True),
        extra_source=t("registry_source_line", lang),
        height=500,
    )


# ---------------------------------------------------------------- Guangdong & Guangzhou
def gd_clusters(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """Guangdong's clusters (strategic, trillion-level, national), Guangzhou's industry offices."""
    lang = view.lang
    notes, applied = notes_for(spec, view)
    # counts only: the chart has one count axis (Guangdong's output, in yuan, is on Regions)
    facts = _facts(atlas, region=list(GUANGDONG), kind="actual")
    rows = _one_per(facts[facts["unit"] == "count"], "region", "metric")
    rows = decorate(rows, lang)
    rows = rows.assign(
        label=[f"{name(r, 'region', lang)} · {name(r, 'metric', lang)}" for _, r in rows.iterrows()]
    )
    fig = charts.bars(
        rows,
        colors=[charts.REGION_COLORS["east"]] * len(rows),
        axis_title=t("count_axis", lang),
        horizontal=True,
    )
    height = charts.hbar_height(list(rows["label"]))
    return _out(atlas, spec, view, rows, fig, notes, applied, legend=False, height=height)


def _gz_targets(atlas: Atlas, view: View, spec: ChartSpec, metrics: tuple[str, ...]) -> ChartOut:
    lang = view.lang
    notes, applied = notes_for(spec, view)
    rows = _facts(atlas, region=GUANGZHOU, kind="target", metric=list(metrics))
    rows = decorate(_one_per(rows[in_domain(view, rows["domain"])], "metric"), lang)
    if rows.empty:
        return empty_out(spec, view, "", notes, applied)
    rows = rows.assign(label=[name(r, "metric", lang) for _, r in rows.iterrows()])
    fig = charts.bars(
        rows, colors=[charts.GROUP_COLORS["target"]] * len(rows), axis_title="", horizontal=True
    )
    years = (
        f"{t('target', lang)} · {t('target_year_unstated', lang)}"
        if rows["period"].isna().all()
        else f"{t('target', lang)} · {_periods(rows, lang)}"
    )
    foot = _style_note(rows, lang)
    return _out(
        atlas,
        spec,
        view,
        rows,
        fig,
        notes,
        applied,
        subtitle=years,
        legend=False,
        height=charts.hbar_height(list(rows["label"]), axis_title=False),
        footnote=foot,
    )


def gz_projects(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """Guangzhou's project targets."""
    return _gz_targets(atlas, view, spec, ("expansion_projects", "tech_upgrade_projects"))


def gz_parks(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """Guangzhou's industrial-park targets."""
    return _gz_targets(atlas, view, spec, ("benchmark_parks", "storage_parks", "biomed_parks"))


# ---------------------------------------------------------------- clusters
@lru_cache(maxsize=SNAPSHOTS)
def _domain_order(atlas: Atlas) -> pd.DataFrame:
    """The domains by id (shared: read only)."""
    return atlas.domains.set_index("domain_id")


def _batch_counts(atlas: Atlas, rows: pd.DataFrame) -> pd.DataFrame:
    """How many of ``rows`` there are per batch and domain (a row missing either left out), in
    the domains' order and then the batches': the frame, index and types that a pandas
    group-by, sorted by the domains' order, gives, counted over Python values (a third of its
    cost, on every new set of clusters a view holds)."""
    sort = _domain_order(atlas)["sort"].to_dict()
    n = Counter(
        (b, d)
        for b, d in zip(rows["batch"], rows["domain_id"], strict=True)
        if isinstance(b, str) and isinstance(d, str)
    )
    keys = sorted(n)  # the group-by's order, which its index numbers
    shown = sorted(range(len(keys)), key=lambda i: (sort.get(keys[i][1], math.inf), keys[i][0]))
    return pd.DataFrame(
        {
            # as typed as the rows' columns (the stubs take a dtype read off a frame for any)
            "batch": pd.array([keys[i][0] for i in shown], dtype=cast(Any, rows["batch"].dtype)),
            "domain_id": pd.array(
                [keys[i][1] for i in shown], dtype=cast(Any, rows["domain_id"].dtype)
            ),
            "value": np.array([n[keys[i]] for i in shown], dtype="int64"),
        },
        index=pd.Index(shown, dtype="int64"),
    )


def clusters_batches(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """Named clusters by batch, stacked by domain (registry)."""
    lang = view.lang
    notes, applied = notes_for(spec, view)
    c = registry_rows(atlas, view)
    if c.empty:
        return empty_out(spec, view, "", notes, applied)
    order = _domain_order(atlas)
    counts = _batch_counts(atlas, c)
    counts["label"] = [t("batch_label", lang, batch=b) for b in counts["batch"]]
    counts["domain_name"] = counts["domain_id"].map(order[f"name_{lang}"])
    fig = charts.stacked_bars(
        counts,
        series="domain_id",
        series_names={str(k): str(v) for k, v in order[f"name_{lang}"].items()},
        colors=charts.DOMAIN_COLORS,
        axis_title=t("clusters_word", lang),
    )
    sub = t("coverage", lang, named=len(atlas.clusters), total=total_clusters(atlas))
    table = counts[["batch", "domain_id", "domain_name", "value"]].rename(
        columns={"value": "clusters"}
    )
    foot = t("analyst_domains", lang)
    return _out(
        atlas,
        spec,
        view,
        counts,
        fig,
        notes,
        applied,
        subtitle=sub,
        table=table,
        registry=True,
        footnote=foot,
        counts=True,
    )


CHARTS: dict[str, ChartSpec] = {
    s.chart_id: s
    for s in (
        ChartSpec("overview_growth", "overview", (), "why_national", overview_growth),
        ChartSpec("trends_counts", "trends", (), "why_national", trends_counts),
        ChartSpec("trends_output", "trends", (), "why_national", trends_output),
        ChartSpec("trends_firms", "trends", (), "why_national", trends_firms),
        ChartSpec("regions_macro", "regions", ("region",), "why_split", regions_macro),
        ChartSpec("regions_key4", "regions", (), "why_key4", regions_key4),
        ChartSpec("regions_map", "regions", ("region", "domain"), "", regions_map),
        ChartSpec("regions_dev", "regions", ("region",), "why_regional", regions_dev),
        ChartSpec("domains_official", "domains", ("domain",), "why_domain_split", domains_official),
        ChartSpec("domains_registry", "domains", ("domain",), "why_domain_split", domains_registry),
        ChartSpec("gd_clusters", "guangdong", (), "why_guangdong", gd_clusters),
        # its rows are narrowed by the domain although it does not claim the filter
        ChartSpec("gz_projects", "guangdong", (), "why_guangdong", gz_projects, ("domain",)),
        ChartSpec("gz_parks", "guangdong", ("domain",), "why_guangdong", gz_parks),
        ChartSpec(
            "clusters_batches",
            "clusters",
            ("region", "domain"),
            "",
            clusters_batches,
        ),
    )
}


# The Overview's headline cards: a metric, and whether only whole-year figures qualify.
CARDS = (
    ("cluster_count", False),
    ("leading_output", True),
    ("innovation_carriers", False),
    ("single_champions", False),
    ("little_giants", False),
)


def headline_cards(atlas: Atlas, lang: str) -> list[tuple[str, str, str, str]]:
    """The Overview's cards, latest national actual of each metric of ``CARDS``: (label,
    value as read, hover text with period, qualifier, kind, source and quote, caption)."""
    f = atlas.figures
    national = f[(f["region"] == NATION) & f["domain"].isna() & (f["kind"] == "actual")]
    cards = []
    for metric, annual in CARDS:
        rows = national[national["metric"] == metric]
        if annual:
            rows = rows[rows["period"].str.fullmatch(r"\d{4}").fillna(False).astype(bool)]
        if rows.empty:
            continue
        row = rows.sort_values(["period_start", "published_on"]).iloc[-1]
        mark = t("differ_mark", lang) if row["status"] == "differ" else ""
        where = [period_label(row["period"], lang)]  # the group is in the label
        cards.append(
            (
                t(
                    "card_label",
                    lang,
                    metric=name(row, "metric", lang),
                    group=t(row["scope"], lang),
                ),
                mark + display(row, lang),
                fact_help(row, lang),
                " · ".join([*where, source_label(row, lang)]),
            )
        )
    return cards


def page_figures(atlas: Atlas, view: View) -> dict[str, pd.DataFrame]:
    """The figure tables the pages show beside their charts, by page, for a view."""
    return {
        "trends": national_figures(atlas),
        "regions": regional_figures(atlas, view),
        "clusters": cluster_figures(atlas, registry_rows(atlas, view)),
    }


def effective(spec: ChartSpec, view: View) -> View:
    """The view a chart is built for: the language and only the filters it reads (a chart of
    the whole country is the same figure whatever region is picked). Charts are built, and
    cached, per effective view; ``for_view`` adds what the other filters change (the notes)."""
    keep = spec.inputs()
    return View(
        view.lang,
        view.region if "region" in keep else ALL,
        view.domain if "domain" in keep else ALL,
    )


# The regions a chart's rows can be of, for the charts a region changes only through which of
# these it holds: two regions holding the same ones draw the same chart (a province and its
# city draw no macro region).
UNIVERSES: dict[str, Callable[[Atlas], pd.Series]] = {
    "regions_macro": lambda a: _macro_split(a)["region"],
    "regions_dev": lambda a: _dev_rows(a)["region"],
}


@lru_cache(maxsize=SNAPSHOTS * len(UNIVERSES))
def _canonical(atlas: Atlas, universe: str) -> dict[str, str]:
    """Each region -> the first region (in the order of ``regions``) that holds the same
    regions of ``universe``: the one a chart or table is built for."""
    within = frozenset(UNIVERSES[universe](atlas))
    return _first_alike(atlas, lambda rid: members(atlas, rid) & within)


def _first_alike(atlas: Atlas, signature: Callable[[str], Hashable]) -> dict[str, str]:
    """Each region -> the first region (in the order of ``regions``) of the same signature."""
    first: dict[Hashable, str] = {}
    return {rid: first.setdefault(signature(rid), rid) for rid in atlas.regions["region_id"]}


# The charts of the registry's clusters that a region changes only through which clusters it
# holds: two regions holding the same clusters (a province and its only city, say) draw the
# same chart.
BY_CLUSTERS = frozenset({"clusters_batches"})


@lru_cache(maxsize=SNAPSHOTS)
def _same_clusters(atlas: Atlas) -> dict[str, str]:
    """Each region -> the first region (in the order of ``regions``) holding the same
    clusters."""
    return _first_alike(atlas, lambda rid: _clusters_inside(atlas, rid))


def canonical(atlas: Atlas, universe: str, region: str) -> str:
    """The region that stands for ``region`` in ``universe`` (itself when none does)."""
    return region if region == ALL else _canonical(atlas, universe).get(region, region)


def built_view(spec: ChartSpec, view: View, atlas: Atlas) -> View:
    """The view a chart is built (and cached) for: ``effective``, its region the canonical
    one for charts that ``UNIVERSES`` lists, the first holding the same clusters for those
    ``BY_CLUSTERS`` lists."""
    eff = effective(spec, view)
    if spec.chart_id in UNIVERSES and eff.region != ALL:
        eff = replace(eff, region=canonical(atlas, spec.chart_id, eff.region))
    elif spec.chart_id in BY_CLUSTERS and eff.region != ALL:
        eff = replace(eff, region=_same_clusters(atlas).get(eff.region, eff.region))
    return eff


def for_view(out: ChartOut, spec: ChartSpec, view: View, built: View | None = None) -> ChartOut:
    """``out``, built for ``built`` (by default ``effective(spec, view)``), as ``view`` shows
    it: the notes on the filters it cannot apply and the list of applied ones are the view's."""
    built = effective(spec, view) if built is None else built
    if built == view:
        return out
    own = len(notes_for(spec, built)[0])  # a builder's notes start with these
    notes, applied = notes_for(spec, view)
    return replace(out, notes=[*notes, *out.notes[own:]], filtered_by=applied)


def build_chart(chart_id: str, atlas: Atlas, view: View) -> ChartOut:
    """Build one chart of ``CHARTS`` for a view (language and filters), with its description
    and what a citation needs (page, data version, year)."""
    spec = CHARTS[chart_id]
    built = built_view(spec, view, atlas)
    return for_view(_build(spec, atlas, built), spec, view, built)


def _build(spec: ChartSpec, atlas: Atlas, view: View) -> ChartOut:
    out = spec.build(atlas, view, spec)
    info = dict(zip(atlas.build_info["key"], atlas.build_info["value"], strict=True))
    if out.sources is _registry_sources(atlas):  # the same registry for every view
        quotes, pubs = _registry_texts(atlas, view.lang)
    else:
        quotes, pubs = quotes_markdown(out.sources, view.lang), tuple(publishers(out, view.lang))
    out = replace(out, publishers=pubs)  # describe names them
    return replace(
        out,
        description=describe(out, view.lang),
        page=spec.page,
        version=str(info.get("data_fingerprint", ""))[:12],
        year=str(info.get("built_at", ""))[:4],
        quotes_md=quotes,
    )


def charts_of(page: str) -> list[str]:
    """The chart ids of a page, in display order."""
    return [cid for cid, s in CHARTS.items() if s.page == page]
