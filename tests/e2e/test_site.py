"""The static site in a real browser, served by nginx, with the network cut off from
everything else: every page in both languages draws its charts, a filter changes a chart and
the URL, downloads work, the embed code fits a phone and a desktop, and every link and asset
resolves to a file of the site. The site is built once per session from a fresh database."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from dashboard.chartdefs import CHARTS, build_chart, charts_of
from dashboard.data import load_atlas
from dashboard.filters import LANGS, View
from dashboard.nav import PAGES
from dashboard.site.build import Summary, build_site
from dashboard.site.variants import views_of
from deploy.serve_replicas import free_ports, wait_for
from deploy.serve_site import SiteServer
from etl.paths import ROOT, Paths
from tests.e2e.helpers import TIMEOUT, open_export, params, shot, start_app, stop_app, wait_ready

pytestmark = pytest.mark.e2e
PICTURED = ["overview_growth", "domains_official"]  # images for these only: the test stays short
READY = "body[data-ready]"


@pytest.fixture(scope="module")
def site(db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Summary]:
    out = tmp_path_factory.mktemp("site") / "site"
    summary = build_site(out, Paths(data=ROOT / "data", db=db_path), image_charts=PICTURED)
    return out, summary


@pytest.fixture(scope="module")
def served(site: tuple[Path, Summary]) -> Iterator[SiteServer]:
    server = SiteServer(site[0], free_ports(1)).start()
    yield server
    server.stop()


@pytest.fixture
def blocked() -> list[str]:
    return []


@pytest.fixture
def ctx(browser: Any, served: SiteServer, blocked: list[str]) -> Iterator[Any]:
    """A browser context that reaches the nginx host only: any other request is aborted and
    recorded (the test then fails)."""
    c = browser.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True)
    host = urlsplit(served.url).netloc

    def gate(route: Any) -> None:
        if urlsplit(route.request.url).netloc == host:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    c.route("**/*", gate)
    yield c
    c.close()
    assert blocked == [], f"requests outside the site: {blocked[:5]}"


def _open(page: Any, url: str) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(url)
    page.wait_for_selector(READY, state="attached", timeout=TIMEOUT)
    return errors


def _html_files(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("**/*.html"))


def test_every_page_in_both_languages_draws_its_charts(
    site: tuple[Path, Summary], served: SiteServer, ctx: Any, db_path: Path
) -> None:
    root, summary = site
    atlas = load_atlas(db_path)
    assert summary.variants == sum(
        len(views_of(cid, atlas, lang)) for cid in CHARTS for lang in LANGS
    )
    page = ctx.new_page()
    pages = _html_files(root)
    assert len(pages) == 1 + 2 * (1 + len(PAGES) + 2 * len(CHARTS))  # root, indexes, pages, charts
    for path in pages:
        rel = path.relative_to(root).as_posix()
        errors = _open(page, f"{served.url}/{rel}")
        sections = page.locator("section.chart")
        ids = [sections.nth(i).get_attribute("id") for i in range(sections.count())]
        want = _charts_on(rel)
        assert ids == [f"chart-{c}" for c in want], rel
        for i, cid in enumerate(want):
            sec = sections.nth(i)
            empty = build_chart(cid, atlas, View(rel[:2])).empty
            assert sec.get_attribute("data-state") == ("empty" if empty else "drawn"), rel
            if not empty:
                assert sec.locator(".js-plotly-plot .main-svg").count() >= 1, rel
                title = re.sub(r"\s", "", CHARTS[cid].title(rel[:2]))  # titles wrap on a phone
                drawn = sec.locator(".js-plotly-plot .gtitle").first.text_content() or ""
                assert title in re.sub(r"\s", "", drawn), (rel, cid)
        assert errors == [], (rel, errors)
    page.close()


def _charts_on(rel: str) -> list[str]:
    """The charts a page of the site must show, from the registry."""
    parts = rel.split("/")
    if len(parts) == 4 and parts[1] == "charts":
        return [parts[2]]
    if len(parts) == 2 and parts[1] != "index.html":
        return charts_of(parts[1].removesuffix(".html"))
    return []


def _drawn(page: Any, cid: str, key: str) -> None:
    page.wait_for_selector(
        f'#chart-{cid}[data-key="{key}"][data-state="drawn"], '
        f'#chart-{cid}[data-key="{key}"][data-state="empty"]',
        state="attached",
        timeout=TIMEOUT,
    )


def test_a_filter_changes_the_chart_and_the_url(
    served: SiteServer, ctx: Any, db_path: Path
) -> None:
    atlas = load_atlas(db_path)
    page = ctx.new_page()
    _open(page, f"{served.url}/en/charts/regions_macro/index.html")
    assert params(page) == {"lang": "en", "region": "all", "domain": "all"}
    xs = (
        "() => Array.from(document.querySelector('#chart-regions_macro .js-plotly-plot').data[0].x)"
    )
    unfiltered = build_chart("regions_macro", atlas, View("en")).fig
    assert unfiltered is not None
    assert page.evaluate(xs) == list(unfiltered.data[0].x)
    page.select_option("#f-region", "west")
    _drawn(page, "regions_macro", "west|all")
    assert params(page) == {"lang": "en", "region": "west", "domain": "all"}
    want = build_chart("regions_macro", atlas, View("en", "west"))
    assert want.fig is not None
    assert page.evaluate(xs) == list(want.fig.data[0].x)
    assert page.locator('[data-role="desc"]').text_content() == want.description
    page.reload()  # the URL keeps the view
    page.wait_for_selector(READY, state="attached", timeout=TIMEOUT)
    _drawn(page, "regions_macro", "west|all")
    assert page.input_value("#f-region") == "west"
    page.click("#lang-switch")  # the other language, same filters
    page.wait_for_url("**/zh/charts/regions_macro/index.html?lang=zh&region=west&domain=all")
    _drawn(page, "regions_macro", "west|all")
    app = page.get_attribute("#app-link", "href") or ""
    assert app.endswith("/regions?lang=zh&region=west&domain=all")
    # a page of the app: every chart follows, one that cannot apply the region says so
    _open(page, f"{served.url}/en/regions.html?region=west")
    _drawn(page, "regions_macro", "west|all")
    note = build_chart("regions_key4", atlas, View("en", "west")).notes[0]
    assert note in page.locator("#chart-regions_key4 .notes").text_content()
    _open(page, f"{served.url}/en/regions.html?region=nowhere")  # an invalid value: a notice
    assert "nowhere" in page.locator("#filter-notice").text_content()
    assert params(page)["region"] == "all"
    page.close()


def test_downloads(served: SiteServer, ctx: Any) -> None:
    page = ctx.new_page()
    _open(page, f"{served.url}/zh/charts/overview_growth/index.html")
    magic = {"PNG": b"\x89PNG", "PDF": b"%PDF", "CSV": b"\xef\xbb\xbf", "XLSX": b"PK"}
    for fmt in ("PNG", "SVG", "PDF", "CSV", "XLSX"):
        with page.expect_download(timeout=TIMEOUT) as dl:
            page.locator('[data-role="dl"] a').filter(has_text=fmt).click()
        data = Path(dl.value.path()).read_bytes()
        assert data.startswith(magic[fmt]) if fmt in magic else b"<svg" in data[:400], fmt
        assert dl.value.suggested_filename.startswith("overview_growth_zh.")
    _open(page, f"{served.url}/en/charts/regions_macro/index.html?region=east")
    _drawn(page, "regions_macro", "east|all")
    assert page.locator('[data-role="dl"] a').all_text_contents() == ["CSV"]
    assert page.locator('[data-role="dl-note"]').is_visible()
    with page.expect_download(timeout=TIMEOUT) as dl:
        page.locator('[data-role="dl"] a').filter(has_text="CSV").click()
    assert dl.value.suggested_filename == "regions_macro_en_region-east.csv"
    assert b"East" in Path(dl.value.path()).read_bytes()
    page.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", [390, 1200])
def test_the_embed_fits_a_phone_and_a_desktop(
    served: SiteServer, ctx: Any, lang: str, width: int
) -> None:
    page = ctx.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    _open(page, f"{served.url}/{lang}/charts/regions_map/index.html?region=east")
    _drawn(page, "regions_map", "east|all")
    shot(page, f"site_chart_{lang}_{width}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    code = page.input_value("#embed-code")
    assert code.startswith("<iframe ") and f"embed.html?lang={lang}&amp;region=east" in code
    host = ctx.new_page()
    host.set_viewport_size({"width": width, "height": 900})
    host.set_content(
        '<!doctype html><meta name="viewport" content="width=device-width,initial-scale=1">'
        f'<body style="margin:0"><article style="padding:8px"><p>An article.</p>{code}'
        "<p>More of the article.</p></article></body>"
    )
    frame = host.wait_for_selector("iframe").content_frame()
    frame.wait_for_selector(READY, state="attached", timeout=TIMEOUT)
    frame.wait_for_selector(".js-plotly-plot .main-svg", timeout=TIMEOUT)
    box = host.locator("iframe").bounding_box()
    assert box["width"] <= width
    assert host.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    svg = frame.evaluate("document.querySelector('.main-svg').getBoundingClientRect().width")
    assert 0 < svg <= box["width"]
    assert frame.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    back = frame.get_attribute('[data-role="page-link"]', "href") or ""
    assert back.endswith(f"index.html?lang={lang}&region=east&domain=all")
    assert frame.locator('[data-role="src"]').text_content()
    shot(host, f"site_embed_{lang}_{width}")
    host.close()
    page.close()


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.refs.append((tag, value))


def test_every_link_and_asset_resolves(site: tuple[Path, Summary]) -> None:
    root = site[0].resolve()
    missing, outside = [], []
    for path in _html_files(root):
        parser = _Refs()
        parser.feed(path.read_text("utf-8"))
        for tag, url in parser.refs:
            parts = urlsplit(url)
            if parts.scheme in ("http", "https"):
                if tag != "a":  # a link out (a source, the app) is fine; a fetched asset is not
                    outside.append((path, url))
                continue
            if parts.scheme == "data":  # inline (the empty icon): nothing is fetched
                continue
            assert not parts.scheme and not parts.netloc, (path, url)
            if not parts.path:
                continue
            target = (path.parent / unquote(parts.path)).resolve()
            if not target.is_file() or root not in target.parents:
                missing.append((str(path.relative_to(root)), url))
    for variants in root.glob("**/variants.js"):  # the files the filters' downloads name
        text = variants.read_text("utf-8")
        payload = json.loads(text[text.index("]=") + 2 :].rstrip().rstrip(";"))
        for key, v in payload["views"].items():
            for _, name in v["dl"]:
                if not (variants.parent / "files" / name).is_file():
                    missing.append((str(variants.relative_to(root)), f"{key}: {name}"))
    assert missing == [] and outside == []
    assert [p.name for p in root.glob("**/plotly*.js")] == ["plotly.min.js"]  # once
    assert (root / "datapackage" / "datapackage.json").is_file()


def test_the_app_links_to_the_static_page_and_back(
    browser: Any, served: SiteServer, db_path: Path
) -> None:
    proc, app = start_app({"ATLAS_DB": str(db_path), "ATLAS_SITE_URL": served.url})
    c = browser.new_context(viewport={"width": 1400, "height": 1800})
    try:
        page = c.new_page()
        page.goto(f"{app}/regions?lang=en&region=east")
        wait_ready(page)
        dialog = open_export(page, "Export")
        link = dialog.locator(f'a[href^="{served.url}/"]').first
        link.wait_for(timeout=TIMEOUT)
        static = link.get_attribute("href") or ""
        assert static == (
            f"{served.url}/en/charts/regions_macro/index.html?lang=en&region=east&domain=all"
        )
        embed = dialog.locator("code").filter(has_text="<iframe").first.inner_text()
        assert f'src="{served.url}/en/charts/regions_macro/embed.html?lang=en&amp;region=east' in (
            embed
        )
        page.goto(static)
        page.wait_for_selector(READY, state="attached", timeout=TIMEOUT)
        _drawn(page, "regions_macro", "east|all")
        back = urlsplit(page.get_attribute("#app-link", "href") or "")
        assert (back.path, back.query) == ("/regions", "lang=en&region=east&domain=all")
        page.goto(f"{app}{back.path}?{back.query}")  # the site names the app's public address
        wait_ready(page)
        assert params(page) == {"lang": "en", "region": "east", "domain": "all"}
    finally:
        c.close()
        stop_app(proc)


def test_a_plain_file_server_serves_it_too(browser: Any, site: tuple[Path, Summary]) -> None:
    """No nginx: Python's own file server (no compression, no headers of ours) is enough."""
    port = free_ports(1)
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "-b", "127.0.0.1", "-d", str(site[0])],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    c = browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        wait_for(f"http://127.0.0.1:{port}/index.html", proc=proc)
        page = c.new_page()
        errors = _open(page, f"http://127.0.0.1:{port}/zh/charts/clusters_batches/index.html")
        _drawn(page, "clusters_batches", "all|all")
        page.select_option("#f-domain", "biomed")
        _drawn(page, "clusters_batches", "all|biomed")
        assert params(page) == {"lang": "zh", "region": "all", "domain": "biomed"}
        assert errors == []
    finally:
        c.close()
        proc.terminate()
        proc.wait(timeout=10)
