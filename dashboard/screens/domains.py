"""Domains / 领域: the six-domain split, the registry's split beside it; click a bar to filter."""

from __future__ import annotations

import streamlit as st

from dashboard import state, ui
from dashboard.filters import ALL
from dashboard.i18n import t

atlas, view = state.current()
lang = view.lang
st.header(t("page_domains", lang))
st.caption(
    "点击柱形即可按该领域筛选所有图表。"
    if lang == "zh"
    else "Click a bar to filter every chart by that domain."
)
if view.domain != ALL:
    dname = atlas.domains.set_index("domain_id").loc[
        view.domain, "name_zh" if lang == "zh" else "name_en"
    ]
    if st.button(
        ("清除领域筛选:" if lang == "zh" else "Clear domain filter: ") + str(dname),
        icon=":material/close:",
    ):
        state.select_domain(ALL)
ui.show_chart("domains_official", on_click_domain=True)
ui.show_chart("domains_registry")
