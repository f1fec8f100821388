"""Faults and hostile input in a real browser (issue 18): a typo in data/ never takes the site
down, publishers and URLs from data render as text, and values from the URL are echoed as
escaped, shortened text.

One app runs against a copy of data/ whose database was built first; then a quote of a facts
file is broken (the curator's typo) and one source's sidecar carries a publisher that is a
Markdown link and a ``javascript:`` URL (what an open Curate page let anyone save)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from dashboard.safe import JOINER
from etl.load import write
from etl.paths import Paths
from etl.pipeline import run
from tests.conftest import copy_data
from tests.e2e.helpers import (
    TIMEOUT,
    no_exception,
    open_expanders,
    shot,
    start_app,
    stop_app,
    wait_ready,
)

pytestmark = pytest.mark.e2e
SOURCE = "2022-11-30-miit-45-clusters"
EVIL = "evil.example"
PUBLISHER = f"[请点此登录核实](https://{EVIL}/login)"
# in English the chart footers (Plotly) show publisher_en: Plotly draws <a href> as a link
PUBLISHER_EN = f'<a href="https://{EVIL}/en">Log in to verify</a> ![](https://{EVIL}/pub.png)'


def _break_a_quote(data: Path) -> tuple[str, int]:
    """Change 18家 to 28家 in a quote of the MIIT facts file; return the file name and line."""
    facts = data / "facts" / f"{SOURCE}.yaml"
    lines = facts.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if "quote:" in line and "18家" in line)
    lines[n] = lines[n].replace("18家", "28家")
    facts.write_text("".join(lines), encoding="utf-8")
    return facts.name, n + 1


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    base = tmp_path_factory.mktemp("hostile")
    data = copy_data(base / "data")
    meta = data / "raw" / f"{SOURCE}.meta.yml"
    side = yaml.safe_load(meta.read_text(encoding="utf-8"))
    side.update(publisher=PUBLISHER, publisher_en=PUBLISHER_EN, url="javascript:alert(1)")
    meta.write_text(yaml.safe_dump(side, allow_unicode=True), encoding="utf-8")
    db = base / "clusters.duckdb"
    write(run(Paths(data=data, db=db)), db)  # the last good database
    name, line = _break_a_quote(data)
    log = base / "server.log"
    proc, url = start_app(
        {"ATLAS_CURATE": "1", "ATLAS_DATA_DIR": str(data), "ATLAS_DB": str(db)}, log=log
    )
    yield {"url": url, "data": data, "base": base, "log": log, "file": name, "line": line}
    stop_app(proc)


@pytest.fixture
def outside(page: Any) -> list[str]:
    """Every request the page makes to the hostile host."""
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if urlsplit(r.url).hostname == EVIL else None)
    return seen


def _no_server_detail(text: str, hostile: dict[str, Any]) -> None:
    assert str(hostile["base"]) not in text
    for word in ("Traceback", ".yaml", "make db", "EtlError", "/tmp/", "/work/"):
        assert word not in text, word


def _no_live_link(page: Any) -> None:
    hrefs = page.eval_on_selector_all(
        "a", "els => els.map(e => e.getAttribute('href') || e.getAttribute('xlink:href') || '')"
    )
    bad = [h for h in hrefs if EVIL in h or h.lower().startswith("javascript:")]
    assert not bad, bad
    assert page.locator(f'img[src*="{EVIL}"]').count() == 0


@pytest.mark.parametrize("path", ["", "domains"])
def test_a_typo_in_data_keeps_the_site_up_for_new_visitors(
    page: Any, hostile: dict[str, Any], path: str
) -> None:
    page.goto(f"{hostile['url']}/{path}?lang=en")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=TIMEOUT)
    wait_ready(page)
    no_exception(page)
    assert page.locator(".js-plotly-plot").count() > 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    _no_server_detail(page.locator("body").inner_text(), hostile)
    shot(page, f"typo_in_data_{path or 'overview'}")


def test_the_curator_is_told_what_failed(page: Any, hostile: dict[str, Any]) -> None:
    page.goto(f"{hostile['url']}/curate?lang=en")
    page.wait_for_selector("textarea", timeout=TIMEOUT)
    wait_ready(page)
    alert = page.locator('[data-testid="stAlertContentError"]').first
    alert.wait_for(timeout=TIMEOUT)
    told = alert.inner_text()
    # the file and line (of the fact whose quote was broken), relative to the data folder
    where = re.search(rf"data/facts/{re.escape(hostile['file'])}:(\d+)", told)
    assert where and int(where[1]) in range(hostile["line"] - 3, hostile["line"] + 1), told
    assert str(hostile["base"]) not in told  # relative to the data folder, not a server path
    log = hostile["log"].read_text(encoding="utf-8")
    assert f"{hostile['file']}:{where[1]}" in log, log[-2000:]


def test_curate_behind_a_proxy_without_a_token_refuses(
    browser: Any, hostile: dict[str, Any]
) -> None:
    """Through a reverse proxy every visitor looks local: no token set, no Curate page."""
    ctx = browser.new_context(extra_http_headers={"X-Forwarded-For": "203.0.113.9"})
    try:
        page = ctx.new_page()
        page.goto(f"{hostile['url']}/curate?lang=en")
        wait_ready(page)
        page.locator('[data-testid="stAlertContentError"]').first.wait_for(timeout=TIMEOUT)
        assert "ATLAS_CURATE_TOKEN" in page.locator("body").inner_text()
        assert page.locator("textarea").count() == 0
        assert page.locator('[data-testid="stFileUploader"]').count() == 0
    finally:
        ctx.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_publishers_and_urls_render_as_text(
    page: Any, outside: list[str], hostile: dict[str, Any], lang: str
) -> None:
    for path in ("", "sources"):
        page.goto(f"{hostile['url']}/{path}?lang={lang}")
        wait_ready(page)
        open_expanders(page)
        if path == "sources":
            page.get_by_text(SOURCE.split("-", 3)[-1], exact=False).first.wait_for(timeout=TIMEOUT)
        page.wait_for_timeout(300)
        _no_live_link(page)
        body = page.locator("body").inner_text().replace(JOINER, "")
        # shown as the text it is, in the page's language (publisher_en on English pages)
        assert (PUBLISHER if lang == "zh" else PUBLISHER_EN) in body, path
    if lang == "en":  # a footer of a chart drawn from that source, as typed
        page.goto(f"{hostile['url']}/?lang=en")
        wait_ready(page)
        footers = "".join(page.locator(".js-plotly-plot .annotation-text").all_text_contents())
        typed = PUBLISHER_EN.split(" ![")[0]
        assert re.sub(r"\s", "", typed) in re.sub(r"\s", "", footers), footers  # (wrapped)
    assert not outside, outside


@pytest.mark.parametrize(
    "value",
    [
        f"[click here](https://{EVIL}/phish)",
        f"![](https://{EVIL}/x.png)",
        "<img src=https://evil.example/y.png>",
        "x" * 5000,
    ],
)
def test_a_hostile_url_value_is_echoed_as_short_escaped_text(
    page: Any, outside: list[str], hostile: dict[str, Any], value: str
) -> None:
    from urllib.parse import quote

    page.goto(f"{hostile['url']}/?lang=en&region={quote(value)}")
    wait_ready(page)
    page.wait_for_url(re.compile(r"[?&]region=all(&|$)"), timeout=TIMEOUT)
    notice = page.locator('[data-testid="stAlertContentWarning"]').first
    notice.wait_for(timeout=TIMEOUT)
    text = notice.inner_text().replace(JOINER, "")  # (what breaks autolinks, invisible)
    assert "region=" in text
    assert len(text) < 300, len(text)
    if len(value) < 100:
        assert value in text  # shown as the text it is
    _no_live_link(page)
    page.wait_for_timeout(300)
    assert not outside, outside
