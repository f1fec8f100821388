"""Build the static site: ``python -m dashboard.site --out DIR`` (or ``make site``).

In: the database (built first if missing or stale; ``ATLAS_DB`` as everywhere). Out: the site
in ``DIR`` (default ``out/site/``): ``index.html``, ``<lang>/index.html``, a page per app
page, a page and an embed per chart and language with every filter variant
(``dashboard.site.variants``), the downloads, ``assets/`` (plotly.js from the installed
package, written once; the site's script and style) and ``datapackage/`` (``etl publish``).

Downloads: every variant gets a CSV; the unfiltered view, in each language, also gets XLSX and
the PNG, SVG and PDF made by the export engine (Chromium through kaleido, ~0.15 s an image).
Images of all ~1,500 variants would take minutes and most would never be opened: a filtered
view's images are one click away in the app. The variants are built in worker processes
(forked, so they share the loaded snapshot) while this process renders the images.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import plotly

from dashboard.chartdefs import CHARTS, build_chart
from dashboard.data import Atlas, load_atlas
from dashboard.describe import DEFAULT_URL
from dashboard.export.engine import self_check
from dashboard.export.formats import IMAGE_FORMATS, export_bytes, file_stem
from dashboard.filters import LANGS, View
from dashboard.site import pages
from dashboard.site.links import chart_dir
from dashboard.site.variants import ChartResult, Job, build_variants
from dashboard.views import region_names
from etl.build import ensure_built, publish
from etl.paths import ROOT, Paths, default_paths

STATIC = Path(__file__).with_name("static")
DEFAULT_OUT = ROOT / "out" / "site"
_ATLAS: Atlas | None = None  # a worker's snapshot (loaded once per worker process)


@dataclass(frozen=True)
class Summary:
    """What a build made: seconds taken, files, bytes, variants and distinct figures."""

    seconds: float
    files: int
    bytes: int
    variants: int
    figures: int
    images: bool
    cpu_seconds: float = 0.0  # Python's CPU time, this process and the workers (not Chromium's)

    def line(self) -> str:
        """One line for people."""
        return (
            f"site: {self.files} files, {self.bytes / 1e6:.1f} MB ({self.variants} chart "
            f"variants, {self.figures} distinct figures), images "
            f"{'made' if self.images else 'skipped'}, in {self.seconds:.1f} s "
            f"({self.cpu_seconds:.1f} s of Python CPU time)"
        )


def _init_worker(db: str) -> None:
    global _ATLAS
    _ATLAS = load_atlas(Path(db))


def _work(job: Job) -> tuple[ChartResult, float]:
    """A chart's variants, and the CPU seconds they took in this worker."""
    assert _ATLAS is not None
    cpu = time.process_time()
    return build_variants(job, _ATLAS), time.process_time() - cpu


def _assets(out: Path) -> None:
    """plotly.js from the installed package (once for the whole site), the site's script and
    style."""
    assets = out / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    bundled = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if bundled.exists():
        shutil.copyfile(bundled, assets / "plotly.min.js")
    else:
        from plotly.offline import get_plotlyjs

        (assets / "plotly.min.js").write_text(get_plotlyjs(), encoding="utf-8")
    for name in ("site.js", "site.css"):
        shutil.copyfile(STATIC / name, assets / name)


def _data_package(paths: Paths, out: Path) -> None:
    """The Frictionless Data Package (``etl publish``) and the same as one ZIP."""
    folder = out / pages.PACKAGE_DIR
    publish(paths, folder)
    with zipfile.ZipFile(folder / pages.PACKAGE_ZIP, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted(folder.iterdir()):
            if p.name != pages.PACKAGE_ZIP:
                z.write(p, f"cluster-atlas/{p.name}")


def _images(out: Path, atlas: Atlas, chart_ids: list[str]) -> None:
    """PNG, SVG and PDF of the charts' unfiltered views in each language."""
    for lang in LANGS:
        view, names = View(lang), region_names(atlas, lang)
        for cid in chart_ids:
            chart = build_chart(cid, atlas, view)
            if chart.empty:
                continue
            files = out / chart_dir(lang, cid) / "files"
            files.mkdir(parents=True, exist_ok=True)
            for fmt in IMAGE_FORMATS:
                data = export_bytes(chart, view, fmt, names)
                (files / f"{file_stem(chart, view)}.{fmt}").write_bytes(data)


def build_site(
    out: Path,
    paths: Paths | None = None,
    *,
    images: bool = True,
    image_charts: list[str] | None = None,
    workers: int | None = None,
) -> Summary:
    """Write the whole site into ``out`` (emptied first); return what was made. Images are
    made for ``image_charts`` (default: every chart) when ``images`` and Chromium allow."""
    t0, cpu0 = time.perf_counter(), time.process_time()
    paths = paths or default_paths()
    ensure_built(paths.db, paths.data)
    atlas = load_atlas(paths.db)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    pictured = list(image_charts or CHARTS) if images and self_check().ok else []
    base = os.environ.get("ATLAS_PUBLIC_URL") or DEFAULT_URL
    jobs = [
        Job(cid, lang, str(out), base, images=IMAGE_FORMATS if cid in pictured else ())
        for lang in LANGS
        for cid in CHARTS
    ]
    # the charts with most variants first, so that the workers finish together
    jobs.sort(key=lambda j: -len(CHARTS[j.chart_id].dims))
    n = workers or min(len(jobs), max(1, os.cpu_count() or 1))
    # a fresh process per worker (forkserver): safe whatever threads this process runs
    ctx = multiprocessing.get_context("forkserver")
    with ctx.Pool(n, initializer=_init_worker, initargs=(str(paths.db),)) as pool:
        pending = pool.map_async(_work, jobs, chunksize=1)
        _images(out, atlas, pictured)  # here, while the workers build the variants
        _assets(out)
        _data_package(paths, out)
        done = pending.get()
    built = [r for r, _ in done]
    results = {(r.chart_id, r.lang): r for r in built}
    pages.write_all(out, atlas, results)
    files = [p for p in out.glob("**/*") if p.is_file()]
    return Summary(
        time.perf_counter() - t0,
        len(files),
        sum(p.stat().st_size for p in files),
        sum(r.variants for r in built),
        sum(r.distinct_figures for r in built),
        bool(pictured),
        time.process_time() - cpu0 + sum(cpu for _, cpu in done),
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: build the site and print what was made."""
    ap = argparse.ArgumentParser(prog="python -m dashboard.site", description=__doc__)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--no-images", action="store_true", help="skip PNG, SVG and PDF")
    ap.add_argument("--workers", type=int, help="worker processes (default: the cores)")
    a = ap.parse_args(argv)
    if not a.no_images and not self_check().ok:
        print(f"warning: images skipped: {self_check().message}", file=sys.stderr)
    summary = build_site(a.out, images=not a.no_images, workers=a.workers)
    print(summary.line())
    print(f"open {a.out / 'index.html'} or serve it: make serve-site")
    return 0
