"""Guangdong & Guangzhou / 广东·广州: cluster figures, targets drawn as targets, named clusters."""

from __future__ import annotations

import streamlit as st

from dashboard import state, ui
from dashboard.filters import ALL
from dashboard.i18n import t

atlas, view = state.current()
lang = view.lang
st.header(t("page_guangdong", lang))
ui.show_chart("gd_clusters")
left, right = st.columns(2)
with left:
    ui.show_chart("gz_projects")
with right:
    ui.show_chart("gz_parks")

st.subheader(t("labels", lang))
labels = atlas.labels
named = labels[labels["topic"] == "named_cluster"]
if view.domain != ALL:
    named = named[named["domain"] == view.domain]
    st.caption("已按领域筛选命名集群。" if lang == "zh" else "Named clusters filtered by domain.")
dn = atlas.domains.set_index("domain_id")
st.markdown(
    "**"
    + (
        "广州“一超多强”重点产业集群(目标)"
        if lang == "zh"
        else "Guangzhou's priority clusters under 'one super, many strong' (targets)"
    )
    + "**"
)
if named.empty:
    st.info(t("no_data", lang))
for _, r in named.iterrows():
    dom = (
        dn.loc[r["domain"], "name_zh" if lang == "zh" else "name_en"]
        if isinstance(r["domain"], str)
        else ""
    )
    st.markdown(f"- **{r['label']}** · {dom!s} · {t(str(r['kind']), lang)}")
other = labels[labels["topic"] != "named_cluster"]
st.markdown("**" + ("体系与战略" if lang == "zh" else "Systems and strategies") + "**")
st.dataframe(
    other[["label", "topic", "kind", "publisher", "published_on", "quote", "note"]],
    hide_index=True,
    width="stretch",
)
if not named.empty:
    st.caption(
        f"{t('source', lang)}: {named.iloc[0]['publisher']} {str(named.iloc[0]['published_on'])[:10]} · “{named.iloc[0]['quote']}”"
    )
