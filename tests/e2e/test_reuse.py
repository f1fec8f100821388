"""Reuse in a real browser: every chart describes itself (with its numbers) in both languages,
the citation's URL opens exactly the cited view, and every page fits a phone's width with no
two texts of a chart overlapping."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from dashboard.nav import DEFAULT, SLUGS
from tests.e2e.helpers import (
    ARTIFACTS,
    TIMEOUT,
    clipped_labels,
    no_exception,
    open_export,
    overlapping_chart_texts,
    params,
    tiny_chart_texts,
    wait_ready,
)

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:[.,]\d+)*", text))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_has_a_description_with_its_numbers(page: Any, app_url: str, lang: str) -> None:
    seen = 0
    for slug in SLUGS:
        page.goto(f"{app_url}/{'' if slug == DEFAULT else slug}?lang={lang}")
        wait_ready(page)
        charts = page.locator(".js-plotly-plot")
        figures = page.locator('[data-testid="stPlotlyChart"]')
        assert figures.count() == charts.count(), slug
        for i in range(figures.count()):
            # the description is the chart's accessible name (st.plotly_chart's alt)
            assert figures.nth(i).get_attribute("role") == "figure"
            desc = figures.nth(i).get_attribute("aria-label") or ""
            assert len(desc) > 40, (slug, desc)
            assert (
                ("图" if lang == "zh" else "chart") in desc.lower()
                or "地图" in desc
                or "Map" in desc
            )
            # the values printed on the bars (their text labels) are in the description
            labels = charts.nth(i).locator("g.textpoint text, text.bartext").all_text_contents()
            for label in labels[:10]:
                assert _numbers(label) <= _numbers(desc), (slug, label, desc)
            seen += 1
    assert seen >= 10


def test_citation_url_opens_the_cited_view(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/regions?lang=en&region=east")
    wait_ready(page)
    code = open_export(page, "Export").locator("code").first
    code.wait_for(timeout=TIMEOUT)
    citation = code.inner_text()
    assert citation.startswith("Cluster Atlas (") and "Version " in citation
    url = re.search(r"https?://\S+", citation)
    assert url is not None and url.group(0).startswith(app_url)
    page.goto(url.group(0))
    wait_ready(page)
    no_exception(page)
    assert params(page) == {"lang": "en", "region": "east", "domain": "all"}
    assert "/regions" in page.url
    assert (
        "The 45 clusters by macro region"
        in page.locator(".js-plotly-plot .gtitle").all_text_contents()
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_fits_a_phone(browser: Any, app_url: str, lang: str) -> None:
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    overlaps: dict[str, list[str]] = {}
    try:
        for slug in SLUGS:
            page.goto(f"{app_url}/{'' if slug == DEFAULT else slug}?lang={lang}")
            wait_ready(page)
            no_exception(page)
            overflow = page.evaluate(
                """() => {
                  const doc = document.scrollingElement || document.documentElement;
                  const main = document.querySelector('[data-testid="stMain"]') || doc;
                  return {page: doc.scrollWidth - window.innerWidth,
                          main: main.scrollWidth - main.clientWidth};
                }"""
            )
            assert overflow["page"] <= 1 and overflow["main"] <= 1, (slug, overflow)
            for box in page.locator(".js-plotly-plot").all():
                if not box.is_visible():  # in a tab not open: not on the screen
                    continue
                b = box.bounding_box()
                assert (
                    b is not None and b["x"] >= -1 and b["x"] + b["width"] <= PHONE["width"] + 1
                ), slug
            page.screenshot(path=str(shot_path(f"phone_{slug}_{lang}")), full_page=False)
            # no two texts of a chart (title, axis labels, legend items, annotations) overlap, none
            # is cut by its box or shrunk below a readable size
            found = [
                *overlapping_chart_texts(page),
                *(f"clipped: {c}" for c in clipped_labels(page)),
                *(f"too small: {c}" for c in tiny_chart_texts(page)),
            ]
            if found:
                overlaps[slug] = found
        assert not overlaps, f"overlapping chart texts at 390 px ({lang}): {overlaps}"
        # the filters are reachable: the sidebar opens and shows them
        page.goto(f"{app_url}/regions?lang={lang}")
        wait_ready(page)
        page.locator('[data-testid="stExpandSidebarButton"]').first.click()
        page.wait_for_selector('[data-testid="stSidebar"][data-collapsed="false"]', timeout=TIMEOUT)
        select = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
        select.wait_for(timeout=TIMEOUT)
        page.wait_for_function(
            "() => { const s = document.querySelector('[data-testid=\"stSidebar\"]');"
            " return s && s.getBoundingClientRect().x >= 0; }",
            timeout=TIMEOUT,
        )
        box = select.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        page.screenshot(path=str(shot_path(f"phone_sidebar_{lang}")))
    finally:
        ctx.close()


def shot_path(name: str) -> Any:
    """Where a screenshot of this test goes (a test artifact)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"{name}.png"


@pytest.mark.parametrize("slug", [s for s in SLUGS if s != DEFAULT][:2])
def test_a_shared_link_connects_at_once(page: Any, app_url: str, slug: str) -> None:
    """A link to a page other than the first connects to the server's own address: no request
    under the page's path that the server answers 404 (Streamlit's guess, then a wait)."""
    asked: list[tuple[int, str]] = []
    page.on("response", lambda r: asked.append((r.status, r.url)))
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.goto(f"{app_url}/{slug}?lang=en&region=east")
    wait_ready(page)
    no_exception(page)
    assert not [url for status, url in asked if status == 404], asked
    assert not [url for _, url in asked if f"/{slug}/_stcore/" in url]
    assert any(url.endswith("/_stcore/health") for _, url in asked)
    assert sockets and all(urlsplit(url).path == "/_stcore/stream" for url in sockets), sockets
    assert f"/{slug}" in page.url and "region=east" in page.url
