"""App benchmark in a real browser (Debian's Chromium via Playwright) against `streamlit run`:
navigation to the first chart drawn on each page, page switch through the sidebar, filter change
to the updated chart, and the server-side rerun time of each page (logged by the app itself).
Prints medians; asserts nothing."""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from etl.load import write
from etl.paths import ROOT, default_paths
from etl.pipeline import run
from tests.e2e.conftest import ARGS, CHROMIUM, _free_port

PAGES = ("overview", "trends", "regions", "domains", "guangdong", "clusters", "sources")
FIRST_CHART = "document.querySelectorAll('.js-plotly-plot .main-svg').length > 0"


def _median_ms(xs: list[float]) -> str:
    return f"{statistics.median(xs) * 1000:7.0f} ms"


def main() -> None:
    """Start the app, drive it, print the figures."""
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp())
    db = tmp / "bench.duckdb"
    write(run(default_paths()), db)
    port = _free_port()
    log = tmp / "server.log"
    env = {**os.environ, "ATLAS_DB": str(db), "ATLAS_TIMING": "1"}
    with log.open("w") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.port", str(port),
                                 "--server.address", "127.0.0.1"], cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        time.sleep(3)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url)
            page.wait_for_function(FIRST_CHART, timeout=60_000)  # warm-up: caches, first import
            nav: dict[str, list[float]] = {
                p_: [] for p_ in PAGES if p_ not in ("clusters", "sources")
            }
            switch: list[float] = []
            for _ in range(5):
                for slug in nav:
                    t0 = time.perf_counter()
                    page.goto(f"{url}/{'' if slug == 'overview' else slug}?lang=zh")
                    page.wait_for_function(FIRST_CHART, timeout=60_000)
                    nav[slug].append(time.perf_counter() - t0)
                for slug in ("trends", "domains", "regions"):
                    t0 = time.perf_counter()
                    page.locator(f'[data-testid="stSidebarNav"] a[href*="/{slug}"]').click()
                    page.wait_for_url(re.compile(f".*/{slug}.*"))
                    page.wait_for_function(FIRST_CHART, timeout=60_000)
                    switch.append(time.perf_counter() - t0)
            # filter change -> updated chart: a chart of the page shows n points afterwards
            filt: dict[str, list[float]] = {}
            cases = (("regions", 0, 0, (("West", 1), ("All regions", 4))),
                     ("domains", 1, 1, (("New materials", 2), ("All domains", 12))))  # fmt: skip
            for slug, box, idx, steps in cases:
                page.goto(f"{url}/{slug}?lang=en")
                page.wait_for_function(FIRST_CHART, timeout=60_000)
                for target, n in steps * 6:
                    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').nth(
                        box
                    ).click()
                    t0 = time.perf_counter()
                    page.get_by_role("option", name=target, exact=True).click()
                    page.wait_for_function(
                        f"(document.querySelectorAll('.js-plotly-plot')[{idx}]?.querySelectorAll('g.point').length ?? -1) === {n}",
                        timeout=60_000,
                    )
                    filt.setdefault(slug, []).append(time.perf_counter() - t0)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    reruns: dict[tuple[str, str], list[float]] = {}
    for m in re.finditer(r"ATLAS_RERUN page=(\S+) first=(\d) ms=([\d.]+)", log.read_text()):
        reruns.setdefault((m.group(1), m.group(2)), []).append(float(m.group(3)) / 1000)
    print("App benchmark (real browser: Debian Chromium via Playwright; medians of 5+ runs)")
    for slug, xs in nav.items():
        print(f"  navigate to /{slug:<10} -> first chart drawn: {_median_ms(xs)}")
    print(
        f"  page switch via sidebar -> first chart drawn:  {_median_ms(switch)}   (target < 1000 ms)"
    )
    for slug, xs in filt.items():
        print(
            f"  filter change -> updated chart on /{slug:<8}: {_median_ms(xs)} over {len(xs)}   (target < 300 ms)"
        )
    for slug in PAGES:
        for first, what in (("0", "rerun"), ("1", "first run of a new session")):
            xs = reruns.get((slug, first), [])
            if xs:
                target = "   (target < 50 ms)" if first == "0" else ""
                print(f"  server {what} /{slug}: {_median_ms(xs)} over {len(xs)} runs{target}")
