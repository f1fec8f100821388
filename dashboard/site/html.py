"""The static site's HTML: every page as a string, every text escaped. No streamlit import.

In: texts already built (titles, descriptions, quotes, citations from ``build_chart`` and
``dashboard.describe``), a language and the page's depth in the site. Out: HTML whose links are
all relative (``../`` times the depth), so the site works from any folder and any file server.
Publishers, titles and quotes are untrusted text: they go through ``html.escape`` (attributes
and text alike), and JSON put inside a page has ``<``, ``>`` and ``&`` escaped so that no text
can close its ``<script>``.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

import pandas as pd

from dashboard.i18n import in_lang, t
from dashboard.nav import PAGES

QUOTES_LIMIT = 60
OTHER = {"zh": "en", "en": "zh"}
HTML_LANG = {"zh": "zh-CN", "en": "en"}


def e(value: Any) -> str:
    """Text escaped for HTML text and attribute values."""
    return escape("" if value is None else str(value), quote=True)


def script_json(value: Any) -> str:
    """JSON safe inside ``<script type="application/json">``."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def quotes_html(sources: pd.DataFrame, lang: str) -> str:
    """Each report behind the chart: publisher, date, title, the verbatim quote and a link
    (http and https only), as an escaped HTML list."""
    items = []
    for r in sources.head(QUOTES_LIMIT).to_dict("records"):
        pub = in_lang(r.get("publisher"), r.get("publisher_en"), lang)
        shown = r.get("shown", True) in (True, None)
        url = r.get("url")
        link = (
            f' · <a href="{e(url)}" rel="noopener nofollow">{e(url)}</a>'
            if isinstance(url, str) and url.startswith(("http://", "https://"))
            else ""
        )
        quote = r.get("quote")
        said = f"<q>{e(quote)}</q>" if isinstance(quote, str) and quote else ""
        title = r.get("source_title")
        items.append(
            f"<li{'' if shown else ' class=also'}><code>{e(r.get('fact_id'))}</code> · "
            f"{e(pub)} {e(r.get('published_on'))}"
            + (f" · <cite>{e(title)}</cite>" if isinstance(title, str) and title else "")
            + (f"<br>{said}" if said else "")
            + f"{link}</li>"
        )
    more = len(sources) - QUOTES_LIMIT
    tail = f"<p>… +{more}</p>" if more > 0 else ""
    return f"<ul class=quotes>{''.join(items)}</ul>{tail}" if items else ""


def page(
    lang: str,
    depth: int,
    title: str,
    body: str,
    config: dict[str, Any],
    *,
    embed: bool = False,
    current: str = "",
) -> str:
    """A whole page: head (the site's CSS, the page's config), header with the menu and the
    language switch (not in an embed), body, and the scripts at the end."""
    pre = "../" * depth
    header = "" if embed else _header(lang, depth, current, config)
    return (
        f'<!doctype html><html lang="{HTML_LANG[lang]}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{e(title)}</title><link rel="icon" href="data:,">'  # no favicon request
        f'<link rel="stylesheet" href="{pre}assets/site.css">'
        f'<script type="application/json" id="atlas-page">{script_json(config)}</script>'
        f'</head><body class="{"embed" if embed else "site"}">{header}'
        f'<main>{body}<noscript><p class="note">{e(t("site_needs_js", lang))}</p></noscript>'
        "</main>"
        f'<script src="{pre}assets/plotly.min.js"></script>'
        f'<script src="{pre}assets/site.js"></script></body></html>'
    )


def _header(lang: str, depth: int, current: str, config: dict[str, Any]) -> str:
    pre = "../" * depth
    links = [
        f'<a href="{pre}{lang}/{p.slug}.html"'
        + (' aria-current="page"' if p.slug == current else "")
        + f">{e(t(p.title_key, lang))}</a>"
        for p in PAGES
    ]
    other = OTHER[lang]
    return (
        f'<header><a class="brand" href="{pre}{lang}/index.html">{e(t("app_title", lang))}</a>'
        f"<nav>{''.join(links)}</nav>"
        f'<a class="lang" id="lang-switch" hreflang="{other}" href="{e(config["other"])}">'
        f"{e(t('lang_name', other))}</a>"
        f'<a class="app" id="app-link" href="{e(config["app"])}">{e(t("site_open_app", lang))}'
        "</a></header>"
    )


def filters(lang: str, dims: list[str], choices: dict[str, list[tuple[str, str]]]) -> str:
    """The filter selects (region, domain) the page's charts honour; empty if none."""
    if not dims:
        return ""
    boxes = []
    for dim in dims:
        opts = "".join(f'<option value="{e(v)}">{e(label)}</option>' for v, label in choices[dim])
        boxes.append(
            f'<label>{e(t(dim, lang))} <select id="f-{dim}" data-dim="{dim}">{opts}</select>'
            "</label>"
        )
    return (
        f'<form class="filters" aria-label="{e(t("filters", lang))}">{"".join(boxes)}</form>'
        '<p class="note" id="filter-notice" hidden></p>'
    )


def downloads(lang: str, items: list[list[str]], files: str) -> str:
    """Links to a variant's files (``files``: the folder, relative to the page)."""
    links = "".join(
        f'<a href="{e(files + name)}" download>{e(fmt.upper())}</a>' for fmt, name in items
    )
    return f'<span data-role="dl">{links}</span>'


def chart_block(
    lang: str, result: Any, spec_dims: tuple[str, ...], chart_rel: str, *, full: bool
) -> str:
    """One chart: its notes, the plot, its title, period, source line, description; on its own
    page also the quotes, downloads, citation and embed code. ``chart_rel``: the chart's folder
    relative to the page (ends with '/'). The unfiltered figure is inlined, the variants load
    when a filter asks for them."""
    d = result.default
    data = {
        "id": result.chart_id,
        "dims": list(spec_dims),
        "dir": chart_rel,
        "fig": result.figure,
        "ignored": result.ignored,
        "height": result.height,
    }
    link = f'<a href="{e(chart_rel)}index.html" data-role="page-link">'
    title = f"<h2>{e(d['title'])}</h2>" if full else f"<h2>{link}{e(d['title'])}</a></h2>"
    notes = "".join(f"<li>{e(n)}</li>" for n in d["notes"])
    head = (
        f'<section class="chart" id="chart-{e(result.chart_id)}">'
        f'<script type="application/json" class="chart-data">{script_json(data)}</script>'
        f'{title}<p class="sub" data-role="sub">{e(d["sub"])}</p>'
        f'<ul class="notes" data-role="notes">{notes}</ul>'
        f'<div class="plot" role="img" aria-label="{e(d["desc"])}"'
        f' style="min-height:{result.height}px"></div>'
        f'<p class="src" data-role="src">{e(d["src"])}</p>'
        f'<p class="desc"><b>{e(t("description", lang))}</b>: <span data-role="desc">'
        f"{e(d['desc'])}</span></p>"
    )
    if not full:
        return f'{head}<p class="more">{link}{e(t("site_chart_page", lang))}</a></p></section>'
    return head + _chart_extras(lang, d, chart_rel) + "</section>"


def _chart_extras(lang: str, d: dict[str, Any], chart_rel: str) -> str:
    """The chart page's quotes, downloads, citation and embed code."""
    return (
        f"<details open><summary>{e(t('sources', lang))} · {e(t('quote', lang))}</summary>"
        f'<div data-role="quotes">{d["quotes"]}</div></details>'
        f"<h3>{e(t('site_downloads', lang))}</h3>"
        f'<p class="downloads">{downloads(lang, d["dl"], chart_rel + "files/")}</p>'
        f'<p class="note" data-role="dl-note" hidden>{e(t("site_filtered_downloads", lang))}</p>'
        f"<h3>{e(t('cite_this', lang))}</h3>"
        f'<pre data-role="cite">{e(d["cite"])}</pre><pre data-role="bib">{e(d["bib"])}</pre>'
        f"<h3>{e(t('site_embed', lang))}</h3><p>{e(t('site_embed_help', lang))}</p>"
        '<textarea id="embed-code" readonly rows="3"></textarea>'
    )


def embed_body(lang: str, result: Any, spec_dims: tuple[str, ...]) -> str:
    """The chart-only view: the plot, its source line and a link back to the full chart."""
    d = result.default
    data = {
        "id": result.chart_id,
        "dims": list(spec_dims),
        "dir": "",
        "fig": result.figure,
        "ignored": result.ignored,
        "height": result.height,
    }
    return (
        f'<section class="chart" id="chart-{e(result.chart_id)}">'
        f'<script type="application/json" class="chart-data">{script_json(data)}</script>'
        f'<ul class="notes" data-role="notes"></ul>'
        f'<div class="plot" role="img" aria-label="{e(d["desc"])}"'
        f' style="min-height:{result.height}px"></div>'
        f'<p class="src"><span data-role="src">{e(d["src"])}</span> · '
        f'<a href="index.html" target="_blank" rel="noopener" data-role="page-link">'
        f"{e(t('site_view_full', lang))}</a></p></section>"
    )
