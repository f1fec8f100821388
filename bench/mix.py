"""Mixed traffic: the load a real audience makes, beside the hot path, in one run.

    python -m bench.load --mix [--sessions 1,10,25,50] [--filters 5] [--think 0] [--seed 7]
    python -m bench.load --mix --soak 600 --sessions 25

Each session arrives on a page drawn from every page of the app, in either language, with a
region drawn from every level (macro region, province, city; or none) and, every third session,
a domain already in the URL, as people do from shared links; then it changes the region
``--filters`` times, each time to a region it has not had (``--think`` seconds apart). The draws
come from a fixed seed, so two runs ask for the same views. Every level starts a fresh server
(after start-up and one first view, so the snapshot is loaded but no combination is warm),
then measures the hot path (/regions in Chinese, the same five filter changes per session, on
another fresh and warmed server) at the same level. It prints runs/s, first view and rerun
p50/p95, errors, RSS and server CPU per run of each, and the ratios mixed / hot path.

At 25 sessions a level is 150 runs, about two seconds: on a shared machine one such pair's
ratio swings by a third from run to run, with the same code (0.64-1.04x over nine runs). So
each level is measured ``--repeat`` times (6 by default: as many pairs of each order), each
time as a pair of fresh servers, mixed then hot or hot then mixed in turn (so that a drift of
the machine's load falls on both alike), and the level is summed up by the median of the
pairs' ratios, with their range, and by the ratio of the runs/s pooled over every pair. First
view and rerun p95 are the worst pair's; errors are summed. Server CPU per run is printed
beside runs/s: it hardly depends on what else the machine does.
Traffic goes to 127.0.0.1 only; every session and level is bounded in time. Asserts nothing.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import duckdb

from bench import load
from dashboard.nav import PAGES
from etl.load import write
from etl.paths import default_paths
from etl.pipeline import run

LABELS = {"zh": "区域", "en": "Region"}
LEVELS = ("macro_region", "province", "city")


@dataclass(frozen=True)
class Visit:
    """Where one session arrives: a page, a language and the query string of its link."""

    page: str
    lang: str
    query: str


def region_ids(db: Path) -> dict[str, str]:
    """A region's id by every name the filter may show it under (either language)."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT region_id, name_zh, short_zh, name_en FROM regions").fetchall()
    return {name: rid for rid, *names in rows for name in names if name}


def choices(db: Path) -> tuple[dict[str, list[str]], list[str]]:
    """The region ids of every level and the domain ids of a built database."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT level, region_id FROM regions ORDER BY sort").fetchall()
        domains = [
            d for (d,) in con.execute("SELECT domain_id FROM domains ORDER BY sort").fetchall()
        ]
    regions = {lv: [r for level, r in rows if level == lv] for lv in LEVELS}
    return regions, domains


def plan(
    n: int, rng: random.Random, regions: dict[str, list[str]], domains: list[str]
) -> list[Visit]:
    """``n`` arrivals spread over every page and both languages (in turn, so that a small
    level still covers them), with a region of a level drawn at random (or none) and a domain
    for every third."""
    out = []
    for i in range(n):
        page = PAGES[i % len(PAGES)].slug
        lang = ("zh", "en")[(i // len(PAGES)) % 2] if n > len(PAGES) else ("zh", "en")[i % 2]
        params = {"lang": lang}
        level = rng.choice((*LEVELS, None))
        if level and regions[level]:
            params["region"] = rng.choice(regions[level])
        if i % 3 == 2 and domains:
            params["domain"] = rng.choice(domains)
        out.append(Visit(page, lang, urlencode(params)))
    return out


async def visit(
    url: str, v: Visit, filters: int, think: float, seed: int, ids: dict[str, str]
) -> load.Result:
    """A first view of ``v``, then ``filters`` changes of region, each to another region than
    the one in force (the same one would change nothing: no new URL to check)."""
    import websockets
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    rng = random.Random(seed)
    res = load.Result()
    cache: dict[str, object] = {}
    try:
        async with websockets.connect(
            load._ws_url(url),
            subprotocols=["streamlit"],  # type: ignore[list-item]
            max_size=None,
            open_timeout=30,
            ping_interval=None,
        ) as ws:
            res.first_view, boxes, qs = await load._run(ws, cache, v.query, v.page, [])
            # a link that already holds every parameter is not written back: its own query
            # says which region is in force (else a draw of that region changed nothing)
            qs = qs or v.query
            box = boxes.get(LABELS[v.lang])
            if box is None:
                raise RuntimeError(f"no region filter on {v.page!r} ({list(boxes)})")
            options = list(box.options)  # type: ignore[attr-defined]
            current = load._region(qs)
            for _ in range(filters):
                await asyncio.sleep(think)
                choice = rng.choice([o for o in options[1:] if ids.get(o) != current])
                state = WidgetState(id=box.id, string_value=choice)  # type: ignore[attr-defined]
                took, _, qs = await load._run(ws, cache, qs or v.query, v.page, [state])
                res.reruns.append(took)
                now = load._region(qs)
                if now is None or now != ids.get(choice, now):
                    raise RuntimeError(f"the filter did not take effect: {choice!r} -> {qs!r}")
                current = now
    except Exception as e:  # counted, never raised: the benchmark reports errors
        res.errors.append(f"{type(e).__name__}: {e}")
    return res


async def mixed_level(
    url: str, visits: list[Visit], filters: int, think: float, seed: int, ids: dict[str, str]
) -> tuple[list[load.Result], float]:
    """Every visit at once; returns their results and the wall time."""
    t0 = time.perf_counter()
    tasks = [
        asyncio.wait_for(visit(url, v, filters, think, seed + i, ids), load.SESSION_TIMEOUT)
        for i, v in enumerate(visits)
    ]
    done = await asyncio.wait_for(
        asyncio.gather(*tasks, return_exceptions=True), load.LEVEL_TIMEOUT
    )
    results = [r if isinstance(r, load.Result) else load.Result(errors=[repr(r)]) for r in done]
    return results, time.perf_counter() - t0


def _measured(db: Path, go: object, warm: object) -> tuple[list[load.Result], float, float, float]:
    """Run ``go`` against a fresh server after ``warm``; returns results, wall, RSS, CPU."""
    proc, url = load.start("atlas", {"ATLAS_DB": str(db)})
    try:
        asyncio.run(warm(url))  # type: ignore[operator]
        cpu0 = load._cpu_s(proc.pid)
        results, wall = asyncio.run(go(url))  # type: ignore[operator]
        return results, wall, load._rss_mb(proc.pid), load._cpu_s(proc.pid) - cpu0
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _pair(
    db: Path,
    n: int,
    visits: list[Visit],
    filters: int,
    think: float,
    seed: int,
    ids: dict[str, str],
    hot_first: bool,
) -> tuple[dict[str, float], dict[str, float]]:
    """One pair at ``n`` sessions: mixed traffic on a fresh server, the hot path on another (in
    the order given); returns the figures of each."""
    start = Visit("overview", "zh", "lang=zh")
    levels = {  # what is measured, and the warm-up before it
        "mixed": (
            lambda url: mixed_level(url, visits, filters, think, seed, ids),
            lambda url: mixed_level(url, [start], 0, 0.0, seed, ids),
        ),
        "hot": (
            lambda url: load.level(url, n, filters, "regions", LABELS["zh"]),
            lambda url: load.level(url, 1, 8, "regions", LABELS["zh"]),
        ),
    }
    got = {w: _measured(db, *levels[w]) for w in (("hot", "mixed") if hot_first else levels)}
    return load.report("mixed", n, *got["mixed"]), load.report("hot", n, *got["hot"])


def _pooled(rows: list[dict[str, float]]) -> float:
    """Runs/s over every run and second of ``rows`` (``load.report``'s figures)."""
    return sum(r["runs"] for r in rows) / sum(r["wall"] for r in rows)


def run_mix(levels: list[int], filters: int, think: float, seed: int, repeat: int = 6) -> None:
    """At each level, ``repeat`` pairs: mixed traffic on a fresh server, the hot path on
    another; each pair's ratios, then their median and range and the pooled ratio."""
    db = Path(tempfile.mkdtemp()) / "mix.duckdb"
    write(run(default_paths()), db)
    regions, domains = choices(db)
    ids = region_ids(db)
    print(
        f"load --mix: {len(PAGES)} pages x 2 languages x regions of {len(LEVELS)} levels "
        f"(+ none) x {len(domains)} domains, seed {seed}, {filters} region changes per "
        f"session, think {think:g} s; hot path: /regions, zh; {repeat} pairs of fresh servers "
        "per level, in turn mixed then hot and hot then mixed"
    )
    for n in levels:
        visits = plan(n, random.Random(seed * 1000 + n), regions, domains)
        pairs = []
        for k in range(repeat):
            m, h = _pair(db, n, visits, filters, think, seed, ids, hot_first=k % 2 == 1)
            pairs.append((m, h))
            print(
                f"    pair {k + 1}/{repeat} ({'hot' if k % 2 else 'mixed'} first): mixed / hot "
                f"runs/s {m['runs_s'] / h['runs_s']:.2f}x · server CPU per run "
                f"{m['cpu_ms'] / h['cpu_ms']:.2f}x",
                flush=True,
            )
        ratios = [m["runs_s"] / h["runs_s"] for m, h in pairs]
        cpus = [m["cpu_ms"] / h["cpu_ms"] for m, h in pairs]
        pooled = _pooled([m for m, _ in pairs]) / _pooled([h for _, h in pairs])
        print(
            f"    {n:>3} sessions, {repeat} pairs: mixed / hot runs/s median "
            f"{statistics.median(ratios):.2f}x (range {min(ratios):.2f}-{max(ratios):.2f}x, "
            f"pooled {pooled:.2f}x) · first view p95 "
            f"{max(m['first_p95'] for m, _ in pairs):.2f} s · rerun p95 "
            f"{max(m['rerun_p95'] for m, _ in pairs):.2f} s (the worst pair's) · errors "
            f"{sum(m['errors'] + h['errors'] for m, h in pairs):.0f} · server CPU per run "
            f"median {statistics.median(cpus):.2f}x the hot path's",
            flush=True,
        )


def soak_mix(seconds: float, sessions: int, filters: int, think: float, seed: int) -> None:
    """Waves of ``sessions`` mixed sessions against one server for ``seconds``: the server's
    memory by third (whatever is cached per combination must stay bounded)."""
    db = Path(tempfile.mkdtemp()) / "soak.duckdb"
    write(run(default_paths()), db)
    regions, domains = choices(db)
    ids = region_ids(db)
    proc, url = load.start("atlas", {"ATLAS_DB": str(db)})
    samples: list[float] = []
    seen: list[str] = []  # the first errors, printed at the end
    errors = runs = wave = 0
    try:
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            visits = plan(sessions, random.Random(seed * 7919 + wave), regions, domains)
            results, _ = asyncio.run(mixed_level(url, visits, filters, think, seed + wave, ids))
            wave += 1
            errors += sum(len(r.errors) for r in results)
            seen += [e for r in results for e in r.errors][: max(0, 3 - len(seen))]
            runs += sum(len(r.reruns) + 1 for r in results)
            samples.append(load._rss_mb(proc.pid))
            if wave % 10 == 1:
                print(
                    f"  soak --mix {time.perf_counter() - t0:6.0f} s: RSS {samples[-1]:.0f} MB, "
                    f"{runs} runs, {errors} errors",
                    flush=True,
                )
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    third = max(1, len(samples) // 3)
    thirds = [samples[:third], samples[third : 2 * third], samples[-third:]]
    means = [statistics.mean(t) for t in thirds if t]
    print(
        f"  soak --mix: {seconds:.0f} s, {runs} runs in {wave} waves of {sessions} sessions, "
        f"{errors} errors; RSS by third {' / '.join(f'{x:.0f}' for x in means)} MB "
        f"(last {100 * (means[-1] / means[0] - 1):+.1f}% of the first), max {max(samples):.0f} MB"
    )
    for e in seen:
        print(f"      error: {e}")
