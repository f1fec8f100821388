"""The Curate page end to end in a real browser: paste an article, fill its metadata, check the
highlighted figures and proposals, save; the new source and its figures appear on the other
pages. Runs against a copy of data/ (the repository's data is never written)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from dashboard.i18n import t
from tests.conftest import copy_data, drop_article
from tests.e2e.helpers import (
    TIMEOUT,
    no_exception,
    shot,
    start_app,
    stop_app,
    visible_texts,
    wait_ready,
)
from tests.e2e.test_languages import foreign

pytestmark = pytest.mark.e2e
ARTICLE = Path(__file__).parents[1] / "fixtures" / "articles" / "province-list-2022.txt"


@pytest.fixture(scope="module")
def curate_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, Path]]:
    base = tmp_path_factory.mktemp("curate")
    data = copy_data(base / "data")
    drop_article(data, ARTICLE.read_bytes())
    db = base / "clusters.duckdb"
    proc, url = start_app({"ATLAS_CURATE": "1", "ATLAS_DATA_DIR": str(data), "ATLAS_DB": str(db)})
    yield url, data, db
    stop_app(proc)


def test_curate_is_absent_from_the_default_app(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/?lang=en")
    wait_ready(page)
    assert page.get_by_role("link", name="Curate").count() == 0


def test_add_an_article_end_to_end(page: Any, curate_app: tuple[str, Path, Path]) -> None:
    url, data, db = curate_app
    before = {p.name for p in (data / "raw").iterdir()}
    page.goto(f"{url}/curate?lang=en")
    page.wait_for_selector("textarea", timeout=TIMEOUT)
    page.locator("textarea").fill(ARTICLE.read_text(encoding="utf-8"))
    page.locator("textarea").press("Control+Enter")
    page.get_by_label("Publisher", exact=True).fill("某财经网")
    page.get_by_label("Publisher", exact=True).press("Enter")
    page.wait_for_selector('[data-testid="cur-mention"]', timeout=TIMEOUT)
    wait_ready(page)
    no_exception(page)
    assert page.locator('[data-testid="cur-mention"]').count() >= 8  # every figure highlighted
    assert page.locator('[data-testid="stDataFrame"], [data-testid="stDataEditor"]').count() >= 1
    shot(page, "curate_en_preview")
    page.get_by_role("button", name="Save and rebuild").click()
    page.wait_for_selector('[data-testid="stAlertContentSuccess"]', timeout=TIMEOUT)
    message = page.locator('[data-testid="stAlertContentSuccess"]').inner_text()
    assert "facts written, database rebuilt" in message
    shot(page, "curate_en_saved")
    added = {p.name for p in (data / "raw").iterdir()} - before
    sid = next(n.removesuffix(".txt") for n in added if n.endswith(".txt"))
    assert (data / "raw" / f"{sid}.txt").read_bytes() == ARTICLE.read_bytes()
    facts = yaml.safe_load((data / "facts" / f"{sid}.yaml").read_text(encoding="utf-8"))["facts"]
    assert facts and all(f["id"].startswith(sid) for f in facts)
    with duckdb.connect(str(db), read_only=True) as con:
        n = con.execute("SELECT count(*) FROM facts WHERE source_id = ?", [sid]).fetchone()
        jiangsu = con.execute(  # the figure the new article reports (the atlas has others)
            "SELECT DISTINCT g.value FROM figures g JOIN facts f USING (figure_id) "
            "WHERE f.source_id = ? AND g.region = 'jiangsu' AND g.metric = 'cluster_count'",
            [sid],
        ).fetchone()
    assert n == (len(facts),) and jiangsu == (10.0,)
    # a figure the new article re-reports now has two sources: one bar, both quotes listed
    page.goto(f"{url}/domains?lang=en")
    wait_ready(page)
    page.get_by_text("Sources · Quote").first.click()
    quotes = page.locator('[data-testid="stExpanderDetails"]').first
    quotes.get_by_text("某财经网").first.wait_for(timeout=TIMEOUT)
    assert "2022-11-30" in quotes.inner_text()  # MIIT's report, shown first
    footer = " ".join(page.locator(".js-plotly-plot .annotation-text").all_text_contents())
    # the footer is wrapped over lines (their text joins with no space between them)
    assert re.search(r"several\s*sources,\s*\d+\s*in\s*all", footer), footer
    shot(page, "several_sources_en")
    # the new source is on the Sources page of a fresh session
    page.goto(f"{url}/sources?lang=en")
    wait_ready(page)
    page.wait_for_selector("text=45个国家先进制造业集群花落谁家", timeout=TIMEOUT)
    no_exception(page)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_curate_page_speaks_one_language(
    page: Any, curate_app: tuple[str, Path, Path], lang: str
) -> None:
    """The form, the uploader included (Streamlit writes 'Upload' and '2MB per file' itself:
    hidden, and the page's own words drawn in their place), in the page's language."""
    url, _, _ = curate_app
    page.goto(f"{url}/curate?lang={lang}")
    page.wait_for_selector(".st-key-cur_upload", timeout=TIMEOUT)
    wait_ready(page)
    leaks = [s for s in visible_texts(page, []) if foreign(s, lang)]
    assert not leaks, leaks
    drawn = page.evaluate(
        "() => getComputedStyle(document.querySelector('.st-key-cur_upload "
        "[data-testid=stFileUploaderDropzoneInstructions] > div'), '::after').content"
    )
    assert t("upload_limit", lang) in drawn
