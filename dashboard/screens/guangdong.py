"""Guangdong & Guangzhou: cluster figures, targets drawn as targets, named clusters."""

from __future__ import annotations

import streamlit as st

from dashboard import state, ui
from dashboard.filters import ALL
from dashboard.i18n import in_lang, t
from dashboard.safe import md
from dashboard.views import readable, source_label

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
# the page's own places (Guangdong and its cities); the programme's events are on Trends
regions = atlas.regions
mine = {"guangdong", *regions.loc[regions["parent_id"] == "guangdong", "region_id"]}
labels = atlas.labels[atlas.labels["region"].isin(mine) & (atlas.labels["topic"] != "event")]
named = labels[labels["topic"] == "named_cluster"]
if view.domain != ALL:
    named = named[named["domain"] == view.domain]
    st.caption(t("named_filtered", lang))
domain_names = atlas.domains.set_index("domain_id")[f"name_{lang}"]
st.markdown(f"**{t('gz_priority', lang)}**")
if named.empty:
    st.info(t("no_data", lang))
for _, r in named.iterrows():
    dom = domain_names.get(r["domain"], "") if isinstance(r["domain"], str) else ""
    name = md(in_lang(r["label"], r.get("label_en"), lang))
    st.markdown(f"- **{name}** · {md(dom)} · {t(str(r['kind']), lang)}")
other = labels[labels["topic"] != "named_cluster"]
other = other.assign(
    label=[in_lang(r["label"], r.get("label_en"), lang) for _, r in other.iterrows()],
    publisher=[in_lang(r["publisher"], r.get("publisher_en"), lang) for _, r in other.iterrows()],
)
st.markdown(f"**{t('systems', lang)}**")
cols = ["label", "topic", "kind", "publisher", "published_on", "quote"]
st.dataframe(
    readable(other, lang, cols + (["note"] if lang == "en" else [])),  # the notes are English
    hide_index=True,
    width="stretch",
)
if not named.empty:
    first = named.iloc[0]
    st.caption(
        f"{t('source', lang)}: {md(source_label(first, lang))} · "
        f'<span class="atlas-quote">“{md(first["quote"])}”</span>',
        unsafe_allow_html=True,
    )
