"""One cluster's page of the Clusters directory: who it is, where, what the sources say of
it. No streamlit import.

In: the ``Atlas`` snapshot, a cluster named in a link (``/clusters?cluster=<name_zh>``: the
Chinese name, which stays the same when the registry grows, unlike a row number) and a
language. Out: the registry row, its facts in a table, the sources that name it (quotes), and
a map of its provinces.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa

from dashboard import charts
from dashboard.i18n import in_lang, t
from dashboard.safe import md
from dashboard.views import (
    CONFIDENCE_MARKS,
    arrow,
    fact_table,
    readable,
    registry_names,
    source_label,
)

if TYPE_CHECKING:
    from dashboard.data import Atlas

MAX_PARAM = 60  # a cluster's name is short; a longer link value is no cluster


def find(atlas: Atlas, name: str) -> pd.Series | None:
    """The registry row named ``name`` (Chinese or English name, or id), or None."""
    c = atlas.clusters
    hit = c[(c["name_zh"] == name) | (c["name_en"] == name) | (c["cluster_id"] == name)]
    return None if hit.empty else hit.iloc[0]


def search(rows: pd.DataFrame, query: str) -> pd.DataFrame:
    """The registry rows whose name (either language), province, city or domain holds
    ``query`` (case-insensitive)."""
    q = query.strip().lower()
    if not q:
        return rows
    cols = ["name_zh", "name_en", "provinces_zh", "cities_zh", "domain_zh"]
    hit = pd.Series(False, index=rows.index)
    for c in cols:
        hit |= rows[c].fillna("").str.lower().str.contains(q, regex=False)
    return rows[hit]


def provinces(atlas: Atlas, cluster_id: str) -> pd.DataFrame:
    """The provinces a cluster spans, with their names and adcodes."""
    pairs = atlas.cluster_provinces[atlas.cluster_provinces["cluster_id"] == cluster_id]
    regions = atlas.regions.set_index("region_id")
    return regions.loc[list(pairs["province_id"])].reset_index()


def profile(atlas: Atlas, row: pd.Series, lang: str) -> dict[str, str]:
    """The registry's facts about the cluster, labelled in ``lang``."""
    prov = provinces(atlas, str(row["cluster_id"]))
    sep = t("sep_or", lang) if lang == "zh" else ", "
    unstated = t("cluster_not_stated", lang)  # a source cluster's field no source states
    return {
        t("col_provinces_zh", lang): sep.join(
            in_lang(p, e, lang) for p, e in zip(prov["name_zh"], prov["name_en"], strict=True)
        ),
        t("col_cities_zh", lang): in_lang(row["cities_zh"], row.get("cities_en"), lang)
        or (unstated if row["origin"] == "source" else "—"),
        t("col_domain", lang): _named(atlas.domains, "domain_id", row["domain_id"], lang),
        t("col_region", lang): _named(atlas.regions, "region_id", row["region_id"], lang),
        t("col_batch", lang): str(row["batch"] or unstated),
        t("col_cl_announced", lang): str(row["announced"] or "—"),
        t("col_confidence", lang): t(str(row["confidence"]), lang),
    }


def _named(table: pd.DataFrame, key: str, value: object, lang: str) -> str:
    """The name of a domain or region in ``lang``; for a source cluster's empty field, says
    that no source states it."""
    if not isinstance(value, str) or not value:
        return t("cluster_not_stated", lang)
    r = table.set_index(key).loc[value]
    return in_lang(r["name_zh"], r["name_en"], lang)


def named_in(atlas: Atlas, row: pd.Series, lang: str) -> pd.DataFrame:
    """Every quote of a source that names the cluster or gives a figure of it: source, quote;
    first, for a cluster only a source names, the quote that brought it into the registry."""
    m = atlas.cluster_mentions
    hit = m[m["cluster_id"] == row["cluster_id"]]
    facts = atlas.reports[atlas.reports["cluster"] == row["cluster_id"]]
    own = atlas.sources[atlas.sources["source_id"] == row["sources"]].assign(quote=row["quote"])
    rows = [
        {"source": source_label(r, lang), "quote": str(r["quote"])}
        for df in ((own if row["origin"] == "source" else own.iloc[:0]), hit, facts)
        for _, r in df.iterrows()
    ]
    out = pd.DataFrame(rows, columns=["source", "quote"]).drop_duplicates()
    return out.rename(columns={"source": t("col_cl_source", lang), "quote": t("col_quote", lang)})


def place_map(atlas: Atlas, row: pd.Series, lang: str) -> Any:
    """The country's provinces with the cluster's own filled."""
    prov = atlas.regions[atlas.regions["level"] == "province"]
    mine = set(provinces(atlas, str(row["cluster_id"]))["region_id"])
    name = in_lang(row["name_zh"], row["name_en"], lang)
    df = prov.assign(
        value=[1 if r in mine else 0 for r in prov["region_id"]],
        hover=[
            f"{in_lang(z, e, lang)}{': ' + name if r in mine else ''}"
            for r, z, e in zip(prov["region_id"], prov["name_zh"], prov["name_en"], strict=True)
        ],
    )
    fig = charts.choropleth(df, atlas.shapes, colorbar_title=t("clusters_word", lang))
    charts.sea_inset(fig, atlas.sea, label=t("map_sea_inset", lang))  # as every map of China
    fig.update_layout(showlegend=False, height=420, margin={"l": 0, "r": 0, "t": 10, "b": 0})
    return fig


def n_sources(atlas: Atlas, clusters: pd.DataFrame) -> pd.Series:
    """For each registry row, how many sources name it (0 for one known only from the notes)."""
    counts = atlas.cluster_mentions.groupby("cluster_id")["source_id"].nunique()
    return clusters["cluster_id"].map(counts).fillna(0).astype(int)


COLUMNS = [
    "name_zh",
    "name_en",
    "provinces",
    "cities",
    "domain_registry",
    "region_registry",
    "batch",
    "confidence",
    "flag_zh",
    "flag_en",
    "named_in",
    "notes",
    "sources",
]


@dataclass(frozen=True)
class Directory:
    """The Clusters page's tables for every registry cluster, in one language: a filter or a
    search shows a selection of their rows (a row reads the same whichever rows are beside it).
    ``registry_shown`` holds ``atlas.clusters``' rows in order; ``figure_clusters`` is each figure
    row's cluster."""

    total: str
    sourced: int
    figure_clusters: pd.Series
    # the two tables as Arrow tables (st.dataframe then converts nothing on a run), or as they
    # are where a column mixes types Arrow cannot hold; rows by position (``registry_rows``)
    registry_shown: Any
    figures_shown: Any

    def registry_rows(self, positions: list[int]) -> Any:
        """The registry table's rows at ``positions`` (of ``atlas.clusters``), as shown."""
        return _take(self.registry_shown, positions)

    def figure_rows(self, clusters: set[str]) -> Any:
        """The figures table's rows of the given clusters, as shown."""
        keep = [i for i, c in enumerate(self.figure_clusters) if c in clusters]
        return _take(self.figures_shown, keep)


def _take(table: Any, positions: list[int]) -> Any:
    if isinstance(table, pa.Table):
        return table.take(pa.array(positions, pa.int64()))
    return table.iloc[positions].reset_index(drop=True)


def directory(atlas: Atlas, lang: str) -> Directory:
    """The Clusters page's tables in ``lang`` (made once per database version)."""
    from dashboard.chartdefs import cluster_figures, total_clusters  # the chart registry

    rows = atlas.clusters
    named = n_sources(atlas, rows)
    marked = rows["confidence"].map(lambda c: f"{CONFIDENCE_MARKS.get(c, '')} {t(c, lang)}")
    names_shown = registry_names(atlas, rows, lang)
    registry = readable(
        rows.assign(confidence=marked, named_in=named, **names_shown), lang, COLUMNS
    )
    figs = cluster_figures(atlas, rows)
    names = rows.set_index("cluster_id")[f"name_{lang}"]
    table = fact_table(figs, lang).assign(cluster_name=figs["cluster"].map(names).to_numpy())
    return Directory(
        total=total_clusters(atlas),
        sourced=int((named > 0).sum()),
        figure_clusters=figs["cluster"].reset_index(drop=True),
        registry_shown=arrow(registry),
        figures_shown=arrow(readable(table, lang).reset_index(drop=True)),
    )


def shown_param(value: str) -> str:
    """A link's value as a notice may show it: escaped, shortened (a link value is anyone's
    text)."""
    return md(value, MAX_PARAM)


def show(atlas: Atlas, row: pd.Series, lang: str, st: Any) -> None:
    """Draw the cluster's page with Streamlit (``st``, passed in so this module stays free of
    a streamlit import for its tests)."""
    if st.button(t("cluster_back", lang), icon=":material/arrow_back:"):
        del st.query_params["cluster"]
        st.rerun()
    st.header(md(in_lang(row["name_zh"], row["name_en"], lang)))
    other = row["name_en"] if lang == "zh" else row["name_zh"]
    st.caption(md(other))
    left, right = st.columns([3, 2])
    with left:
        sourced = row["origin"] == "source"
        st.markdown(f"**{t('cluster_profile_source' if sourced else 'cluster_profile', lang)}**")
        if sourced:
            st.caption(t("cluster_from_source", lang))
        info = profile(atlas, row, lang)
        values = [md(v) for v in info.values()]  # st.table renders Markdown
        st.table(pd.DataFrame({"": list(info), " ": values}).set_index(""))
        flag = row[f"flag_{lang}"]
        if isinstance(flag, str) and flag:
            st.caption(md(flag))
    with right:
        st.markdown(f"**{t('cluster_where', lang)}**")
        where = profile(atlas, row, lang)[t("col_provinces_zh", lang)]
        name = in_lang(row["name_zh"], row["name_en"], lang)
        st.plotly_chart(
            place_map(atlas, row, lang),
            config={"displayModeBar": False},
            key="cluster_map",
            alt=t("cluster_map_description", lang, name=name, provinces=where),
        )
    figs = atlas.figures[
        (atlas.figures["scope"] == "cluster") & (atlas.figures["cluster"] == row["cluster_id"])
    ]
    if not figs.empty:
        st.subheader(t("cluster_figures", lang))
        st.dataframe(readable(fact_table(figs, lang), lang), hide_index=True, width="stretch")
    st.subheader(t("cluster_named_in", lang))
    quotes = named_in(atlas, row, lang)
    if quotes.empty:
        st.info(t("cluster_named_none", lang))
    else:
        st.dataframe(quotes, hide_index=True, width="stretch")
