"""Clusters: the named clusters, searchable and filterable, with confidence flags."""

from __future__ import annotations

import streamlit as st

from dashboard import cluster_page, state, ui
from dashboard.chartdefs import registry_rows
from dashboard.i18n import in_lang, t

atlas, view = state.current()
lang = view.lang
asked = st.query_params.get("cluster")
one = cluster_page.find(atlas, asked) if asked else None
if one is not None:
    cluster_page.show(atlas, one, lang, st)
    st.stop()
made = state.clusters_page(lang, state.stamp())  # the tables of every cluster, once per version
st.header(t("page_clusters", lang))
if asked:
    st.warning(t("cluster_unknown", lang, name=cluster_page.shown_param(asked)))
coverage = t("coverage", lang, named=len(atlas.clusters), total=made.total)
in_sources = t("named_from_sources", lang, n=made.sourced, named=len(atlas.clusters))
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
# a row reads the same whichever rows are beside it: the rows found, from the table made once
show = made.registry_rows(list(atlas.clusters.index.get_indexer(rows.index)))
st.caption(f"{len(show)} / {len(atlas.clusters)}")
if len(show) == 0:
    st.info(t("no_data", lang) + " " + t("no_data_hint", lang))
else:
    st.dataframe(
        show,
        hide_index=True,
        width="stretch",
        column_config={t("col_sources", lang): st.column_config.TextColumn(width="large")},
    )
st.subheader(t("cluster_figures", lang))
figs = made.figure_rows(set(rows["cluster_id"]))
if len(figs) == 0:
    st.caption(t("cluster_figures_none", lang))
else:
    st.dataframe(figs, hide_index=True, width="stretch")
ui.show_chart("clusters_batches")
