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
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "csv": "text/csv",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}  # fmt: skip
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
    what = " and ".join(("Chromium (the browser that draws the images)" if m == "chromium"
                         else "a Chinese font (Chinese would print as empty boxes)") for m in missing)  # fmt: skip
    msg = (f"Image export needs {what}. Install with: sudo apt-get install {' '.join(missing)} "
           "(on Debian/Ubuntu), then restart. CSV and XLSX downloads work without it.")  # fmt: skip
    return SelfCheck(False, chromium, font, msg)


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

            kaleido.start_sync_server(n=1, timeout=60, mathjax=False, silence_warnings=True)
            cls._started = True

    @classmethod
    def render(cls, fig: go.Figure, fmt: str, width: int, height: int, scale: float) -> bytes:
        """The figure as ``fmt`` bytes."""
        cls.start()
        import kaleido

        with cls._lock:
            data = kaleido.calc_fig_sync(
                fig.to_dict(),
                opts={"format": fmt, "width": width, "height": height, "scale": scale},
            )
        return bytes(data)


def filters_text(view: View, names: dict[str, str] | None = None) -> str:
    """'区域: 东部地区 · 领域: 全部领域' for the footer of an exported image."""
    names = names or {}
    r = names.get(view.region, view.region) if view.region != "all" else t("all_regions", view.lang)
    d = names.get(view.domain, view.domain) if view.domain != "all" else t("all_domains", view.lang)
    sep = ":" if view.lang == "zh" else ": "
    return f"{t('region', view.lang)}{sep}{r} · {t('domain', view.lang)}{sep}{d}"


def export_figure(out: ChartOut, view: View, names: dict[str, str] | None = None,
                  today: dt.date | None = None) -> go.Figure:  # fmt: skip
    """A copy of the chart in the fixed light export template: explicit CJK font, white
    background, and a footer with filters, language and export date under the source line."""
    assert out.fig is not None
    fig = go.Figure(copy.deepcopy(out.fig.to_dict()))
    day = (today or dt.date.today()).isoformat()
    lang_name = "中文" if view.lang == "zh" else "English"
    sep = ":" if view.lang == "zh" else ": "
    stamp = f"{filters_text(view, names)} · {lang_name} · {t('exported_on', view.lang)}{sep}{day} · Cluster Atlas"
    annotations = list(fig.layout.annotations or [])
    if annotations:  # the source line added by charts.finish is the last annotation
        src = annotations[-1]
        src.text = f"{src.text}<br>{stamp}"
    fig.update_layout(
        template="plotly_white", paper_bgcolor="#FFFFFF", plot_bgcolor="#FFFFFF",
        font={"family": f"{EXPORT_FONT}, {FONT}", "color": "#222222"},
        margin={"b": (fig.layout.margin.b or 90) + 18},
        height=int(fig.layout.height or 460) + 18,
    )  # fmt: skip
    return fig


def image_bytes(out: ChartOut, view: View, fmt: str, names: dict[str, str] | None = None) -> bytes:
    """PNG (print size: 1200 px wide at scale 2), SVG or PDF of a chart."""
    fig = export_figure(out, view, names)
    return Engine.render(fig, fmt, WIDTH, int(fig.layout.height), 2 if fmt == "png" else 1)


def csv_bytes(out: ChartOut) -> bytes:
    """The chart's data as CSV in UTF-8 with a byte-order mark (Excel on Chinese Windows)."""
    return out.table.to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(out: ChartOut, view: View) -> bytes:
    """An XLSX with the data sheet, a sheet of sources and quotes, and an 'about' sheet."""
    buf = io.BytesIO()
    about = pd.DataFrame({"field": ["chart", "title", "period", "filters", "language", "exported"],
                          "value": [out.chart_id, out.title, out.subtitle, filters_text(view), view.lang,
                                    dt.date.today().isoformat()]})  # fmt: skip
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        out.table.to_excel(xw, sheet_name="data", index=False)
        out.sources.to_excel(xw, sheet_name="sources", index=False)
        about.to_excel(xw, sheet_name="about", index=False)
    return buf.getvalue()


def file_stem(out: ChartOut, view: View) -> str:
    """'domains_official_zh_region-east_domain-biomed': what, language, filters."""
    parts = [out.chart_id, view.lang] + [f"{k}-{v}" for k, v in view.active().items()]
    return "_".join(parts)


def export_bytes(out: ChartOut, view: View, fmt: str, names: dict[str, str] | None = None) -> bytes:
    """One chart in one format."""
    if fmt in IMAGE_FORMATS:
        return image_bytes(out, view, fmt, names)
    if fmt == "csv":
        return csv_bytes(out)
    if fmt == "xlsx":
        return xlsx_bytes(out, view)
    raise ValueError(f"unknown format {fmt!r}; use one of {IMAGE_FORMATS + TABLE_FORMATS}")


def report_pptx(outs: list[ChartOut], view: View, names: dict[str, str] | None = None) -> bytes:
    """One slide per chart (the PNG, the title, the period), sources in the speaker notes."""
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
        slide.shapes.add_picture(io.BytesIO(png), Inches(0.9), Inches(0.9), height=Inches(6.4))
        quotes = "\n".join(
            f"- {r.publisher} {r.published_on}: “{r.quote}”" for r in out.sources.itertuples()
        )
        slide.notes_slide.notes_text_frame.text = (
            f"{out.title}\n{out.subtitle}\n{filters_text(view, names)}\n\n{quotes}"
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
