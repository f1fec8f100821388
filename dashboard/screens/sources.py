"""Sources & methods: documents with highlighted figures, every fact and quote,
metric definitions, the consistency checks, and how to add an article."""

from __future__ import annotations

import html
import re

import streamlit as st

from dashboard import state
from dashboard.describe import dataset_citation
from dashboard.i18n import prose, t
from dashboard.ui import base_url, chart_height
from etl.vocab import CHANGES

CITED_WORDS = re.compile(r"[\u3400-\u9fff]+(?:/[\u3400-\u9fff]+)*")

_, view = state.current()
lang = view.lang
made = state.sources_page(lang, state.stamp())  # everything below, made once per data version
st.header(t("page_sources", lang))
st.download_button(
    t("download_all", lang),
    data=state.data_package,
    file_name="cluster-atlas-data.zip",
    mime="application/zip",
    on_click="ignore",
    help=t("download_all_help", lang),
    icon=":material/dataset:",
    key="download_all",
)
st.markdown(f"**{t('cite_dataset', lang)}**")
st.code(
    dataset_citation(lang, version=made.version, year=made.year, base=base_url()),
    language=None,
    wrap_lines=True,
)
tabs = st.tabs(
    [
        t("documents", lang),
        t("facts", lang),
        t("definitions", lang),
        t("checks", lang),
        t("whats_new", lang),
        t("intake", lang),
        t("how_to_add", lang),
    ]
)

with tabs[0]:
    st.html(made.documents_html)  # every document, each a disclosure: one element, not 160

with tabs[1]:
    st.dataframe(made.facts, hide_index=True, width="stretch")

with tabs[2]:
    st.dataframe(made.metrics, hide_index=True, width="stretch")
    # the words articles use (the Chinese qualifiers) are cited as printed, in English too
    legend = html.escape(t("qualifier_legend", lang))
    if lang == "en":
        legend = CITED_WORDS.sub(lambda m: f'<span class="atlas-quote">{m.group(0)}</span>', legend)
    st.caption(legend, unsafe_allow_html=True)

with tabs[3]:
    st.dataframe(made.checks, hide_index=True, width="stretch")

with tabs[4]:
    st.caption(t("whats_new_intro", lang))
    choices = made.versions
    if not choices:
        st.info(t("whats_new_none", lang))
    else:
        options: list[str] = list(choices)
        since = str(
            st.selectbox(
                t("whats_new_since", lang),
                options,
                format_func=lambda v: choices[v],
                key="wn_since",
            )
        )
        tally = made.tallies[since]
        for col, kind in zip(st.columns(len(CHANGES)), CHANGES, strict=True):
            col.metric(t(f"change_{kind}", lang), tally.get(kind, 0))
        table = made.changes[since]
        if len(table) == 0:
            st.info(t("whats_new_empty", lang))
        else:
            st.dataframe(table, hide_index=True, width="stretch")

with tabs[5]:
    st.caption(t("intake_intro", lang))
    if made.curve is None or made.intake is None:
        st.info(t("intake_none", lang))
    else:
        st.markdown(f"**{t('intake_headline', lang, **made.headline)}**")
        st.plotly_chart(
            made.curve,
            config={"displayModeBar": False},
            key="intake_curve",
            alt=made.curve_alt,
            height=chart_height(made.curve),
        )
        st.dataframe(made.intake, hide_index=True, width="stretch")

with tabs[6]:
    st.markdown(prose("how_to_add", lang))
