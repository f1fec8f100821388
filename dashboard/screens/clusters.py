"""Clusters: the named clusters, searchable and filterable, with confidence flags."""

from __future__ import annotations

import streamlit as st

from dashboard import state, ui
from dashboard.chartdefs import cluster_figures, registry_rows, total_clusters
from dashboard.i18n import t
from dashboard.views import fact_table, readable, registry_names

COLUMNS = [
    "name_zh",
    "name_en",
    "provinces",
    "cities",
    "domain_registry",
    "region_registry",
    "batch",
    "confidence",
    "flag_zh",
    "flag_en",
    "notes",
    "sources",
]
MARKS = {"high": "✅", "medium": "⚠️", "low": "❗"}

atlas, view = state.current()
lang = view.lang
st.header(t("page_clusters", lang))
total = total_clusters(atlas)
coverage = t("coverage", lang, named=len(atlas.clusters), total=total)
st.markdown(f"**{coverage}** · {t('registry_blurb', lang)}")
st.caption(t("cross_province", lang))
query = st.text_input(
    t("search", lang), key="cluster_search", placeholder=t("search_placeholder", lang)
)
rows = registry_rows(atlas, view)
if query:
    q = query.strip().lower()
    hit = (
        rows["name_zh"].str.contains(q, regex=False)
        | rows["name_en"].str.lower().str.contains(q, regex=False)
        | rows["provinces_zh"].str.contains(q, regex=False)
        | rows["domain_zh"].str.contains(q, regex=False)
    )
    rows = rows[hit]
marked = rows["confidence"].map(lambda c: f"{MARKS.get(c, '')} {t(c, lang)}")
show = readable(rows.assign(confidence=marked, **registry_names(atlas, rows, lang)), lang, COLUMNS)
st.caption(f"{len(show)} / {len(atlas.clusters)}")
if show.empty:
    st.info(t("no_data", lang) + " " + t("no_data_hint", lang))
else:
    st.dataframe(
        show,
        hide_index=True,
        width="stretch",
        column_config={t("col_sources", lang): st.column_config.TextColumn(width="large")},
    )
st.subheader(t("cluster_figures", lang))
figs = cluster_figures(atlas, rows)
if figs.empty:
    st.caption(t("cluster_figures_none", lang))
else:
    names = rows.set_index("cluster_id")[f"name_{lang}"]
    table = fact_table(figs, lang).assign(cluster_name=figs["cluster"].map(names).to_numpy())
    st.dataframe(readable(table, lang), hide_index=True, width="stretch")
ui.show_chart("clusters_batches")
