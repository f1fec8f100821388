"""Trends: counts, output (annual and half-year apart) and firms over time."""

from __future__ import annotations

import streamlit as st

from dashboard import state, ui
from dashboard.i18n import t

_, view = state.current()
st.header(t("page_trends", view.lang))
st.caption(t("not_exact_legend", view.lang) + " · " + t("target_legend", view.lang))
ui.show_chart("trends_counts")
ui.show_chart("trends_output")
ui.show_chart("trends_firms")
st.subheader(t("national_figures", view.lang))
st.dataframe(state.national_table(view.lang, state.stamp()), hide_index=True, width="stretch")

st.subheader(t("timeline", view.lang))
st.caption(t("timeline_intro", view.lang))
st.dataframe(state.timeline_table(view.lang, state.stamp()), hide_index=True, width="stretch")
