"""Regions: macro-region split, the four key regions, the province map, regional figures."""

from __future__ import annotations

import streamlit as st

from dashboard import state, ui
from dashboard.i18n import t

atlas, view = state.current()
lang = view.lang
st.header(t("page_regions", lang))
left, right = st.columns(2)
with left:
    ui.show_chart("regions_macro")
with right:
    ui.show_chart("regions_key4")
ui.show_chart("regions_map")
ui.show_chart("regions_dev")
rows = state.regional_table(lang, view.region, state.stamp())
st.subheader(t("regional_figures", lang))
if rows.num_rows == 0:
    st.info(t("no_data", lang) + " " + t("no_data_hint", lang))
else:
    st.dataframe(rows, hide_index=True, width="stretch")
