"""Export charts as PNG, SVG, PDF, CSV and XLSX, and reports as PPTX and PDF.

In: a ``ChartOut`` and its ``View``. Out: bytes. Images go through kaleido driving the system's
Chromium, one persistent server per process (started on first use, with MathJax off), calls
serialised by a lock so download callbacks on other threads are safe. A self-check says in plain
words what is missing (Chromium, a CJK font) and the command that fixes it; CSV and XLSX never
need either.

Command line (every chart of the app, the same builders as on screen):

    python -m dashboard.export --out DIR [--format png,svg,pdf,csv,xlsx] [--lang zh|en]
                               [--region R] [--domain D] [--report pptx,pdf]
"""

from __future__ import annotations

import atexit
import copy
import datetime as dt
import io
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import FONT
from dashboard.filters import View
from dashboard.i18n import t
from dashboard.views import ChartOut

EXPORT_FONT = "Noto Sans CJK SC"
IMAGE_FORMATS = ("png", "svg", "pdf")
TABLE_FORMATS = ("csv", "xlsx")
WIDTH = 1200
MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


@dataclass(frozen=True)
class SelfCheck:
    """Whether images can be exported here, and if not, why and how to fix it."""

    ok: bool
    chromium: str | None
    cjk_font: bool
    message: str


def find_chromium() -> str | None:
    """The browser kaleido will drive: $BROWSER_PATH, else Debian's chromium."""
    env = os.environ.get("BROWSER_PATH")
    if env and os.path.exists(env):
        return env
    for p in CHROMIUM_CANDIDATES:
        if os.path.exists(p):
            return p
    return shutil.which("chromium")


def has_cjk_font() -> bool:
    """True if fontconfig knows a font covering Chinese (so text renders as glyphs, not boxes)."""
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return bool(out.stdout.strip())


def self_check() -> SelfCheck:
    """Chromium present and a CJK font installed? With a plain-words message if not."""
    chromium, font = find_chromium(), has_cjk_font()
    missing = [p for p, ok in (("chromium", chromium), ("fonts-noto-cjk", font)) if not ok]
    if not missing:
        return SelfCheck(True, chromium, font, "")
    what = " and ".join(
        (
            "Chromium (the browser that draws the images)"
            if m == "chromium"
            else "a Chinese font (Chinese would print as empty boxes)"
        )
        for m in missing
    )
    msg = (
        f"Image export needs {what}. Install with: sudo apt-get install {' '.join(missing)} "
        "(on Debian/Ubuntu), then restart. CSV and XLSX downloads work without it."
    )
    return SelfCheck(False, chromium, font, msg)


TABS = 1
RELOAD_EVERY = 50  # renders per tab between page reloads


def _recycle_tabs_lazily() -> None:
    """Reload kaleido's tab every RELOAD_EVERY renders instead of after every render.

    kaleido 1.5 reloads its page after each render, and only then returns the image: every call
    pays a full reload of plotly.js (~0.2 s here, ~60 % of a warm PNG). Our figures leave no
    state behind (tests/test_export.py renders a chart, 28 others, then the same chart again:
    the bytes are identical), so the reload is kept only as a periodic clean-up that bounds the
    long-lived app's memory, run in the background. Applied only if kaleido has the method this
    expects (kaleido is pinned); otherwise kaleido's own behaviour stays.
    """
    import asyncio

    from kaleido.kaleido import Kaleido

    original = getattr(Kaleido, "_return_kaleido_tab", None)
    if original is None or getattr(original, "_lazy", False):
        return
    uses: dict[int, int] = {}
    pending: set[asyncio.Task[None]] = set()

    async def lazy(self: Any, tab: Any) -> None:
        uses[id(tab)] = uses.get(id(tab), 0) + 1
        if uses[id(tab)] % RELOAD_EVERY:
            await self.tabs_ready.put(tab)
            return
        task = asyncio.get_running_loop().create_task(original(self, tab))  # reload, then put back
        pending.add(task)
        task.add_done_callback(pending.discard)

    lazy._lazy = True  # type: ignore[attr-defined]
    Kaleido._return_kaleido_tab = lazy


class Engine:
    """One kaleido server per process, started lazily; thread-safe."""

    _lock = threading.Lock()
    _started = False

    @classmethod
    def start(cls) -> None:
        """Start the server once (Chromium starts here, ~1.5 s)."""
        with cls._lock:
            if cls._started:
                return
            check = self_check()
            if not check.ok:
                raise RuntimeError(check.message)
            os.environ.setdefault("BROWSER_PATH", str(check.chromium))
            import kaleido

            _recycle_tabs_lazily()
            kaleido.start_sync_server(n=TABS, timeout=60, mathjax=False, silence_warnings=True)
            # close Chromium before Python removes its temporary profile (LIFO: runs first)
            atexit.register(kaleido.stop_sync_server, silence_warnings=True)
            cls._started = True

    @classmethod
    def render(
        cls, fig: go.Figure | dict[str, Any], fmt: str, width: int, height: int, scale: float
    ) -> bytes:
        """The figure (a Figure or a figure dict) as ``fmt`` bytes."""
        cls.start()
        import kaleido

        spec = fig.to_dict() if isinstance(fig, go.Figure) else fig
        with cls._lock:
            data = kaleido.calc_fig_sync(
                spec, opts={"format": fmt, "width": width, "height": height, "scale": scale}
            )
        return bytes(data)


def filters_text(view: View, names: dict[str, str] | None = None) -> str:
    """'区域: 东部地区 · 领域: 全部领域' for the footer of an exported image."""
    names = names or {}
    r = names.get(view.region, view.region) if view.region != "all" else t("all_regions", view.lang)
    d = names.get(view.domain, view.domain) if view.domain != "all" else t("all_domains", view.lang)
    sep = ":" if view.lang == "zh" else ": "
    return f"{t('region', view.lang)}{sep}{r} · {t('domain', view.lang)}{sep}{d}"


def export_figure(
    out: ChartOut, view: View, names: dict[str, str] | None = None, today: dt.date | None = None
) -> dict[str, Any]:
    """A copy of the chart (as a plain figure dict, so no re-validation) in the fixed light
    export template: explicit CJK font, white background, and a footer with filters, language
    and export date under the source line."""
    assert out.fig is not None
    fig = copy.deepcopy(out.fig.to_dict())
    layout = fig.setdefault("layout", {})
    day = (today or dt.date.today()).isoformat()
    lang_name = "中文" if view.lang == "zh" else "English"
    sep = ":" if view.lang == "zh" else ": "
    stamp = f"{filters_text(view, names)} · {lang_name} · {t('exported_on', view.lang)}{sep}{day} · Cluster Atlas"
    annotations = layout.get("annotations") or []
    if annotations:  # the source line added by charts.finish is the last annotation
        annotations[-1]["text"] = f"{annotations[-1]['text']}<br>{stamp}"
    layout.update(
        paper_bgcolor="#FFFFFF", plot_bgcolor="#FFFFFF", height=int(layout.get("height", 460)) + 18
    )
    layout["font"] = {
        **layout.get("font", {}),
        "family": f"{EXPORT_FONT}, {FONT}",
        "color": "#222222",
    }
    layout["margin"] = {
        **layout.get("margin", {}),
        "b": int(layout.get("margin", {}).get("b", 90)) + 18,
    }
    return fig


def image_bytes(out: ChartOut, view: View, fmt: str, names: dict[str, str] | None = None) -> bytes:
    """PNG (print size: 1200 px wide at scale 2), SVG or PDF of a chart. An SVG carries the
    chart's title and its generated description as ``<title>`` and ``<desc>``."""
    fig = export_figure(out, view, names)
    data = Engine.render(fig, fmt, WIDTH, int(fig["layout"]["height"]), 2 if fmt == "png" else 1)
    return svg_with_description(data, out) if fmt == "svg" else data


def svg_with_description(svg: bytes, out: ChartOut) -> bytes:
    """Insert ``<title>`` and ``<desc>`` (what screen readers announce) right after ``<svg …>``."""
    from html import escape

    text = svg.decode("utf-8")
    end = text.find(">", text.find("<svg")) + 1
    if end <= 0:
        return svg
    meta = f"<title>{escape(out.title)}</title><desc>{escape(out.description)}</desc>"
    return (text[:end] + meta + text[end:]).encode("utf-8")


def cite(
    out: ChartOut, view: View, names: dict[str, str] | None = None, base: str | None = None
) -> tuple[str, str]:
    """The chart's citation in the view's language and as BibTeX."""
    from dashboard.describe import bibtex, citation

    kw = {"version": out.version, "year": out.year, "base": base, "names": names}
    return citation(out, view, **kw), bibtex(out, view, **kw)  # type: ignore[arg-type]


def csv_bytes(out: ChartOut) -> bytes:
    """The chart's data as CSV in UTF-8 with a byte-order mark (Excel on Chinese Windows)."""
    return out.table.to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(
    out: ChartOut, view: View, names: dict[str, str] | None = None, base: str | None = None
) -> bytes:
    """An XLSX with the data sheet, a sheet of sources and quotes, and an 'about' sheet (with
    the description and how to cite the chart)."""
    buf = io.BytesIO()
    citation, bib = cite(out, view, names, base)
    about = pd.DataFrame(
        {
            "field": [
                "chart",
                "title",
                "period",
                "filters",
                "language",
                "exported",
                "description",
                "citation",
                "bibtex",
                "data_version",
            ],
            "value": [
                out.chart_id,
                out.title,
                out.subtitle,
                filters_text(view),
                view.lang,
                dt.date.today().isoformat(),
                out.description,
                citation,
                bib,
                out.version,
            ],
        }
    )
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        out.table.to_excel(xw, sheet_name="data", index=False)
        out.sources.to_excel(xw, sheet_name="sources", index=False)
        about.to_excel(xw, sheet_name="about", index=False)
    return buf.getvalue()


def file_stem(out: ChartOut, view: View) -> str:
    """'domains_official_zh_region-east_domain-biomed': what, language, filters."""
    parts = [out.chart_id, view.lang] + [f"{k}-{v}" for k, v in view.active().items()]
    return "_".join(parts)


def export_bytes(
    out: ChartOut,
    view: View,
    fmt: str,
    names: dict[str, str] | None = None,
    base: str | None = None,
) -> bytes:
    """One chart in one format (``base``: the app's address, for the citation's URL)."""
    if fmt in IMAGE_FORMATS:
        return image_bytes(out, view, fmt, names)
    if fmt == "csv":
        return csv_bytes(out)
    if fmt == "xlsx":
        return xlsx_bytes(out, view, names, base)
    raise ValueError(f"unknown format {fmt!r}; use one of {IMAGE_FORMATS + TABLE_FORMATS}")


def report_pptx(
    outs: list[ChartOut], view: View, names: dict[str, str] | None = None, base: str | None = None
) -> bytes:
    """One slide per chart (the PNG with the chart's description as its alt text, the title),
    sources and the citation in the speaker notes."""
    from pptx import Presentation
    from pptx.util import Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    for out in outs:
        if out.empty:
            continue
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        box = slide.shapes.add_textbox(Inches(0.4), Inches(0.2), Inches(12.5), Inches(0.6))
        box.text_frame.text = out.title
        box.text_frame.paragraphs[0].runs[0].font.size = Pt(24)
        png = image_bytes(out, view, "png", names)
        pic = slide.shapes.add_picture(
            io.BytesIO(png), Inches(0.9), Inches(0.9), height=Inches(6.4)
        )
        pic._element.nvPicPr.cNvPr.set("descr", out.description)  # the picture's alt text
        quotes = "\n".join(
            f"- {r.publisher} {r.published_on}: “{r.quote}”" for r in out.sources.itertuples()
        )
        citation, _ = cite(out, view, names, base)
        slide.notes_slide.notes_text_frame.text = (
            f"{out.title}\n{out.subtitle}\n{filters_text(view, names)}\n\n{quotes}\n\n{citation}"
        )
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def report_pdf(outs: list[ChartOut], view: View, names: dict[str, str] | None = None) -> bytes:
    """Every chart's kaleido PDF page, concatenated (no ReportLab: it cannot load Noto CJK)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for out in outs:
        if out.empty:
            continue
        for page in PdfReader(io.BytesIO(image_bytes(out, view, "pdf", names))).pages:
            writer.add_page(page)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def region_names(atlas: Any, lang: str) -> dict[str, str]:
    """Region and domain ids to names in ``lang`` (for footers and file names)."""
    col = "name_zh" if lang == "zh" else "name_en"
    out = dict(zip(atlas.regions["region_id"], atlas.regions[col], strict=True))
    out.update(dict(zip(atlas.domains["domain_id"], atlas.domains[col], strict=True)))
    return out


def batch(
    out_dir: Any,
    formats: list[str],
    view: View,
    reports: list[str],
    progress: bool = True,
    atlas: Any = None,
) -> dict[str, Any]:
    """Write every chart of the app in ``formats`` (and the reports) to ``out_dir``; return and
    write ``manifest.json`` listing each file with its chart, filters, language and sources.
    Chromium starts in the background while the charts are built."""
    import json
    from pathlib import Path

    from tqdm import tqdm

    from dashboard.chartdefs import CHARTS, build_chart
    from dashboard.data import load_atlas
    from etl.load import ensure_built
    from etl.paths import default_paths

    if reports or any(f in IMAGE_FORMATS for f in formats):
        threading.Thread(target=Engine.start, daemon=True).start()  # overlaps Chromium's start-up
    if atlas is None:
        paths = default_paths()
        ensure_built(paths.db, paths.data)
        atlas = load_atlas(paths.db)
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
    stem = "_".join(["report", view.lang] + [f"{k}-{v}" for k, v in view.active().items()])
    for kind in reports:
        data = report_pptx(built, view, names) if kind == "pptx" else report_pdf(built, view, names)
        (out / f"{stem}.{kind}").write_bytes(data)
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
    import argparse
    import sys

    from dashboard.data import load_atlas
    from dashboard.filters import parse_view
    from etl.errors import EtlError
    from etl.paths import default_paths

    p = argparse.ArgumentParser(
        prog="python -m dashboard.export", description="Export every chart of the app."
    )
    p.add_argument("--out", required=True)
    p.add_argument("--format", default="png,svg,pdf,csv,xlsx")
    p.add_argument("--lang", default="zh", choices=("zh", "en"))
    p.add_argument("--region", default="all")
    p.add_argument("--domain", default="all")
    p.add_argument("--report", default="", help="pptx,pdf")
    p.add_argument("--no-progress", action="store_true")
    a = p.parse_args(argv)
    formats = [f for f in a.format.split(",") if f]
    reports = [r for r in a.report.split(",") if r]
    bad = [f for f in formats if f not in IMAGE_FORMATS + TABLE_FORMATS] + [
        r for r in reports if r not in ("pptx", "pdf")
    ]
    if bad:
        p.error(f"unknown format(s) {bad}")
    if reports or any(f in IMAGE_FORMATS for f in formats):
        check = self_check()
        if not check.ok:
            print(f"error: {check.message}", file=sys.stderr)
            return 1
    try:
        from etl.load import ensure_built

        paths = default_paths()
        ensure_built(paths.db, paths.data)
        atlas = load_atlas(paths.db)
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


if __name__ == "__main__":
    raise SystemExit(main())
