"""The Curate page's parts that speak the reader's language: the proposal table's columns
(names shown, ids kept in the cells and written to the facts file) and the Withdraw section.

In: the database snapshot, the language, the proposals. Out: Streamlit column configs and
widgets. The cells of the table stay ids (metric, scope, region, domain, kind, period, the
cluster's Chinese name as the facts file holds it): each selectbox shows the name for an id
(``format_func``), the column's help says that ids are what is saved, and the highlighted
text's tooltips show the ids beside the names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.data import Atlas
from dashboard.i18n import REASONS_ZH, STRINGS, format_value, in_lang, period_label, t
from etl.errors import EtlError
from etl.paths import Paths
from etl.vocab import CONFIDENCES, KINDS, QUALIFIERS, SCOPES, UNITS
from etl.withdraw import remove, saved_files, saved_sources

EMPTY = "—"
WHY = "why"  # the table's column showing each proposal's reason in the page's language
# Years a curator may give a figure beyond those the atlas already holds.
YEARS = range(2010, 2036)


_REASONS = tuple((re.compile(p, re.S), zh) for p, zh in REASONS_ZH)


def _fragment(text: str) -> str:
    """One fragment of a proposer's reason in Chinese (see ``REASONS_ZH``); one with no
    rendering says so (reason_untranslated) and keeps the English."""
    for pattern, zh in _REASONS:
        m = pattern.fullmatch(text)
        if m is None:
            continue
        parts = {}
        for name, value in m.groupdict().items():
            if name == "r":
                parts[name] = _fragment(value)
            elif name == "g":
                parts[name] = t(value, "zh") if value in STRINGS else value
            else:
                parts[name] = value
        return zh.format(**parts)
    return t("reason_untranslated", "zh", text=text)


def reason_in(reason: str, lang: str) -> str:
    """A proposal's reason (English prose from etl.intake, fragments joined by '; ') in
    ``lang``: as it is in English, fragment by fragment in Chinese."""
    if lang != "zh" or not reason:
        return reason
    return ";".join(_fragment(f) for f in reason.split("; "))


def _namer(frame: pd.DataFrame, key: str, lang: str) -> dict[str, str]:
    """id -> name in ``lang`` from a dimension table with name_zh/name_en columns."""
    return {
        str(r[key]): in_lang(r["name_zh"], r["name_en"], lang)
        for r in frame.to_dict("records")
        if r[key] is not None
    }


def _shown(names: dict[str, str]) -> Callable[[Any], str]:
    """A format_func: the name of an id, '—' for none, the id itself if it has no name."""
    return lambda v: names.get(str(v), str(v)) if v not in ("", None) else EMPTY


def _periods(atlas: Atlas, proposals: pd.DataFrame) -> list[str]:
    held = {str(p) for p in atlas.figures["period"].dropna()} | {
        str(p) for p in proposals["period"] if p
    }
    return sorted(held | {str(y) for y in YEARS})


def _facts(atlas: Atlas, lang: str) -> dict[str, str]:
    """fact id -> 'value · publisher date' in ``lang``, for 'already reported as'."""
    out = {}
    for r in atlas.reports.to_dict("records"):
        day = str(r["published_on"])[:10]
        who = in_lang(r["publisher"], r["publisher_en"], lang)
        value = format_value(float(r["value"]), str(r["unit"]), lang, str(r["qualifier"]))
        out[str(r["fact_id"])] = f"{value} · {who} {day}"
    return out


def vocabularies(atlas: Atlas, lang: str) -> dict[str, dict[str, str]]:
    """For each coded column of the proposal table: id -> name in ``lang``."""
    words = lambda ids: {i: t(i, lang) for i in ids}  # noqa: E731
    return {
        "metric": _namer(atlas.metrics, "metric_id", lang),
        "scope": words(SCOPES),
        "region": _namer(atlas.regions, "region_id", lang),
        "domain": _namer(atlas.domains, "domain_id", lang),
        "kind": words(KINDS),
        "cluster": _namer(atlas.clusters, "name_zh", lang),
        "unit": words(UNITS),
        "qualifier": words(QUALIFIERS),
        "confidence": words(CONFIDENCES),
        "duplicate_of": _facts(atlas, lang),
    }


def _options(values: Iterable[str], extra: Iterable[Any]) -> list[str]:
    return ["", *dict.fromkeys([*values, *(str(x) for x in extra if x not in ("", None))])]


def _ids_help(vocab: dict[str, str], values: Iterable[Any], lang: str) -> str:
    """A column's help (shown on hover): the ids its cells hold, which are what is saved."""
    present = [str(v) for v in dict.fromkeys(values) if v not in ("", None)]
    pairs = "; ".join(f"{vocab.get(v, v)} = {v}" for v in present[:12])
    return t("curate_ids_help", lang) + (f" {pairs}" if pairs else "")


def proposal_columns(atlas: Atlas, lang: str, proposals: pd.DataFrame) -> dict[str, Any]:
    """The column config of the proposal table: headers in ``lang``; coded cells shown by
    name (ids on the column's help), editable where a curator may change the mapping."""
    names = vocabularies(atlas, lang)
    names["period"] = {p: period_label(p, lang) for p in _periods(atlas, proposals)}
    config: dict[str, Any] = {
        c: st.column_config.Column(t(f"col_{c}", lang)) for c in ("surface", "value", "offset")
    }
    # the reason as etl.intake gives it (English, kept for the facts file's note) is hidden;
    # WHY shows it in the page's language
    config["reason"] = None
    config[WHY] = st.column_config.Column(t("col_reason", lang))
    # the rules that decided each proposal, by id (etl/intake/rules.yaml says what each does)
    config["rules"] = st.column_config.Column(t("col_rules", lang), help=t("rules_help", lang))
    for col, vocab in names.items():
        config[col] = st.column_config.SelectboxColumn(
            t(f"col_{col}", lang),
            help=_ids_help(vocab, proposals[col], lang),
            options=_options(vocab, proposals[col]),
            format_func=_shown(vocab),
        )
    config["accept"] = st.column_config.CheckboxColumn(t("accept_col", lang))
    return config


def with_reasons(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The proposal table with a column WHY: each reason in ``lang`` (display only: a row is
    read back by its proposal's columns, and WHY is none of them)."""
    return table.assign(**{WHY: [reason_in(str(r), lang) for r in table["reason"]]})


def tooltip(row: Mapping[Any, Any], names: dict[str, dict[str, str]], lang: str) -> str:
    """A highlighted figure's tooltip: its mapping by name, then the ids, then the reason."""
    coded = ("metric", "scope", "region", "domain", "cluster", "kind")
    shown = " · ".join(names[c].get(str(row[c]), str(row[c])) for c in coded if row[c])
    ids = " · ".join(str(row[c]) for c in (*coded, "period") if row[c])
    period = period_label(row["period"], lang) if row["period"] else ""
    text = " · ".join(x for x in (shown or EMPTY, period) if x) + (f"\n[{ids}]" if ids else "")
    return text + f"\n{reason_in(str(row['reason']), lang)}"


def _source_label(atlas: Atlas, lang: str) -> Callable[[str], str]:
    known = {
        str(r["source_id"]): f"{in_lang(r['title'], r['title_en'], lang)} · "
        f"{in_lang(r['publisher'], r['publisher_en'], lang)} {str(r['published_on'])[:10]}"
        for r in atlas.sources.to_dict("records")
    }
    return lambda sid: known.get(sid, sid) if sid else EMPTY


def withdraw_section(paths: Paths, atlas: Atlas, lang: str, on_done: Callable[[], None]) -> None:
    """Pick a saved article, confirm, withdraw it (``etl.withdraw.remove``: its raw file,
    sidecar and facts file, then a rebuild). ``on_done`` runs after a withdrawal."""
    done = st.session_state.pop("cur_withdrawn", None)
    if done:
        st.success(done)
    with st.expander(t("withdraw_head", lang), expanded=False):
        st.caption(t("withdraw_intro", lang))
        sid = st.selectbox(
            t("withdraw_pick", lang),
            ["", *saved_sources(paths)],
            format_func=_source_label(atlas, lang),
            key="cur_withdraw_pick",
        )
        if not sid:
            return
        files = saved_files(paths, sid)
        st.caption(t("withdraw_files", lang) + ", ".join(p.name for p in files))
        sure = st.checkbox(t("withdraw_confirm", lang, sid=sid), key=f"cur_withdraw_sure_{sid}")
        if st.button(t("withdraw", lang), disabled=not sure, key="cur_withdraw"):
            try:
                removed = remove(paths, sid)
            except EtlError as e:
                st.error(t("withdraw_refused", lang) + str(e))
                return
            st.session_state["cur_withdrawn"] = t("withdrawn", lang, sid=sid, n=len(removed))
            st.session_state.pop("cur_withdraw_pick", None)
            on_done()
            st.rerun()
