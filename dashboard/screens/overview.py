"""Overview: headline cards with period, qualifier and source; the 25 -> 45 -> 80 growth."""

from __future__ import annotations

import streamlit as st

from dashboard import state, ui
from dashboard.i18n import t
from dashboard.safe import md, md_block

_, view = state.current()
lang = view.lang
st.title(t("app_title", lang))
st.caption(t("app_subtitle", lang))
cols = [*st.columns(3), *st.columns(3)[:2]]
for col, (label, value, help_, caption) in zip(cols, ui.cards(lang, state.stamp()), strict=False):
    col.metric(label, value, help=md_block(help_), border=True)  # sources' words as text
    col.caption(md(caption))
if view.active():
    st.caption("ℹ️ " + t("cards_national", lang))
ui.show_chart("overview_growth")
