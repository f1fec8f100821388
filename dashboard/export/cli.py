"""Command line: every chart of the app in the asked formats, and reports, with a manifest.

    python -m dashboard.export --out DIR [--format png,svg,pdf,csv,xlsx] [--lang zh|en]
                               [--region R] [--domain D] [--report pptx,pdf]

The same builders as on screen (``dashboard.chartdefs``); the database is built first if it is
missing or stale.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import threading
from pathlib import Path
from typing import Any

from tqdm import tqdm

from dashboard.chartdefs import CHARTS, build_chart
from dashboard.data import Atlas, load_atlas
from dashboard.export.engine import Engine, self_check
from dashboard.export.formats import (
    IMAGE_FORMATS,
    REPORT_FORMATS,
    TABLE_FORMATS,
    cite,
    export_bytes,
    file_stem,
    report_bytes,
    report_stem,
)
from dashboard.filters import LANGS, View, parse_view
from dashboard.views import region_names
from etl.build import ensure_built
from etl.errors import EtlError
from etl.paths import default_paths


def _load() -> Atlas:
    """The current database snapshot, built first if missing or stale."""
    paths = default_paths()
    ensure_built(paths.db, paths.data)
    return load_atlas(paths.db)


def batch(
    out_dir: str | Path,
    formats: list[str],
    view: View,
    reports: list[str],
    progress: bool = True,
    atlas: Atlas | None = None,
) -> dict[str, Any]:
    """Write every chart of the app in ``formats`` (and the reports) to ``out_dir``; return and
    write ``manifest.json`` listing each file with its chart, filters, language and sources.
    Chromium starts in the background while the charts are built."""
    if reports or any(f in IMAGE_FORMATS for f in formats):
        threading.Thread(target=Engine.start, daemon=True).start()  # overlaps Chromium's start-up
    if atlas is None:
        atlas = _load()
    names = region_names(atlas, view.lang)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    built = [build_chart(cid, atlas, view) for cid in CHARTS]
    files: list[dict[str, Any]] = []
    jobs = [(c, f) for c in built for f in formats]
    for chart, fmt in tqdm(jobs, desc="export", unit="file", disable=not progress):
        if chart.empty:
            continue
        name = f"{file_stem(chart, view)}.{fmt}"
        (out / name).write_bytes(export_bytes(chart, view, fmt, names))
        files.append(
            {
                "file": name,
                "chart_id": chart.chart_id,
                "title": chart.title,
                "format": fmt,
                "language": view.lang,
                "filters": {"region": view.region, "domain": view.domain},
                "period": chart.subtitle,
                "sources": sorted(set(map(str, chart.sources["source_id"]))),
                "description": chart.description,
                "citation": cite(chart, view, names)[0],
            }
        )
    stem = report_stem(view)
    for kind in reports:
        (out / f"{stem}.{kind}").write_bytes(report_bytes(built, view, kind, names))
        files.append(
            {
                "file": f"{stem}.{kind}",
                "chart_id": "report",
                "format": kind,
                "language": view.lang,
                "filters": {"region": view.region, "domain": view.domain},
                "charts": [c.chart_id for c in built if not c.empty],
            }
        )
    manifest = {
        "generated_on": dt.date.today().isoformat(),
        "language": view.lang,
        "filters": {"region": view.region, "domain": view.domain},
        "files": files,
        "skipped_empty": [c.chart_id for c in built if c.empty],
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return manifest


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring. Exit 1 with the self-check message if images
    are asked for and cannot be made; 2 on bad arguments."""
    p = argparse.ArgumentParser(
        prog="python -m dashboard.export", description="Export every chart of the app."
    )
    p.add_argument("--out", required=True)
    p.add_argument("--format", default="png,svg,pdf,csv,xlsx")
    p.add_argument("--lang", default="zh", choices=LANGS)
    p.add_argument("--region", default="all")
    p.add_argument("--domain", default="all")
    p.add_argument("--report", default="", help="pptx,pdf")
    p.add_argument("--no-progress", action="store_true")
    a = p.parse_args(argv)
    formats = [f for f in a.format.split(",") if f]
    reports = [r for r in a.report.split(",") if r]
    bad = [f for f in formats if f not in IMAGE_FORMATS + TABLE_FORMATS] + [
        r for r in reports if r not in REPORT_FORMATS
    ]
    if bad:
        p.error(f"unknown format(s) {bad}")
    if reports or any(f in IMAGE_FORMATS for f in formats):
        check = self_check()
        if not check.ok:
            print(f"error: {check.message}", file=sys.stderr)
            return 1
    try:
        atlas = _load()
    except EtlError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    view, invalid = parse_view(
        {"lang": a.lang, "region": a.region, "domain": a.domain},
        set(atlas.regions["region_id"]),
        set(atlas.domains["domain_id"]),
    )
    if invalid:
        p.error(f"invalid filter(s) {invalid}")
    manifest = batch(a.out, formats, view, reports, progress=not a.no_progress, atlas=atlas)
    print(f"wrote {len(manifest['files'])} files and manifest.json to {a.out}")
    return 0
