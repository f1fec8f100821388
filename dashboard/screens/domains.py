"""Domains: the six-domain split, the registry's split beside it; click a bar to filter."""

from __future__ import annotations

import streamlit as st

from dashboard import state, ui
from dashboard.filters import ALL
from dashboard.i18n import t

atlas, view = state.current()
lang = view.lang
st.header(t("page_domains", lang))
st.caption(t("click_to_filter", lang))
slot = st.container()  # kept without a domain: the button would move the charts below it
if view.domain != ALL:
    dname = atlas.domains.set_index("domain_id").loc[view.domain, f"name_{lang}"]
    if slot.button(t("clear_domain", lang, name=dname), icon=":material/close:"):
        state.select_domain(ALL)
ui.show_chart("domains_official", on_click_domain=True)
ui.show_chart("domains_registry")
