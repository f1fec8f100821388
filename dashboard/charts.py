"""DataFrame -> plotly Figure. No streamlit import; no database access.

Every builder takes a tidy frame whose rows are points to draw, with at least ``label``,
``value`` (already scaled for display), ``text`` (the value as people read it), ``qualifier``
and ``kind``; and returns a Figure styled so that a reader sees what is exact and what is not:

- exact actuals: solid fill (bars) or filled markers (lines);
- approximate / lower or upper bounds: hatched bars (``/``) or hollow markers, with ≈ > < in
  the label;
- targets: dotted pattern (``.``) with a lighter fill, forecasts cross-hatched (``x``); never
  stacked with actuals.

Colours are fixed per region, domain and cluster group (Okabe-Ito, colour-blind safe).
"""

from __future__ import annotations

import json
import re
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

FONT = (
    "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
)
REGION_COLORS = {
    "east": "#0072B2",
    "central": "#E69F00",
    "west": "#009E73",
    "northeast": "#CC79A7",
    "key4": "#D55E00",
    "jjj": "#56B4E9",
    "yrd": "#D55E00",
    "prd": "#F0E442",
    "cy": "#999999",
    "gba": "#F0E442",
    "xiongan": "#56B4E9",
    "CN": "#555555",
    "other": "#BBBBBB",
}
DOMAIN_COLORS = {
    "ngit": "#0072B2",
    "equipment": "#D55E00",
    "materials": "#009E73",
    "biomed": "#CC79A7",
    "consumer": "#E69F00",
    "nev": "#56B4E9",
}
GROUP_COLORS = {
    "group25": "#56B4E9",
    "group45": "#0072B2",
    "group80": "#D55E00",
    "official": "#555555",
    "registry": "#E69F00",
    "actual": "#0072B2",
    "target": "#D55E00",
}
# plotly_white, cut to the trace types and layout parts these charts use: the full template is
# ~7 KB of JSON sent with every chart on every page (colour scales, 3-D scenes, polar axes...).
_WHITE = pio.templates["plotly_white"]
TEMPLATE = go.layout.Template(
    data={k: _WHITE.data[k] for k in ("bar", "scatter", "waterfall") if _WHITE.data[k]},
    layout={
        k: _WHITE.layout[k]
        for k in (
            "autotypenumbers",
            "colorway",
            "font",
            "hovermode",
            "hoverlabel",
            "paper_bgcolor",
            "plot_bgcolor",
            "xaxis",
            "yaxis",
            "annotationdefaults",
            "shapedefaults",
            "title",
        )
    },
)
NEUTRAL = "#0072B2"
FADED = "#D9D9D9"


def wrap(label: str, width: int = 16) -> str:
    """Break a long category label on spaces with <br> so ticks stay horizontal and short."""
    if len(label) <= width or " " not in label:
        return label
    lines, line = [], ""
    for word in label.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


def _units(ch: str) -> int:
    """Width of a character in Latin letters: 2 for a CJK character (and the curly quotes a CJK
    font draws full width), else 1."""
    return 2 if ord(ch) >= 0x2E80 or ch in "“”‘’" else 1


def wrap_label(label: str, width: int) -> str:
    """Break a label with <br> into lines of at most ``width`` Latin letters (a CJK character
    counts two): between words, or between any two CJK characters; a Latin word longer than a
    line stays whole. For texts drawn at a fixed size that must fit a phone: titles, footers,
    panel titles, category names."""
    if sum(_units(c) for c in label) <= width:
        return label
    lines, line = [], ""
    for tok in re.findall(r"\s+|[A-Za-z0-9\-_.,;:%/()'’&+=]+|.", label):
        n = sum(_units(c) for c in line)
        if line and n + sum(_units(c) for c in tok.rstrip()) > width:
            lines.append(line.rstrip())
            line = "" if tok.isspace() else tok
        else:
            line += tok
    return "<br>".join([*lines, line.rstrip()])


def wrap_text(text: str, width: int = 56) -> str:
    """Break a long footer line with <br> (Plotly does not wrap annotations): between words,
    or between Chinese characters (each counting two letters), so it fits a phone as well as a
    slide."""
    return "<br>".join(wrap_label(part, width) for part in text.split("<br>"))


def pattern_for(qualifier: str, kind: str) -> str:
    """Bar fill pattern: '' solid (exact actual), '/' not exact, '.' target, 'x' forecast."""
    if kind == "target":
        return "."
    if kind == "forecast":
        return "x"
    return "" if qualifier == "exact" else "/"


def symbol_for(qualifier: str) -> str:
    """Marker symbol: filled circle for exact values, hollow for approximate or bounded."""
    return "circle" if qualifier == "exact" else "circle-open"


def _hover(df: pd.DataFrame) -> tuple[Any, str]:
    cols = [c for c in ("hover", "source_line", "quote") if c in df]
    if not cols:
        return None, "%{text}<extra></extra>"
    custom = df[cols].to_numpy()
    lines = ["<b>%{customdata[0]}</b>" if cols[0] == "hover" else ""]
    lines += [f"%{{customdata[{i}]}}" for i, c in enumerate(cols) if c != "hover"]
    return custom, "<br>".join(x for x in lines if x) + "<extra></extra>"


# Layout, in pixels: the footer (source line and footnote) hangs under the plot area.
FOOTER_NAME = "footer"  # the footer annotation's name: export adds its stamp to it
LINE_HEIGHT = 18  # one line of footer text, or one extra line of a wrapped category label
FOOTER_GAP = 62  # from the bottom of the plot area to the footer's first line
MARGIN_LEFT, MARGIN_RIGHT = 60, 30
MARGIN_BOTTOM = 75  # under the plot area, before the footer's lines
LEGEND_ROOM = 25  # added to the top margin when a legend is shown
TITLE_TOP = 95  # the default top margin: title and subtitle
DEFAULT_HEIGHT = 460  # the plot's height before the footer's lines
# What fits a phone (390 px: a plot about 300 px wide), in Latin letters (a CJK character is two)
TITLE_UNITS = 40  # a title at 17 px
LABEL_UNITS = 46  # a category name above its horizontal bar, at 12 px, from the left edge
TICK_UNITS = 9  # a category name under a vertical bar (wrapped over lines)
SUBTITLE_UNITS = 52  # the subtitle (period, coverage), at 12 px
PANEL_UNITS = 11  # a panel title of small multiples (three across), at 12 px
PANEL_LINE = 16  # px of one line of a panel title
FOOT_UNITS = 48  # a line of the footer, at 10 px
LEGEND_WIDTH = 300  # px a legend may take on a phone
TITLE_LINE = 22  # px of one more title line


def legend_rows(fig: go.Figure, width: int = LEGEND_WIDTH) -> int:
    """How many rows the legend's items take in ``width`` px (Plotly wraps a horizontal legend
    into rows that grow upwards, over the title, unless the top margin holds them)."""
    names = [str(tr.name) for tr in fig.data if tr.name and tr.showlegend is not False]
    rows, used = 1, 0
    for name in names:
        w = 40 + 7 * sum(_units(c) for c in name)  # symbol, gap and text at 12-13 px
        if used and used + w > width:
            rows, used = rows + 1, 0
        used += w
    return rows


def _head(
    fig: go.Figure, title: str, subtitle: str, top: int, legend: bool, height: int
) -> tuple[str, str, int, float]:
    """The title and subtitle wrapped to a phone's width, the top margin grown by their extra
    lines, the panel titles' extra lines and the legend's extra rows, and where the legend
    stands: on the plot area, or on the first row's panel titles (px -> paper)."""
    panels = top > TITLE_TOP  # small multiples: panel titles stand above the plot area
    title = wrap_label(title, TITLE_UNITS)
    subtitle = wrap_label(subtitle, SUBTITLE_UNITS)
    top += TITLE_LINE * title.count("<br>") + PANEL_LINE * subtitle.count("<br>")
    panel_lines = max(
        (str(a.text).count("<br>") + 1 for a in fig.layout.annotations if a.yanchor == "bottom"),
        default=1,
    )
    top += PANEL_LINE * (panel_lines - 1) if panels else 0
    if legend:
        top += LEGEND_ROOM * (legend_rows(fig) - 1)
    plot_height = height - top - (LEGEND_ROOM if legend else 0) - MARGIN_BOTTOM
    legend_y = 1.0 + (PANEL_LINE * panel_lines + 8) / plot_height if panels else 1.0
    return title, subtitle, top, legend_y


def finish(
    fig: go.Figure,
    title: str,
    subtitle: str,
    source_line: str,
    *,
    legend: bool = True,
    height: int = DEFAULT_HEIGHT,
    footnote: str = "",
    top: int = TITLE_TOP,
) -> go.Figure:
    """Title with the period as subtitle, the legend top right, and the source line (and a
    footnote) anchored a fixed number of pixels under the plot, so it is never cut off."""
    foot = wrap_text(source_line, FOOT_UNITS) + (
        f"<br>{wrap_text(footnote, FOOT_UNITS)}" if footnote else ""
    )
    lines = foot.count("<br>") + 1
    ticks = [
        x
        for tr in fig.data
        if isinstance(getattr(tr, "x", None), tuple | list)
        for x in tr.x
        if isinstance(x, str)
    ]
    tick_lines = max((x.count("<br>") + 1 for x in ticks), default=1)
    drop = LINE_HEIGHT * max(tick_lines - 1, 0)  # wrapped category labels push the footer down
    title, subtitle, top, legend_y = _head(fig, title, subtitle, top, legend, height)
    fig.update_layout(
        title={
            "text": title,
            "subtitle": {"text": subtitle},
            "x": 0.01,
            "xanchor": "left",
            "y": 0.98,
            "yanchor": "top",
            # Plotly anchors a wrapped title by its first line: push it down by the others
            "pad": {"t": TITLE_LINE * title.count("<br>")},
        },
        font={"family": FONT, "size": 13},
        height=height + LINE_HEIGHT * lines + drop,
        margin={
            "l": MARGIN_LEFT,
            "r": MARGIN_RIGHT,
            "t": top + (LEGEND_ROOM if legend else 0),
            "b": MARGIN_BOTTOM + LINE_HEIGHT * lines + drop,
        },
        showlegend=legend,
        legend={
            "orientation": "h",
            "y": legend_y,
            "yanchor": "bottom",
            "x": 1,
            "xanchor": "right",
            "title": None,
        },
        template=TEMPLATE,
    )
    fig.add_annotation(
        text=foot,
        name=FOOTER_NAME,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-FOOTER_GAP - drop,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        font={"size": 10, "color": "#555555"},
    )
    return fig


def footer(fig: dict[str, Any] | go.Figure) -> dict[str, Any] | None:
    """The footer annotation of a finished figure (as a dict), found by name; None if none."""
    if isinstance(fig, go.Figure):
        hit = next((a for a in fig.layout.annotations if a.name == FOOTER_NAME), None)
        return None if hit is None else dict(hit.to_plotly_json())
    annotations = fig.get("layout", {}).get("annotations") or []
    return next((a for a in annotations if a.get("name") == FOOTER_NAME), None)


def stacked_bars(
    df: pd.DataFrame,
    *,
    series: str,
    series_names: dict[str, str],
    colors: dict[str, str],
    axis_title: str,
) -> go.Figure:
    """Bars per ``label`` stacked by ``series`` (one trace per value, in order of appearance),
    each segment labelled with its ``value``; hover says the series and the value."""
    fig = go.Figure()
    for key, part in df.groupby(series, sort=False):
        label = series_names.get(str(key), str(key))
        fig.add_bar(
            x=[wrap(str(v)) for v in part["label"]],
            y=part["value"],
            name=label,
            marker_color=colors.get(str(key), NEUTRAL),
            text=part["value"],
            hovertemplate=f"{label}: %{{y}}<extra></extra>",
        )
    # a segment too thin for its number at a readable size shows none (hover and table keep
    # it): Plotly would shrink it to a speck on a phone
    fig.update_layout(barmode="stack", uniformtext={"minsize": 9, "mode": "hide"})
    fig.update_yaxes(title=axis_title, rangemode="tozero")
    fig.update_xaxes(type="category", tickangle=0)
    return fig


def bars(
    df: pd.DataFrame,
    *,
    colors: Sequence[str],
    axis_title: str,
    horizontal: bool = False,
    custom_ids: Sequence[str] | None = None,
) -> go.Figure:
    """One bar per row of ``df`` (label, value, text, qualifier, kind), coloured per row;
    ``custom_ids`` go into customdata[...] last for click-to-filter."""
    custom, template = _hover(df)
    patterns = [pattern_for(q, k) for q, k in zip(df["qualifier"], df["kind"], strict=True)]
    if custom_ids is not None:
        extra = pd.DataFrame({"id": list(custom_ids)}).to_numpy()
        custom = (
            extra
            if custom is None
            else pd.concat([pd.DataFrame(custom), pd.DataFrame(extra)], axis=1).to_numpy()
        )
    bar = go.Bar(
        x=df["value"] if horizontal else [wrap_label(str(v), TICK_UNITS) for v in df["label"]],
        y=df["label"] if horizontal else df["value"],
        orientation="h" if horizontal else "v",
        text=df["text"],
        textposition="outside",
        cliponaxis=False,
        customdata=custom,
        hovertemplate=template,
        marker={
            "color": list(colors),
            "pattern": {"shape": patterns, "fgcolor": "#333333", "solidity": 0.25},
            "line": {"color": list(colors), "width": 1.5},
        },
        opacity=1.0,
    )
    fig = go.Figure(bar)
    if horizontal:
        names_above(fig, [str(v) for v in df["label"]], axis_title, offset=0.27)
        # room right of the longest bar for its label (about 240 px of plot on a phone)
        longest = max((sum(_units(c) for c in str(v)) for v in df["text"]), default=0)
        vmax = float(df["value"].max()) if len(df) else 0.0
        if vmax > 0:
            fig.update_xaxes(range=[0, vmax * 240 / max(240 - 7 * longest - 12, 120)])
    else:
        fig.update_yaxes(title=axis_title, rangemode="tozero")
        fig.update_xaxes(title=None, type="category", tickangle=0)
    return fig


def names_above(fig: go.Figure, labels: list[str], axis_title: str, *, offset: float) -> None:
    """Horizontal bars with each category's name above its bar(s), across the full width,
    instead of in a left margin: long names stay readable on a phone and need no fixed margin.
    ``offset``: how far above the category's centre the name stands (in categories)."""
    fig.update_yaxes(autorange="reversed", title=None, showticklabels=False)
    fig.update_xaxes(title=axis_title, rangemode="tozero")
    fig.update_layout(bargap=0.5)
    for i, label in enumerate(labels):
        fig.add_annotation(
            text=wrap_label(label, LABEL_UNITS),
            x=0,
            xref="paper",
            xanchor="left",
            xshift=8 - MARGIN_LEFT,  # no tick labels on the left: use the margin
            y=i - offset,
            yref="y",
            yanchor="bottom",
            showarrow=False,
            align="left",
            font={"size": 12, "color": "#333333"},
            name=f"label{i}",
        )


def grouped_bars(
    df: pd.DataFrame,
    *,
    series: str,
    series_names: dict[str, str],
    colors: dict[str, str],
    axis_title: str,
    horizontal: bool = False,
) -> go.Figure:
    """Bars per ``label``, one trace per value of ``series`` (e.g. official vs registry);
    ``horizontal``: the names above the bars (fits a phone however many categories)."""
    fig = go.Figure()
    for key, part in df.groupby(series, sort=False):
        custom, template = _hover(part)
        cats = [wrap(str(v)) for v in part["label"]]
        fig.add_bar(
            x=part["value"] if horizontal else cats,
            y=list(part["label"]) if horizontal else part["value"],
            orientation="h" if horizontal else "v",
            name=series_names.get(str(key), str(key)),
            text=part["text"],
            textposition="outside",
            cliponaxis=False,
            customdata=custom,
            hovertemplate=template,
            marker={
                "color": colors.get(str(key), NEUTRAL),
                "pattern": {
                    "shape": [
                        pattern_for(q, k)
                        for q, k in zip(part["qualifier"], part["kind"], strict=True)
                    ],
                    "fgcolor": "#333333",
                    "solidity": 0.25,
                },
            },
        )
    fig.update_layout(barmode="group")
    if horizontal:
        names_above(fig, list(dict.fromkeys(str(v) for v in df["label"])), axis_title, offset=0.4)
        fig.update_layout(bargap=0.35)
        return fig
    fig.update_yaxes(title=axis_title, rangemode="tozero")
    fig.update_xaxes(type="category", tickangle=0)
    return fig


def small_multiples(
    df: pd.DataFrame,
    *,
    panel: str,
    panel_titles: dict[str, str],
    series: str,
    series_names: dict[str, str],
    colors: dict[str, str],
    cols: int = 3,
) -> go.Figure:
    """One panel per value of ``panel`` (each with its own y scale), bars per ``label``."""
    panels = list(dict.fromkeys(df[panel]))
    rows = (len(panels) + cols - 1) // cols
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=[wrap_label(panel_titles[p], PANEL_UNITS) for p in panels],
        vertical_spacing=0.22,
        horizontal_spacing=0.08,
    )
    shown: set[str] = set()
    for i, p in enumerate(panels):
        part = df[df[panel] == p]
        custom, template = _hover(part)
        for key in dict.fromkeys(part[series]):
            sub = part[part[series] == key]
            c_sub = None if custom is None else custom[(part[series] == key).to_numpy()]
            fig.add_bar(
                x=sub["label"],
                y=sub["value"],
                # at full size over lines: shrunk to a narrow bar's width it is unreadable
                text=[wrap(str(v), 8) for v in sub["text"]],
                textposition="outside",
                textangle=0,
                constraintext="none",
                cliponaxis=False,
                name=series_names.get(str(key), str(key)),
                legendgroup=str(key),
                showlegend=key not in shown,
                customdata=c_sub,
                hovertemplate=template,
                marker={
                    "color": colors.get(str(key), NEUTRAL),
                    "pattern": {
                        "shape": [
                            pattern_for(q, k)
                            for q, k in zip(sub["qualifier"], sub["kind"], strict=True)
                        ],
                        "fgcolor": "#333333",
                        "solidity": 0.25,
                    },
                },
                row=i // cols + 1,
                col=i % cols + 1,
            )
            shown.add(str(key))
    fig.update_yaxes(rangemode="tozero", showticklabels=False)
    # no category names under the panels' bars: three to a panel do not fit a phone; the legend
    # names each colour (the group) and the subtitle the periods
    fig.update_xaxes(type="category", showticklabels=False)
    fig.update_annotations(font={"size": 12})
    return fig


def step_growth(df: pd.DataFrame, *, axis_title: str) -> go.Figure:
    """Waterfall: the first row absolute, the others increments (``delta`` column), labels in
    ``text``; ``value`` is the running total."""
    measure = ["absolute"] + ["relative"] * (len(df) - 1)
    y = [df["value"].iloc[0], *df["delta"].iloc[1:]]
    custom, template = _hover(df)
    fig = go.Figure(
        go.Waterfall(
            x=df["label"],
            y=y,
            measure=measure,
            # each step's label over lines, at full size: shrunk to the bar's width it is
            # unreadable on a phone
            text=[wrap(str(v), 10) for v in df["text"]],
            textposition="outside",
            constraintext="none",
            customdata=custom,
            hovertemplate=template,
            cliponaxis=False,
            increasing={"marker": {"color": "#E69F00"}},
            totals={"marker": {"color": NEUTRAL}},
            decreasing={"marker": {"color": "#CC79A7"}},
            connector={"line": {"color": "#888888", "dash": "dot"}},
        )
    )
    fig.update_yaxes(title=axis_title, rangemode="tozero")
    fig.update_xaxes(type="category", tickangle=0)
    return fig


def line_over_time(
    df: pd.DataFrame, *, axis_title: str, color: str = NEUTRAL, date_format: str = "%b %Y"
) -> go.Figure:
    """Markers joined by a line over ``date``; hollow markers for values that are not exact;
    date ticks in ``date_format`` (a d3 time format, from the i18n table)."""
    custom, template = _hover(df)
    fig = go.Figure(
        go.Scatter(
            x=df["date"],
            y=df["value"],
            mode="lines+markers+text",
            text=df["text"],
            textposition="top center",
            customdata=custom,
            hovertemplate=template,
            line={"color": color, "width": 2},
            marker={
                "size": 12,
                "symbol": [symbol_for(q) for q in df["qualifier"]],
                "color": color,
                "line": {"width": 2, "color": color},
            },
        )
    )
    fig.update_yaxes(title=axis_title, rangemode="tozero")
    fig.update_xaxes(title=None, type="date", tickformat=date_format)
    return fig


BINS = ((0, 0), (1, 1), (2, 2), (3, 4), (5, 7), (8, 10**6))


def choropleth(df: pd.DataFrame, shapes: pd.DataFrame, *, colorbar_title: str) -> go.Figure:
    """Provinces filled by ``df.value`` in a few classes (``df.adcode`` joins ``shapes.adcode``;
    ``shapes`` holds each province's GeoJSON ``geometry`` and its ``centre_x``/``centre_y``),
    with a hover marker at each province's centre.

    Drawn as filled polygons on plain axes, not as a plotly geo trace: geo traces fetch a base
    map (topojson) from the internet even with a custom GeoJSON, and this map must work offline,
    in the browser and in exports alike. One trace per class keeps the figure small. Longitudes
    are stretched by 1/cos(35°) so shapes look right at China's latitudes.
    """
    palette = ["#F2F2F2", "#C6DBEF", "#9ECAE1", "#6BAED6", "#2171B5", "#08306B"]
    values = df.set_index("adcode")["value"]
    hover = df.set_index("adcode")["hover"] if "hover" in df else pd.Series(dtype=str)
    xs: dict[int, list[float]] = {i: [] for i in range(len(BINS))}
    ys: dict[int, list[float]] = {i: [] for i in range(len(BINS))}
    texts = []
    for code, geometry in zip(shapes["adcode"], shapes["geometry"], strict=True):
        v = float(values.get(code, 0) or 0)
        k = next(i for i, (lo, hi) in enumerate(BINS) if lo <= v <= hi)
        geom = json.loads(geometry)
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        for poly in polys:
            xs[k] += [p[0] for p in poly[0]] + [float("nan")]
            ys[k] += [p[1] for p in poly[0]] + [float("nan")]
        texts.append(str(hover.get(code, "")))
    fig = go.Figure()
    for k, (lo, hi) in enumerate(BINS):
        if not xs[k]:
            continue
        label = str(lo) if lo == hi else (f"{lo}+" if hi > 1000 else f"{lo}–{hi}")
        # float32 arrays travel as compact base64 typed arrays; NaN separates the rings
        fig.add_scatter(
            x=np.asarray(xs[k], "f4"),
            y=np.asarray(ys[k], "f4"),
            fill="toself",
            fillcolor=palette[k],
            mode="lines",
            name=label,
            line={"color": "#FFFFFF", "width": 0.6},
            hoverinfo="skip",
            legendrank=k,
        )
    fig.add_scatter(
        x=list(shapes["centre_x"]),
        y=list(shapes["centre_y"]),
        mode="markers",
        text=texts,
        hovertemplate="%{text}<extra></extra>",
        marker={"size": 5, "color": "rgba(0,0,0,0.18)"},
        showlegend=False,
    )
    fig.update_xaxes(visible=False, range=[73, 136])
    fig.update_yaxes(visible=False, range=[16, 54], scaleanchor="x", scaleratio=1.22)
    fig.update_layout(legend_title_text=colorbar_title)
    return fig


class FrozenFigure(go.Figure):
    """A figure that will not change any more (cached for reuse): ``to_dict`` is computed once.

    ``st.plotly_chart`` calls ``to_dict`` (a deep copy) on every rerun; for a cached chart that
    is wasted work. Callers that need to change a figure copy it first (``export_figure`` does).
    """

    def __init__(self, fig: go.Figure) -> None:
        super().__init__(fig)
        self._frozen: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        if self._frozen is None:
            self._frozen = super().to_dict()
            _remember(self._frozen)
        return self._frozen


# Serialised frozen figures, by the identity of their (never changing) dict: st.plotly_chart
# turns a figure into JSON on every rerun (plotly.io.to_json); for a cached figure the JSON is
# the same every time, so it is made once. Bounded: the oldest entries are dropped.
_FROZEN: OrderedDict[int, tuple[dict[str, Any], str | None]] = OrderedDict()
_FROZEN_MAX = 1024
_to_json = pio.to_json


def _remember(d: dict[str, Any]) -> None:
    _FROZEN[id(d)] = (d, None)
    while len(_FROZEN) > _FROZEN_MAX:
        _FROZEN.popitem(last=False)


def _to_json_once(fig: Any, *args: Any, **kwargs: Any) -> str:
    hit = _FROZEN.get(id(fig))
    if hit is None or hit[0] is not fig or args or kwargs.get("validate", True):
        return str(_to_json(fig, *args, **kwargs))
    if hit[1] is None:
        _FROZEN[id(fig)] = (fig, str(_to_json(fig, *args, **kwargs)))
    return str(_FROZEN[id(fig)][1])


pio.to_json = _to_json_once
