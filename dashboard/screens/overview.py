"""Overview / 总览: headline cards with period, qualifier and source; the 25 -> 45 -> 80 growth."""

from __future__ import annotations

import streamlit as st

from dashboard import state, ui
from dashboard.i18n import period_label, t
from dashboard.views import display, name, source_label

atlas, view = state.current()
lang = view.lang
st.title(t("app_title", lang))
st.caption(t("app_subtitle", lang))

CARDS = (
    ("cluster_count", False),
    ("leading_output", True),
    ("innovation_carriers", False),
    ("single_champions", False),
    ("little_giants", False),
)
f = atlas.figures
cols = [*st.columns(3), *st.columns(3)[:2]]
for col, (metric, annual) in zip(cols, CARDS, strict=True):
    rows = f[
        (f["metric"] == metric)
        & (f["region"] == "CN")
        & f["domain"].isna()
        & (f["kind"] == "actual")
    ]
    if annual:
        rows = rows[rows["period"].str.fullmatch(r"\d{4}").fillna(False).astype(bool)]
    if rows.empty:
        continue
    row = rows.sort_values(["period_start", "published_on"]).iloc[-1]
    mark = t("differ_mark", lang) if row["status"] == "differ" else ""
    col.metric(
        name(row, "metric", lang),
        mark + display(row, lang),
        help=state.fact_help(row, lang),
        border=True,
    )
    col.caption(
        f"{t(str(row['scope']), lang)} · {period_label(row['period'], lang)} · {source_label(row, lang)}"
    )
if view.active():
    st.caption(
        "ℹ️ "
        + (
            "总览卡片为全国数字,不按区域或领域筛选。"
            if lang == "zh"
            else "The headline cards are national figures; they are not filtered by region or domain."
        )
    )
ui.show_chart("overview_growth")
