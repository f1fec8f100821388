"""Load benchmark: N concurrent sessions speaking Streamlit's own websocket protocol.

    python -m bench.load [--sessions 1,10,25,50] [--apps bare,shaped,atlas] [--filters 5]
                         [--page regions] [--rebuild] [--url ws://127.0.0.1:PORT]
    python -m bench.load --mix [--think S] [--seed N]   mixed traffic (bench/mix.py)

Each session opens ``/_stcore/stream`` (subprotocol "streamlit"), asks for a first view
(``BackMsg.rerun_script`` with the page and query string) and reads ``ForwardMsg``s until
``script_finished``, then changes the region filter ``--filters`` times with no think time,
checking each time that the change took effect (the app writes the region into the URL, so the
``page_info_changed`` query string must carry it). Like the browser, it keeps the messages it
received by hash and tells the server which it holds, so unchanged elements come back as
references. Two floors are measured beside the atlas in the same run: the bare page (one
selectbox, one chart) and a page of the same shape as the atlas's (bench/shaped_app.py: the same
elements, static content), which is what Streamlit itself costs for such a page. For each app
and level a fresh server is started on 127.0.0.1 and warmed up; the
benchmark prints runs per second, first view and rerun p50/p95, errors and the server's memory.
Traffic goes to 127.0.0.1 only; every session and level is bounded in time. Asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

from deploy.serve_replicas import Replicas, free_ports
from etl.load import write
from etl.paths import default_paths
from etl.pipeline import run
from tests.e2e.helpers import start_app

SESSION_TIMEOUT = 120.0  # seconds a session may take before it counts as an error
LEVEL_TIMEOUT = 600.0


@dataclass
class Result:
    """What one session saw."""

    first_view: float = 0.0
    reruns: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _ws_url(http: str) -> str:
    return http.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"


async def _run(
    ws: object, cache: dict[str, object], query: str, page: str, widgets: list[object]
) -> tuple[float, dict[str, object], str]:
    """One script run: send the rerun request, read until script_finished. Returns the time
    taken, the selectboxes seen (label -> element) and the last query string written."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
    msg = BackMsg()
    cs = msg.rerun_script
    cs.query_string = query
    cs.page_name = page
    cs.widget_states.widgets.extend(widgets)
    cs.cached_message_hashes.extend(cache.keys())
    t0 = time.perf_counter()
    await ws.send(msg.SerializeToString())  # type: ignore[attr-defined]
    boxes: dict[str, object] = {}
    qs = ""
    while True:
        fwd = ForwardMsg()
        fwd.ParseFromString(await ws.recv())  # type: ignore[attr-defined]
        kind = fwd.WhichOneof("type")
        if kind == "ref_hash":
            cached = cache.get(fwd.ref_hash)
            if cached is None:
                raise RuntimeError(f"reference to a message never received: {fwd.ref_hash}")
            fwd = cached  # type: ignore[assignment]
            kind = fwd.WhichOneof("type")
        elif fwd.hash and fwd.metadata.cacheable:
            cache[fwd.hash] = fwd
        if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            el = fwd.delta.new_element
            if el.WhichOneof("type") == "selectbox":
                boxes[el.selectbox.label] = el.selectbox
        elif kind == "page_info_changed":
            qs = fwd.page_info_changed.query_string
        elif kind == "script_finished" and fwd.script_finished != EARLY:
            # A run that ends early for a rerun (st.rerun, or a widget callback asking for
            # one) is followed by that rerun: as the browser does, wait for it.
            return time.perf_counter() - t0, boxes, qs


async def session(url: str, page: str, lang: str, filters: int, label: str) -> Result:
    """A first view and ``filters`` region changes, each checked."""
    import websockets
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    res = Result()
    cache: dict[str, object] = {}
    try:
        async with websockets.connect(
            _ws_url(url),
            subprotocols=["streamlit"],  # type: ignore[list-item]
            max_size=None,
            open_timeout=30,
            ping_interval=None,
        ) as ws:
            query = f"lang={lang}"
            res.first_view, boxes, qs = await _run(ws, cache, query, page, [])
            box = boxes.get(label)
            if box is None:
                raise RuntimeError(f"no selectbox {label!r} in the first view ({list(boxes)})")
            options = list(box.options)  # type: ignore[attr-defined]
            region = _region(qs)
            for i in range(filters):
                choice = options[1 + i % (min(len(options), 5) - 1)]
                state = WidgetState(id=box.id, string_value=choice)  # type: ignore[attr-defined]
                took, _, qs = await _run(ws, cache, qs or query, page, [state])
                res.reruns.append(took)
                now = _region(qs)
                if now in (None, region, "all"):  # each choice is another region than before
                    raise RuntimeError(f"the filter did not take effect: {choice!r} -> {qs!r}")
                region = now
    except Exception as e:  # counted, never raised: the benchmark reports errors
        res.errors.append(f"{type(e).__name__}: {e}")
    return res


def _region(query: str) -> str | None:

    values = parse_qs(query).get("region")
    return values[0] if values else None


def _pids(pid: int) -> list[int]:
    """A process and its children."""
    try:
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
        return [pid, *(int(p) for p in out.split())]
    except OSError:
        return [pid]


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a process and its children have used, from /proc. Unlike
    runs/s it hardly depends on what else the shared machine is doing."""
    total = 0
    for p in _pids(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB (from /proc)."""
    total = 0
    for p in _pids(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


SCRIPTS = {
    "atlas": "dashboard/server.py",
    "bare": "bench/bare_app.py",
    "shaped": "bench/shaped_app.py",
}


def start(app: str, env_extra: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    """A fresh server for one app (atlas, bare or shaped) on a free loopback port."""
    return start_app(env_extra, SCRIPTS[app])


def _pct(xs: list[float], q: float) -> float:
    return sorted(xs)[min(len(xs) - 1, int(q * len(xs)))] if xs else float("nan")


async def level(
    url: str, n: int, filters: int, page: str, label: str
) -> tuple[list[Result], float]:
    """``n`` sessions at once; returns their results and the wall time."""
    t0 = time.perf_counter()
    tasks = [
        asyncio.wait_for(session(url, page, "zh", filters, label), SESSION_TIMEOUT)
        for _ in range(n)
    ]
    done = await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), LEVEL_TIMEOUT)
    results = [r if isinstance(r, Result) else Result(errors=[repr(r)]) for r in done]
    return results, time.perf_counter() - t0


def report(
    app: str, n: int, results: list[Result], wall: float, rss: float, cpu: float = 0.0
) -> dict[str, float]:
    """Print one line and return its figures (``cpu``: the server's CPU seconds in the level,
    0 when the server is not ours to watch)."""
    reruns = [x for r in results for x in r.reruns]
    firsts = [r.first_view for r in results if not r.errors or r.first_view]
    runs = len(reruns) + len(firsts)
    errors = sum(len(r.errors) for r in results)
    row = {
        "runs_s": runs / wall,
        "first_p50": _pct(firsts, 0.5),
        "first_p95": _pct(firsts, 0.95),
        "rerun_p50": _pct(reruns, 0.5),
        "rerun_p95": _pct(reruns, 0.95),
        "errors": errors,
        "rss_mb": rss,
        "cpu_ms": 1000 * cpu / runs if runs else float("nan"),
        "runs": runs,
        "wall": wall,
    }
    print(
        f"  {app:6} {n:>3} sessions: {row['runs_s']:5.1f} runs/s · first view p50 "
        f"{row['first_p50']:.2f} s, p95 {row['first_p95']:.2f} s · rerun p50 "
        f"{row['rerun_p50']:.3f} s, p95 {row['rerun_p95']:.3f} s · errors {errors}"
        + (f" · server RSS {rss:.0f} MB ({rss / max(n, 1):.1f} MB/session)" if rss else "")
        + (f" · server CPU {row['cpu_ms']:.1f} ms/run" if cpu else ""),
        flush=True,
    )
    for r in results:
        for e in r.errors[:1]:
            print(f"      error: {e}", flush=True)
    return row


def run_levels(
    apps: list[str], levels: list[int], filters: int, page: str, url: str | None, rebuild: bool
) -> dict[tuple[str, int], dict[str, float]]:
    """Every app at every level, a fresh warmed server each (or ``url`` as given)."""

    tmp = Path(tempfile.mkdtemp())
    db = tmp / "load.duckdb"
    write(run(default_paths()), db)
    out: dict[tuple[str, int], dict[str, float]] = {}
    for app in apps:
        label = "区域" if app == "atlas" else "Region"
        for n in levels:
            proc = None
            target = url
            if target is None:
                proc, target = start(app, {"ATLAS_DB": str(db)})
            try:
                asyncio.run(level(target, 1, 8, page, label))  # warm-up: every filter value
                if rebuild and app == "atlas":
                    out[(app, n)] = _with_rebuilds(target, n, filters, page, label, db, proc)
                    continue
                cpu0 = _cpu_s(proc.pid) if proc else 0.0
                results, wall = asyncio.run(level(target, n, filters, page, label))
                cpu = _cpu_s(proc.pid) - cpu0 if proc else 0.0
                rss = _rss_mb(proc.pid) if proc else 0.0
                out[(app, n)] = report(app, n, results, wall, rss, cpu)
            finally:
                if proc is not None:
                    proc.terminate()
                    proc.wait(timeout=20)
    return out


def _with_rebuilds(
    url: str,
    n: int,
    filters: int,
    page: str,
    label: str,
    db: Path,
    proc: subprocess.Popen[bytes] | None,
) -> dict[str, float]:
    """The same level while the database is rebuilt twice underneath the sessions."""

    def rebuild() -> None:
        for _ in range(2):
            time.sleep(0.5)
            write(run(default_paths()), db)

    t = threading.Thread(target=rebuild)
    t.start()
    results, wall = asyncio.run(level(url, n, filters, page, label))
    t.join()
    print("  (the database was rebuilt twice during this level)")
    return report("atlas+rebuild", n, results, wall, _rss_mb(proc.pid) if proc else 0.0)


def soak(seconds: float, sessions: int, filters: int, page: str) -> None:
    """Continuous waves of ``sessions`` new sessions against one atlas server for ``seconds``;
    prints the server's memory after each wave and its growth from the first to the last
    third (sessions end and are cleaned up by Streamlit, so memory should stay flat)."""

    db = Path(tempfile.mkdtemp()) / "soak.duckdb"
    write(run(default_paths()), db)
    proc, url = start("atlas", {"ATLAS_DB": str(db)})
    samples: list[tuple[float, float]] = []
    errors = runs = 0
    try:
        asyncio.run(level(url, 1, 8, page, "区域"))
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            results, _ = asyncio.run(level(url, sessions, filters, page, "区域"))
            errors += sum(len(r.errors) for r in results)
            runs += sum(len(r.reruns) + 1 for r in results)
            samples.append((time.perf_counter() - t0, _rss_mb(proc.pid)))
            if len(samples) % 10 == 1:
                print(
                    f"  soak {samples[-1][0]:6.0f} s: RSS {samples[-1][1]:.0f} MB, {runs} runs, "
                    f"{errors} errors",
                    flush=True,
                )
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    third = max(1, len(samples) // 3)
    first = statistics.mean(m for _, m in samples[:third])
    last = statistics.mean(m for _, m in samples[-third:])
    print(
        f"  soak: {seconds:.0f} s, {runs} runs in waves of {sessions} sessions, {errors} errors; "
        f"RSS first third {first:.0f} MB, last third {last:.0f} MB ({last - first:+.0f} MB), "
        f"max {max(m for _, m in samples):.0f} MB"
    )


def replicas(counts: list[int], sessions: int, filters: int, page: str) -> None:
    """The atlas behind nginx with 1, 2 ... replicas, each at ``sessions`` sessions."""

    db = Path(tempfile.mkdtemp()) / "replicas.duckdb"
    write(run(default_paths()), db)
    rows = {}
    for n in counts:
        reps = Replicas(n, free_ports(n + 1), env={"ATLAS_DB": str(db)}).start()
        try:
            for _ in range(n * 2):  # warm every replica (sessions land by hash)
                asyncio.run(level(reps.url, 2, 8, page, "区域"))
            results, wall = asyncio.run(level(reps.url, sessions, filters, page, "区域"))
            rss = sum(_rss_mb(p.pid) for p in reps.procs[:-1])
            rows[n] = report(f"nginx+{n}", sessions, results, wall, rss)
        finally:
            reps.stop()
    if 1 in rows:
        for n, row in rows.items():
            print(
                f"    {n} replica(s): runs/s {row['runs_s'] / rows[1]['runs_s']:.2f}x one replica"
            )


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run the levels, print the ratios of the atlas to the bare page."""
    ap = argparse.ArgumentParser(
        prog="python -m bench.load",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--sessions", default="1,10,25,50")
    ap.add_argument("--apps", default="bare,shaped,atlas")
    ap.add_argument("--filters", type=int, default=5)
    ap.add_argument("--page", default="regions")
    ap.add_argument("--url", help="an app already running (e.g. nginx in front of replicas)")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the database twice per level")
    ap.add_argument("--soak", type=float, help="instead: this many seconds of continuous sessions")
    ap.add_argument("--replicas", help="instead: nginx in front of this many replicas, e.g. 1,2")
    ap.add_argument("--mix", action="store_true", help="mixed traffic beside the hot path")
    ap.add_argument("--think", type=float, default=0.0, help="--mix: seconds between changes")
    ap.add_argument("--seed", type=int, default=7, help="--mix: the draws' seed")
    ap.add_argument("--repeat", type=int, default=6, help="--mix: pairs of fresh servers per level")
    a = ap.parse_args(argv)
    if a.mix:
        from bench import mix

        levels = [int(x) for x in a.sessions.split(",")]
        if a.soak:
            mix.soak_mix(a.soak, levels[-1], a.filters, a.think, a.seed)
        else:
            mix.run_mix(levels, a.filters, a.think, a.seed, max(1, a.repeat))
        return 0
    if a.replicas:
        replicas(
            [int(x) for x in a.replicas.split(",")],
            int(a.sessions.split(",")[-1]),
            a.filters,
            a.page,
        )
        return 0
    if a.soak:
        soak(a.soak, int(a.sessions.split(",")[-1]), a.filters, a.page)
        return 0
    levels = [int(x) for x in a.sessions.split(",")]
    apps = a.apps.split(",")
    if a.url and len(apps) != 1:
        # One server answers at --url: measuring it under several names would print ratios of
        # a server to itself (and its CPU time is not ours to read).
        ap.error("--url is one app already running: name it with --apps atlas (or bare, shaped)")
    print(
        f"load: {', '.join(apps)} at {levels} sessions, {a.filters} filter changes each, page "
        f"{a.page}"
    )
    rows = run_levels(apps, levels, a.filters, a.page, a.url, a.rebuild)
    for floor in ("bare", "shaped"):
        if floor not in apps or "atlas" not in apps:
            continue
        name = "bare page" if floor == "bare" else "page of the same shape (bench/shaped_app.py)"
        print(
            f"  ratios atlas / {name} (runs/s: higher is better; rerun p95 and server CPU per "
            "run: lower is better)"
        )
        for n in levels:
            b, t = rows.get((floor, n)), rows.get(("atlas", n))
            if b and t:
                print(
                    f"    {n:>3} sessions: runs/s {t['runs_s'] / b['runs_s']:.2f}x · rerun p95 "
                    f"{t['rerun_p95'] / b['rerun_p95']:.2f}x · server CPU per run "
                    f"{t['cpu_ms'] / b['cpu_ms']:.2f}x"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
