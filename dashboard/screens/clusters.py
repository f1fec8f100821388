"""Clusters: the named clusters, searchable and filterable, with confidence flags."""

from __future__ import annotations

import streamlit as st

from dashboard import cluster_page, state, ui
from dashboard.chartdefs import cluster_figures, registry_rows, total_clusters
from dashboard.i18n import in_lang, t
from dashboard.views import CONFIDENCE_MARKS, fact_table, readable, registry_names

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
    "named_in",
    "notes",
    "sources",
]


atlas, view = state.current()
lang = view.lang
asked = st.query_params.get("cluster")
one = cluster_page.find(atlas, asked) if asked else None
if one is not None:
    cluster_page.show(atlas, one, lang, st)
    st.stop()
st.header(t("page_clusters", lang))
if asked:
    st.warning(t("cluster_unknown", lang, name=cluster_page.shown_param(asked)))
total = total_clusters(atlas)
coverage = t("coverage", lang, named=len(atlas.clusters), total=total)
named_all = cluster_page.n_sources(atlas, atlas.clusters)  # once: the rows below are a subset
sourced = int((named_all > 0).sum())
in_sources = t("named_from_sources", lang, n=sourced, named=len(atlas.clusters))
st.markdown(f"**{coverage}** · {in_sources} · {t('registry_blurb', lang)}")
st.caption(t("cross_province", lang))
query = st.text_input(
    t("search", lang), key="cluster_search", placeholder=t("search_placeholder", lang)
)
rows = cluster_page.search(registry_rows(atlas, view), query or "")
picks = {str(n): in_lang(n, e, lang) for n, e in zip(rows["name_zh"], rows["name_en"], strict=True)}
pick = st.selectbox(
    t("cluster_pick", lang),
    list(picks),
    format_func=lambda v: picks[v],
    index=None,
    key="cluster_pick",
)
if pick:
    st.query_params["cluster"] = pick
    st.rerun()
marked = rows["confidence"].map(lambda c: f"{CONFIDENCE_MARKS.get(c, '')} {t(c, lang)}")
named = named_all.loc[rows.index]
names_shown = registry_names(atlas, rows, lang)
show = readable(rows.assign(confidence=marked, named_in=named, **names_shown), lang, COLUMNS)
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
