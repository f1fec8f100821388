"""Sources & methods / 来源与方法: documents with highlighted figures, every fact and quote,
metric definitions, the consistency checks, and how to add an article."""

from __future__ import annotations

import html

import streamlit as st

from dashboard import state
from dashboard.describe import dataset_citation
from dashboard.i18n import prose, t
from dashboard.queries import source_mentions, source_text
from dashboard.ui import base_url
from dashboard.views import fact_table

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
        t("how_to_add", lang),
    ]
)

with tabs[0]:
    for _, s in atlas.sources.iterrows():
        n = int(s["n_facts"])
        with st.expander(f"{str(s['published_on'])[:10]} · {s['title']} · {n} {t('facts', lang)}"):
            meta = {
                t("publisher", lang): s["publisher"],
                t("published_on", lang): str(s["published_on"])[:10],
                "URL": s["url"] or "—",
                "script": s["script"],
                "sha256": s["sha256"],
                "raw": s["raw_path"],
                t("licence", lang): s["licence"],
                "note": s["published_on_note"],
            }
            st.table({k: [str(v)] for k, v in meta.items()})
            text = source_text(db, str(s["source_id"])) or ""
            marks = source_mentions(db, str(s["source_id"]))
            marks = marks[marks["fact_id"].notna()]
            parts, pos = [], 0
            for _, m in marks.iterrows():
                a, b = int(m["start_offset"]), int(m["end_offset"])
                parts.append(html.escape(text[pos:a]))
                parts.append(
                    f'<mark title="{html.escape(str(m["fact_id"]))}">{html.escape(text[a:b])}</mark>'
                )
                pos = b
            parts.append(html.escape(text[pos:]))
            st.markdown(f"**{t('cleaned_text', lang)}**")
            st.html(
                f'<div style="white-space:pre-wrap;line-height:1.8;font-size:0.92rem">{"".join(parts)}</div>'
            )

with tabs[1]:
    st.dataframe(fact_table(atlas.reports, lang), hide_index=True, width="stretch")

with tabs[2]:
    metrics_df = atlas.metrics
    st.dataframe(
        metrics_df[
            [
                "metric_id",
                "name_zh",
                "name_en",
                "unit",
                "definition_zh" if lang == "zh" else "definition_en",
            ]
        ],
        hide_index=True,
        width="stretch",
    )
    st.caption(
        "近/约/左右 = 约数 (approx) · 余/多/超/以上/上千 = 下限 (more than) · 不足/不到 = 上限 (less than) · 数值以基本单位存储:元、个、百分比(0-100)"
    )

with tabs[3]:
    st.dataframe(atlas.checks, hide_index=True, width="stretch")

with tabs[4]:
    st.markdown(prose("how_to_add", lang))
