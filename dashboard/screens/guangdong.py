"""Guangdong & Guangzhou: cluster figures, targets drawn as targets, named clusters."""

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
made = state.guangdong_page(lang, state.stamp())  # the lists below, made once per data version
named = [n for n in made.named if view.domain in (ALL, n.domain)]
if view.domain != ALL:
    st.caption(t("named_filtered", lang))
st.markdown(f"**{t('gz_priority', lang)}**")
if not named:
    st.info(t("no_data", lang))
for n in named:
    st.markdown(n.line)
st.markdown(f"**{t('systems', lang)}**")
st.dataframe(made.systems, hide_index=True, width="stretch")
if named:
    st.caption(named[0].caption, unsafe_allow_html=True)
