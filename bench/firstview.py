"""First views, one session at a time: what a combination costs the first time it is asked for.

    python -m bench.firstview [--per-page 8] [--seed 3] [--repeat-sources 5]

A fresh atlas server (``ATLAS_TIMING=1``) is started and warmed with one view of the Overview
(the snapshot loaded, no combination built). Then, one session at a time, each page of the app
gets ``--per-page`` first views of combinations drawn with a fixed seed from both languages,
regions of every level (none, macro region, province, city) and, for every other one, a domain;
no combination is asked for twice. The server's own time of each first run (logged by the app)
is read back and printed per page: median and max, against the goals (a first view of any
combination <= 50 ms; /sources <= 30 ms on every run, so /sources is also asked for
``--repeat-sources`` times more in one combination), as wall time and as the run's own CPU
time (the script thread's: on a shared machine wall time also counts other processes' turns).
Asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import load, mix
from dashboard.nav import PAGES
from etl.load import write
from etl.paths import default_paths
from etl.pipeline import run
from tests.e2e.helpers import start_app

LINE = re.compile(r"ATLAS_RERUN page=(\S+) first=(\d) ms=([\d.]+) cpu=([\d.]+)")


def combos(per_page: int, seed: int, db: Path) -> list[mix.Visit]:
    """``per_page`` distinct first views per page: both languages, every region level, a
    domain for every other one (a fixed seed)."""
    regions, domains = mix.choices(db)
    rng = random.Random(seed)
    out = []
    for page in PAGES:
        seen: set[str] = set()
        i = 0
        while len(seen) < per_page and i < per_page * 20:
            lang = ("zh", "en")[i % 2]
            level = (None, *mix.LEVELS)[(i // 2) % 4]
            params = {"lang": lang}
            if level and regions[level]:
                params["region"] = rng.choice(regions[level])
            if i % 4 >= 2 and domains:
                params["domain"] = rng.choice(domains)
            q = "&".join(f"{k}={v}" for k, v in params.items())
            i += 1
            if q not in seen:
                seen.add(q)
                out.append(mix.Visit(page.slug, lang, q))
    return out


async def _one(url: str, v: mix.Visit) -> None:
    import websockets

    async with websockets.connect(
        load._ws_url(url),
        subprotocols=["streamlit"],  # type: ignore[list-item]
        max_size=None,
        open_timeout=30,
        ping_interval=None,
    ) as ws:
        await load._run(ws, {}, v.query, v.page, [])


def main(argv: list[str] | None = None) -> int:
    """Start a fresh server, ask for every drawn combination once, print the server times."""
    ap = argparse.ArgumentParser(prog="python -m bench.firstview", description=__doc__)
    ap.add_argument("--per-page", type=int, default=8)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--repeat-sources", type=int, default=5)
    ap.add_argument("--detail", action="store_true", help="print every first view's time")
    a = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp())
    db = tmp / "firstview.duckdb"
    write(run(default_paths()), db)
    log = tmp / "server.log"
    proc, url = start_app({"ATLAS_DB": str(db), "ATLAS_TIMING": "1"}, log=log)
    visits = combos(a.per_page, a.seed, db)
    try:
        asyncio.run(_one(url, mix.Visit("overview", "zh", "lang=zh")))  # start-up
        time.sleep(0.5)
        n0 = len(LINE.findall(log.read_text()))
        for v in visits:
            asyncio.run(_one(url, v))
        for _ in range(a.repeat_sources):
            asyncio.run(_one(url, mix.Visit("sources", "zh", "lang=zh")))
        time.sleep(0.5)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    found = LINE.findall(log.read_text())[n0:]
    firsts = found[: len(visits)]
    again = found[len(visits) :]
    again_xs = [(float(ms), float(cpu)) for _, _, ms, cpu in again]
    by_page: dict[str, list[tuple[float, float]]] = {}
    for (_, _, ms, cpu), v in zip(firsts, visits, strict=False):
        by_page.setdefault(v.page, []).append((float(ms), float(cpu)))
        if a.detail:
            print(f"  /{v.page}?{v.query}: {float(ms):.1f} ms (CPU {float(cpu):.1f} ms)")
    print(
        f"first views on a fresh server, one session at a time ({a.per_page} combinations per "
        "page: both languages, regions of every level, domains), server time per run (wall; "
        "the run's own CPU time, which a busy machine hardly moves)"
    )
    for page, xs in [*by_page.items(), *([("sources again", again_xs)] if again else [])]:
        goal = 30 if page.startswith("sources") else 50
        walls, cpus = [x for x, _ in xs], [c for _, c in xs]
        print(
            f"  /{page:<14} wall median {statistics.median(walls):6.1f} · max {max(walls):6.1f}"
            f" ms · CPU median {statistics.median(cpus):6.1f} · max {max(cpus):6.1f} ms"
            f" (goal <= {goal} ms)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
