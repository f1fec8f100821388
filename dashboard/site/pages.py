"""The static site's pages: the index per language, one page per app page, one page and one
embed per chart and language. No streamlit import.

In: the ``Atlas`` snapshot, the built charts (``ChartResult`` per chart and language) and the
site's folder. Out: HTML files (``dashboard.site.html`` escapes every text).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from dashboard.chartdefs import CHARTS, charts_of, headline_cards
from dashboard.data import Atlas
from dashboard.describe import dataset_citation, view_url
from dashboard.filters import LANGS, View
from dashboard.i18n import in_lang, t
from dashboard.nav import PAGES
from dashboard.site import html
from dashboard.site.choices import domain_choices, region_choices
from dashboard.site.html import e
from dashboard.site.links import EMBED_EXTRA, chart_dir, page_file
from dashboard.views import region_names

if TYPE_CHECKING:  # a type only: keeps the import chain short
    from dashboard.site.variants import ChartResult

PACKAGE_DIR = "datapackage"
PACKAGE_ZIP = "cluster-atlas-data.zip"


def _config(atlas: Atlas, lang: str, other: str, app: str, mode: str) -> dict[str, Any]:
    """What the page's script needs: language, the other language's page, the app's page,
    the valid filter values and the notice for an invalid one."""
    return {
        "lang": lang,
        "otherLang": html.OTHER[lang],
        "other": other,
        "app": app,
        "mode": mode,
        "invalid": t("invalid_param", lang, name="{name}", value="{value}"),
        "regions": region_choices(atlas),
        "domains": domain_choices(atlas),
        "embedExtra": EMBED_EXTRA,
    }


def _choices(atlas: Atlas, lang: str) -> dict[str, list[tuple[str, str]]]:
    names = region_names(atlas, lang)
    return {
        "region": [(r, names.get(r, t("all_regions", lang))) for r in region_choices(atlas)],
        "domain": [(d, names.get(d, t("all_domains", lang))) for d in domain_choices(atlas)],
    }


def _dims(chart_ids: list[str]) -> list[str]:
    honoured = {d for c in chart_ids for d in CHARTS[c].dims}
    return [d for d in ("region", "domain") if d in honoured]


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def app_page(
    out: Path, atlas: Atlas, lang: str, slug: str, results: dict[tuple[str, str], ChartResult]
) -> None:
    """``<lang>/<slug>.html``: the page's charts (each linking to its own page), with the
    filters they honour; the Overview has its headline cards, Sources the data package, the
    dataset citation and the documents."""
    ids = charts_of(slug)
    title = t(f"page_{slug}", lang)
    body = [f"<h1>{e(title)}</h1>", html.filters(lang, _dims(ids), _choices(atlas, lang))]
    if slug == "overview":
        body.append(_cards(atlas, lang))
    for cid in ids:
        body.append(
            html.chart_block(
                lang, results[(cid, lang)], CHARTS[cid].dims, f"charts/{cid}/", full=False
            )
        )
    if slug == "sources":
        body.append(_sources(atlas, lang))
    other = f"../{page_file(html.OTHER[lang], slug)}"
    app = view_url(slug, View(lang))
    doc = html.page(
        lang,
        1,
        f"{title} · {t('app_title', lang)}",
        "".join(body),
        _config(atlas, lang, other, app, "page"),
        current=slug,
    )
    _write(out / page_file(lang, slug), doc)


def _cards(atlas: Atlas, lang: str) -> str:
    cards = "".join(
        f'<div class="card" title="{e(help_)}"><span>{e(label)}</span><b>{e(value)}</b>'
        f"<small>{e(caption)}</small></div>"
        for label, value, help_, caption in headline_cards(atlas, lang)
    )
    return f'<div class="cards">{cards}</div>'


def _sources(atlas: Atlas, lang: str) -> str:
    info = dict(zip(atlas.build_info["key"], atlas.build_info["value"], strict=True))
    cite = dataset_citation(
        lang, version=str(info["data_fingerprint"])[:12], year=str(info["built_at"])[:4]
    )
    docs = []
    for r in atlas.sources.to_dict("records"):
        url = r.get("url")
        link = (
            f' · <a href="{e(url)}" rel="noopener nofollow">{e(url)}</a>'
            if isinstance(url, str) and url.startswith(("http://", "https://"))
            else ""
        )
        pub = in_lang(r.get("publisher"), r.get("publisher_en"), lang)
        title = in_lang(r.get("title"), r.get("title_en"), lang)
        docs.append(
            f"<li>{e(str(r.get('published_on'))[:10])} · <cite>{e(title)}</cite> · {e(pub)}"
            f" · {e(r.get('n_facts'))} {e(t('facts', lang))}{link}</li>"
        )
    return (
        f"<h2>{e(t('download_all', lang))}</h2><p>"
        f'<a href="../{PACKAGE_DIR}/{PACKAGE_ZIP}" download>{e(t("site_data_zip", lang))}</a>'
        f' · <a href="../{PACKAGE_DIR}/datapackage.json">{e(t("site_data_package", lang))}</a></p>'
        f"<h2>{e(t('cite_dataset', lang))}</h2><pre>{e(cite)}</pre>"
        f"<h2>{e(t('documents', lang))}</h2><ul class=docs>{''.join(docs)}</ul>"
    )


def chart_pages(out: Path, atlas: Atlas, result: ChartResult) -> None:
    """``<lang>/charts/<id>/index.html`` (the chart with everything about it) and
    ``embed.html`` (the chart only, for an iframe)."""
    lang, cid = result.lang, result.chart_id
    spec = CHARTS[cid]
    folder = out / chart_dir(lang, cid)
    other = f"../../../{chart_dir(html.OTHER[lang], cid)}/"
    app = view_url(spec.page, View(lang))
    back = (
        f'<p class="back"><a href="../../{spec.page}.html" data-role="keep-query">'
        f"{e(t(f'page_{spec.page}', lang))}</a></p>"
    )
    body = (
        back
        + html.filters(lang, _dims([cid]), _choices(atlas, lang))
        + html.chart_block(lang, result, spec.dims, "", full=True)
    )
    title = f"{result.default['title']} · {t('app_title', lang)}"
    cfg = _config(atlas, lang, other + "index.html", app, "chart")
    _write(folder / "index.html", html.page(lang, 3, title, body, cfg, current=spec.page))
    cfg = _config(atlas, lang, other + "embed.html", app, "embed")
    embed = html.page(lang, 3, title, html.embed_body(lang, result, spec.dims), cfg, embed=True)
    _write(folder / "embed.html", embed)


def index_pages(out: Path, atlas: Atlas, results: dict[tuple[str, str], ChartResult]) -> None:
    """``<lang>/index.html`` (every page and chart) and the root ``index.html`` (both)."""
    for lang in LANGS:
        items = []
        for p in PAGES:
            charts = "".join(
                f'<li><a href="charts/{cid}/index.html">{e(results[(cid, lang)].default["title"])}'
                "</a></li>"
                for cid in charts_of(p.slug)
            )
            items.append(
                f'<li><a href="{p.slug}.html">{e(t(p.title_key, lang))}</a><ul>{charts}</ul></li>'
            )
        body = (
            f"<h1>{e(t('app_title', lang))}</h1><p>{e(t('app_subtitle', lang))}</p>"
            f'<p class="note">{e(t("site_static_note", lang))}</p>'
            f"<h2>{e(t('site_contents', lang))}</h2><ul class=toc>{''.join(items)}</ul>"
            f'<p><a href="../{PACKAGE_DIR}/datapackage.json">{e(t("site_data_package", lang))}'
            "</a></p>"
        )
        cfg = _config(
            atlas,
            lang,
            f"../{html.OTHER[lang]}/index.html",
            view_url("overview", View(lang)),
            "index",
        )
        _write(out / lang / "index.html", html.page(lang, 1, t("app_title", lang), body, cfg))
    links = "".join(
        f'<li><a href="{lang}/index.html" hreflang="{lang}">{e(t("app_title", lang))} · '
        f"{e(t('lang_name', lang))}</a></li>"
        for lang in LANGS
    )
    cfg = _config(atlas, LANGS[0], "en/index.html", view_url("overview", View()), "root")
    root = html.page(
        LANGS[0], 0, t("page_title", LANGS[0]), f"<ul class=toc>{links}</ul>", cfg, embed=True
    )
    _write(out / "index.html", root)


def write_all(out: Path, atlas: Atlas, results: dict[tuple[str, str], ChartResult]) -> None:
    """Every page of the site."""
    for lang in LANGS:
        for p in PAGES:
            app_page(out, atlas, lang, p.slug, results)
    for result in results.values():
        chart_pages(out, atlas, result)
    index_pages(out, atlas, results)
