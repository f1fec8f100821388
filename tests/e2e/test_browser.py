"""End to end in a real browser: every page, filters in the URL, reload, language switch,
no Streamlit exception anywhere, a PNG download that arrives as a PNG."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from dashboard.nav import DEFAULT, SLUGS
from tests.e2e.helpers import (
    TIMEOUT,
    chart_titles,
    no_exception,
    open_export,
    params,
    shot,
    wait_ready,
)

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_renders(page: Any, app_url: str, lang: str) -> None:
    for slug in SLUGS:
        page.goto(f"{app_url}/{'' if slug == DEFAULT else slug}?lang={lang}")
        expect(page).to_have_url(re.compile(rf"[?&]lang={lang}(&|$)"), timeout=TIMEOUT)
        if slug not in ("sources", "clusters"):
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=TIMEOUT)
        wait_ready(page)
        no_exception(page)
        if slug not in ("sources", "clusters"):
            assert page.locator(".js-plotly-plot").count() > 0, slug
        shot(page, f"{slug}_{lang}")


def test_filter_updates_chart_and_url_and_survives_reload(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/regions?lang=en")
    wait_ready(page)
    before = page.locator(".js-plotly-plot").first.locator("g.point").count()
    assert before == 4  # East, Central, West, Northeast
    sb = page.locator('[data-testid="stSidebar"]')
    sb.locator('[data-testid="stSelectbox"]').nth(0).click()
    page.get_by_role("option", name="West", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]region=west(&|$)"), timeout=TIMEOUT)
    wait_ready(page)
    expect(page.locator(".js-plotly-plot").first.locator("g.point")).to_have_count(
        1, timeout=TIMEOUT
    )
    assert params(page)["region"] == "west"
    shot(page, "regions_en_region-west")
    page.reload()
    wait_ready(page)
    assert page.locator(".js-plotly-plot").first.locator("g.point").count() == 1
    box = sb.locator('[data-testid="stSelectbox"]').nth(0)
    assert "West" in (box.locator("input").input_value() + box.inner_text())
    # the filter survives a page switch through the sidebar navigation
    page.locator('[data-testid="stSidebarNav"] a[href$="/clusters"]').click()
    page.wait_for_url(re.compile(r".*/clusters.*region=west.*"), timeout=TIMEOUT)
    wait_ready(page)
    no_exception(page)


def test_language_switch(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/trends?lang=zh")
    wait_ready(page)
    assert "集群数量随时间变化" in chart_titles(page), chart_titles(page)
    page.locator('[data-testid="stSidebar"]').get_by_text("English").click()
    expect(page).to_have_url(re.compile(r"[?&]lang=en(&|$)"), timeout=TIMEOUT)
    wait_ready(page)
    titles = page.locator(".js-plotly-plot .gtitle", has_text="Number of clusters over time")
    expect(titles).to_have_count(1, timeout=TIMEOUT)
    no_exception(page)


def test_invalid_param_falls_back_with_notice(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/?lang=en&region=atlantis")
    wait_ready(page)
    assert page.get_by_text("region=atlantis").count() > 0
    expect(page).to_have_url(re.compile(r"[?&]region=all(&|$)"), timeout=TIMEOUT)


def test_click_on_a_domain_bar_filters_everything(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/domains?lang=en")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=TIMEOUT)
    wait_ready(page)
    box = (
        page.locator(".js-plotly-plot").first.locator("g.point path").nth(2).bounding_box()
    )  # New materials
    assert box is not None
    page.mouse.click(
        box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    )  # plotly's drag layer takes the click
    expect(page).to_have_url(re.compile(r"[?&]domain=materials(&|$)"), timeout=TIMEOUT)
    wait_ready(page)
    expect(page.locator(".js-plotly-plot").nth(1).locator("g.point")).to_have_count(
        2, timeout=TIMEOUT
    )
    no_exception(page)
    shot(page, "domains_en_domain-materials")


def test_png_download_arrives(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/domains?lang=zh&domain=biomed")
    wait_ready(page)
    dialog = open_export(page, "导出")
    with page.expect_download(timeout=60_000) as info:
        dialog.locator('[data-testid="stDownloadButton"] button').filter(has_text="PNG").click()
    download = info.value
    assert download.suggested_filename == "domains_official_zh_domain-biomed.png"
    data = Path(download.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
