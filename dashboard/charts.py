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

import base64
import json
import math
import re
import unicodedata
import zlib
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from _plotly_utils.utils import plotlyjsShortTypes
from plotly.io.json import to_json_plotly
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


def cols(text: str) -> int:
    """The width of ``text`` in columns: a CJK (wide) character takes two, a Latin one one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(label: str, width: int = 16) -> str:
    """Break a long category label on spaces with <br> so ticks stay horizontal and short
    (``width`` in columns: a Chinese character counts twice)."""
    if cols(label) <= width or " " not in label:
        return label
    lines, line = [], ""
    for word in label.split(" "):
        if line and cols(line) + 1 + cols(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


def as_text(value: object) -> str:
    """``value`` as literal text in Plotly's HTML-like labels: a publisher or quote holding
    ``<a href=…>`` or ``<b>`` is shown as typed, never as a link or markup."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# A Latin word (with what clings to it) or any one other character, with the spaces after it.
_TOKEN = re.compile(r"[\x21-\x7e\u00a0-\u024f≈–—…’”]+\s*|\s+|.")


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
    # publishers and quotes as text, never markup
    custom = df[cols].map(lambda v: as_text(v) if isinstance(v, str) else v).to_numpy()
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
    lines_ = [as_text(x) for x in wrap_text(source_line, FOOT_UNITS).split("<br>")]  # as text
    foot = "<br>".join(lines_) + (f"<br>{wrap_text(footnote, FOOT_UNITS)}" if footnote else "")
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
    set_layout(
        fig,
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


def _merged(held: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """``held`` with ``new`` merged in: a dict into a dict, key by key; anything else replaces."""
    out = dict(held)
    for k, v in new.items():
        old = out.get(k)
        out[k] = _merged(old, v) if isinstance(v, dict) and isinstance(old, dict) else v
    return out


def set_layout(fig: go.Figure, **props: Any) -> go.Figure:
    """What ``fig.update_layout(**props)`` does with top-level properties (a dict merges into
    what the layout holds, anything else replaces it; a None in a dict unsets that property,
    where Plotly's update leaves an empty one), each set once, validated as ever. Plotly's
    own update goes through its relayout machinery key path by key path: for a finished chart's
    title, margins and legend about 3.5 ms, against 0.3 ms so (a chart built for a new view pays
    it, under load). Two things it does not do as Plotly's update: a list (annotations,
    shapes) replaces the one held, where ``update_layout`` merges item by item; and
    ``xaxis={...}`` sets that one axis, where ``update_xaxes`` sets every x axis of a figure
    of subplots (those keep ``update_xaxes``)."""
    layout = fig.layout
    for key, value in props.items():
        if isinstance(value, dict):
            held = layout[key]
            value = _merged(held.to_plotly_json() if held is not None else {}, value)
        layout[key] = value
    return fig


def footer(fig: dict[str, Any] | go.Figure) -> dict[str, Any] | None:
    """The footer annotation of a finished figure (as a dict), found by name; None if none."""
    if isinstance(fig, FrozenFigure):  # a released one keeps its JSON only
        fig = fig.to_dict()
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
    traces = []
    for key, part in df.groupby(series, sort=False):
        label = series_names.get(str(key), str(key))
        values = part["value"].to_numpy()  # Plotly takes an array at half a Series' cost
        traces.append(
            go.Bar(
                x=[wrap(str(v)) for v in part["label"]],
                y=values,
                name=label,
                marker_color=colors.get(str(key), NEUTRAL),
                text=values,
                hovertemplate=f"{label}: %{{y}}<extra></extra>",
            )
        )
    fig = go.Figure(data=traces)  # at once: add_bar goes through Plotly's update machinery
    # a segment too thin for its number at a readable size shows none (hover and table keep
    # it): Plotly would shrink it to a speck on a phone
    return set_layout(
        fig,
        barmode="stack",
        uniformtext={"minsize": 9, "mode": "hide"},
        yaxis={"title": axis_title, "rangemode": "tozero"},
        xaxis={"type": "category", "tickangle": 0},
    )


# Horizontal bars: each bar's name stands above it, in the gap left by ``bargap``; the gap grows
# with the lines of the longest name, so that a wrapped name never reaches the bar above, and the
# chart's height grows with its bars, so that one bar alone keeps its size.
LABEL_LINE_PX = 16  # one line of a 12 px name
BAR_PX = 26  # the thickness of a horizontal bar
TEXT_COL_PX = 7.5  # one column of a 13 px label beside a bar
NARROW_PLOT_PX = 300  # the plot width the labels beside the bars must fit (a phone, a column)


def hbar_slot(labels: Sequence[str]) -> tuple[float, float]:
    """The pixels one horizontal bar takes with its name above it, and the bar gap (a fraction
    of that) that leaves room for the longest name."""
    lines = max((wrap_label(str(x), LABEL_UNITS).count("<br>") + 1 for x in labels), default=1)
    slot = BAR_PX + LABEL_LINE_PX * lines + 8
    return slot, 1 - BAR_PX / slot


def hbar_height(labels: Sequence[str], *, top: int = TITLE_TOP, axis_title: bool = True) -> int:
    """The chart height (before the footer's lines) that gives every bar its slot."""
    slot, gap = hbar_slot(labels)
    plot = slot * (max(len(labels), 1) + gap / 2)
    return int(top + MARGIN_BOTTOM - (0 if axis_title else 20) + plot)


def _categories(n: int, gap: float) -> list[float]:
    """The range of a horizontal bars' category axis, first bar on top, with half a gap more
    above it: the first bar's name has as much room as the others'."""
    return [n - 0.5, -0.5 - gap / 2]


def value_range(values: Sequence[float], texts: Sequence[str]) -> list[float]:
    """An axis range from 0 that leaves room, beside each bar, for its label drawn outside it,
    even in a narrow plot (a long label beside the longest bar must not be cut at the edge)."""
    top = 0.0
    for v, text in zip(values, texts, strict=True):
        share = min(
            (cols(re.sub(r"<[^>]+>", "", str(text))) * TEXT_COL_PX + 8) / NARROW_PLOT_PX, 0.7
        )
        top = max(top, float(v) / (1 - share))
    return [0, top or 1]


def _bar_trace(
    df: pd.DataFrame, colors: Sequence[str], horizontal: bool, custom_ids: Sequence[str] | None
) -> go.Bar:
    custom, template = _hover(df)
    patterns = [pattern_for(q, k) for q, k in zip(df["qualifier"], df["kind"], strict=True)]
    if custom_ids is not None:
        extra = pd.DataFrame({"id": list(custom_ids)}).to_numpy()
        custom = (
            extra
            if custom is None
            else pd.concat([pd.DataFrame(custom), pd.DataFrame(extra)], axis=1).to_numpy()
        )
    return go.Bar(
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


def _names_above(fig: go.Figure, labels: Sequence[str], bargap: float, yref: str = "y") -> None:
    """Each bar's name above it, from the same row as the bar (category ``i`` is bar ``i``)."""
    for i, label in enumerate(labels):
        fig.add_annotation(
            text=wrap_label(str(label), LABEL_UNITS),  # a CJK character counts two
            x=0,
            xref="paper",
            xanchor="left",
            xshift=8 - MARGIN_LEFT,  # no tick labels on the left: the names use the margin
            y=i - (1 - bargap) / 2,
            yref=yref,
            yanchor="bottom",
            yshift=2,
            showarrow=False,
            align="left",
            font={"size": 12, "color": "#333333"},
            name=f"label{i}",
        )


def bars(
    df: pd.DataFrame,
    *,
    colors: Sequence[str],
    axis_title: str,
    horizontal: bool = False,
    custom_ids: Sequence[str] | None = None,
) -> go.Figure:
    """One bar per row of ``df`` (label, value, text, qualifier, kind), coloured per row;
    ``custom_ids`` go into customdata[...] last for click-to-filter. Horizontal bars get their
    height from ``hbar_height`` (the caller passes it on)."""
    fig = go.Figure(_bar_trace(df, colors, horizontal, custom_ids))
    if horizontal:
        # Category names stand above their bars, across the full width, instead of in a left
        # margin: long names stay readable on a phone and need no fixed margin.
        _, gap = hbar_slot(list(df["label"]))
        set_layout(
            fig,
            yaxis={"range": _categories(len(df), gap), "title": None, "showticklabels": False},
            xaxis={
                "title": axis_title,
                "range": value_range(list(df["value"]), list(df["text"])),
            },
            bargap=gap,
        )
        _names_above(fig, list(df["label"]), gap)
        return fig
    return set_layout(
        fig,
        yaxis={"title": axis_title, "rangemode": "tozero"},
        xaxis={"title": None, "type": "category", "tickangle": 0},
    )


PANEL_GAP_PX = 64  # between stacked panels: the axis ticks of one, the title of the next


def bar_panels(
    df: pd.DataFrame, *, panel: str, panel_titles: dict[str, str], colors: Sequence[str]
) -> tuple[go.Figure, int]:
    """Horizontal bars in panels stacked one above the other, one per value of ``panel`` (each
    with its own axis: measures that are not comparable are never drawn on one scale), names
    above the bars. Returns the figure and the plot height in pixels it needs."""
    panels = list(dict.fromkeys(df[panel]))
    slot, gap = hbar_slot(list(df["label"]))
    sizes = [int((df[panel] == p).sum()) for p in panels]
    plot_px = slot * (sum(sizes) + len(sizes) * gap / 2) + PANEL_GAP_PX * (len(panels) - 1)
    fig = make_subplots(
        rows=len(panels),
        cols=1,
        row_heights=[slot * (n + gap / 2) for n in sizes],
        vertical_spacing=PANEL_GAP_PX / plot_px if len(panels) > 1 else 0,
        subplot_titles=[panel_titles[p] for p in panels],
    )
    palette = pd.Series(list(colors), index=df.index)
    for i, p in enumerate(panels):
        part = df[df[panel] == p]
        fig.add_trace(_bar_trace(part, list(palette[part.index]), True, None), row=i + 1, col=1)
        ref = "y" if i == 0 else f"y{i + 1}"
        _names_above(fig, list(part["label"]), gap, ref)
        fig.update_xaxes(
            range=value_range(list(part["value"]), list(part["text"])), row=i + 1, col=1
        )
        fig.update_yaxes(range=_categories(len(part), gap), row=i + 1, col=1)
    fig.update_yaxes(showticklabels=False)
    for a in fig.layout.annotations:
        if not (a.name or "").startswith("label"):  # panel titles, left-aligned, in bold
            title = wrap_label(str(a.text), LABEL_UNITS - 4)  # bold 13 px: a little wider
            a.update(text=f"<b>{title}</b>", x=0, xanchor="left", xshift=8 - MARGIN_LEFT)
            a.update(font={"size": 13})
    fig.update_layout(bargap=gap)
    return fig, int(plot_px)


def integer_ticks(fig: go.Figure) -> go.Figure:
    """Whole-number ticks on every value axis of a chart of counts (Plotly's automatic ticks
    step by 0.5 on a short range): a step of 1, 2, 5, 10, 20 … giving at most six or seven
    ticks, few enough for a half-width column."""
    tops: dict[str, float] = {}
    stacked = fig.layout.barmode == "stack"
    totals: dict[tuple[str, Any], float] = {}
    for tr in fig.data:
        if tr.type not in ("bar", "waterfall", "scatter") or getattr(tr, "fill", None):
            continue
        h = getattr(tr, "orientation", None) == "h"
        ref = ("x" + (tr.xaxis or "x")[1:]) if h else ("y" + (tr.yaxis or "y")[1:])
        vals = [float(v) for v in (tr.x if h else tr.y)]
        if tr.type == "waterfall":
            vals = [sum(vals[: i + 1]) for i in range(len(vals))]
        if stacked:
            for c, v in zip(tr.y if h else tr.x, vals, strict=True):
                totals[(ref, c)] = totals.get((ref, c), 0.0) + v
            vals = [totals[(ref, c)] for c in (tr.y if h else tr.x)]
        tops[ref] = max([tops.get(ref, 0.0), *vals])
    for ref, top in tops.items():
        axis = fig.layout[f"{ref[0]}axis{ref[1:]}"]
        top = max(top, float(axis.range[1]) if axis.range else 0.0)  # room kept for labels
        step = next(s * 10**k for k in range(12) for s in (1, 2, 5) if s * 10**k * 6 >= top)
        # one property at a time: axis.update goes through Plotly's update machinery (4x)
        axis.dtick = step
        axis.tick0 = 0
        axis.tickformat = ",d"
    return fig


def names_above(fig: go.Figure, labels: list[str], axis_title: str, *, offset: float) -> None:
    """Horizontal bars with each category's name above its bar(s), across the full width,
    instead of in a left margin: long names stay readable on a phone and need no fixed margin.
    ``offset``: how far above the category's centre the name stands (in categories)."""
    set_layout(
        fig,
        yaxis={"autorange": "reversed", "title": None, "showticklabels": False},
        xaxis={"title": axis_title, "rangemode": "tozero"},
        bargap=0.5,
    )
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
    set_layout(fig, barmode="group")
    if horizontal:
        names_above(fig, list(dict.fromkeys(str(v) for v in df["label"])), axis_title, offset=0.4)
        return set_layout(fig, bargap=0.35)
    return set_layout(
        fig,
        yaxis={"title": axis_title, "rangemode": "tozero"},
        xaxis={"type": "category", "tickangle": 0},
    )


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
    return set_layout(
        fig,
        yaxis={"title": axis_title, "rangemode": "tozero"},
        xaxis={"type": "category", "tickangle": 0},
    )


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
    return set_layout(
        fig,
        yaxis={"title": axis_title, "rangemode": "tozero"},
        xaxis={"title": None, "type": "date", "tickformat": date_format},
    )


BINS = ((0, 0), (1, 1), (2, 2), (3, 4), (5, 7), (8, 10**6))
HOVER = "%{text}<extra></extra>"  # the hover markers' template: how restyled finds them


# Parsed shapes, by the identity of the (never changing) frame they were read from: a map of a
# new combination of filters parses no GeoJSON. Bounded like the snapshots that hold them.
_PARSED: OrderedDict[tuple[int, str], tuple[object, Any]] = OrderedDict()
_PARSED_MAX = 16  # two per snapshot (the shapes, the inset), and a few snapshots


def _parsed(frame: pd.DataFrame, parse: Any) -> Any:
    """``parse(frame)``, once per frame (a snapshot's table) and parser."""
    key = (id(frame), parse.__name__)
    hit = _PARSED.get(key)
    if hit is not None and hit[0] is frame:
        return hit[1]
    value = parse(frame)
    _PARSED[key] = (frame, value)
    while len(_PARSED) > _PARSED_MAX:
        _PARSED.popitem(last=False)
    return value


def _outlines(shapes: pd.DataFrame) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """Each province's outer rings as float32 x and y arrays, NaN after each ring (parsed
    once, and shared: read only)."""

    def outlines(frame: pd.DataFrame) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
        out: list[tuple[np.ndarray, np.ndarray]] = []
        for geometry in frame["geometry"]:
            geom = json.loads(geometry)
            polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
            xs: list[float] = []
            ys: list[float] = []
            for poly in polys:
                xs += [p[0] for p in poly[0]] + [float("nan")]
                ys += [p[1] for p in poly[0]] + [float("nan")]
            out.append((np.asarray(xs, "f4"), np.asarray(ys, "f4")))
        return tuple(out)

    return _parsed(shapes, outlines)


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
    drawn = classed(df, shapes)
    fig = go.Figure()
    for k, (lo, hi) in enumerate(BINS):
        if k not in drawn.key:
            continue
        label = str(lo) if lo == hi else (f"{lo}+" if hi > 1000 else f"{lo}–{hi}")
        # float32 arrays travel as compact base64 typed arrays; NaN separates the rings
        x, y = drawn.rings(k)
        fig.add_scatter(
            x=x,
            y=y,
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
        text=list(drawn.texts),
        hovertemplate=HOVER,
        marker={"size": 5, "color": "rgba(0,0,0,0.18)"},
        showlegend=False,
    )
    fig.update_xaxes(visible=False, range=list(MAP_X))
    fig.update_yaxes(visible=False, range=list(MAP_Y), scaleanchor="x", scaleratio=MAP_STRETCH)
    fig.update_layout(legend_title_text=colorbar_title)
    return fig


@dataclass(frozen=True)
class Classed:
    """A map's provinces by class (of ``BINS``, by ``df.value``), in the order of ``shapes``:
    each one's class and hover text, and the provinces' outlines (shared: parsed once)."""

    classes: bytes
    texts: tuple[str, ...]
    outlines: Sequence[tuple[np.ndarray, np.ndarray]]

    @property
    def key(self) -> tuple[int, ...]:
        """The classes drawn: two maps with the same classes differ only in their outlines'
        classes and hover texts (legend, layout and inset are the same)."""
        return tuple(sorted(set(self.classes)))

    def __deepcopy__(self, memo: dict[int, Any]) -> Classed:
        return self  # read only (its outlines are shared by every map): a copy is itself

    def rings(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The outlines of class ``k``'s provinces as one x and one y array."""
        parts = [o for o, c in zip(self.outlines, self.classes, strict=True) if c == k]
        return np.concatenate([x for x, _ in parts]), np.concatenate([y for _, y in parts])


def classed(df: pd.DataFrame, shapes: pd.DataFrame) -> Classed:
    """The provinces of ``shapes`` in the classes of ``df.value``, with ``df.hover``."""
    values = df.set_index("adcode")["value"]
    hover = df.set_index("adcode")["hover"] if "hover" in df else pd.Series(dtype=str)
    value_of = dict(zip(values.index, values, strict=True))
    hover_of = dict(zip(hover.index, hover, strict=True))
    classes = []
    texts = []
    for code in shapes["adcode"]:
        classes.append(map_class(float(value_of.get(code, 0) or 0)))
        texts.append(str(hover_of.get(code, "")))
    return Classed(bytes(classes), tuple(texts), _outlines(shapes))


def map_class(value: float) -> int:
    """The class (index of ``BINS``) a province's value falls in."""
    return next(i for i, (lo, hi) in enumerate(BINS) if lo <= value <= hi)


class MapBase:
    """A finished map as JSON (its uids kept), which ``restyled`` makes the maps of the same
    classes from, and their template (``MapTemplate``), made when a map made from it is first
    released. Both live as long as the database version that made the map."""

    __slots__ = ("_template", "json")

    def __init__(self, text: str) -> None:
        self.json = text
        self._template: MapTemplate | None = None

    @property
    def template(self) -> MapTemplate:
        if self._template is None:  # two threads may both make it: the same, one kept
            self._template = _map_template(self.json)
        return self._template


def restyled(base: MapBase, drawn: Classed) -> go.Figure:
    """The finished map of ``drawn``, made from ``base``: a finished map (title, legend,
    inset, footer) of the same classes (``Classed.key``). Its class traces get ``drawn``'s
    outlines and its hover markers ``drawn``'s texts; nothing else changes, and nothing is
    validated again: a map of a new view costs a few joins of arrays, not a new figure's
    construction (tens of milliseconds). Finished as it is: what ``FrozenFigure.release``
    keeps of it is ``base`` and ``drawn``, so a change made to it before that is not kept."""
    fig = _with(base.json, drawn.rings, list(drawn.texts))
    fig._restyled = (base, drawn)  # what ``FrozenFigure.release`` keeps of it
    return fig


def _with(base: str, rings: Callable[[int], tuple[Any, Any]], texts: Any) -> go.Figure:
    """The map ``base`` (JSON) as a figure, each class trace's x and y ``rings(class)`` and
    the hover markers' text ``texts``; nothing validated again."""
    plain = json.loads(base)  # a fresh copy: the figure made may be changed by its owner
    data = []
    for trace in map(_typed, plain["data"]):
        if trace.get("fill") == "toself" and "legendrank" in trace and "uid" not in trace:
            trace["x"], trace["y"] = rings(int(trace["legendrank"]))  # a class, not the inset
        elif trace.get("hovertemplate") == HOVER:
            trace["text"] = texts
        data.append(trace)
    return go.Figure({"data": data, "layout": plain["layout"]}, _validate=False)


_SLOT = re.compile(r'"__atlas_map_slot_(\d+)__"')


@dataclass(frozen=True)
class MapTemplate:
    """A finished map's JSON as ``FrozenFigure.json`` gives it, cut where the map of another
    view of the same classes differs: each class's x and y, the hover markers' texts."""

    parts: tuple[str, ...]  # the JSON around the slots
    slots: tuple[tuple[str, int], ...]  # ("x" or "y", class) or ("text", 0), in text order

    def fill(self, drawn: Classed, texts: str) -> str:
        """The JSON of ``drawn``'s map, its hover texts given as JSON (``to_json_plotly``):
        what ``FrozenFigure.of(restyled(base, drawn)).json()`` gives, made by joining strings
        (a tenth of a millisecond, not a figure's making)."""
        rings = {k: drawn.rings(k) for what, k in self.slots if what != "text"}
        out = [self.parts[0]]
        for (what, k), part in zip(self.slots, self.parts[1:], strict=True):
            value = texts if what == "text" else _typed_json(rings[k][0 if what == "x" else 1])
            out += [value, part]
        return "".join(out)


def _typed_json(values: np.ndarray) -> str:
    """A numpy array as Plotly's JSON writes it: a typed array, as ``to_typed_array_spec``
    makes it for a float array (without that function's checks: a tenth of a millisecond
    each), its slashes escaped as ``to_json_plotly`` escapes them (against ``</script>``)."""
    dtype = plotlyjsShortTypes[str(values.dtype)]
    data = base64.b64encode(values.tobytes()).decode("ascii").replace("/", "\\u002f")
    return f'{{"dtype":"{dtype}","bdata":"{data}"}}'


def _map_template(base: str) -> MapTemplate:
    """The template of the maps ``restyled`` makes from the map ``base`` (JSON)."""
    slots: list[tuple[str, int]] = []

    def slot(what: str, k: int) -> str:
        slots.append((what, k))
        return f"__atlas_map_slot_{len(slots) - 1}__"

    fig = _with(base, lambda k: (slot("x", k), slot("y", k)), slot("text", 0))
    pieces = _SLOT.split(FrozenFigure.of(fig).json())  # text, index, text, index, ..., text
    order = [slots[int(i)] for i in pieces[1::2]]
    if sorted(order) != sorted(slots):
        raise ValueError("a map's template lost or repeated a slot")
    return MapTemplate(tuple(pieces[0::2]), tuple(order))


def typed_array(value: dict[str, Any]) -> np.ndarray:
    """A typed array as Plotly writes a numpy array in JSON (``{"dtype", "bdata"}``), read."""
    return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])


def _typed(value: Any) -> Any:
    """``value`` (a trace as JSON) with its typed arrays (``{"dtype", "bdata"}``, as Plotly
    writes numpy arrays) read back as numpy arrays, as in a figure made the long way."""
    if isinstance(value, dict):
        if set(value) == {"dtype", "bdata"}:
            return typed_array(value)
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return value


# The map's view (longitude, latitude) and its vertical stretch, 1/cos(35°).
MAP_X, MAP_Y = (73.0, 136.0), (16.0, 54.0)
MAP_STRETCH = 1 / math.cos(math.radians(35))
# The South China Sea islands inset: its frame's left, right and bottom on the map's axes, in the
# sea east of Taiwan and south of Zhejiang where the map shows no land (its top follows from the
# window's shape). On the same axes as the map, not a subplot of its own: the map keeps its
# aspect by padding its range to the width it is given, so a subplot placed on the page would
# drift away from it (or onto it) as the width changes; drawn here, the inset stays in the
# map's corner at any width, in the app and in every export alike.
INSET_NAME = "south_china_sea"  # the frame's and the label's name; traces' uid prefix
INSET_BOX = (124.4, 135.6, 16.2)
SEA_LINE = "#404040"  # the boundary line and the islands
SEA_LAND = {"neighbours": "#E3E3E3", "china": "#FFFFFF"}


def _window(geometry: dict[str, Any]) -> tuple[float, float, float, float]:
    ring = geometry["coordinates"][0]
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _lines(parts: list[list[list[float]]]) -> tuple[list[float], list[float]]:
    """Lines or rings as one x and one y list, NaN between them."""
    xs = [x for part in parts for x in [*(p[0] for p in part), float("nan")]]
    ys = [y for part in parts for y in [*(p[1] for p in part), float("nan")]]
    return xs, ys


def _f4(xy: tuple[list[float], list[float]]) -> tuple[np.ndarray, np.ndarray]:
    """Lines' x and y as float32 arrays: compact typed arrays in the JSON, NaN kept as NaN
    (a list writes it as null)."""
    return np.asarray(xy[0], "f4"), np.asarray(xy[1], "f4")


def _layers(sea: pd.DataFrame) -> dict[str, Any]:
    return {str(k): json.loads(str(v)) for k, v in zip(sea["layer"], sea["geometry"], strict=True)}


def sea_inset(fig: go.Figure, sea: pd.DataFrame, *, label: str) -> go.Figure:
    """Add the South China Sea islands inset to a map of ``choropleth``, as maps of
    the whole of China show it: a framed box in the map's lower right holding the sea's window
    at a larger scale (the neighbours' and China's land, the islands, the boundary line, the
    ``label``), and the dashes of the line that fall inside the map's own view.

    ``sea`` holds the layers (``layer``, GeoJSON ``geometry``) of the database's
    ``south_china_sea`` table; ``window`` is the extent the inset shows. The window keeps its
    shape at its own latitude (its vertical stretch is 1/cos of its middle latitude, against
    the map's 1/cos 35°). Without layers the figure is returned as it is."""
    inset = _parsed(sea, _inset)
    if inset is None:
        return fig
    right, top = inset["right"], inset["top"]
    frame = {"color": "#808080", "width": 0.8}
    fig.add_shape(
        type="rect", name=INSET_NAME, line=frame, fillcolor="#FFFFFF", layer="below", **inset["box"]
    )
    for layer, xs, ys, style in inset["traces"]:
        # uid and name say what the trace is: an export's SVG names the trace's group by its uid
        # (class "trace<uid>"); in the app's browser only the name is kept (Streamlit drops uids)
        uid = f"{INSET_NAME}-{layer}"
        fig.add_scatter(x=xs, y=ys, uid=uid, name=uid, hoverinfo="skip", showlegend=False, **style)
    fig.add_annotation(
        text=wrap(label, 6),  # 'South<br>China<br>Sea<br>Islands' fits the frame on a phone
        name=INSET_NAME,
        xref="x",
        yref="y",
        x=right,
        y=top,  # over the frame's top right, in the sea south of Japan: inside, it hid islands
        xanchor="right",
        yanchor="bottom",
        yshift=1,
        showarrow=False,
        font={"size": 9, "color": "#404040"},  # the smallest a phone's reader is given
        align="right",
    )
    return fig


def _inset(sea: pd.DataFrame) -> dict[str, Any] | None:
    """The inset's frame and layers placed in the map's corner (``sea_inset``), worked out
    once per table: the frame's box, its right and top, and per layer its x and y and style.
    None without a window."""
    layers = _layers(sea)
    if "window" not in layers:
        return None
    w, s, e, n = _window(layers["window"])
    left, right, bottom = INSET_BOX
    kx = (right - left) / (e - w)
    ky = kx / (MAP_STRETCH * math.cos(math.radians((s + n) / 2)))
    top = bottom + (n - s) * ky

    def place(parts: list[list[list[float]]]) -> list[list[list[float]]]:
        return [
            [[left + (p[0] - w) * kx, bottom + (p[1] - s) * ky] for p in part] for part in parts
        ]

    box = {"x0": left, "x1": right, "y0": bottom, "y1": top, "xref": "x", "yref": "y"}
    traces: list[tuple[str, Any, Any, dict[str, Any]]] = []
    for name in ("neighbours", "china"):
        if name in layers:
            xs, ys = _lines(place([poly[0] for poly in layers[name]["coordinates"]]))
            land = {"color": "#9A9A9A", "width": 0.5}
            style = {"mode": "lines", "fill": "toself", "fillcolor": SEA_LAND[name], "line": land}
            traces.append((name, np.asarray(xs, "f4"), np.asarray(ys, "f4"), style))
    if "dash_line" in layers:
        dashes = layers["dash_line"]["coordinates"]
        line = {"color": SEA_LINE, "width": 1.4}
        traces.append(("dash_line", *_f4(_lines(place(dashes))), {"mode": "lines", "line": line}))
        seen = [
            d
            for d in dashes
            if all(MAP_Y[0] <= p[1] <= MAP_Y[1] and MAP_X[0] <= p[0] < left for p in d)
        ]
        traces.append(("dash_line-main", *_f4(_lines(seen)), {"mode": "lines", "line": line}))
    if "islands" in layers:
        (points,) = place([layers["islands"]["coordinates"]])
        xy = [p[0] for p in points], [p[1] for p in points]
        style = {"mode": "markers", "marker": {"size": 1.6, "color": SEA_LINE}}
        traces.append(("islands", *xy, style))
    return {"box": box, "right": right, "top": top, "traces": traces}


class FrozenFigure(go.Figure):
    """A figure that will not change any more (cached for reuse): its JSON is made once.

    ``st.plotly_chart`` calls ``to_dict`` (a deep copy) and ``plotly.io.to_json`` on every
    rerun; for a cached chart that is wasted work. The JSON is kept, as compressed UTF-8 (a
    Chinese chart's JSON as a Python string takes two bytes a character; a map's 76 KB of JSON
    compress to 35 KB, and inflate in a quarter of a millisecond), and ``to_dict`` gives a dict
    read from it only when something reads it (an export): Streamlit's path hands it to
    ``to_json``, which returns the JSON kept. So a cached figure holds its JSON once, not also
    a copy of its dict. Callers that need to change a figure copy it first (``export_figure`` does).
    """

    def __init__(self, fig: go.Figure) -> None:
        super().__init__(fig)
        self._json: bytes | None = None

    @classmethod
    def of(cls, fig: go.Figure) -> FrozenFigure:
        """``fig`` itself, frozen, without the copy ``FrozenFigure(fig)`` makes (a copy
        validates every property again: most of the cost of a small chart). For a figure its
        builder hands over and no one changes afterwards."""
        if isinstance(fig, FrozenFigure):  # frozen already (a map released stays one)
            return fig
        fig.__class__ = cls
        frozen: FrozenFigure = fig
        frozen._json = None
        return frozen

    def json(self) -> str:
        """The figure as JSON, as ``plotly.io.to_json(fig.to_dict(), validate=False)`` gives
        it (made once)."""
        if self._json is None:
            # as a copy would hold it: a property set to None, or to an empty object, is unset
            plain = _unset_none(super().to_dict())
            self._json = zlib.compress(str(_to_json(plain, validate=False)).encode())
        return zlib.decompress(self._json).decode()

    def to_dict(self) -> dict[str, Any]:
        return _Sent(self)

    def release(self) -> FrozenFigure:
        """Make the JSON now and let go of the figure's Plotly state (its traces and layout as
        Plotly objects: most of a cached figure's memory), keeping its JSON and height only:
        read it afterwards through ``to_dict`` or ``json``; its ``layout`` is then a new
        layout of that height at each reading, and its ``data`` empty (a change to either is
        not kept, as the JSON kept would not show it); Plotly's other ways into a figure's
        state (``fig["layout"]``, ``frames``, ``add_trace``, ``go.Figure(fig)``) raise. For
        figures cached per combination of filters. A map that ``restyled`` made is released
        as a ``MapFigure``: its JSON is made when sent, from its classes' template."""
        height = self.layout.height
        made = self.__dict__.get("_restyled")
        if made is not None:
            return MapFigure.of_recipe(made[0].template, made[1], height)
        self.json()
        kept = self._json
        self.__dict__.clear()
        self.__dict__.update({"_json": kept, _RELEASED: height})
        return self

    def shown_height(self) -> Any:
        """The figure's height (read without making a layout, once released)."""
        if _RELEASED in self.__dict__:
            return self.__dict__[_RELEASED]
        return self.layout.height

    @property
    def layout(self) -> go.Layout:
        if _RELEASED in self.__dict__:
            return go.Layout(height=self.__dict__[_RELEASED], template={})
        return go.Figure.layout.fget(self)

    @layout.setter
    def layout(self, value: Any) -> None:
        go.Figure.layout.fset(self, value)

    @property
    def data(self) -> tuple[Any, ...]:
        if _RELEASED in self.__dict__:
            return ()
        return go.Figure.data.fget(self)

    @data.setter
    def data(self, value: Any) -> None:
        go.Figure.data.fset(self, value)

    def __reduce__(self) -> Any:  # a copy of a released figure is released too
        if _RELEASED in self.__dict__:
            return _released, (type(self), dict(self.__dict__))
        return super().__reduce__()


_RELEASED = "_atlas_released_height"  # a released figure's height, and its mark


def _released(cls: type[FrozenFigure], state: dict[str, Any]) -> FrozenFigure:
    fig = cls.__new__(cls)
    fig.__dict__.update(state)
    return fig


class MapFigure(FrozenFigure):
    """A released map kept as what makes its JSON: its classes' template (shared by every map
    of those classes), its provinces' classes (a byte each; their outlines shared) and its
    hover texts as JSON: about a kilobyte, where its JSON would take 35 KB compressed, times
    every region and domain a reader asks for. The JSON is made whenever it is read, in about
    a tenth of a millisecond: a little less than inflating it."""

    _template: MapTemplate
    _drawn: Classed  # without its hover texts: they are kept as JSON
    _texts: str

    @classmethod
    def of_recipe(cls, template: MapTemplate, drawn: Classed, height: Any) -> MapFigure:
        fig: MapFigure = cls.__new__(cls)
        fig.__dict__.update(
            {
                "_template": template,
                "_drawn": replace(drawn, texts=()),
                "_texts": to_json_plotly(list(drawn.texts)),
                _RELEASED: height,
            }
        )
        return fig

    def json(self) -> str:
        return self._template.fill(self._drawn, self._texts)

    def release(self) -> MapFigure:
        return self


class _Sent(dict):
    """A frozen figure's dict: empty until read, then filled from the figure's JSON. Plotly's
    ``to_json`` (as patched below) returns the JSON kept without reading it."""

    def __init__(self, fig: FrozenFigure) -> None:
        super().__init__()
        self.fig = fig
        self.read = False

    def _full(self) -> _Sent:
        if not self.read:
            self.read = True
            dict.update(self, json.loads(self.fig.json()))
        return self

    def __getitem__(self, key: Any) -> Any:
        return dict.__getitem__(self._full(), key)

    def __iter__(self) -> Any:
        return dict.__iter__(self._full())

    def __len__(self) -> int:
        return dict.__len__(self._full())

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self._full(), key)

    def __eq__(self, other: object) -> bool:
        return dict.__eq__(self._full(), other)

    __hash__ = None

    def __repr__(self) -> str:
        return dict.__repr__(self._full())

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        return dict(json.loads(self.fig.json()))

    def __copy__(self) -> dict[str, Any]:
        return dict(self._full())

    def get(self, key: Any, default: Any = None) -> Any:
        return dict.get(self._full(), key, default)

    def keys(self) -> Any:
        return dict.keys(self._full())

    def values(self) -> Any:
        return dict.values(self._full())

    def items(self) -> Any:
        return dict.items(self._full())

    def setdefault(self, key: Any, default: Any = None) -> Any:
        return dict.setdefault(self._full(), key, default)

    def pop(self, key: Any, *default: Any) -> Any:
        return dict.pop(self._full(), key, *default)

    def update(self, *args: Any, **kwargs: Any) -> None:
        dict.update(self._full(), *args, **kwargs)

    def __setitem__(self, key: Any, value: Any) -> None:
        dict.__setitem__(self._full(), key, value)

    def copy(self) -> dict[str, Any]:
        return dict(self._full())


def _unset_none(d: dict[str, Any]) -> dict[str, Any]:
    """``d`` without the properties set to None or to an empty object, at any depth (values in
    arrays are kept)."""
    out: dict[str, Any] = {}
    for k, v in d.items():
        if isinstance(v, dict):
            v = _unset_none(v)
        if v is None or (isinstance(v, dict) and not v):
            continue
        if isinstance(v, list) and any(isinstance(x, dict) for x in v):
            v = [_unset_none(x) if isinstance(x, dict) else x for x in v]
        out[k] = v
    return out


_to_json = pio.to_json


def _to_json_once(fig: Any, *args: Any, **kwargs: Any) -> str:
    """``plotly.io.to_json``, which for a frozen figure's dict (``FrozenFigure.to_dict``) given
    as Streamlit gives it returns the JSON the figure keeps."""
    if isinstance(fig, _Sent) and not fig.read and not args and not kwargs.get("validate", True):
        return fig.fig.json()
    return str(_to_json(fig, *args, **kwargs))


pio.to_json = _to_json_once
