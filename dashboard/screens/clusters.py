"""Clusters / 集群名录: the named clusters, searchable and filterable, with confidence flags."""

from __future__ import annotations

import streamlit as st

from dashboard import state, ui
from dashboard.chartdefs import cluster_figures, registry_rows, total_clusters
from dashboard.i18n import t
from dashboard.views import fact_table

atlas, view = state.current()
lang = view.lang
st.header(t("page_clusters", lang))
total = total_clusters(atlas)
st.markdown(
    f"**{t('coverage', lang, named=len(atlas.clusters), total=total)}** · "
    + (
        "名录为研究笔记,由各地新闻报道重建,非工信部官方文本;领域为分析者判断。"
        if lang == "zh"
        else "The registry is research notes rebuilt from local news reports, not MIIT's own text; domains are an analyst's assignment."
    )
)
st.caption(t("cross_province", lang))
query = st.text_input(
    t("search", lang), key="cluster_search", placeholder="深圳 / battery / 高端装备"
)
rows = registry_rows(atlas, view)
if query:
    q = query.strip().lower()
    rows = rows[
        rows["name_zh"].str.contains(q, regex=False)
        | rows["name_en"].str.lower().str.contains(q, regex=False)
        | rows["provinces_zh"].str.contains(q, regex=False)
        | rows["domain_zh"].str.contains(q, regex=False)
    ]
conf = {
    "high": "✅ " + t("high", lang),
    "medium": "⚠️ " + t("medium", lang),
    "low": "❗ " + t("low", lang),
}
show = rows.assign(confidence=rows["confidence"].map(conf))
cols = [
    "name_zh" if lang == "zh" else "name_en",
    "provinces_zh",
    "cities_zh",
    "domain_zh",
    "region_zh",
    "batch",
    "confidence",
    "flag_zh" if lang == "zh" else "flag_en",
    "notes",
    "sources",
]
st.caption(f"{len(show)} / {len(atlas.clusters)}")
if show.empty:
    st.info(t("no_data", lang) + " " + t("no_data_hint", lang))
else:
    st.dataframe(
        show[cols],
        hide_index=True,
        width="stretch",
        column_config={"sources": st.column_config.TextColumn(width="large")},
    )
st.subheader(t("cluster_figures", lang))
figs = cluster_figures(atlas, rows)
if figs.empty:
    st.caption(t("cluster_figures_none", lang))
else:
    st.dataframe(
        fact_table(figs, lang).assign(cluster=figs["cluster_name"].to_numpy()),
        hide_index=True,
        width="stretch",
    )
ui.show_chart("clusters_batches")
