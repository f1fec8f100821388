"""Charts that describe themselves, and how to cite them. No streamlit import.

In: a built ``ChartOut`` (its drawn data, title, period and sources), a ``View`` and the data
version. Out: a short text description in the view's language, generated from what the chart
draws (never typed), and a citation (plain text and BibTeX) whose URL opens the same view.
Used on screen (an element screen readers reach), as the PPTX pictures' alt text, as SVG
``<title>``/``<desc>``, in the XLSX "about" sheet and in the export manifest.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any
from urllib.parse import urlencode

from dashboard.filters import ALL, View
from dashboard.i18n import in_lang, t

KINDS = {
    "bar": "kind_bar",
    "waterfall": "kind_waterfall",
    "scatter": "kind_line",
    "map": "kind_map",
}
MAX_ITEMS = 14
DEFAULT_URL = "http://localhost:8501"


def _plain(text: Any) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(text))).strip()


def _label(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = _plain(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}(T[\d:.]+)?", text):
        return text[:7]  # a date axis: the month the figure is dated by
    return text


def _items(traces: list[Any], annotations: list[Any]) -> tuple[str, list[str]]:
    """The chart's kind and its labelled values, as drawn (plotly trace objects); in a chart of
    several panels each value is prefixed with its panel's title."""
    kind = (
        "map"
        if any(getattr(tr, "fill", None) == "toself" for tr in traces)
        else (traces[0].type if traces else "bar")
    )
    axes = sorted(
        {getattr(tr, "xaxis", None) or "x" for tr in traces}, key=lambda a: int(a[1:] or 1)
    )
    panels = {a: _plain(annotations[i].text) for i, a in enumerate(axes)} if len(axes) > 1 else {}
    items: list[str] = []
    for tr in traces:
        if getattr(tr, "fill", None) == "toself":
            continue
        horizontal = getattr(tr, "orientation", None) == "h"
        cats = tr.y if horizontal else tr.x
        texts = tr.text
        if cats is None or texts is None or isinstance(texts, str):
            continue
        name = _plain(tr.name or "")
        for c, v in zip(list(cats), list(texts), strict=False):
            label = _label(c)
            prefix = f"{name} · " if name and len(traces) > 1 and name not in label else ""
            panel = panels.get(getattr(tr, "xaxis", None) or "x", "")
            if panel:
                prefix = f"{panel}: " + ("" if name in label else f"{name} ")
            items.append(f"{prefix}{label} {_label(v)}")
    return kind, items


def _publishers(out: Any, lang: str) -> list[str]:
    """The chart's publishers as built (``ChartOut.publishers``), else worked out."""
    return list(out.publishers) if getattr(out, "publishers", ()) else publishers(out, lang)


def publishers(out: Any, lang: str) -> list[str]:
    """The sources of the values shown, each once: 'Securities Times 2022-09-24'."""
    rows = out.sources
    if rows.empty:  # half the charts cached per view are empty: no pandas work for them
        return []
    if "shown" in rows:
        rows = rows[rows["shown"].astype(bool)]
    seen = []
    for r in rows.to_dict("records"):
        pub = in_lang(r["publisher"], r.get("publisher_en"), lang)
        seen.append(str(pub) if r.get("source_id") == "registry" else f"{pub} {r['published_on']}")
    return list(dict.fromkeys(seen))


def describe(out: Any, lang: str) -> str:
    """'Bar chart: The 45 clusters by macro region, as of 2022-11. East 30, Central 8, West 5,
    Northeast 2. Source: …' (or the Chinese equivalent), from the chart's own data."""
    if out.fig is None:
        return t("desc_empty", lang, title=out.title, no_data=t("no_data", lang))
    kind, items = _items(list(out.fig.data), list(out.fig.layout.annotations or []))
    if kind == "map" and not out.table.empty and "clusters" in out.table:
        top = out.table.sort_values("clusters", ascending=False)
        top = top[top["clusters"] > 0]
        col = f"name_{lang}"
        items = [f"{r[col]} {int(r['clusters'])}" for _, r in top.iterrows()]
    more = len(items) - MAX_ITEMS
    shown = items[:MAX_ITEMS]
    pubs = _publishers(out, lang)
    return t(
        "desc_chart",
        lang,
        kind=t(KINDS.get(kind, KINDS["bar"]), lang),
        title=out.title,
        period=_plain(out.subtitle),
        items=t("list_sep", lang).join(shown)
        + (t("and_more", lang, n=more, total=len(items)) if more > 0 else ""),
        sources=t("desc_sources", lang, sources=t("source_sep", lang).join(pubs[:4]))
        if pubs
        else "",
    )


def view_url(page: str, view: View, base: str | None = None) -> str:
    """The address that opens ``page`` with the view's language and filters."""
    root = (base or os.environ.get("ATLAS_PUBLIC_URL") or DEFAULT_URL).rstrip("/")
    params = {"lang": view.lang, "region": view.region, "domain": view.domain}
    path = "" if page == "overview" else page
    return f"{root}/{path}?{urlencode(params)}"


def _filters(view: View, names: dict[str, str] | None) -> str:
    names = names or {}
    active = [
        names.get(v, v) for k, v in (("region", view.region), ("domain", view.domain)) if v != ALL
    ]
    if not active:
        return (
            t("all_regions", view.lang) + t("filters_sep", view.lang) + t("all_domains", view.lang)
        )
    return " · ".join(active)


def citation(
    out: Any,
    view: View,
    *,
    version: str,
    year: str,
    base: str | None = None,
    names: dict[str, str] | None = None,
    accessed: dt.date | None = None,
) -> str:
    """How to cite a chart in the view's language; its URL opens the same view."""
    day = (accessed or dt.date.today()).isoformat()
    pubs = _publishers(out, view.lang)
    url = view_url(out.page or "overview", view, base)
    lang = view.lang
    data = t("source_sep", lang).join(pubs) or t("registry_source", lang)
    return t(
        "cite_chart",
        lang,
        year=year,
        title=out.title,
        filters=_filters(view, names),
        data=data,
        version=version,
        day=day,
        url=url,
    )


def bibtex(
    out: Any,
    view: View,
    *,
    version: str,
    year: str,
    base: str | None = None,
    names: dict[str, str] | None = None,
    accessed: dt.date | None = None,
) -> str:
    """The same citation as a BibTeX @misc entry."""
    day = (accessed or dt.date.today()).isoformat()
    pubs = "; ".join(_publishers(out, view.lang))
    key = re.sub(r"[^a-z0-9]+", "_", f"clusteratlas_{out.chart_id}_{view.lang}_{version}".lower())
    url = view_url(out.page or "overview", view, base)
    return (
        f"@misc{{{key},\n  author = {{{{Cluster Atlas}}}},\n  title = {{{out.title}}},\n"
        f"  year = {{{year}}},\n  note = "
        f"{{{_filters(view, names)}. Data from {pubs or t('registry_source', 'en')}. "
        f"Version {version}, accessed {day}}},\n  url = {{{url}}}\n}}"
    )


def dataset_citation(lang: str, *, version: str, year: str, base: str | None = None) -> str:
    """How to cite the whole dataset (the Sources page and the data package)."""
    url = view_url("sources", View(lang), base)
    return t("cite_data", lang, year=year, version=version, url=url)
