"""Every chart of the app, as data + a builder: ``CHARTS[chart_id]``. The app's pages and the
export CLI both call ``build_chart``. No streamlit import.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard import charts
from dashboard.data import Atlas
from dashboard.filters import ALL, View, cluster_in_region
from dashboard.i18n import period_label, t, yuan_scale
from dashboard.views import (
    ChartOut,
    ChartSpec,
    decorate,
    empty_out,
    fact_table,
    in_domain,
    in_region,
    name,
    notes_for,
    source_line,
    sources_of,
)
from etl.vocab import GROUPS


def _facts(atlas: Atlas, **eq: Any) -> pd.DataFrame:
    """Figures (one row each, the shown report's columns) matching every ``column=value``; a
    ``fact_id`` selects the figures those facts report, whichever report each one shows."""
    df = atlas.figures
    if "fact_id" in eq:
        ids = eq.pop("fact_id")
        df = df[
            df["figure_id"].isin(
                atlas.figure_ids(list(ids) if isinstance(ids, list | tuple) else [ids])
            )
        ]
    for k, v in eq.items():
        if v is None:
            df = df[df[k].isna()]
        elif isinstance(v, list | tuple | set):
            df = df[df[k].isin(list(v))]
        else:
            df = df[df[k] == v]
    return df


def _periods(rows: pd.DataFrame, lang: str) -> str:
    ps = list(
        dict.fromkeys(period_label(p if isinstance(p, str) else None, lang) for p in rows["period"])
    )
    return t("period", lang) + (":" if lang == "zh" else ": ") + (" · ".join(ps) if ps else "—")


def _out(
    atlas: Atlas,
    spec: ChartSpec,
    view: View,
    rows: pd.DataFrame,
    fig: Any,
    notes: list[str],
    applied: list[str],
    subtitle: str | None = None,
    footnote: str = "",
    table: pd.DataFrame | None = None,
    extra_source: str = "",
    height: int = 460,
    legend: bool = True,
    top: int = 95,
) -> ChartOut:
    lang = view.lang
    sub = subtitle if subtitle is not None else _periods(rows, lang)
    reports = atlas.reports_of(rows["figure_id"]) if "figure_id" in rows else atlas.reports.iloc[:0]
    charts.finish(
        fig,
        spec.title(lang),
        sub,
        source_line(rows, lang, extra_source, reports),
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
        fact_table(rows, lang) if table is None else table,
        sources_of(reports),
        notes,
        applied,
    )


def _style_note(rows: pd.DataFrame, lang: str) -> str:
    parts = []
    if (rows["qualifier"] != "exact").any():
        parts.append(t("not_exact_legend", lang))
    if (rows["kind"] != "actual").any():
        parts.append(t("target_legend", lang))
    return ";".join(parts) if lang == "zh" else "; ".join(parts)


# ---------------------------------------------------------------- overview / trends
def overview_growth(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """25 -> 45 -> 80 as a waterfall: the first count, then each batch as an increment."""
    lang = view.lang
    notes, applied = notes_for(spec, view)
    rows = decorate(
        _facts(atlas, metric="cluster_count", region="CN", domain=None, scope=list(GROUPS)), lang
    )
    rows = rows.sort_values("period_start")
    batch_year = atlas.clusters.groupby("first_group")["batch_year"].min().to_dict()
    deltas = rows["value"].diff().fillna(rows["value"]).tolist()
    labels, texts = [], []
    for i, (_, r) in enumerate(rows.iterrows()):
        labels.append(f"{t(r['scope'], lang)}<br>{period_label(r['period'], lang)}")
        year = batch_year.get(r["scope"])
        batch = (f"({year}年批次)" if lang == "zh" else f"({year} batch)") if year and i else ""
        texts.append(f"{r['text']}" if i == 0 else f"+{deltas[i]:.0f} {batch} = {r['text']}")
    rows = rows.assign(label=labels, delta=deltas, text=texts)
    fig = charts.step_growth(rows, axis_title=t("clusters_word", lang))
    foot = (
        "增量为相邻两个累计数之差;批次年份来自集群名录。"
        if lang == "zh"
        else "Increments are differences of the stated totals; batch years from the cluster registry."
    )
    return _out(atlas, spec, view, rows, fig, notes, applied, footnote=foot, legend=False)


def trends_counts(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """Cluster counts over time, dated by the period each source states them for."""
    lang = view.lang
    notes, applied = notes_for(spec, view)
    rows = decorate(
        _facts(atlas, metric="cluster_count", region="CN", domain=None, scope=list(GROUPS)), lang
    )
    rows = rows.sort_values("period_start").assign(date=lambda d: d["period_start"])
    fig = charts.line_over_time(rows, axis_title=t("clusters_word", lang))
    return _out(
        atlas, spec, view, rows, fig, notes, applied, legend=False, footnote=_style_note(rows, lang)
    )


def trends_output(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """Leading-industry output: annual and half-year values in separate panels, never compared."""
    lang = view.lang
    notes, applied = notes_for(spec, view)
    rows = decorate(_facts(atlas, metric="leading_output", region="CN"), lang).sort_values(
        "period_start"
    )
    factor, unit = yuan_scale(float(rows["value"].max()), lang)
    rows = rows.assign(
        value=rows["value"] / factor,
        label=[t(s, lang) for s in rows["scope"]],
        panel=["half" if str(p).endswith(("H1", "H2")) else f"y{p}" for p in rows["period"]],
    )
    titles = {
        p: (
            f"{t('half_year', lang)} {period_label(str(per), lang)}"
            if p == "half"
            else f"{t('annual', lang)} {period_label(str(per), lang)}"
        )
        for p, per in zip(rows["panel"], rows["period"], strict=True)
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
    fig.update_yaxes(showticklabels=True, title=unit)
    return _out(
        atlas, spec, view, rows, fig, notes, applied, footnote=_style_note(rows, lang), top=130
    )


FIRM_METRICS = (
    "little_giants",
    "single_champions",
    "innovation_carriers",
    "innovation_centres",
    "above_scale_firms",
    "intl_standards",
)


def trends_firms(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """Enterprises and innovation bodies of the 25, 45 and 80 clusters, one panel per metric."""
    lang = view.lang
    notes, applied = notes_for(spec, view)
    rows = decorate(_facts(atlas, metric=list(FIRM_METRICS), region="CN", scope=list(GROUPS)), lang)
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
    titles = {
        m: name(r, "metric", lang)
        for m, (_, r) in zip(rows["metric"], rows.iterrows(), strict=True)
    }
    fig = charts.small_multiples(
        rows,
        panel="metric",
        panel_titles=titles,
        series="scope",
        series_names={g: t(g, lang) for g in GROUPS},
        colors=charts.GROUP_COLORS,
    )
    return _out(
        atlas,
        spec,
        view,
        rows,
        fig,
        notes,
        applied,
        height=620,
        footnote=_style_note(rows, lang),
        top=130,
    )


# ---------------------------------------------------------------- regions
def regions_macro(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """The 45 clusters by macro region (MIIT's split)."""
    lang = view.lang
    notes, applied = notes_for(spec, view)
    rows = _facts(atlas, metric="cluster_count", scope="group45", region_level="macro_region")
    rows = decorate(rows[in_region(atlas, view, rows["region"])], lang)
    if rows.empty:
        return empty_out(
            spec, view, _periods(_facts(atlas, fact_id="g45-east"), lang), notes, applied
        )
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
    """The four key regions' clusters against the rest of the 45 (the rest derived by subtraction)."""
    lang = view.lang
    notes, applied = notes_for(spec, view)
    key = decorate(_facts(atlas, fact_id=["g45-key4-count"]), lang)
    total = decorate(_facts(atlas, fact_id=["g45-count"]), lang)
    share = _facts(atlas, fact_id=["g45-key4-share"])
    rest = float(total["value"].iloc[0] - key["value"].iloc[0])
    share_txt = str(share["display_zh"].iloc[0])
    rows = pd.concat([key, total]).assign(
        label=[name(key.iloc[0], "region", lang), t("group45", lang)],
        text=[
            f"{key['text'].iloc[0]}({share_txt})"
            if lang == "zh"
            else f"{key['text'].iloc[0]} ({share_txt})",
            total["text"].iloc[0],
        ],
    )
    fig = charts.bars(
        rows,
        colors=[charts.REGION_COLORS["key4"], charts.REGION_COLORS["CN"]],
        axis_title=t("clusters_word", lang),
        horizontal=True,
    )
    other = "其他区域" if lang == "zh" else "Other regions"
    foot = (
        f"{other}:{rest:.0f}({t('derived', lang)}:45 − 30)"
        if lang == "zh"
        else f"{other}: {rest:.0f} ({t('derived', lang)}: 45 − 30)"
    )
    src_rows = pd.concat([rows, decorate(share, lang)])
    return _out(
        atlas, spec, view, src_rows, fig, notes, applied, legend=False, footnote=foot, height=360
    )


def registry_rows(
    atlas: Atlas, view: View, *, domain: bool = True, region: bool = True
) -> pd.DataFrame:
    """Registry clusters within the selected region (by province and city) and domain."""
    c = atlas.clusters
    provinces = atlas.cluster_provinces.groupby("cluster_id")["province_id"].apply(list)
    keep = pd.Series(True, index=c.index)
    if region and view.region != ALL:
        inside = [
            cluster_in_region(
                provinces.get(cid, []), str(cities), view.region, atlas.regions, atlas.key_members
            )
            for cid, cities in zip(c["cluster_id"], c["cities_zh"], strict=True)
        ]
        keep &= pd.Series(inside, index=c.index)
    if domain:
        keep &= in_domain(view, c["domain_id"])
    return c[keep]


def _registry_source(lang: str) -> str:
    return (
        "集群名录(研究笔记,非官方名单)"
        if lang == "zh"
        else "cluster registry (research notes, not an official list)"
    )


def regions_map(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """Named clusters per province (registry), cross-province clusters counted in each province."""
    lang = view.lang
    notes, applied = notes_for(spec, view)
    clusters = registry_rows(atlas, view)
    pairs = atlas.cluster_provinces[
        atlas.cluster_provinces["cluster_id"].isin(clusters["cluster_id"])
    ]
    if view.region != ALL:
        pairs = pairs[in_region(atlas, view, pairs["province_id"])]
    counts = pairs.groupby("province_id").agg(value=("cluster_id", "count"), share=("share", "sum"))
    prov = atlas.regions[atlas.regions["level"] == "province"].set_index("region_id")
    df = prov.join(counts).fillna({"value": 0, "share": 0}).reset_index()
    df = df.rename(columns={"index": "region_id"})
    named = f"{len(atlas.clusters)}/{total_clusters(atlas)}"
    df["hover"] = [
        f"{r['name_zh'] if lang == 'zh' else r['name_en']}: {int(r['value'])}"
        for _, r in df.iterrows()
    ]
    df["source_line"] = _registry_source(lang)
    df["quote"] = [
        f"{'按份额计' if lang == 'zh' else 'fractional'} {r['share']:.2f}" for _, r in df.iterrows()
    ]
    if df["value"].sum() == 0:
        return empty_out(spec, view, "", notes, applied)
    fig = charts.choropleth(df, atlas.shapes, colorbar_title=t("clusters_word", lang))
    table = df[["region_id", "name_zh", "name_en", "adcode", "value", "share"]].rename(
        columns={"value": "clusters", "share": "clusters_fractional"}
    )
    sub = (
        f"名录收录{named}个集群;{t('cross_province', lang)}"
        if lang == "zh"
        else f"{named} clusters named in the registry. {t('cross_province', lang)}"
    )
    out = ChartOut(
        spec.chart_id, spec.title(lang), sub, fig, table, _registry_sources(atlas), notes, applied
    )
    charts.finish(
        fig,
        out.title,
        sub,
        f"{t('source', lang)}: {_registry_source(lang)}",
        legend=True,
        height=520,
    )
    return out


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


def _registry_sources(atlas: Atlas) -> pd.DataFrame:
    c = atlas.clusters
    return pd.DataFrame(
        {
            "figure_id": "",
            "fact_id": c["cluster_id"],
            "shown": True,
            "source_id": "registry",
            "source_title": c["name_zh"],
            "publisher": _registry_source("zh"),
            "publisher_en": _registry_source("en"),
            "published_on": c["announced"],
            "url": c["sources"],
            "quote": c["notes"],
        }
    )


def regions_dev(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """Regional development shares and growth rates (percent figures of the 2022-09 briefing)."""
    lang = view.lang
    notes, applied = notes_for(spec, view)
    rows = _facts(atlas, unit="percent", scope=["macro_region", "key_region", "area", "province"])
    rows = decorate(rows[in_region(atlas, view, rows["region"])], lang)
    if rows.empty:
        return empty_out(spec, view, "", notes, applied)
    rows = rows.assign(
        label=[
            f"{name(r, 'region', lang)} · {name(r, 'metric', lang)} ({period_label(r['period'], lang)})"
            for _, r in rows.iterrows()
        ]
    )
    colors = [charts.REGION_COLORS.get(r, charts.NEUTRAL) for r in rows["region"]]
    fig = charts.bars(rows, colors=colors, axis_title="%", horizontal=True)
    return _out(
        atlas,
        spec,
        view,
        rows,
        fig,
        notes,
        applied,
        legend=False,
        height=140 + 58 * len(rows),
        footnote=_style_note(rows, lang),
    )


# ---------------------------------------------------------------- domains
def domains_official(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """MIIT's split of the 45 clusters by domain; the selected domain stays coloured, others fade
    (click a bar to select it)."""
    lang = view.lang
    notes, applied = notes_for(spec, view)
    rows = decorate(
        _facts(atlas, metric="cluster_count", scope="group45", region="CN").dropna(
            subset=["domain"]
        ),
        lang,
    )
    order = atlas.domains.set_index("domain_id")["sort"]
    rows = rows.sort_values("domain", key=lambda s: s.map(order))
    rows = rows.assign(label=[name(r, "domain", lang) for _, r in rows.iterrows()])
    colors = [
        charts.DOMAIN_COLORS[d] if view.domain in (ALL, d) else charts.FADED for d in rows["domain"]
    ]
    fig = charts.bars(
        rows, colors=colors, axis_title=t("clusters_word", lang), custom_ids=list(rows["domain"])
    )
    return _out(atlas, spec, view, rows, fig, notes, applied, legend=False)


def domains_registry(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """Official split of the 45 beside the registry's own assignment, with the mismatch explained."""
    lang = view.lang
    notes, applied = notes_for(spec, view)
    official = decorate(
        _facts(atlas, metric="cluster_count", scope="group45", region="CN").dropna(
            subset=["domain"]
        ),
        lang,
    )
    reg = atlas.clusters[atlas.clusters["first_group"].isin(["group25", "group45"])]
    counts = reg.groupby("domain_id").size()
    dn = atlas.domains.set_index("domain_id")
    rows = []
    for _, r in official.iterrows():
        label = name(r, "domain", lang)
        rows.append({**r.to_dict(), "series": "official", "label": label})
        n = int(counts.get(r["domain"], 0))
        rows.append(
            {
                **r.to_dict(),
                "series": "registry",
                "label": label,
                "value": float(n),
                "text": str(n),
                "qualifier": "exact",
                "kind": "actual",
                "hover": f"{t('registry', lang)}: {label}",
                "source_line": _registry_source(lang),
                "quote": "",
            }
        )
    df = pd.DataFrame(rows)
    df = df.sort_values("domain", key=lambda s: s.map(dn["sort"]), kind="stable")
    if view.domain != ALL:
        df = df[df["domain"] == view.domain]
    fig = charts.grouped_bars(
        df,
        series="series",
        series_names={"official": t("official", lang), "registry": t("registry", lang)},
        colors=charts.GROUP_COLORS,
        axis_title=t("clusters_word", lang),
    )
    official_n = dict(zip(official["domain"], official["value"], strict=True))
    differ = [d for d, v in official_n.items() if int(counts.get(d, 0)) != v]
    dnotes = atlas.domain_notes
    why = dnotes.loc[
        (dnotes["group_id"] == "group45") & dnotes["domain_id"].isin(differ), f"note_{lang}"
    ]
    expl = (t("registry_domains_note", lang) + t("source_sep", lang).join(why)) if differ else ""
    table = df[["domain", "label", "series", "value"]].rename(
        columns={"label": "domain_name", "value": "clusters"}
    )
    return _out(
        atlas,
        spec,
        view,
        official[official["domain"].isin(df["domain"])],
        fig,
        notes,
        applied,
        footnote=_wrap(expl),
        table=table.reset_index(drop=True),
        extra_source=_registry_source(lang),
        height=500,
    )


def _wrap(text: str, width: int = 95) -> str:
    out, line = [], ""
    for word in (
        text.split(" ") if " " in text else [text[i : i + 48] for i in range(0, len(text), 48)]
    ):
        if len(line) + len(word) > width:
            out.append(line)
            line = ""
        line += word + (" " if " " in text else "")
    return "<br>".join([*out, line]).strip()


# ---------------------------------------------------------------- Guangdong & Guangzhou
def gd_clusters(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """Guangdong's clusters (strategic, trillion-level, national) and Guangzhou's industry offices."""
    lang = view.lang
    notes, applied = notes_for(spec, view)
    rows = decorate(_facts(atlas, region=["guangdong", "guangzhou"], kind="actual"), lang)
    rows = rows.assign(
        label=[f"{name(r, 'region', lang)} · {name(r, 'metric', lang)}" for _, r in rows.iterrows()]
    )
    fig = charts.bars(
        rows,
        colors=[charts.REGION_COLORS["east"]] * len(rows),
        axis_title=t("count_unit", lang) or "count",
        horizontal=True,
    )
    return _out(atlas, spec, view, rows, fig, notes, applied, legend=False, height=360)


def _gz_targets(atlas: Atlas, view: View, spec: ChartSpec, metrics: tuple[str, ...]) -> ChartOut:
    lang = view.lang
    notes, applied = notes_for(spec, view)
    rows = _facts(atlas, region="guangzhou", kind="target", metric=list(metrics))
    rows = decorate(rows[in_domain(view, rows["domain"])], lang)
    if rows.empty:
        return empty_out(spec, view, "", notes, applied)
    rows = rows.assign(label=[name(r, "metric", lang) for _, r in rows.iterrows()])
    fig = charts.bars(
        rows, colors=[charts.GROUP_COLORS["target"]] * len(rows), axis_title="", horizontal=True
    )
    years = f"{t('target', lang)} · " + (
        "目标年份未说明(2025年工作部署)"
        if lang == "zh"
        else "target year not stated (2025 work plan)"
    )
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
        height=320,
        footnote=_style_note(rows, lang),
    )


def gz_projects(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """Guangzhou's project targets."""
    return _gz_targets(atlas, view, spec, ("expansion_projects", "tech_upgrade_projects"))


def gz_parks(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """Guangzhou's industrial-park targets."""
    return _gz_targets(atlas, view, spec, ("benchmark_parks", "storage_parks", "biomed_parks"))


# ---------------------------------------------------------------- clusters
def clusters_batches(atlas: Atlas, view: View, spec: ChartSpec) -> ChartOut:
    """Named clusters by batch, stacked by domain (registry)."""
    lang = view.lang
    notes, applied = notes_for(spec, view)
    c = registry_rows(atlas, view)
    if c.empty:
        return empty_out(spec, view, "", notes, applied)
    dn = atlas.domains.set_index("domain_id")
    counts = c.groupby(["batch", "domain_id"]).size().reset_index(name="value")
    import plotly.graph_objects as go

    fig = go.Figure()
    for d in dn.index:
        part = counts[counts["domain_id"] == d]
        if part.empty:
            continue
        label = dn.loc[d, "name_zh" if lang == "zh" else "name_en"]
        fig.add_bar(
            x=[f"{b}{'年批次' if lang == 'zh' else ' batch'}" for b in part["batch"]],
            y=part["value"],
            name=label,
            marker_color=charts.DOMAIN_COLORS[d],
            text=part["value"],
            hovertemplate=f"{label}: %{{y}}<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title=t("clusters_word", lang))
    named, total = len(atlas.clusters), total_clusters(atlas)
    sub = t("coverage", lang, named=named, total=total)
    table = counts.rename(columns={"value": "clusters"})
    out = ChartOut(
        spec.chart_id, spec.title(lang), sub, fig, table, _registry_sources(atlas), notes, applied
    )
    foot = (
        "领域为分析者判断,非工信部归属。"
        if lang == "zh"
        else "Domains are an analyst's assignment, not MIIT's."
    )
    charts.finish(
        fig, out.title, sub, f"{t('source', lang)}: {_registry_source(lang)}", footnote=foot
    )
    return out


_NAT_ZH = ("全国层面的数字", "national figures only")
_SPLIT_ZH = ("全国按区域的拆分,无领域交叉", "the regional split nationally, not by domain")
_DOM_ZH = ("全国按领域的拆分,无区域交叉", "the domain split nationally, not by region")
_GD = ("广东、广州的数字", "figures for Guangdong and Guangzhou only")

CHARTS: dict[str, ChartSpec] = {
    s.chart_id: s
    for s in (
        ChartSpec(
            "overview_growth",
            "overview",
            "国家先进制造业集群数量:25 → 45 → 80",
            "National advanced manufacturing clusters: 25 → 45 → 80",
            (),
            _NAT_ZH,
            overview_growth,
        ),
        ChartSpec(
            "trends_counts",
            "trends",
            "集群数量随时间变化",
            "Number of clusters over time",
            (),
            _NAT_ZH,
            trends_counts,
        ),
        ChartSpec(
            "trends_output",
            "trends",
            "集群主导产业产值",
            "Output of the clusters' leading industries",
            (),
            _NAT_ZH,
            trends_output,
        ),
        ChartSpec(
            "trends_firms",
            "trends",
            "集群企业与创新主体",
            "Enterprises and innovation bodies in the clusters",
            (),
            _NAT_ZH,
            trends_firms,
        ),
        ChartSpec(
            "regions_macro",
            "regions",
            "45个集群的区域分布",
            "The 45 clusters by macro region",
            ("region",),
            _SPLIT_ZH,
            regions_macro,
        ),
        ChartSpec(
            "regions_key4",
            "regions",
            "四大重点区域的集群",
            "Clusters in the four key regions",
            (),
            ("四大重点区域合计", "the four key regions together"),
            regions_key4,
        ),
        ChartSpec(
            "regions_map",
            "regions",
            "各省份已知集群数量",
            "Named clusters by province",
            ("region", "domain"),
            ("", ""),
            regions_map,
        ),
        ChartSpec(
            "regions_dev",
            "regions",
            "区域制造业发展指标",
            "Regional manufacturing indicators",
            ("region",),
            ("区域指标,无领域拆分", "regional indicators with no domain split"),
            regions_dev,
        ),
        ChartSpec(
            "domains_official",
            "domains",
            "45个集群的领域分布",
            "The 45 clusters by domain",
            ("domain",),
            _DOM_ZH,
            domains_official,
        ),
        ChartSpec(
            "domains_registry",
            "domains",
            "领域分布:官方与名录推算",
            "Domain split: official vs registry-derived",
            ("domain",),
            _DOM_ZH,
            domains_registry,
        ),
        ChartSpec(
            "gd_clusters",
            "guangdong",
            "广东、广州的产业集群",
            "Guangdong's and Guangzhou's industry clusters",
            (),
            _GD,
            gd_clusters,
        ),
        ChartSpec(
            "gz_projects",
            "guangdong",
            "广州:项目目标",
            "Guangzhou: project targets",
            (),
            _GD,
            gz_projects,
        ),
        ChartSpec(
            "gz_parks",
            "guangdong",
            "广州:产业园区目标",
            "Guangzhou: industrial-park targets",
            ("domain",),
            _GD,
            gz_parks,
        ),
        ChartSpec(
            "clusters_batches",
            "clusters",
            "已知集群:按批次与领域",
            "Named clusters by batch and domain",
            ("region", "domain"),
            ("", ""),
            clusters_batches,
        ),
    )
}


def build_chart(chart_id: str, atlas: Atlas, view: View) -> ChartOut:
    """Build one chart of ``CHARTS`` for a view (language and filters), with its description
    and what a citation needs (page, data version, year)."""
    from dataclasses import replace

    from dashboard.describe import describe, publishers
    from dashboard.views import quotes_markdown

    spec = CHARTS[chart_id]
    out = spec.build(atlas, view, spec)
    info = dict(zip(atlas.build_info["key"], atlas.build_info["value"], strict=True))
    return replace(
        out,
        description=describe(out, view.lang),
        page=spec.page,
        version=str(info.get("data_fingerprint", ""))[:12],
        year=str(info.get("built_at", ""))[:4],
        publishers=tuple(publishers(out, view.lang)),
        quotes_md=quotes_markdown(out.sources),
    )


def charts_of(page: str) -> list[str]:
    """The chart ids of a page, in display order."""
    return [cid for cid, s in CHARTS.items() if s.page == page]
