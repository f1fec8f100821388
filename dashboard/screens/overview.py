"""Overview: headline cards with period, qualifier and source; the 25 -> 45 -> 80 growth."""

from __future__ import annotations

import streamlit as st

from dashboard import state, ui
from dashboard.i18n import period_label, t
from dashboard.views import display, fact_help, name, source_label

# The headline cards: a metric, and whether only whole-year figures qualify.
CARDS = (
    ("cluster_count", False),
    ("leading_output", True),
    ("innovation_carriers", False),
    ("single_champions", False),
    ("little_giants", False),
)
NATION = "CN"

atlas, view = state.current()
lang = view.lang
st.title(t("app_title", lang))
st.caption(t("app_subtitle", lang))

f = atlas.figures
national = f[(f["region"] == NATION) & f["domain"].isna() & (f["kind"] == "actual")]
cols = [*st.columns(3), *st.columns(3)[:2]]
for col, (metric, annual) in zip(cols, CARDS, strict=True):
    rows = national[national["metric"] == metric]
    if annual:
        rows = rows[rows["period"].str.fullmatch(r"\d{4}").fillna(False).astype(bool)]
    if rows.empty:
        continue
    row = rows.sort_values(["period_start", "published_on"]).iloc[-1]
    mark = t("differ_mark", lang) if row["status"] == "differ" else ""
    col.metric(
        name(row, "metric", lang),
        mark + display(row, lang),
        help=fact_help(row, lang),
        border=True,
    )
    where = [t(str(row["scope"]), lang), period_label(row["period"], lang), source_label(row, lang)]
    col.caption(" · ".join(where))
if view.active():
    st.caption("ℹ️ " + t("cards_national", lang))
ui.show_chart("overview_growth")
