"""What makes a first view cheap must change nothing a reader sees (issue 21).

A chart is built once per the filters it reads (``chartdefs.effective``) and, for the charts a
region changes only through the places its rows are of, once per distinct set of those places
(``chartdefs.built_view``); ``for_view`` adds the view's own notes. Here every chart, in every
region the data has and a domain, is built the long way (its builder called with the view as it
is) and compared with ``build_chart``: the same figure, data, sources, notes and description.
And the Sources page, made once per database version, reads the database no more on a run.
"""

from __future__ import annotations

import copy
import gc
import json
import pickle
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import plotly.io as pio
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import chartdefs, charts, queries
from dashboard.chartdefs import CHARTS, _build, build_chart
from dashboard.charts import FrozenFigure, MapFigure
from dashboard.data import Atlas, load_atlas
from dashboard.filters import ALL, LANGS, View
from dashboard.state import clear_caches
from dashboard.views import ChartOut

APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"


@pytest.fixture(scope="module")
def atlas(db_path: Path) -> Atlas:
    return load_atlas(db_path)


def _record(out: object) -> dict[str, object]:
    fig = getattr(out, "fig", None)
    return {
        "fig": None if fig is None else json.loads(pio.to_json(fig, validate=False)),
        "table": out.table.to_csv(),  # type: ignore[attr-defined]
        "sources": out.sources.to_csv(),  # type: ignore[attr-defined]
        **{
            k: getattr(out, k)
            for k in ("title", "subtitle", "notes", "filtered_by", "description", "quotes_md")
        },
        "publishers": list(out.publishers),  # type: ignore[attr-defined]
    }


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_a_chart_built_once_per_what_it_reads_is_the_chart_of_the_view(
    atlas: Atlas, chart_id: str
) -> None:
    spec = CHARTS[chart_id]
    r = atlas.regions[atlas.regions["level"] != "country"]
    regions = [ALL, *r.groupby("level", sort=False)["region_id"].head(2)]  # two of every level
    domains = [ALL, str(atlas.domains["domain_id"].iloc[0])]
    for lang in LANGS:
        for region in regions:
            for domain in domains:
                view = View(lang, region, domain)
                want = _record(_build(spec, atlas, view))  # the builder, for the view as it is
                got = _record(build_chart(chart_id, atlas, view))
                assert got == want, (chart_id, view)


@pytest.mark.parametrize("chart_id", sorted(chartdefs.BY_CLUSTERS))
def test_a_chart_of_clusters_is_the_same_for_every_region_holding_the_same_clusters(
    atlas: Atlas, chart_id: str
) -> None:
    """Built once per set of clusters a region holds, it is, for every region, the chart its
    builder draws for that region."""
    spec = CHARTS[chart_id]
    for region in atlas.regions["region_id"]:
        view = View("en", region, ALL)
        assert _record(build_chart(chart_id, atlas, view)) == _record(_build(spec, atlas, view))


def test_a_map_made_from_another_map_of_its_classes_is_the_map_made_the_long_way(
    atlas: Atlas,
) -> None:
    """The map of a view is made from a finished map of the same classes (``charts.restyled``),
    once one has been made: for every region and domain, in both languages, it is the figure
    (uids and all), the table and the description that making it anew gives."""
    bases = chartdefs._map_bases(atlas)
    views = _map_views(atlas)
    bases.clear()
    made = {v: _map_record(build_chart("regions_map", atlas, v)) for v in views}
    assert 0 < len(bases) < len(views) / 4  # most maps were made from another's
    for v in views:
        bases.clear()
        assert _map_record(build_chart("regions_map", atlas, v)) == made[v], v


def test_start_up_makes_a_map_of_every_set_of_classes_a_view_draws(atlas: Atlas) -> None:
    """After ``make_map_bases`` (start-up), no view's map is the first of its classes: every
    one is made from a map already made."""
    bases = chartdefs._map_bases(atlas)
    bases.clear()
    sets = chartdefs.make_map_bases(atlas, LANGS)
    made = set(bases)
    assert sets > 1 and len(made) == sets * len(LANGS)
    for view in _map_views(atlas):
        build_chart("regions_map", atlas, view)
    assert set(bases) == made


def _map_record(out: ChartOut) -> object:
    fig = None if out.fig is None else pio.to_json(out.fig, validate=False, remove_uids=False)
    # as JSON is read (the order of a layout's keys may differ, as no one reading it sees)
    return None if fig is None else json.loads(fig), out.table.to_csv(), out.description, out.notes


@pytest.fixture
def _isolated(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ATLAS_DB", str(db_path))
    clear_caches()
    yield
    clear_caches()


def _sources_page() -> AppTest:
    """The Sources page in English, run once."""
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("screens/sources.py")
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.usefixtures("_isolated")
def test_the_sources_page_reads_the_database_once_per_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Its documents' texts and marks are read once (at start-up), not on every run."""
    connects: list[str] = []
    real = queries.duckdb.connect

    def counted(*args: object, **kwargs: object) -> object:
        connects.append(str(args[0]) if args else "")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    at = _sources_page()
    docs = [h.value for h in at.html if "<details" in h.value]  # the documents, listed
    assert len(docs) == 1 and docs[0].count("<details") > 1
    monkeypatch.setattr(queries.duckdb, "connect", counted)
    for _ in range(2):
        at.run()
        assert not at.exception, at.exception
    assert connects == [], f"{len(connects)} database connections on a run of /sources"


@pytest.mark.usefixtures("_isolated")
def test_the_sources_documents_are_sent_as_st_html_cleans_them_but_cleaned_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The documents' HTML is sent as ``st.html`` would send the plain string (dedented and
    stripped), and no run of the page cleans it again."""
    import streamlit.elements.html as st_html
    from streamlit.string_util import clean_text

    from dashboard.sources_data import CleanHtml

    at = _sources_page()
    (docs,) = [h.value for h in at.html if "<details" in h.value]
    cleaned: list[int] = []

    def counted(text: object) -> str:
        cleaned.append(len(str(text)))
        return clean_text(text)

    monkeypatch.setattr(st_html, "clean_text", counted)
    at.run()
    assert not at.exception, at.exception
    (again,) = [h.value for h in at.html if "<details" in h.value]
    assert again == docs == clean_text(docs)
    assert len(docs) > 10_000 and max(cleaned, default=0) < len(docs) / 10
    # cleaned as st.html cleans: indented lines, lines of blanks only, blanks around
    raw = "\n   <div>\n      <p>a</p>\n  \t\n   </div>\n  "
    assert CleanHtml.of(raw) == clean_text(raw) and CleanHtml.of(raw)._repr_html_() == clean_text(
        raw
    )


def test_the_registry_rows_and_map_of_every_view_are_what_pandas_masks_and_a_group_by_give(
    atlas: Atlas,
) -> None:
    """``registry_rows``, the clusters chart's counts and the map's frame, worked out over
    Python values, are for every region and domain the rows pandas masks keep, what a group-by
    of them per batch and domain counts (in the domains' order), and what a group-by of their
    cluster-province pairs within the region counts per province (0 where none)."""
    import pandas as pd

    from dashboard.views import in_domain, in_region

    c = atlas.clusters
    cp = atlas.cluster_provinces
    for region in [ALL, *atlas.regions["region_id"]]:
        for domain in [ALL, *atlas.domains["domain_id"]]:
            view = View("en", region, domain)
            keep = pd.Series(True, index=c.index)
            if region != ALL:
                keep &= pd.Series(chartdefs._clusters_inside(atlas, region), index=c.index)
            keep &= in_domain(view, c["domain_id"]).fillna(False).astype(bool)
            rows = chartdefs.registry_rows(atlas, view)
            assert rows.equals(c[keep]) and list(rows.index) == list(c.index[keep]), view
            by = rows.groupby(["batch", "domain_id"]).size().reset_index(name="value")
            order = atlas.domains.set_index("domain_id")["sort"]
            by = by.assign(sort=by["domain_id"].map(order)).sort_values(["sort", "batch"])
            by = by.drop(columns="sort")
            batches = chartdefs._batch_counts(atlas, rows)
            assert batches.equals(by) and batches.index.equals(by.index), view
            assert list(batches.dtypes) == list(by.dtypes), view
            pairs = cp[cp["cluster_id"].isin(c[keep]["cluster_id"])]
            pairs = pairs[in_region(atlas, view, pairs["province_id"])]
            counts = pairs.groupby("province_id").size()
            shares = pairs.groupby("province_id")["share"].sum()
            got = chartdefs._map_frame(atlas, view).set_index("region_id")
            assert list(got.index) == list(chartdefs._provinces(atlas)["region_id"])
            for province, value, share in zip(got.index, got["value"], got["share"], strict=True):
                assert value == counts.get(province, 0), (view, province)
                assert share == pytest.approx(shares.get(province, 0.0), abs=1e-12), view


def test_every_chart_lists_the_quotes_and_publishers_of_its_sources(atlas: Atlas) -> None:
    """Whatever shortcut a build takes (the registry's texts made once, none worked out for an
    empty chart), a chart's quotes and publishers are what its sources give."""
    from dashboard.describe import publishers
    from dashboard.views import quotes_markdown

    r = atlas.regions[atlas.regions["level"] != "country"]
    regions = [ALL, *r.groupby("level", sort=False)["region_id"].head(1)]
    empty = 0
    for chart_id, spec in CHARTS.items():
        for lang in LANGS:
            for region in regions[lang == "zh" :: 2]:  # each language half the regions
                for domain in (ALL, str(atlas.domains["domain_id"].iloc[-1])):
                    out = _build(spec, atlas, View(lang, region, domain))
                    empty += out.sources.empty
                    assert out.quotes_md == quotes_markdown(out.sources, lang), chart_id
                    assert out.publishers == tuple(publishers(out, lang)), chart_id
    assert empty > 0  # the views hold empty charts too


def test_set_layout_makes_the_layout_update_layout_makes() -> None:
    """``charts.set_layout`` merges a dict into what the layout holds and replaces anything
    else, as ``update_layout`` does; the figures' JSON is the same, key for key, but for an
    unset legend title (left empty by update_layout, drawn the same)."""
    import plotly.graph_objects as go

    def start() -> go.Figure:
        fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))
        fig.layout.legend = {"traceorder": "reversed", "font": {"size": 9}}
        fig.layout.yaxis = {"title": {"text": "old", "font": {"size": 8}}, "range": [0, 3]}
        return fig

    changes = {
        "legend": {"orientation": "h", "font": {"color": "#555555"}, "title": None},
        "yaxis": {"title": "new", "rangemode": "tozero"},
        "xaxis": {"type": "category", "tickangle": 0},
        "title": {"text": "T", "subtitle": {"text": "S"}, "pad": {"t": 22}},
        "margin": {"l": 10, "t": 60},
        "height": 400,
        "showlegend": True,
    }
    want = json.loads(start().update_layout(**changes).to_json())
    got = json.loads(charts.set_layout(start(), **changes).to_json())
    # a None unsets the legend's title: update_layout leaves an empty one, drawn the same
    assert want["layout"]["legend"].pop("title") == {} and "title" not in got["layout"]["legend"]
    assert got == want
    assert got["layout"]["legend"]["traceorder"] == "reversed"  # merged, not replaced
    assert got["layout"]["legend"]["font"] == {"size": 9, "color": "#555555"}
    assert got["layout"]["yaxis"]["title"] == {"text": "new"}  # a string replaces the title


@pytest.mark.usefixtures("_isolated")
def test_every_cache_per_combination_covers_the_combinations(atlas: Atlas) -> None:
    """The bounds of what is cached per view cover every view the data allows (pages x
    languages x regions of every level x domains), so that a soak of mixed traffic keeps
    memory flat without dropping what is still asked for."""
    from dashboard import ui

    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()  # start-up: the bounds are set from the data served
    assert not at.exception, at.exception
    regions = 1 + len(atlas.regions)
    domains = 1 + len(atlas.domains)
    charts = sum(
        len(LANGS)
        * (regions if "region" in spec.inputs() else 1)
        * (domains if "domain" in spec.inputs() else 1)
        for spec in CHARTS.values()
    )
    assert ui.built.maxsize >= charts


def _map_views(atlas: Atlas) -> list[View]:
    return [
        View(lang, region, domain)
        for lang in LANGS
        for region in [ALL, *atlas.regions["region_id"]]
        for domain in [ALL, *atlas.domains["domain_id"]]
    ]


def test_a_cached_map_is_kept_as_its_recipe_and_gives_the_json_of_its_figure(
    atlas: Atlas,
) -> None:
    """What the app caches of a map (``FrozenFigure.release``) is its classes' template and its
    provinces' classes and hover texts; the JSON it makes when sent is, for every region and
    domain in both languages, the JSON the figure itself gives, to the character."""
    chartdefs.make_map_bases(atlas, LANGS)
    maps = 0
    for view in _map_views(atlas):
        fig = build_chart("regions_map", atlas, view).fig
        if fig is None:
            continue
        frozen = FrozenFigure.of(fig)
        want = frozen.json()  # made from the figure's own traces and layout
        kept = frozen.release()
        assert isinstance(kept, MapFigure), view
        assert kept.json() == want, view
        assert json.loads(pio.to_json(kept, validate=False)) == json.loads(want), view
        assert kept.layout.height == json.loads(want)["layout"]["height"]
        maps += 1
    assert maps > 10


def test_a_cached_map_holds_a_small_part_of_its_json(atlas: Atlas) -> None:
    """Per view the app keeps of a map a few kilobytes, not its JSON (75 KB; 35 KB compressed,
    as a figure released before kept it): the maps of every region and domain fit in memory
    beside the rest of the app. Counted: all that building and releasing a view's map leaves
    behind (its classes and hover texts included), once what is made per set of classes or
    per region (templates, the regions' members) has been made by a first pass."""
    chartdefs.make_map_bases(atlas, LANGS)
    views = _map_views(atlas)[:120]

    def cached() -> list[FrozenFigure]:
        figs = (build_chart("regions_map", atlas, v).fig for v in views)
        return [FrozenFigure.of(f).release() for f in figs if f is not None]

    cached()
    tracemalloc.start()
    try:
        kept = cached()
        gc.collect()
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    sent = sum(len(k.json().encode()) for k in kept)
    assert len(kept) > 10 and held < 0.1 * sent, (held / len(kept), sent / len(kept))


def test_a_released_figure_keeps_its_json_and_height_only(atlas: Atlas) -> None:
    """A released figure keeps what makes its JSON and its height, nothing shared with
    another: a change made through one's layout reaches no other figure and not the JSON
    sent; a copy of one (as ``copy`` or ``pickle`` make it) is released and sends the same."""
    chartdefs.make_map_bases(atlas, LANGS)
    figs = []
    for cid in ("regions_map", "regions_macro", "regions_dev", "trends_counts"):
        fig = build_chart(cid, atlas, View("en")).fig
        assert fig is not None
        figs.append(FrozenFigure.of(fig))
    wants = [(f.json(), f.layout.height) for f in figs]
    for f, (want, height) in zip(figs, wants, strict=True):  # before release: Plotly's own
        sent = json.loads(want)
        assert f.shown_height() == height == sent["layout"]["height"]
        assert f.layout.title.text == sent["layout"]["title"]["text"]
        assert len(f.data) == len(sent["data"]) > 0
    kept = [f.release() for f in figs]
    assert isinstance(kept[0], MapFigure) and len({w for w, _ in wants}) == len(wants)
    for k in kept:
        assert set(vars(k)) <= {"_json", "_template", "_drawn", "_texts", charts._RELEASED}
        assert k.data == () and k.layout.height == k.shown_height()
    kept[1].update_layout(height=300, title_text="changed")
    kept[0].layout.height = 500
    assert [(k.json(), k.shown_height()) for k in kept] == wants
    assert [k.layout.height for k in kept] == [h for _, h in wants]
    for k, (want, height) in zip(kept, wants, strict=True):
        for twin in (copy.copy(k), copy.deepcopy(k), pickle.loads(pickle.dumps(k))):
            assert type(twin) is type(k) and twin.json() == want and twin.shown_height() == height


@pytest.mark.usefixtures("_isolated")
def test_a_run_does_not_read_the_figures_it_sends(monkeypatch: pytest.MonkeyPatch) -> None:
    """Streamlit is told each chart's height, so a run sends each cached figure's JSON as it is
    kept and reads none of them back (asked for the height, it would parse the whole JSON on
    every run); the height sent is the figure's own."""
    from dashboard import charts

    reads: list[int] = []
    full = charts._Sent._full

    def counted(self: charts._Sent) -> charts._Sent:
        reads.append(1)
        return full(self)

    monkeypatch.setattr(charts._Sent, "_full", counted)
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("screens/regions.py")
    at.run()
    at.run()
    assert not at.exception, at.exception
    figures = at.get("plotly_chart")
    assert len(figures) >= 4 and reads == []
    for el in figures:
        assert json.loads(el.proto.spec)["layout"]["height"] > 0


def test_a_map_draws_each_province_in_the_class_of_its_count(atlas: Atlas) -> None:
    """Worked out here without the map's own classing: each class trace holds the outlines of
    exactly the provinces whose count (the chart's table) falls in that class, in the order of
    the shapes, and each province's hover text is its name and count; the same for the map a
    view's cached copy sends."""
    chartdefs.make_map_bases(atlas, LANGS)
    outlines = charts._outlines(atlas.shapes)
    checked = 0
    for view in _map_views(atlas)[::7]:
        out = build_chart("regions_map", atlas, view)
        if out.fig is None:
            continue
        count = dict(zip(out.table["adcode"], out.table["clusters"], strict=True))
        name = dict(zip(out.table["adcode"], out.table[f"name_{view.lang}"], strict=True))
        values = [float(count.get(code, 0) or 0) for code in atlas.shapes["adcode"]]
        kept = FrozenFigure.of(out.fig).release()
        for sent in (json.loads(pio.to_json(out.fig, validate=False)), json.loads(kept.json())):
            drawn = {}
            for trace in sent["data"]:
                if trace.get("fill") == "toself" and "legendrank" in trace and "uid" not in trace:
                    drawn[trace["legendrank"]] = trace
                elif trace.get("hovertemplate") == charts.HOVER:
                    texts = trace["text"]
            want = {
                k: [i for i, v in enumerate(values) if lo <= v <= hi]
                for k, (lo, hi) in enumerate(charts.BINS)
            }
            assert set(drawn) == {k for k, held in want.items() if held}, view
            for k, trace in drawn.items():
                for axis in (0, 1):
                    got = charts.typed_array(trace["xy"[axis]])
                    parts = [outlines[i][axis] for i in want[k]]
                    assert np.array_equal(got, np.concatenate(parts), equal_nan=True), (view, k)
            for code, text in zip(atlas.shapes["adcode"], texts, strict=True):
                assert text == (f"{name[code]}: {int(count[code])}" if code in name else "")
        checked += 1
    assert checked > 10
