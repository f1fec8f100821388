"""The static site beside the app, in one run (``python -m bench.site_bench``; in ``make bench``).

1. ``make site``'s build (every chart, variant and download) timed, and the site's size.
2. In Debian's Chromium (Playwright), the same chart (``regions_macro``, the first chart of
   /regions): navigation -> first chart drawn, and region filter -> updated chart, on its static
   page and the static Regions page (nginx), on the app's /regions and on the bare Streamlit
   page (bench/bare_app.py: one selectbox, one chart), interleaved, medians.
3. Load: nginx serving the chart's static page (a small asyncio HTTP/1.1 keep-alive client,
   loopback only, bounded in requests and seconds) at 25, 100 and 500 concurrent connections:
   requests/s and p95; against the app at 25 sessions (``bench.load``: runs/s, rerun p95). The
   client shares this machine's cores with nginx, so the static figures are a lower bound.

Prints figures and ratios; asserts nothing.
"""

from __future__ import annotations

import asyncio
import gzip
import multiprocessing
import os
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench import load
from bench.app_bench import _pick
from dashboard.chartdefs import build_chart
from dashboard.data import load_atlas
from dashboard.filters import View
from dashboard.site.build import build_site
from deploy.serve_replicas import free_ports
from deploy.serve_site import SiteServer
from etl.load import write
from etl.paths import Paths, default_paths
from etl.pipeline import run
from tests.e2e.helpers import ARGS, CHROMIUM, start_app

CHART = "regions_macro"
REPEATS = 5
LEVELS = (25, 100, 500)
REQUESTS_PER_LEVEL = 20_000  # spread over the level's connections
LEVEL_SECONDS = 15.0  # a level stops after this long, whatever is left
FIRST_CHART = "document.querySelectorAll('.js-plotly-plot .main-svg').length > 0"


def _ms(xs: list[float]) -> float:
    return statistics.median(xs) * 1000


def _points(n: int) -> str:
    return (
        "(document.querySelectorAll('.js-plotly-plot')[0]?.querySelectorAll('g.point').length"
        f" ?? -1) === {n}"
    )


def _size(root: Path) -> tuple[int, int, int]:
    """Files, bytes, and bytes of the site's text gzipped (what nginx sends)."""
    files = [p for p in root.glob("**/*") if p.is_file()]
    text = (".html", ".js", ".css", ".json", ".csv", ".svg")
    zipped = sum(
        len(gzip.compress(p.read_bytes(), 5)) if p.suffix in text else p.stat().st_size
        for p in files
    )
    return len(files), sum(p.stat().st_size for p in files), zipped


def _browser(site: str, app: str, bare: str, west: int, everything: int) -> dict[str, list[float]]:
    """Navigation and filter times on each of the four pages, interleaved."""
    from playwright.sync_api import sync_playwright

    chart_page = f"{site}/en/charts/{CHART}/index.html"
    regions_page = f"{site}/en/regions.html"
    out: dict[str, list[float]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for u in (chart_page, regions_page, f"{app}/regions?lang=en", bare):  # warm-up
            page.goto(u)
            page.wait_for_function(FIRST_CHART, timeout=60_000)
        for _ in range(REPEATS):
            for name, url in (
                ("static chart page", chart_page),
                ("static Regions page", regions_page),
                ("app /regions", f"{app}/regions?lang=en"),
                ("bare Streamlit page", bare),
            ):
                t0 = time.perf_counter()
                page.goto(url)
                page.wait_for_function(FIRST_CHART, timeout=60_000)
                out.setdefault(f"nav {name}", []).append(time.perf_counter() - t0)
                for target, n in (("west", west), ("all", everything)):
                    t0 = time.perf_counter()
                    if name.startswith("static"):
                        page.select_option("#f-region", target)
                        ready = _points(n)
                    elif name.startswith("app"):
                        _pick(page, 0, "West" if target == "west" else "All regions")
                        ready = _points(n)
                    else:  # the bare page draws 4 bars, West's first one 0 (as bench.app_bench)
                        _pick(page, 0, target)
                        ready = (
                            f"new URL(location.href).searchParams.get('region') === '{target}'"
                            " && document.querySelector('.js-plotly-plot')?.data?.[0]?.y?.[0]"
                            f" === {0 if target == 'west' else 30}"
                        )
                    page.wait_for_function(ready, timeout=60_000)
                    out.setdefault(f"filter {name}", []).append(time.perf_counter() - t0)
        browser.close()
    return out


async def _body(reader: asyncio.StreamReader, head: bytes) -> int:
    """Read a response's body (by Content-Length, or chunked as nginx sends gzip); its size."""
    fields = dict(
        (k.strip().lower(), v.strip())
        for k, _, v in (line.partition(b":") for line in head.split(b"\r\n")[1:] if line)
    )
    if b"content-length" in fields:
        return len(await reader.readexactly(int(fields[b"content-length"])))
    size = 0
    while True:
        n = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        await reader.readexactly(n + 2)  # the chunk and its CRLF
        size += n
        if n == 0:
            return size


async def _client(host: str, port: int, path: str, n: int, deadline: float) -> list[float]:
    """One keep-alive connection: ``n`` GETs (gzip accepted, as a browser does) until the
    deadline; returns each request's latency (an error ends the connection, counted by the
    caller from the missing requests)."""
    lat: list[float] = []
    reader, writer = await asyncio.open_connection(host, port)
    req = (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept-Encoding: gzip\r\n"
        "Connection: keep-alive\r\n\r\n"
    ).encode()
    try:
        for _ in range(n):
            if time.perf_counter() > deadline:
                break
            t0 = time.perf_counter()
            writer.write(req)
            head = await reader.readuntil(b"\r\n\r\n")
            if not head.startswith(b"HTTP/1.1 200"):
                raise RuntimeError(head[:40].decode(errors="replace"))
            await _body(reader, head)
            lat.append(time.perf_counter() - t0)
    finally:
        writer.close()
    return lat


async def _connections(
    url: str, conns: int, each: int, deadline: float
) -> tuple[list[float], list[str], float]:
    """``conns`` connections at once, ``each`` requests each or until the deadline: every
    latency, the errors, and the seconds from the first request to the last answer."""
    t0 = time.perf_counter()
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    done = await asyncio.gather(
        *(_client(host, port, parts.path, each, deadline) for _ in range(conns)),
        return_exceptions=True,
    )
    lat = [x for d in done if isinstance(d, list) for x in d]
    errors = [repr(d) for d in done if not isinstance(d, list)]
    return lat, errors, time.perf_counter() - t0


def _part(args: tuple[str, int, int, float]) -> tuple[list[float], list[str], float]:
    url, conns, each, seconds = args
    return asyncio.run(_connections(url, conns, each, time.perf_counter() + seconds))


def _level(url: str, conns: int) -> tuple[float, float, int]:
    """``conns`` connections at once, spread over one client process per core (one Python
    process could not keep nginx busy): requests/s, p95 latency (s), errors."""
    n = max(1, min(os.cpu_count() or 1, conns))
    split = [conns // n + (1 if i < conns % n else 0) for i in range(n)]
    each = -(-REQUESTS_PER_LEVEL // conns)
    with multiprocessing.get_context("fork").Pool(n) as pool:
        parts = pool.map(_part, [(url, c, each, LEVEL_SECONDS) for c in split])
    wall = max(p[2] for p in parts)  # the slowest client process, from its first request
    lat = [x for p in parts for x in p[0]]
    errors = [e for p in parts for e in p[1]]
    if errors:
        print(f"      error: {errors[0]}", flush=True)
    return len(lat) / wall, load._pct(lat, 0.95), len(errors)


def main() -> None:
    """Build, serve, measure; print figures and ratios."""
    tmp = Path(tempfile.mkdtemp())
    db = tmp / "site-bench.duckdb"
    write(run(default_paths()), db)
    atlas = load_atlas(db)
    west = build_chart(CHART, atlas, View("en", "west")).fig
    every = build_chart(CHART, atlas, View("en")).fig
    assert west is not None and every is not None
    out = tmp / "site"
    summary = build_site(out, Paths(data=default_paths().data, db=db))
    files, raw, zipped = _size(out)
    print("Static site (python -m dashboard.site = make site) beside the app")
    print(
        f"  build: {summary.seconds:.1f} s (goal <= 60 s; {summary.cpu_seconds:.1f} s of Python "
        f"CPU time over the worker processes) · {files} files, {raw / 1e6:.1f} MB "
        f"({zipped / 1e6:.1f} MB as nginx sends it, gzip) · {summary.variants} variants, "
        f"{summary.figures} distinct figures · plotly.js once "
        f"({(out / 'assets' / 'plotly.min.js').stat().st_size / 1e6:.1f} MB)"
    )
    server = SiteServer(out, free_ports(1)).start()
    app, app_url = start_app({"ATLAS_DB": str(db)})
    bare, bare_url = start_app({}, "bench/bare_app.py")
    try:
        times = _browser(server.url, app_url, bare_url, len(west.data[0].x), len(every.data[0].x))
    finally:
        for proc in (app, bare):
            proc.terminate()
            proc.wait(timeout=10)
    _print_browser(times)
    page = f"{server.url}/en/charts/{CHART}/index.html"
    rows = {}
    try:
        for conns in LEVELS:
            rows[conns] = _level(page, conns)
            rps, p95, errors = rows[conns]
            print(
                f"  nginx, static chart page, {conns:>3} connections: {rps:8.0f} requests/s · "
                f"p95 {p95 * 1000:6.1f} ms · errors {errors}",
                flush=True,
            )
    finally:
        server.stop()
    atlas_rows = load.run_levels(["atlas"], [25], 5, "regions", None, False)
    a = atlas_rows[("atlas", 25)]
    rps25 = rows[25][0]
    print(
        f"  static page at 25 connections vs the app at 25 sessions: {rps25 / a['runs_s']:.0f}x "
        f"the runs/s (goal >= 100x) · p95 {rows[25][1] * 1000:.1f} ms vs rerun p95 "
        f"{a['rerun_p95'] * 1000:.0f} ms"
    )


def _print_browser(times: dict[str, list[float]]) -> None:
    bare_nav, bare_filter = (
        _ms(times["nav bare Streamlit page"]),
        _ms(times["filter bare Streamlit page"]),
    )
    print(f"  Chromium, chart {CHART} (medians of {REPEATS}, interleaved):")
    for name in ("static chart page", "static Regions page", "app /regions", "bare Streamlit page"):
        nav, filt = _ms(times[f"nav {name}"]), _ms(times[f"filter {name}"])
        goal = " (goal <= 0.5x)" if name.startswith("static") else ""
        print(
            f"    {name:<20} navigation -> first chart {nav:6.0f} ms ({nav / bare_nav:.2f}x bare)"
            f" · filter -> updated chart {filt:6.0f} ms ({filt / bare_filter:.2f}x bare{goal})"
        )


if __name__ == "__main__":
    main()
