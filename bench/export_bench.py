"""Export benchmark: cold (first image, Chromium start included) and warm per-image times with
one persistent kaleido server, the whole batch of all charts as PNG in each language, and the
naive `fig.to_image` without a server (a new Chromium per image), all measured in this run.
Prints figures; asserts nothing."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from etl.paths import ROOT

NAIVE = """
import time, plotly.io as pio
from pathlib import Path
from dashboard.data import load_atlas
from dashboard.chartdefs import build_chart
from dashboard.filters import View
from dashboard.export.formats import export_figure
from etl.paths import default_paths
a = load_atlas(default_paths().db)
for cid in ("overview_growth", "domains_official", "regions_macro"):
    fig = export_figure(build_chart(cid, a, View("zh")), View("zh"))
    height = int(fig["layout"]["height"])
    t0 = time.perf_counter()
    pio.to_image(fig, format="png", width=1200, height=height, scale=2)
    print(time.perf_counter() - t0)
"""

COLD_WARM = """
import time, statistics
from dashboard.data import load_atlas
from dashboard.chartdefs import CHARTS, build_chart
from dashboard.filters import View
from dashboard.export import formats as export
from etl.paths import default_paths
a = load_atlas(default_paths().db)
outs = [build_chart(cid, a, View("zh")) for cid in CHARTS]
t0 = time.perf_counter()
export.image_bytes(outs[0], View("zh"), "png")
print("cold", time.perf_counter() - t0)
for fmt in ("png", "svg", "pdf"):
    for o in outs * 2:
        t0 = time.perf_counter()
        export.image_bytes(o, View("zh"), fmt)
        print(fmt, o.chart_id, time.perf_counter() - t0)
"""


def _run(code: str) -> list[str]:
    r = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return r.stdout.split("\n")


def main() -> None:
    """Run and print the export benchmarks."""
    print("Export benchmark (kaleido + Debian Chromium, fonts-noto-cjk)")
    lines = [ln.split() for ln in _run(COLD_WARM) if ln]
    cold = float(lines[0][1])
    print(f"  cold: first PNG incl. Chromium start: {cold:.2f} s")
    for fmt in ("png", "svg", "pdf"):
        xs = [float(x[2]) for x in lines[1:] if x[0] == fmt]
        slow = max((x for x in lines[1:] if x[0] == fmt), key=lambda x: float(x[2]))
        print(
            f"  warm {fmt.upper()}: median {statistics.median(xs):.3f} s, p90 "
            f"{sorted(xs)[int(len(xs) * 0.9)]:.3f} s "
            f"over {len(xs)} images (slowest: {slow[1]} {float(slow[2]):.2f} s)"
            + ("   (target median < 0.3 s)" if fmt == "png" else "")
        )
    for lang in ("zh", "en"):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "dashboard.export",
                    "--out",
                    tmp,
                    "--format",
                    "png",
                    "--lang",
                    lang,
                    "--no-progress",
                ],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            n = len(list(Path(tmp).glob("*.png")))
            print(
                f"  batch: all {n} charts as PNG ({lang}), new process incl. start: "
                f"{time.perf_counter() - t0:.2f} s   (target < 10 s)"
            )
    naive = [float(x) for x in _run(NAIVE) if x]
    print(
        f"  naive fig.to_image without a server: mean {statistics.mean(naive):.2f} s per PNG over "
        f"{len(naive)} images"
    )
