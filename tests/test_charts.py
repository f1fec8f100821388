"""Figure builders called directly: data, titles per language, styling of targets and of values
that are not exact, colours that stay the same across charts, filters and empty states."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pytest

from dashboard import charts
from dashboard.chartdefs import CHARTS, build_chart, charts_of
from dashboard.data import Atlas, load_atlas
from dashboard.filters import View
from dashboard.i18n import STRINGS
from dashboard.nav import SLUGS
from etl.vocab import GROUPS, KINDS, SCOPES
from tests.grown import grown  # noqa: F401  (fixture)


@pytest.fixture(scope="module")
def atlas(db_path: Path) -> Atlas:
    return load_atlas(db_path)


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_titles_per_language_and_source_line(atlas: Atlas, chart_id: str) -> None:
    zh, en = build_chart(chart_id, atlas, View("zh")), build_chart(chart_id, atlas, View("en"))
    assert zh.fig is not None and en.fig is not None
    # a long title is wrapped to fit a phone (<br> between words in English, anywhere in Chinese)
    zh_title = zh.fig.layout.title.text.replace("<br>", "")
    en_title = en.fig.layout.title.text.replace("<br>", " ")
    assert zh_title == CHARTS[chart_id].title("zh") != chart_id
    assert en_title == CHARTS[chart_id].title("en") != zh_title
    zh_foot, en_foot = charts.footer(zh.fig), charts.footer(en.fig)
    assert zh_foot is not None and zh_foot["text"].startswith("来源")
    assert en_foot is not None and en_foot["text"].startswith("Source")
    assert zh.subtitle and en.subtitle and len(zh.table) > 0


def test_growth_waterfall_data(atlas: Atlas, db_path: Path) -> None:
    """The first national count, then each later group's count as its step from the one
    before, labelled with its batch and the total reached (expected counts read from the
    database, so the test holds when a batch is added)."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        counts = [
            v
            for (v,) in con.execute(
                "SELECT value FROM figures WHERE metric = 'cluster_count' AND region = 'CN' "
                "AND domain IS NULL AND (scope LIKE 'group%' OR scope = 'national') "
                "AND kind = 'actual' ORDER BY period, value"
            ).fetchall()
        ]
    counts = [c for i, c in enumerate(counts) if i == 0 or c != counts[i - 1]]
    assert len(counts) >= 2
    fig = build_chart("overview_growth", atlas, View("en")).fig
    assert fig is not None
    trace = fig.data[0]
    steps = [counts[0]] + [b - a for a, b in itertools.pairwise(counts)]
    assert list(trace.y) == steps and sum(trace.y) == counts[-1]
    assert list(trace.measure) == ["absolute"] + ["relative"] * (len(counts) - 1)
    for wrapped, step, total in zip(trace.text[1:], steps[1:], counts[1:], strict=True):
        text = wrapped.replace("<br>", " ")  # the label is wrapped over lines to fit a phone
        assert re.fullmatch(rf"\+{step:.0f} (\(\d{{4}} batch\) )?= {total:.0f}", text), text


def test_output_keeps_annual_and_half_year_apart(atlas: Atlas) -> None:
    fig = build_chart("trends_output", atlas, View("en")).fig
    assert fig is not None
    titles = [
        a.text.replace("<br>", " ")  # panel titles are wrapped to fit a phone
        for a in fig.layout.annotations
        if a.text.startswith(("Annual", "Half-year"))
    ]
    assert titles == ["Annual 2021", "Half-year 2022 H1"]
    axes = {tr.xaxis for tr in fig.data}
    assert len(axes) == 2  # two panels, never one axis
    assert fig.layout.yaxis.title.text == "trillion yuan"


def test_values_that_are_not_exact_are_hatched_and_marked(atlas: Atlas) -> None:
    out = build_chart("trends_firms", atlas, View("en"))
    assert out.fig is not None
    shapes = {t: list(tr.marker.pattern.shape) for tr in out.fig.data for t in tr.text}
    assert shapes[">2,200"] == ["/"] * len(shapes[">2,200"])  # 2200余家: a lower bound
    assert "≈100" in shapes  # 近100家
    assert any(s == [""] for s in shapes.values())  # exact values stay solid
    counts = build_chart("trends_counts", atlas, View("en")).fig
    assert counts is not None and list(counts.data[0].marker.symbol) == ["circle"] * 3


def test_targets_are_drawn_as_targets(atlas: Atlas) -> None:
    out = build_chart("gz_parks", atlas, View("zh"))
    assert out.fig is not None
    assert set(out.fig.data[0].marker.pattern.shape) == {"."}
    assert set(out.table["kind"]) == {"target"}
    assert "目标" in out.subtitle and "未说明" in out.subtitle
    actual = build_chart("gd_clusters", atlas, View("zh"))
    assert set(actual.table["kind"]) == {"actual"}  # targets never mixed into the actuals chart


def test_region_colours_are_fixed_across_charts(atlas: Atlas) -> None:
    macro = build_chart("regions_macro", atlas, View("en")).fig
    dev = build_chart("regions_dev", atlas, View("en"))
    assert macro is not None and dev.fig is not None
    macro_colours = dict(zip(macro.data[0].x, macro.data[0].marker.color, strict=True))
    assert macro_colours["West"] == charts.REGION_COLORS["west"]
    drawn = [c for tr in dev.fig.data for c in tr.marker.color]  # one panel per metric
    dev_colours = dict(zip(dev.table["region"], drawn, strict=True))
    assert dev_colours["west"] == charts.REGION_COLORS["west"]


def test_filters_apply_or_say_why(atlas: Atlas) -> None:
    east = build_chart("regions_macro", atlas, View("en", region="east"))
    assert list(east.table["region"]) == ["east"] and east.filtered_by == ["Region"]
    trends = build_chart("trends_counts", atlas, View("en", region="east"))
    assert len(trends.table) == 3 and "not filtered by Region" in trends.notes[0]
    nothing = build_chart("regions_macro", atlas, View("en", region="guangzhou"))
    assert nothing.empty and "No figures match" in nothing.notes[-1]


def test_map_counts_named_clusters_per_province(atlas: Atlas) -> None:
    out = build_chart("regions_map", atlas, View("zh"))
    by_province = dict(zip(out.table["region_id"], out.table["clusters"], strict=True))
    assert by_province["guangdong"] == 8 and by_province["xizang"] == 0
    prd = build_chart("regions_map", atlas, View("zh", region="prd"))
    counts = dict(zip(prd.table["region_id"], prd.table["clusters"], strict=True))
    assert counts["guangdong"] >= 7 and counts["jiangsu"] == 0


def test_every_page_has_its_charts() -> None:
    assert charts_of("regions") == ["regions_macro", "regions_key4", "regions_map", "regions_dev"]
    assert sum(len(charts_of(p)) for p in SLUGS) == len(CHARTS)
    assert {s.page for s in CHARTS.values()} <= set(SLUGS)


def test_every_scope_group_and_kind_has_a_name_in_both_languages() -> None:
    """A figure of any scope may be drawn or carded (a new batch's total is 'national'):
    none may fail for want of a name."""
    for key in (*SCOPES, *GROUPS, *KINDS, "all_clusters"):
        zh, en = STRINGS[key]
        assert zh and en and zh != en, key


# ---------------------------------------------------------------- a grown database
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def _read_label(text: object, lang: str) -> float:
    """The value a bar's label says, in base units ('⚠ ≈10 trillion yuan' -> 1e13; a
    waterfall step '+35 (2024 batch) = 80' -> its total, 80)."""
    from etl.numbers import read_figure

    s = re.sub(r"<[^>]+>", " ", str(text)).replace("⚠", "").strip()
    s = s.rsplit("=", 1)[-1].strip()
    m = read_figure(s) if lang == "zh" else None
    if m is not None and m.value is not None:
        return float(m.value)
    hit = re.search(r"(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|trillion)?", s)
    assert hit, text
    return float(hit.group(1).replace(",", "")) * _SCALE.get(hit.group(2) or "", 1.0)


def _bars_match_labels(fig: Any, lang: str, where: str) -> None:
    """Every bar (or point) shows its own value: its label read back equals its drawn value
    times one power of ten per trace (the axis' scale, e.g. 万亿); one bar per category; the
    names above horizontal bars name the bars they stand on."""
    for tr in fig.data:
        if tr.text is None or isinstance(tr.text, str):
            continue
        if tr.type == "scatter" and "text" not in (tr.mode or ""):
            continue  # hover points (the map's), no label drawn
        horizontal = getattr(tr, "orientation", None) == "h"
        cats = list(tr.y if horizontal else tr.x)
        values = [float(v) for v in (tr.x if horizontal else tr.y)]
        if tr.type == "waterfall":
            values = list(itertools.accumulate(values))
        if tr.type == "bar":
            assert len(set(cats)) == len(cats), (where, "two bars in one category", cats)
        scales = set()
        for cat, v, text in zip(cats, values, tr.text, strict=True):
            said = _read_label(text, lang)
            assert v > 0 and said > 0, (where, cat, v, text)
            power = np.log10(said / v)
            assert abs(power - round(power)) < 0.005, (where, cat, "bar", v, "label", text)
            scales.add(round(power))
        assert len(scales) <= 1, (where, tr.name, scales)
        if horizontal:
            names = [a for a in fig.layout.annotations if (a.name or "").startswith("label")]
            names = [a for a in names if (a.yref or "y") == (tr.yaxis or "y")]
            above = [a.text for a in sorted(names, key=lambda a: a.y)]
            # the names are wrapped as the chart wraps them (fit a phone: charts.LABEL_UNITS)
            want = [charts.wrap_label(str(c), charts.LABEL_UNITS) for c in cats]
            assert above == want, (where, above, cats)


@pytest.fixture(scope="module")
def grown_atlas(grown: Path) -> Atlas:  # noqa: F811  (the fixture)
    return load_atlas(grown)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_charts_of_a_grown_database_label_every_bar_right(grown_atlas: Atlas, lang: str) -> None:
    """Every figure of data/ reported again, reported differently and reported for a later
    period (tests/grown.py): every chart still draws one bar per category, each labelled with
    its own value."""
    f = grown_atlas.figures
    assert (f["status"] == "differ").sum() * 2 <= len(f) <= (f["status"] == "differ").sum() * 3
    for cid in CHARTS:
        out = build_chart(cid, grown_atlas, View(lang))
        assert out.fig is not None, cid
        _bars_match_labels(out.fig, lang, f"{cid}/{lang}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_charts_of_the_real_database_label_every_bar_right(atlas: Atlas, lang: str) -> None:
    for cid in CHARTS:
        out = build_chart(cid, atlas, View(lang))
        assert out.fig is not None, cid
        _bars_match_labels(out.fig, lang, f"{cid}/{lang}")
