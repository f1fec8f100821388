"""Sources & methods: documents with highlighted figures, every fact and quote,
metric definitions, the consistency checks, and how to add an article."""

from __future__ import annotations

import html
import re

import streamlit as st

from dashboard import state
from dashboard.describe import dataset_citation
from dashboard.i18n import in_lang, prose, t
from dashboard.intake_curve import curve, headline
from dashboard.intake_curve import description as intake_description
from dashboard.intake_curve import table as intake_table
from dashboard.queries import source_mentions, source_text
from dashboard.safe import link, md
from dashboard.ui import base_url
from dashboard.views import checks_in, fact_table, readable
from dashboard.whatsnew import changes_table, counts, version_choices
from etl.vocab import CHANGES

CITED_WORDS = re.compile(r"[\u3400-\u9fff]+(?:/[\u3400-\u9fff]+)*")

atlas, view = state.current()
lang = view.lang
db = state.db_path()
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
info = dict(zip(atlas.build_info["key"], atlas.build_info["value"], strict=True))
st.markdown(f"**{t('cite_dataset', lang)}**")
st.code(
    dataset_citation(
        lang,
        version=str(info["data_fingerprint"])[:12],
        year=str(info["built_at"])[:4],
        base=base_url(),
    ),
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
    for _, s in atlas.sources.iterrows():
        n = int(s["n_facts"])
        # the original title is a citation; in English the heading gives its English rendering
        title = s["title"] if lang == "zh" else in_lang(s["title"], s["title_en"], lang)
        with st.expander(f"{str(s['published_on'])[:10]} · {md(title)} · {n} {t('facts', lang)}"):
            st.html(
                f"<div>{t('original_title', lang)}: "
                f'<span class="atlas-original">{html.escape(str(s["title"]))}</span></div>'
            )
            meta = {  # st.table renders Markdown: data as text, a link only to a web address
                t("publisher", lang): md(in_lang(s["publisher"], s["publisher_en"], lang)),
                t("published_on", lang): str(s["published_on"])[:10],
                t("col_url", lang): link(str(s["url"]), s["url"]) or "—",
                t("col_script", lang): t(str(s["script"]), lang),
                t("col_sha256", lang): md(s["sha256"]),
                t("col_raw_path", lang): md(s["raw_path"]),
                # the sidecar's notes are written in English
                t("licence", lang): md(in_lang(None, s["licence"], lang)),
            }
            st.table({k: [str(v)] for k, v in meta.items()})
            # how the date was established: the curator's note, quoting the page's date line
            note = in_lang(None, s["published_on_note"], lang) or "—"
            st.html(
                f"<div>{t('col_date_note', lang)}: "
                f'<span class="atlas-original">{html.escape(note)}</span></div>'
            )
            text = source_text(db, str(s["source_id"])) or ""
            marks = source_mentions(db, str(s["source_id"]))
            marks = marks[marks["fact_id"].notna()]
            parts, pos = [], 0
            for _, m in marks.iterrows():
                a, b = int(m["start_offset"]), int(m["end_offset"])
                parts.append(html.escape(text[pos:a]))
                tip = html.escape(str(m["fact_id"]))
                parts.append(f'<mark title="{tip}">{html.escape(text[a:b])}</mark>')
                pos = b
            parts.append(html.escape(text[pos:]))
            st.markdown(f"**{t('cleaned_text', lang)}**")
            style = "white-space:pre-wrap;line-height:1.8;font-size:0.92rem"
            st.html(f'<div class="atlas-original" style="{style}">{"".join(parts)}</div>')

with tabs[1]:
    st.dataframe(readable(fact_table(atlas.reports, lang), lang), hide_index=True, width="stretch")

with tabs[2]:
    metric_cols = ["name_zh", "name_en", "unit", "definition_zh", "definition_en"]
    st.dataframe(readable(atlas.metrics, lang, metric_cols), hide_index=True, width="stretch")
    # the words articles use (the Chinese qualifiers) are cited as printed, in English too
    legend = html.escape(t("qualifier_legend", lang))
    if lang == "en":
        legend = CITED_WORDS.sub(lambda m: f'<span class="atlas-quote">{m.group(0)}</span>', legend)
    st.caption(legend, unsafe_allow_html=True)

with tabs[3]:
    st.dataframe(readable(checks_in(atlas, lang), lang), hide_index=True, width="stretch")

with tabs[4]:
    st.caption(t("whats_new_intro", lang))
    choices = version_choices(atlas, lang)
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
        tally = counts(atlas, since)
        for col, kind in zip(st.columns(len(CHANGES)), CHANGES, strict=True):
            col.metric(t(f"change_{kind}", lang), tally.get(kind, 0))
        table = changes_table(atlas, since, lang)
        if table.empty:
            st.info(t("whats_new_empty", lang))
        else:
            st.dataframe(table, hide_index=True, width="stretch")

with tabs[5]:
    st.caption(t("intake_intro", lang))
    if atlas.intake_log.empty:
        st.info(t("intake_none", lang))
    else:
        pct = {k: "—" if v is None else f"{100 * v:.0f}%" for k, v in headline(atlas).items()}
        st.markdown(f"**{t('intake_headline', lang, **pct)}**")
        st.plotly_chart(
            curve(atlas, lang),
            config={"displayModeBar": False},
            key="intake_curve",
            alt=intake_description(atlas, lang),
        )
        st.dataframe(intake_table(atlas, lang), hide_index=True, width="stretch")

with tabs[6]:
    st.markdown(prose("how_to_add", lang))
