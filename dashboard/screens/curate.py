"""Curate (only with ATLAS_CURATE=1): add an article, check the proposed facts, save.

The same functions as the command line run underneath (``etl.intake.add``, ``preview``,
``accept``, together as ``save_article``: a save is all or nothing): the article is kept byte
for byte, each accepted proposal is validated, the facts file is written atomically under the
data lock, and the database is rebuilt.
"""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd
import streamlit as st

from dashboard import state
from dashboard.curating import (
    EMPTY,
    WHY,
    proposal_columns,
    tooltip,
    vocabularies,
    with_reasons,
    withdraw_section,
)
from dashboard.i18n import t
from dashboard.safe import md
from etl.build import current
from etl.errors import EtlError
from etl.intake import (
    COLUMNS,
    Proposal,
    decode,
    from_row,
    guess_title,
    preview,
    read_date,
    save_article,
)

atlas, view = state.current()
lang = view.lang
paths = state.paths()
st.header(t("page_curate", lang))
st.caption(t("curate_intro", lang))
state.curate_guard(lang)  # the token when reachable from elsewhere; what the last build failed on
withdraw_section(paths, atlas, lang, state.clear_caches)

# Streamlit's uploader writes its own English ('Upload', '2MB per file'): hidden by CSS and
# replaced with the reader's language (the widget's label already names the limit).
_UPLOADER = ".st-key-cur_upload [data-testid=stFileUploaderDropzone]"
st.html(
    f"<style>{_UPLOADER} button p, {_UPLOADER} [data-testid=stFileUploaderDropzoneInstructions]"
    f" span {{display:none}} {_UPLOADER} button [data-testid=stMarkdownContainer]::after"
    f" {{content:'{t('upload_button', lang)}'}} {_UPLOADER}"
    f" [data-testid=stFileUploaderDropzoneInstructions] > div::after"
    f" {{content:'{t('upload_limit', lang)}'; font-size:0.85rem}}</style>"
)
upload = st.file_uploader(t("upload", lang), type=["txt", "html", "htm"], key="cur_upload")
pasted = st.text_area(t("paste", lang), key="cur_text", height=160)
data, name = (
    (upload.getvalue(), upload.name) if upload is not None else (pasted.encode(), "pasted.txt")
)
text = ""
if upload is not None or data.strip():  # an empty upload is refused as empty by decode
    try:
        text, _ = decode(data, name)
    except EtlError as e:
        st.error(t("refused", lang) + str(e))
        st.stop()

left, right = st.columns(2)
publisher = left.text_input(t("publisher", lang), key="cur_publisher")
publisher_en = right.text_input(t("publisher_en", lang), key="cur_publisher_en")
# Guesses from the text: the widgets are keyed by the text so that a new text brings new guesses.
tkey = str(hash(text))
# the date the text gives (dateline, page header); never today's: without one, the curator
# gives it (a dateline's month and day with no year anywhere is said, not completed)
guessed = read_date(text) if text else None
# a text field, not st.date_input: its empty placeholder (yyyy/mm/dd) is in no language of ours
typed = left.text_input(
    t("published_on", lang),
    value=guessed.date if guessed and guessed.date else "",
    placeholder=t("date_placeholder", lang),
    key=f"cur_date_{tkey}",
)
try:
    published_on: dt.date | None = dt.date.fromisoformat(typed.strip()) if typed.strip() else None
except ValueError:
    published_on = None
    left.error(t("date_invalid", lang, value=md(typed, 40)))
if guessed and guessed.date:
    left.caption(t(f"date_rule_{guessed.rule}", lang, said=guessed.said, year=guessed.year_from))
elif guessed:
    left.warning(t(f"date_rule_{guessed.rule}", lang, said=guessed.said))
title = right.text_input(
    t("title", lang), value=guess_title(text) if text else "", key=f"cur_title_{tkey}"
)
url = st.text_input(t("url", lang), key="cur_url")

if not text:
    st.info(t("need_text", lang))
    st.stop()
if published_on is None:
    st.info(t("need_date", lang))
    st.stop()


@st.cache_data(show_spinner=False, max_entries=8)
def _preview(text: str, published_on: str, stamp: str) -> tuple[str, pd.DataFrame]:
    del stamp  # part of the key: proposals depend on the facts in the database's version
    clean_text, props = preview(current(paths), text, published_on)
    return clean_text, pd.DataFrame([p.__dict__ for p in props], columns=list(COLUMNS))


clean_text, proposals = _preview(text, published_on.isoformat(), state.stamp())
mapped = int((proposals["metric"] != "").sum())
st.markdown(
    f"**{t('mentions_found', lang, n=len(proposals), m=mapped)}** · {t('legend_conf', lang)}"
)
colours = {"high": "#c8e6c9", "medium": "#fff3b0", "low": "#e0e0e0"}
names = vocabularies(atlas, lang)
parts, pos = [], 0
for r in proposals.to_dict("records"):
    a, b = int(r["offset"]), int(r["offset"]) + len(str(r["surface"]))
    if a < pos:  # a figure said of several places has a row for each: marked once
        continue
    tip = tooltip(r, names, lang)  # names in the reader's language, then the ids
    colour = colours[str(r["confidence"]) if r["metric"] else "low"]
    parts += [
        html.escape(clean_text[pos:a]),
        f'<mark data-testid="cur-mention" style="background:{colour}" '
        f'title="{html.escape(tip)}">{html.escape(clean_text[a:b])}</mark>',
    ]
    pos = b
parts.append(html.escape(clean_text[pos:]))
with st.expander(t("cleaned_text", lang), expanded=True):
    st.html(f'<div style="white-space:pre-wrap;line-height:1.8">{"".join(parts)}</div>')

table = proposals.assign(accept=(proposals["metric"] != "") & (proposals["confidence"] == "high"))
table = table[["accept", *[c for c in COLUMNS if c not in ("quote", "figure", "context")]]]
table = with_reasons(table, lang)  # each reason in the page's language, beside the English
edited = st.data_editor(
    table,
    key="cur_table",
    hide_index=True,
    placeholder=EMPTY,  # an empty cell is no mapping, not the word None
    width="stretch",
    disabled=[
        "surface",
        "value",
        "unit",
        "qualifier",
        "offset",
        "confidence",
        "duplicate_of",
        "reason",
        "rules",
        WHY,
    ],
    # names in the reader's language, ids in the cells (and on each column's help)
    column_config=proposal_columns(atlas, lang, proposals),
)

if st.button(t("save", lang), type="primary", key="cur_save"):
    if not publisher.strip():
        st.error(t("need_publisher", lang))
        st.stop()
    chosen: list[Proposal] = []
    # by the table's row, not the offset: a figure said of several places has a row for each
    for idx, row in zip(edited.index.tolist(), edited.to_dict("records"), strict=True):
        if row["accept"]:
            base = {str(k): v for k, v in proposals.loc[int(idx)].to_dict().items()}
            cells = {str(k): v for k, v in row.items()}
            chosen.append(from_row({**base, **cells, "offset": int(row["offset"])}))
    try:  # all or nothing: a failure removes the article again, so a retry is possible
        sid, result = save_article(
            paths,
            data,
            name,
            chosen,
            publisher=publisher,
            published_on=published_on.isoformat(),
            title=title or None,
            url=url or None,
            publisher_en=publisher_en or None,
        )
    except EtlError as e:
        st.error(t("refused", lang) + str(e))
        st.stop()
    st.success(t("saved", lang, sid=sid, n=len(result.written) if result else 0))
    for offset, why in result.skipped if result else []:
        st.warning(t("skipped", lang, offset=offset, why=why))
    state.clear_caches()
