"""Exports of a chart in each format, and reports of many charts.

In: a built ``ChartOut`` and its ``View`` (and region/domain names for footers). Out: bytes of
PNG, SVG, PDF (through ``dashboard.export.engine``), CSV, XLSX, and the PPTX and PDF reports.
An exported image is the on-screen figure in a fixed light template with a CJK font, its footer
(found by name) stamped with the filters, language and date. CSV and XLSX need no browser.
No streamlit import.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from html import escape
from typing import Any

import pandas as pd

from dashboard.charts import FONT, LINE_HEIGHT, TITLE_LINE, footer
from dashboard.describe import bibtex, citation
from dashboard.export.engine import Engine
from dashboard.filters import ALL, View
from dashboard.i18n import in_lang, t
from dashboard.views import ChartOut
from etl.cells import csv_frame, text_cells

EXPORT_FONT = "Noto Sans CJK SC"
IMAGE_FORMATS = ("png", "svg", "pdf")
TABLE_FORMATS = ("csv", "xlsx")
REPORT_FORMATS = ("pptx", "pdf")
WIDTH = 1200
MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def filters_text(view: View, names: dict[str, str] | None = None) -> str:
    """'Region: East · Domain: All domains' (in the view's language), for an image's footer."""
    names, lang = names or {}, view.lang
    r = names.get(view.region, view.region) if view.region != ALL else t("all_regions", lang)
    d = names.get(view.domain, view.domain) if view.domain != ALL else t("all_domains", lang)
    sep = t("sep_colon", lang)
    return f"{t('region', lang)}{sep}{r} · {t('domain', lang)}{sep}{d}"


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
    lang = view.lang
    exported = f"{t('exported_on', lang)}{t('sep_colon', lang)}{day}"
    stamp = f"{filters_text(view, names)} · {t('lang_name', lang)} · {exported} · Cluster Atlas"
    foot = footer(fig)
    if foot is not None:
        foot["text"] = f"{foot['text']}<br>{stamp}"
    title = layout.get("title") or {}
    extra = str(title.get("text") or "").count("<br>")
    if extra:  # wrapped for a phone; an export is 1200 px wide: one line, its room given back
        title.update(text=out.title, pad={"t": 0})
        margin = layout.setdefault("margin", {})
        margin["t"] = int(margin.get("t", 0)) - TITLE_LINE * extra
    layout.update(
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        height=int(layout.get("height", 460)) + LINE_HEIGHT,
    )
    layout["font"] = {
        **layout.get("font", {}),
        "family": f"{EXPORT_FONT}, {FONT}",
        "color": "#222222",
    }
    layout["margin"] = {
        **layout.get("margin", {}),
        "b": int(layout.get("margin", {}).get("b", 90)) + LINE_HEIGHT,
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
    kw = {"version": out.version, "year": out.year, "base": base, "names": names}
    return citation(out, view, **kw), bibtex(out, view, **kw)  # type: ignore[arg-type]


def csv_bytes(out: ChartOut) -> bytes:
    """The chart's data as CSV in UTF-8 with a byte-order mark (Excel on Chinese Windows)."""
    return csv_frame(out.table).to_csv(index=False).encode("utf-8-sig")  # no live formulas


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
                filters_text(view, names),
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
        text_cells(xw.book)  # a publisher or quote starting with = stays text
    return buf.getvalue()


def file_stem(out: ChartOut, view: View) -> str:
    """'domains_official_zh_region-east_domain-biomed': what, language, filters."""
    return _stem(out.chart_id, view)


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


def report_stem(view: View) -> str:
    """'report_zh_region-east': the reports' file name, without the extension."""
    return _stem("report", view)


def _stem(head: str, view: View) -> str:
    """What, language, filters: 'domains_official_zh_region-east_domain-biomed'."""
    return "_".join([head, view.lang] + [f"{k}-{v}" for k, v in view.active().items()])


def report_bytes(
    outs: list[ChartOut],
    view: View,
    kind: str,
    names: dict[str, str] | None = None,
    base: str | None = None,
) -> bytes:
    """The report of ``outs`` as ``kind`` (pptx or pdf)."""
    if kind == "pptx":
        return report_pptx(outs, view, names, base)
    if kind == "pdf":
        return report_pdf(outs, view, names)
    raise ValueError(f"unknown report format {kind!r}; use one of {REPORT_FORMATS}")


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
            f"- {in_lang(r.publisher, r.publisher_en, view.lang)} {r.published_on}: “{r.quote}”"
            for r in out.sources.itertuples()
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
