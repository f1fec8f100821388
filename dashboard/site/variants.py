"""Every filter variant of one chart in one language, packed small for a static page.

In: the ``Atlas`` snapshot, a chart id and a language. Out: ``variants.js`` beside the chart's
page (each variant's figure and texts, every piece stored once) and a CSV of each non-empty
variant (the unfiltered view also gets XLSX here; its images are made by the site builder).

The figures come from ``build_chart``, exactly as in the app. A variant is a view of the
filters the chart honours (``CHARTS[id].dims``): a chart honouring none has one variant, one
honouring region and domain has one per pair. Many variants draw the same layout or trace,
and maps redraw the same province outlines in other classes, so a figure is stored as indices
into pools: layouts and traces (JSON, each distinct one once) and, for long float32 arrays with
NaN breaks (the outlines), the runs between breaks (base64, each once). The page's script
(``static/site.js``) puts a figure back together and hands it to ``Plotly.react``.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import plotly.io as pio

from dashboard.chartdefs import CHARTS, build_chart
from dashboard.charts import footer, typed_array
from dashboard.data import Atlas
from dashboard.export.formats import cite, csv_bytes, file_stem, xlsx_bytes
from dashboard.filters import ALL, View
from dashboard.site.choices import domain_choices, region_choices
from dashboard.site.html import quotes_html
from dashboard.site.links import chart_dir, variant_key
from dashboard.views import ChartOut, notes_for, region_names

SEG_MIN = 64  # float32 arrays at least this long are split at NaN breaks into pooled runs
DEFAULT = View()  # the unfiltered view (its language set per chart)


def views_of(chart_id: str, atlas: Atlas, lang: str) -> list[View]:
    """Every view of the filters ``chart_id`` honours, the unfiltered one first."""
    dims = CHARTS[chart_id].dims
    regions = region_choices(atlas) if "region" in dims else [ALL]
    domains = domain_choices(atlas) if "domain" in dims else [ALL]
    return [View(lang, r, d) for r in regions for d in domains]


class Pool:
    """Distinct values, each stored once; ``add`` returns the value's index."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._index: dict[str, int] = {}

    def add(self, value: Any) -> int:
        """The index of ``value`` (added if new; values compare by their JSON)."""
        k = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        if k not in self._index:
            self._index[k] = len(self.items)
            self.items.append(value)
        return self._index[k]


@dataclass
class Pools:
    """The pools of one chart and language: JSON pieces, float32 runs, figures, strings."""

    json: Pool = field(default_factory=Pool)
    segs: Pool = field(default_factory=Pool)
    figs: Pool = field(default_factory=Pool)
    strs: Pool = field(default_factory=Pool)

    def payload(self) -> dict[str, Any]:
        """The pools as the page's script reads them."""
        return {
            "json": self.json.items,
            "segs": self.segs.items,
            "figs": self.figs.items,
            "strs": self.strs.items,
        }


def _split_runs(value: Any, pools: Pools) -> Any:
    """A long float32 typed array with NaN breaks as ``{"segs": [...]}`` (pooled runs, each
    ending with its NaN); anything else unchanged."""
    if not (isinstance(value, dict) and value.get("dtype") == "f4" and "bdata" in value):
        return value
    if "shape" in value:
        return value
    arr = typed_array(value)
    breaks = np.flatnonzero(np.isnan(arr))
    if len(arr) < SEG_MIN or len(breaks) == 0:
        return value
    ends = [*(breaks + 1).tolist(), len(arr)]
    runs, start = [], 0
    for end in ends:
        if end > start:
            runs.append(base64.b64encode(arr[start:end].tobytes()).decode("ascii"))
        start = end
    return {"segs": [pools.segs.add(r) for r in runs]}


def figure_json(out: ChartOut) -> dict[str, Any]:
    """The chart's figure as plain JSON (what the app sends to the browser)."""
    assert out.fig is not None
    return dict(json.loads(pio.to_json(out.fig, validate=False)))


def pack_figure(fig: dict[str, Any], pools: Pools) -> int:
    """Store a figure as pooled layout and traces; return its index among the figures."""
    traces = []
    for tr in fig.get("data", []):
        tr = {k: _split_runs(v, pools) if k in ("x", "y") else v for k, v in tr.items()}
        traces.append(pools.json.add(tr))
    return pools.figs.add({"l": pools.json.add(fig.get("layout", {})), "t": traces})


def plain(text: str, lang: str) -> str:
    """Plotly text as plain text: line breaks joined (Chinese wraps inside words), tags gone."""
    text = text.replace("<br>", "" if lang == "zh" else " ")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip()


def details(out: ChartOut, view: View, names: dict[str, str], base: str | None) -> dict[str, Any]:
    """A variant's texts (plain, escaped by the page) and its quotes (escaped HTML)."""
    foot = footer(out.fig) if out.fig is not None else None
    citation, bib = cite(out, view, names, base)
    return {
        "title": out.title,
        "sub": plain(out.subtitle, view.lang),
        "src": plain(str(foot["text"]), view.lang) if foot else "",
        "desc": out.description,
        "notes": list(out.notes),
        "quotes": quotes_html(out.sources, view.lang),
        "cite": citation,
        "bib": bib,
    }


@dataclass(frozen=True)
class Job:
    """One chart in one language: where to write and what to make."""

    chart_id: str
    lang: str
    out: str  # the site's folder
    base: str | None  # the app's address, for citations
    xlsx: bool = True  # XLSX of the unfiltered view
    images: tuple[str, ...] = ()  # image formats of the unfiltered view (written by the builder)


@dataclass(frozen=True)
class ChartResult:
    """What a chart's pages need: the unfiltered variant (inlined in the pages), the notes for
    filters it cannot apply, the file names written and the counts."""

    chart_id: str
    lang: str
    default: dict[str, Any]
    figure: dict[str, Any] | None
    ignored: dict[str, list[str]]
    height: int
    variants: int
    distinct_figures: int
    files: list[str]


def ignored_notes(chart_id: str, lang: str) -> dict[str, list[str]]:
    """The caption for each set of active filters the chart cannot apply ('region', 'domain',
    'region+domain'); filter values do not enter it, so placeholders are used."""
    spec = CHARTS[chart_id]
    out = {}
    for region, domain in (("x", ALL), (ALL, "x"), ("x", "x")):
        view = View(lang, region, domain)
        ignored = [d for d in view.active() if d not in spec.dims]
        if ignored:
            out["+".join(ignored)] = notes_for(spec, view)[0]
    return out


def build_variants(job: Job, atlas: Atlas) -> ChartResult:
    """Build every variant of a chart in one language; write ``variants.js`` and the CSVs (and
    the unfiltered XLSX); return what the pages need."""
    folder = Path(job.out) / chart_dir(job.lang, job.chart_id)
    files = folder / "files"
    files.mkdir(parents=True, exist_ok=True)
    names = region_names(atlas, job.lang)
    pools = Pools()
    views: dict[str, dict[str, Any]] = {}
    default: dict[str, Any] = {}
    first_fig: dict[str, Any] | None = None
    written: list[str] = []
    for view in views_of(job.chart_id, atlas, job.lang):
        out = build_chart(job.chart_id, atlas, view)
        info = details(out, view, names, job.base)
        stem = file_stem(out, view)
        downloads = []
        unfiltered = not view.active()
        if unfiltered and not out.empty:
            downloads += [[fmt, f"{stem}.{fmt}"] for fmt in job.images]
        if not out.empty:
            fmt = "csv"
            (files / f"{stem}.{fmt}").write_bytes(csv_bytes(out))
            downloads.append([fmt, f"{stem}.{fmt}"])
        if unfiltered and not out.empty and job.xlsx:
            fmt = "xlsx"
            (files / f"{stem}.{fmt}").write_bytes(xlsx_bytes(out, view, names, job.base))
            downloads.append([fmt, f"{stem}.{fmt}"])
        written += [name for fmt, name in downloads if fmt not in job.images]
        fig = None if out.empty else figure_json(out)
        packed: dict[str, Any] = {k: pools.strs.add(v) for k, v in info.items() if k != "notes"}
        packed["n"] = [pools.strs.add(n) for n in info["notes"]]
        packed["f"] = -1 if fig is None else pack_figure(fig, pools)
        packed["dl"] = downloads
        packed["stem"] = stem
        views[variant_key(view)] = packed
        if unfiltered:
            default = {**info, "dl": downloads, "stem": stem}
            first_fig = fig
    payload = {**pools.payload(), "views": views}
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    key = json.dumps(f"{job.chart_id}.{job.lang}")
    (folder / "variants.js").write_text(
        f"(window.ATLAS_V=window.ATLAS_V||{{}})[{key}]={text};\n", encoding="utf-8"
    )
    height = int((first_fig or {}).get("layout", {}).get("height") or 460)
    return ChartResult(
        job.chart_id,
        job.lang,
        default,
        first_fig,
        ignored_notes(job.chart_id, job.lang),
        height,
        len(views),
        len(pools.figs.items),
        written,
    )
