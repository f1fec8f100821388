"""Shared pieces of every chart: the ``ChartOut`` record, fact formatting, source lines and
filter handling. The charts themselves are in ``dashboard.chartdefs``; the app and the export
CLI both go through ``build_chart``. No streamlit import.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa

from dashboard.filters import ALL, View, region_members
from dashboard.i18n import STRINGS, format_value, in_lang, period_label, source_label, t
from dashboard.safe import link, md, web_url

if TYPE_CHECKING:  # a type only: views need not load the database layer
    from dashboard.data import Atlas

TABLE_COLUMNS = [
    "figure_id",
    "fact_id",
    "metric",
    "metric_name",
    "scope",  # which group (25/45/80), or a province's, a city's own figure
    "region",
    "region_name",
    "domain",
    "period",
    "kind",
    "qualifier",
    "value",
    "unit",
    "display",
    "n_sources",
    "status",
    "source_id",
    "publisher",
    "published_on",
    "quote",
]
SOURCE_COLUMNS = [
    "figure_id",
    "fact_id",
    "shown",
    "source_id",
    "source_title",
    "publisher",
    "publisher_en",
    "published_on",
    "url",
    "quote",
]


@dataclass(frozen=True)
class ChartOut:
    """A chart ready to show or export: the figure (None when the filters leave nothing), the
    data behind it, its sources with quotes, and notes on filters and caveats."""

    chart_id: str
    title: str
    subtitle: str
    fig: go.Figure | None
    table: pd.DataFrame
    sources: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    filtered_by: list[str] = field(default_factory=list)
    description: str = ""  # generated from the drawn data (dashboard.describe)
    page: str = ""  # the page the chart is on, for its URL
    version: str = ""  # the data version (fingerprint prefix) it was built from
    year: str = ""  # the year the data was built, for citations
    publishers: tuple[str, ...] = ()  # the sources of the values shown, for citations
    quotes_md: str = ""  # every report's source and quote, as a Markdown list

    @property
    def empty(self) -> bool:
        """True when nothing matches the filters."""
        return self.fig is None


@dataclass(frozen=True)
class ChartSpec:
    """A chart of the app: its page, the filter dimensions it honours and why it cannot honour
    the others (an i18n key: "the sources give …"; empty for a chart that honours every
    filter). Its title is the i18n key ``title_<chart_id>``."""

    chart_id: str
    page: str
    dims: tuple[str, ...]
    why_not: str
    build: Callable[[Atlas, View, ChartSpec], ChartOut]
    # The filters the builder reads, when they are not ``dims`` (a chart that cannot honour a
    # filter may still narrow its rows by it): what its figure depends on besides the language.
    reads: tuple[str, ...] | None = None

    def title(self, lang: str) -> str:
        """Title in ``lang``."""
        return t(f"title_{self.chart_id}", lang)

    def inputs(self) -> tuple[str, ...]:
        """The filters the chart's figure, data and sources depend on."""
        return self.dims if self.reads is None else self.reads


def name(row: pd.Series, base: str, lang: str) -> str:
    """``row[base_zh]`` or ``row[base_en]`` by language, '' when missing."""
    v = row.get(f"{base}_{lang}")
    return "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)


def display(row: pd.Series, lang: str) -> str:
    """The value as people read it: in Chinese the figure as printed, the ETL's ``display_zh``;
    in English scaled with ≈ > < marks (≈10 trillion yuan)."""
    if lang == "zh":
        return str(row["display_zh"])
    return format_value(float(row["value"]), str(row["unit"]), lang, str(row["qualifier"]))


def source_line(
    rows: pd.DataFrame, lang: str, extra: str = "", reports: pd.DataFrame | None = None
) -> str:
    """'Source: A, 2022-09-24; B, 2022-11-30' for the distinct sources of the shown ``rows``; when
    ``reports`` (every report of those figures) name more sources, says how many in all."""
    seen = list(dict.fromkeys(source_label(r, lang) for _, r in rows.iterrows()))
    if extra:
        seen.append(extra)
    sep = t("sep_semicolon", lang)
    line = f"{t('source', lang)}{t('sep_colon', lang)}{sep.join(seen)}"
    if reports is not None and not reports.empty:
        n = reports["source_id"].nunique()
        if n > rows["source_id"].nunique():
            line += sep + t("also_reported", lang, n=n)
    return line


def provenance(row: pd.Series, lang: str) -> str:
    """'reported by 2 sources' and, where they differ, every value with its source ('' for one)."""
    n = int(row.get("n_sources") or 1)
    if n <= 1:
        return ""
    text = t("reported_by", lang, n=n)
    if row.get("status") == "differ":
        text += " · " + t("sources_differ", lang, values=row.get(f"reports_{lang}") or "")
    return text


def decorate(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Add display columns to fact rows: text, hover, source_line (per row) and a table view."""
    out = rows.copy()
    mark = t("differ_mark", lang)
    out["text"] = [
        (mark if r.get("status") == "differ" else "") + display(r, lang) for _, r in out.iterrows()
    ]
    out["hover"] = [
        " · ".join(
            x
            for x in (
                name(r, "metric", lang),
                name(r, "region", lang) if r["region"] != "CN" else "",
                period_label(r["period"], lang),
                t(str(r["kind"]), lang),
                provenance(r, lang),
            )
            if x
        )
        for _, r in out.iterrows()
    ]
    out["source_line"] = [source_label(r, lang) for _, r in out.iterrows()]
    return out


def fact_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The export/table view of fact rows, values in base units plus the display text."""
    if rows.empty:
        return pd.DataFrame(columns=TABLE_COLUMNS)
    df = rows.copy()
    df["metric_name"] = df[f"metric_{lang}"]
    df["region_name"] = df[f"region_{lang}"]
    df["display"] = (
        [display(r, lang) for _, r in df.iterrows()] if lang == "en" else df["display_zh"]
    )
    df["published_on"] = df["published_on"].astype(str).str[:10]
    if "publisher_en" in df:  # the publisher in the reader's language (marked where missing)
        df["publisher"] = [
            in_lang(p, e, lang) for p, e in zip(df["publisher"], df["publisher_en"], strict=True)
        ]
    return df[TABLE_COLUMNS].reset_index(drop=True)


def sources_of(reports: pd.DataFrame) -> pd.DataFrame:
    """One row per report of the chart's figures (every source, the shown one first): figure,
    fact, source id, title, publisher, date, url and the verbatim quote."""
    if reports.empty:
        return pd.DataFrame(columns=SOURCE_COLUMNS)
    df = reports[SOURCE_COLUMNS].copy()
    df["published_on"] = df["published_on"].astype(str).str[:10]
    return df.reset_index(drop=True)


def notes_for(spec: ChartSpec, view: View) -> tuple[list[str], list[str]]:
    """Captions for active filters the chart cannot apply, and the list of applied ones."""
    notes: list[str] = []
    labels = {"region": t("region", view.lang), "domain": t("domain", view.lang)}
    ignored = [labels[d] for d in view.active() if d not in spec.dims]
    applied = [labels[d] for d in view.active() if d in spec.dims]
    if ignored:
        why = t(spec.why_not, view.lang)
        notes.append(
            t("not_filterable", view.lang, dims=t("sep_or", view.lang).join(ignored), why=why)
        )
    return notes, applied


# Per snapshot (at most a few are alive: the cache of snapshots keeps four) and region: the
# bounds of what is worked out per region (today's data has 45 regions).
SNAPSHOTS = 4
REGIONS_MAX = 256


@lru_cache(maxsize=SNAPSHOTS * REGIONS_MAX)
def members(atlas: Atlas, region: str) -> frozenset[str]:
    """Every region id inside ``region`` (``region_members``), worked out once per snapshot."""
    return frozenset(region_members(region, atlas.regions, atlas.key_members))


def in_region(atlas: Atlas, view: View, regions: pd.Series) -> pd.Series:
    """Which rows' region lies within the selected region (all rows when none is selected)."""
    if view.region == ALL:
        return pd.Series(True, index=regions.index)
    return regions.isin(members(atlas, view.region))


def regional_figures(atlas: Atlas, view: View) -> pd.DataFrame:
    """The figures the Regions page lists under its charts: every figure of a place (any scope
    but a single cluster's: a group's clusters in Jiangsu too) within the view's region, every
    period and source, so that a province filter finds what the atlas holds on it."""
    f = atlas.figures
    rows = f[(f["region"] != "CN") & (f["scope"] != "cluster")]
    return rows[in_region(atlas, view, rows["region"])]


def national_figures(atlas: Atlas) -> pd.DataFrame:
    """The figures the Trends page lists under its charts: every figure of the whole country
    (every group, metric, period and kind), including those no chart draws."""
    f = atlas.figures
    return f[(f["region"] == "CN") & (f["scope"] != "cluster")]


def in_domain(view: View, domains: pd.Series) -> pd.Series:
    """Which rows belong to the selected domain (all rows when none is selected)."""
    if view.domain == ALL:
        return pd.Series(True, index=domains.index)
    return domains == view.domain


@lru_cache(maxsize=1)
def _empty_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    return pd.DataFrame(columns=TABLE_COLUMNS), pd.DataFrame(columns=SOURCE_COLUMNS)


def empty_out(
    spec: ChartSpec, view: View, subtitle: str, notes: list[str], applied: list[str]
) -> ChartOut:
    """The record for a chart the filters leave empty (its empty tables shared, read only:
    about half the charts cached per combination are empty, and two empty frames take 6 KB)."""
    table, sources = _empty_frames()
    return ChartOut(
        spec.chart_id,
        spec.title(view.lang),
        subtitle,
        None,
        table,
        sources,
        [*notes, t("no_data", view.lang) + " " + t("no_data_hint", view.lang)],
        applied,
    )


def quotes_markdown(sources: pd.DataFrame, lang: str = "zh", limit: int = 40) -> str:
    """Each report's source (publisher in ``lang``) and verbatim quote as a short list (lighter
    than a data grid); reports of a figure that another report shows are marked ↳. Quotes are
    citations, kept as published: each sits in a ``span.atlas-quote`` (the browser test of
    languages skips them). HTML-escaped, for ``st.markdown(..., unsafe_allow_html=True)``."""
    if sources.empty:  # half the charts cached per view are empty: no pandas work for them
        return ""
    lines = []
    for r in sources.head(limit).itertuples():  # data as text (dashboard/safe.py) in a span
        url = f" · {link(t('link', lang), r.url)}" if web_url(r.url) else ""
        plain = "" if url or not isinstance(r.url, str) else r.url
        cited = " ".join(x for x in (r.quote, plain) if isinstance(x, str) and x)
        quote = f' · <span class="atlas-quote">“{md(cited)}”</span>' if cited else ""
        shown = "" if getattr(r, "shown", True) in (True, None) else " ↳"
        pub = md(in_lang(r.publisher, getattr(r, "publisher_en", None), lang))
        date = md(str(r.published_on)[:10])
        lines.append(f"-{shown} `{r.fact_id}` · {pub} {date}{quote}{url}")
    more = len(sources) - limit
    return "\n".join(lines) + (f"\n\n… +{more}" if more > 0 else "")


def registry_names(atlas: Atlas, rows: pd.DataFrame, lang: str) -> dict[str, list[str]]:
    """The registry rows' provinces, cities, domain and macro region in ``lang``: in Chinese as
    the notes give them, in English from data/regions.csv, data/place_names.csv and
    data/domains.csv (a missing English name is marked, never replaced by the Chinese)."""
    names = region_names(atlas, lang)
    pairs = {
        "provinces": ("provinces_zh", "provinces_en"),
        "cities": ("cities_zh", "cities_en"),
    }
    out = {
        k: [in_lang(r[zh], r.get(en), lang) for _, r in rows.iterrows()]
        for k, (zh, en) in pairs.items()
    }
    if lang == "zh":
        # a cluster only a source names may have no domain or region (NULL): shown empty
        out["domain_registry"] = list(rows["domain_zh"].fillna(""))
        out["region_registry"] = list(rows["region_zh"].fillna(""))
    else:
        out["domain_registry"] = [names.get(d, "") for d in rows["domain_id"]]
        out["region_registry"] = [names.get(r, "") for r in rows["region_id"]]
    return out


def checks_in(atlas: Atlas, lang: str) -> pd.DataFrame:
    """The consistency checks as a reader sees them: description and explanation in ``lang``
    (marked where missing), region and domain ids in the splits named (east=30 -> East=30)."""
    names = region_names(atlas, lang)
    ids = re.compile(r"\b([a-z][a-z0-9]*)=")

    def named(v: object) -> str:
        return ids.sub(lambda m: f"{names.get(m.group(1), m.group(1))}=", str(v or ""))

    c = atlas.checks
    said = {
        cid: _disagreement(atlas, cid.removeprefix("sources:"), lang)
        for cid, kind in zip(c["check_id"], c["kind"], strict=True)
        if kind == "sources_agree"
    }
    return pd.DataFrame(
        {
            "description": [
                said[r["check_id"]][0]
                if r["check_id"] in said
                else in_lang(r.get("description_zh"), r["description"], lang)
                for _, r in c.iterrows()
            ],
            "kind": c["kind"],
            "expected": [
                said[i][1] if i in said else named(v)
                for i, v in zip(c["check_id"], c["expected"], strict=True)
            ],
            "observed": [
                said[i][2] if i in said else named(v)
                for i, v in zip(c["check_id"], c["observed"], strict=True)
            ],
            "status": c["status"],
            "explanation": [
                in_lang(r.get("explanation_zh"), r["explanation"], lang)
                if isinstance(r["explanation"], str) and r["explanation"]
                else ""
                for _, r in c.iterrows()
            ],
        }
    )


def _disagreement(atlas: Atlas, figure_id: str, lang: str) -> tuple[str, str, str]:
    """A figure whose sources differ, in ``lang`` (the ETL's check row is in English, with ids):
    what it is, the report shown and every other report, each with its publisher and date."""
    reps = atlas.reports[atlas.reports["figure_id"] == figure_id]
    if reps.empty:
        return figure_id, "", ""

    def one(r: pd.Series) -> str:
        pub = in_lang(r["publisher"], r.get("publisher_en"), lang)
        return f"{display(r, lang)} ({pub}, {str(r['published_on'])[:10]})"

    first = reps.iloc[0]
    what = " · ".join(
        [
            str(first[f"metric_{lang}"]),
            str(first[f"region_{lang}"]),
            period_label(first["period"], lang),
        ]
    )
    shown = reps[reps["shown"].astype(bool)]
    others = reps[~reps["shown"].astype(bool)]
    return (
        t("check_sources_differ", lang, n=reps["source_id"].nunique(), what=what),
        t("check_shown", lang, report=one(shown.iloc[0])) if not shown.empty else "",
        t("sep_semicolon", lang).join(one(r) for _, r in others.iterrows()),
    )


def region_names(atlas: Atlas, lang: str) -> dict[str, str]:
    """Region and domain ids to names in ``lang`` (for footers and file names)."""
    col = f"name_{lang}"
    out = dict(zip(atlas.regions["region_id"], atlas.regions[col], strict=True))
    out.update(dict(zip(atlas.domains["domain_id"], atlas.domains[col], strict=True)))
    return out


def fact_help(row: pd.Series | dict[str, Any], lang: str) -> str:
    """Hover text of a headline card: period, qualifier, kind, source and the quote."""
    row = pd.Series(row)
    more = provenance(row, lang)
    head = " · ".join(
        [
            f"{t('period', lang)}: {period_label(row['period'], lang)}",
            t(str(row["qualifier"]), lang),
            t(str(row["kind"]), lang),
        ]
    )
    source = f"{t('source', lang)}: {source_label(row, lang)}" + (f" · {more}" if more else "")
    return f"{head}\n\n{source}\n\n“{row['quote']}”"


# On screen a table shows names, not ids, with headers in the reader's language and no empty
# markers; the CSV/XLSX exports keep every id for reuse.
HIDDEN = frozenset(
    {
        "figure_id",
        "fact_id",
        "source_id",
        "metric",
        "region",
        "domain",
        "domain_id",
        "region_id",
        "adcode",
        "cluster",
        "check_id",
        "label_id",
        "metric_id",
        "surface",
    }
)
# The registry's confidence, as a mark before the word: filled, half, empty. Glyphs of the CJK
# font the app relies on (colour emoji such as ✅ show as boxes where no emoji font is installed).
CONFIDENCE_MARKS = {"high": "●", "medium": "◐", "low": "○"}
TRANSLATED = frozenset(
    {"kind", "qualifier", "status", "series", "unit", "confidence", "topic", "scope"}
)
LANG_PAIRS = ("name", "flag", "definition", "note")  # name_zh / name_en: keep the reader's one


def arrow(df: pd.DataFrame) -> pa.Table | pd.DataFrame:
    """``df`` as an Arrow table (st.dataframe then skips the conversion on every run), or as it
    is when a column mixes types Arrow cannot hold in one column."""
    try:
        return pa.Table.from_pandas(df, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return df


def readable(df: pd.DataFrame, lang: str, columns: list[str] | None = None) -> pd.DataFrame:
    """``df`` (its ``columns``, else all) as a reader sees it: ids dropped, ``x_zh``/``x_en``
    pairs reduced to the reader's language, vocabulary values and periods translated, headers
    from the i18n table (``col_<name>``), and no None/NaN cells."""
    cols = [c for c in (columns or list(df.columns)) if c in df and c not in HIDDEN]
    out = pd.DataFrame(index=df.index)
    for c in cols:
        base, _, suffix = c.rpartition("_")
        if base in LANG_PAIRS and suffix in ("zh", "en"):
            if suffix != lang and f"{base}_{lang}" in df:
                continue
            c_out = base
        else:
            c_out = c
        values = df[c]
        if c in TRANSLATED:
            values = values.map(lambda v: t(v, lang) if isinstance(v, str) and v in STRINGS else v)
        elif c == "period":
            values = values.map(lambda p: period_label(p, lang))
        elif c == "published_on":
            values = values.astype(str).str[:10]
        out[c_out] = values
    out = out.astype(object).where(out.notna(), "")
    return out.rename(columns=lambda c: t(f"col_{c}", lang) if f"col_{c}" in STRINGS else c)
