"""Charts that neither mislead nor clip, checked on the built figures in both languages: one kind
of measure per axis, names that stand above their own bars without touching the bar above, bars
that keep their size under a filter, room for the labels outside the bars, footers wrapped to
a narrow screen, integer ticks for counts, headline cards that say which group they are of, and
marks the CJK font can draw."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from dashboard import charts
from dashboard.chartdefs import CHARTS, build_chart, headline_cards
from dashboard.data import Atlas, load_atlas
from dashboard.filters import View
from dashboard.i18n import t
from etl.vocab import GROUPS
from tests.grown import grown  # noqa: F401  (fixture)

LANGS = ("zh", "en")
LABEL_LINE_PX = 15  # one line of a 12 px name above a bar
MIN_BAR_PX = 14
NARROW_PLOT_PX = 300  # the plot area of a chart in a half-width column or on a phone
FOOTER_COLS = 60  # a footer line's width in columns (a CJK character is two)


@pytest.fixture(scope="module")
def atlas(db_path: Path) -> Atlas:
    return load_atlas(db_path)


def _cols(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _hbar_traces(fig: Any) -> list[Any]:
    return [tr for tr in fig.data if tr.type == "bar" and tr.orientation == "h"]


def _axis(fig: Any, ref: str | None, letter: str) -> Any:
    return fig.layout[f"{letter}axis{(ref or letter)[1:]}"]


HBAR_CHARTS = [cid for cid in CHARTS if cid.startswith(("regions_dev", "regions_key4", "gd", "gz"))]


@pytest.mark.parametrize("region", ["all", "east", "gba"])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("chart_id", HBAR_CHARTS)
def test_names_stand_above_their_bars_without_touching_the_bar_above(
    atlas: Atlas, chart_id: str, lang: str, region: str
) -> None:
    out = build_chart(chart_id, atlas, View(lang, region))
    if out.fig is None:
        return
    fig = out.fig
    plot_px = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    traces = _hbar_traces(fig)
    assert traces, chart_id
    for tr in traces:
        y = _axis(fig, tr.yaxis, "y")
        lo, hi = y.domain if y.domain else (0, 1)
        span = abs(y.range[1] - y.range[0]) if y.range else len(tr.y)
        slot = plot_px * (hi - lo) / span
        if y.range:  # the first bar's name needs a whole gap above the bar too
            assert min(y.range) <= -0.5 - fig.layout.bargap / 2 + 1e-9, (chart_id, y.range)
        gap = slot * fig.layout.bargap
        assert slot - gap >= MIN_BAR_PX, (chart_id, "bar squeezed to", slot - gap)
        names = [
            a
            for a in fig.layout.annotations
            if (a.name or "").startswith("label") and (a.yref or "y") == (tr.yaxis or "y")
        ]
        assert len(names) == len(tr.y), chart_id
        for a in names:
            lines = a.text.count("<br>") + 1
            assert lines * LABEL_LINE_PX <= gap, (chart_id, a.text, lines, gap)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("chart_id", HBAR_CHARTS)
def test_labels_outside_the_bars_have_room(atlas: Atlas, chart_id: str, lang: str) -> None:
    """'1000个以上' beside the longest bar must fit inside the axis even in a narrow column."""
    fig = build_chart(chart_id, atlas, View(lang)).fig
    assert fig is not None
    for tr in _hbar_traces(fig):
        x = _axis(fig, tr.xaxis, "x")
        assert x.range is not None, (chart_id, "no room reserved for the labels")
        top = x.range[1]
        for v, text in zip(tr.x, tr.text, strict=True):
            text_px = _cols(re.sub(r"<[^>]+>", "", str(text))) * 7 + 6
            assert v + top * text_px / NARROW_PLOT_PX <= top, (chart_id, text, v, top)


@pytest.mark.parametrize("lang", LANGS)
def test_regional_indicators_compare_one_measure_per_axis(atlas: Atlas, lang: str) -> None:
    """A growth rate, shares and an R&D intensity are all percentages but not one measure:
    each metric has its own panel (its own axis), titled with the metric's name."""
    out = build_chart("regions_dev", atlas, View(lang))
    assert out.fig is not None
    traces = _hbar_traces(out.fig)
    metrics = out.table.groupby("metric_name").size().to_dict()
    assert len({tr.xaxis for tr in traces}) == len(traces) == len(metrics)
    titles = [
        re.sub(r"<[^>]+>", "", a.text.replace("<br>", " "))  # titles wrap on a phone
        for a in out.fig.layout.annotations
        if not (a.name or "").startswith(("label", "f"))
    ]
    for tr, title in zip(traces, titles, strict=True):
        name = next(m for m in metrics if m in title)
        assert len(tr.x) == metrics[name], (title, list(tr.y))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_footers_fit_a_narrow_chart(atlas: Atlas, chart_id: str, lang: str) -> None:
    """Plotly does not wrap annotations: every line of the source line and the footnote is
    short enough for a half-width column (a CJK character counts twice), with no stray '.;'."""
    fig = build_chart(chart_id, atlas, View(lang)).fig
    assert fig is not None
    foot = charts.footer(fig)
    assert foot is not None
    for line in foot["text"].split("<br>"):
        assert _cols(line) <= FOOTER_COLS, (chart_id, line)
    assert not re.search(r"[.。][;;]", foot["text"]), foot["text"]


def _value_axes(fig: Any) -> list[tuple[Any, list[float]]]:
    """Each value axis of the figure with the values drawn on it (stacked: the stack totals)."""
    by_axis: dict[str, dict[Any, float]] = {}
    for tr in fig.data:
        if tr.type not in ("bar", "waterfall", "scatter") or getattr(tr, "fill", None):
            continue
        horizontal = getattr(tr, "orientation", None) == "h"
        ref = ("x" + (tr.xaxis or "x")[1:]) if horizontal else ("y" + (tr.yaxis or "y")[1:])
        cats = list(tr.y if horizontal else tr.x)
        vals = [float(v) for v in (tr.x if horizontal else tr.y)]
        if tr.type == "waterfall":
            vals = [sum(vals[: i + 1]) for i in range(len(vals))]
        axis = by_axis.setdefault(ref, {})
        for i, (c, v) in enumerate(zip(cats, vals, strict=True)):
            key = c if fig.layout.barmode == "stack" else (tr.name, i, c)
            axis[key] = axis.get(key, 0.0) + v
    out = []
    for ref, values in by_axis.items():
        name = f"{ref[0]}axis{ref[1:]}"
        out.append((fig.layout[name], list(values.values())))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_counts_have_integer_ticks(atlas: Atlas, lang: str) -> None:
    """An axis of counts steps by whole numbers (never 0.5 clusters)."""
    checked = 0
    for cid in CHARTS:
        out = build_chart(cid, atlas, View(lang))
        if out.fig is None or cid == "regions_map":
            continue
        units = set(out.table["unit"]) if "unit" in out.table else {"count"}
        if units != {"count"}:
            continue
        for axis, values in _value_axes(out.fig):
            assert axis.dtick is not None, (cid, "auto ticks may step by 0.5")
            step = float(axis.dtick)
            assert step >= 1 and step.is_integer(), (cid, step)
            assert max(values) / step <= 10, (cid, step, max(values))
            checked += 1
    assert checked >= 5


@pytest.mark.parametrize("lang", LANGS)
def test_headline_cards_say_which_group_they_are_of(atlas: Atlas, lang: str) -> None:
    """The cards are the latest figure of each metric, of the 80 or the 45 or the 25: each
    card's label names its group first (a long label is cut at its end on screen)."""
    groups = [t(g, lang) for g in (*GROUPS, "national", "all_clusters")]
    cards = headline_cards(atlas, lang)
    assert cards
    for label, _value, _help, _caption in cards:
        assert any(label.startswith(g) for g in groups), label


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig not installed")
def test_confidence_marks_are_in_the_cjk_font() -> None:
    """The Clusters table's confidence marks must be glyphs of Noto Sans CJK (the only font the
    app relies on): colour emoji such as ✅ show as boxes without an emoji font."""
    from dashboard.views import CONFIDENCE_MARKS

    assert set(CONFIDENCE_MARKS) == {"high", "medium", "low"}
    assert len(set(CONFIDENCE_MARKS.values())) == 3
    for mark in CONFIDENCE_MARKS.values():
        for ch in mark:
            families = subprocess.run(
                ["fc-list", f":charset={ord(ch):x}", "family"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            assert "Noto Sans CJK" in families, (mark, f"U+{ord(ch):04X}")


@pytest.mark.parametrize("lang", LANGS)
def test_description_names_each_panel_with_its_values(atlas: Atlas, lang: str) -> None:
    """The regional indicators' description says, per value, which metric's panel it is in."""
    out = build_chart("regions_dev", atlas, View(lang))
    assert out.fig is not None
    for tr in _hbar_traces(out.fig):
        title = next(
            re.sub(r"<[^>]+>", "", a.text.replace("<br>", " "))  # titles wrap on a phone
            for a in out.fig.layout.annotations
            if (a.yref or "").replace("paper", "") == ""
            and not (a.name or "").startswith("label")
            and _axis(out.fig, tr.xaxis, "x").anchor in (tr.yaxis or "y", None)
            and abs(a.y - _axis(out.fig, tr.yaxis, "y").domain[1]) < 0.01
        )
        for cat, text in zip(tr.y, tr.text, strict=True):
            assert f"{title}: {cat} {text}" in out.description, (title, cat, text)


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_one_unit_per_chart_however_the_data_grow(
    atlas: Atlas,
    grown: Path,  # noqa: F811 (the fixture)
    chart_id: str,
) -> None:
    """A chart draws figures of one unit on its value axis: a place's output (yuan) never
    joins its cluster counts because an article gave one (the Guangdong chart once drew
    Guangdong's 8000亿元 on its count axis). A share shown only as text beside a count
    (cluster_share) is no bar."""
    for a in (atlas, load_atlas(grown)):
        out = build_chart(chart_id, a, View("en"))
        if out.empty or "unit" not in out.table:
            continue
        table = out.table
        drawn = table[table["metric"] != "cluster_share"] if "metric" in table else table
        assert drawn["unit"].nunique() <= 1, (chart_id, sorted(set(drawn["unit"])))
